"""Care for foreigners and stateless persons staying temporarily and for asylum seekers.

`migrant-care-rules` 3, 5, 9 (as amended by order No. 141), with `phc-attachment-rules` 3-1 and `phc-rules` 3
for the packages under which they are attached and served. One rule tree per kind of care.
"""

from __future__ import annotations

from typing import NamedTuple

from kepil.engine.expr import Const, DateBetween, Expr, eq, one_of, true
from kepil.engine.rules import Rule
from kepil.law.care import CARE_KINDS
from kepil.law.citation import Citation
from kepil.law.program_2026_2028.coverage.common import (
    ATTACHED,
    CHANGE_2027,
    CHILD,
    CSHI,
    DANGEROUS,
    EMERGENCY,
    HELD,
    ISOLATION,
    NEWBORN,
    NO_CSHI,
    NON_RESIDENT,
    NOT_PLANNED,
    NOT_TARGET_GROUP,
    OFF_DAY_HOSPITAL_LIST,
    OFF_DRUG_LIST,
    OFF_INPATIENT_LIST,
    OFF_REHABILITATION_LIST,
    ON_DAY_HOSPITAL_LIST,
    ON_INPATIENT_LIST,
    ON_REHABILITATION_LIST,
    OVER_65,
    PLANNED,
    POSTPARTUM,
    PREGNANT,
    REFERRAL_OR_WAIVED,
    STAGE_1,
    STAGES_2_3,
    TARGET_GROUP,
    TRAUMA,
    activity,
    p,
    rule,
)
from kepil.law.program_2026_2028.coverage.common import (
    PROGRAM_START as _START,
)
from kepil.law.program_2026_2028.coverage.other import DRUG_CSHI_NEEDS, NEWBORN_KIT
from kepil.law.program_2026_2028.coverage.outpatient import (
    DENTAL_CSHI,
    DENTAL_NOT_CSHI,
    DENTAL_NOT_CSHI_TEXT,
    DERMATOVENEREOLOGY,
    OBGYN,
)
from kepil.law.program_2026_2028.coverage.primary import CHILDREN_NOT_DUE

MCR = "migrant-care-rules"
KINDS = tuple(k for k in CARE_KINDS if k != "treatment_abroad")  # 53: citizens only, its own rule
# migrant-care-rules 5, first part: purposes 3.2)–3.5) get GVFMC for the diseases of order ҚР ДСМ-121/2020.
_LISTED_PURPOSES = one_of("stay_purpose", {"family_reunification", "education", "labour", "humanitarian"})
_LABOUR = eq("stay_purpose", "labour")
_OMI = true("omi")
_VHI = true("vhi")
_EAEU = true("eaeu")
_DANGER: Expr = DANGEROUS | ISOLATION
# OMI's minimum list (order No. 111) is not in the seeds. Reading: it pays emergency and urgent care —
# ambulance, PHC, urgent outpatient care and emergency admissions — the care migrant-care-rules 9 names.
_OMI_SCOPE: dict[str, Expr] = {
    "ambulance": Const(True),
    "phc": Const(True),
    "outpatient_specialized": NOT_PLANNED,
    "inpatient": NOT_PLANNED,
}
# migrant-care-rules 9: EAEU workers and their families — PHC and emergency inpatient care.
_EAEU_SCOPE: dict[str, Expr] = {"phc": Const(True), "inpatient": NOT_PLANNED}
# 7, phc-attachment-rules 13: planned PHC is received from the organisation of attachment — under a
# VHI or OMI contract too; an emergency needs no attachment.
_ATTACHED_OR_EMERGENCY: Expr = ATTACHED | EMERGENCY
_PHC_ATTACHMENT = (("attachment", _ATTACHED_OR_EMERGENCY),)


class _Cshi(NamedTuple):
    """Where a CSHI participant staying temporarily gets a kind of care within the CSHI (phc-attachment-rules
    3-1; Law on CSHI art. 2 p. 3), under the Program's own conditions for it."""

    clauses: tuple[Citation, ...]
    where: Expr = Const(True)
    conditions: tuple[tuple[str, Expr], ...] = ()
    needs: Expr = Const(True)  # the list the Program's clause points to (amendment 5)
    off_list: Expr = Const(False)  # that list known not to hold the diagnosis
    off_clauses: tuple[Citation, ...] = ()
    off_text: tuple[str, str, str] = (
        "МӘМС жүйесінде бұл көмек Бағдарлама көрсеткен тізбедегі аурулар бойынша ғана көрсетіледі; бұл "
        "диагноз онда жоқ.",
        "В системе ОСМС эта помощь оказывается только по заболеваниям перечня, на который указывает "
        "Программа; этого диагноза в нём нет.",
        "Within the CSHI this care is given only for the diseases of the list the Program points to; this "
        "diagnosis is not on it.",
    )


# 62's fourth part: emergency care for these groups whatever the list.
_PRIORITY: Expr = CHILD | PREGNANT | POSTPARTUM | OVER_65
_CSHI_SCOPE: dict[str, _Cshi] = {
    "phc": _Cshi((Citation("phc-rules", "3.2"),), conditions=_PHC_ATTACHMENT),
    "outpatient_specialized": _Cshi(
        p("56.1", "58.2", "59"),
        conditions=(
            (
                "referral",
                REFERRAL_OR_WAIVED
                | NOT_PLANNED
                | TRAUMA
                | DERMATOVENEREOLOGY
                | OBGYN
                | activity("youth_health_centre"),
            ),
        ),
    ),
    # 58.4, 59.2: dental care within the CSHI — the residents' conditions (outpatient.DENTAL_CSHI).
    "dental": _Cshi(
        p("58.4", "59.2"),
        needs=DENTAL_CSHI,
        off_list=DENTAL_NOT_CSHI,
        off_clauses=p("58.4"),
        off_text=DENTAL_NOT_CSHI_TEXT,
    ),
    # 58.1: children's preventive examinations (order ҚР ДСМ-264/2020) within the CSHI; adults' screenings
    # are GVFMC (13, 24.3) — residents' only.
    "screening": _Cshi(
        p("58.1"),
        CHILD,
        needs=TARGET_GROUP,
        off_list=NOT_TARGET_GROUP,
        off_clauses=p("58.1"),
        off_text=CHILDREN_NOT_DUE,
    ),
    "day_hospital": _Cshi(p("56.2", "61"), PLANNED, (), ON_DAY_HOSPITAL_LIST, OFF_DAY_HOSPITAL_LIST, p("61")),
    "inpatient": _Cshi(
        p("56.3", "56.4", "62"),
        conditions=(("referral", REFERRAL_OR_WAIVED | NOT_PLANNED),),
        needs=ON_INPATIENT_LIST | (NOT_PLANNED & _PRIORITY),
        off_list=OFF_INPATIENT_LIST & ~(NOT_PLANNED & _PRIORITY),
        off_clauses=p("62", "35"),
    ),
    "rehabilitation": _Cshi(
        p("56.5", "64"),
        needs=STAGE_1 | (STAGES_2_3 & ON_REHABILITATION_LIST),
        off_list=STAGES_2_3 & OFF_REHABILITATION_LIST,
        off_clauses=p("64"),
    ),
    "blood": _Cshi(p("63.3"), eq("within_stay_of", "cshi")),
    "pathology": _Cshi(p("56.6")),
    "organ_donation": _Cshi(p("51", "56.7")),
    # 70, 71: the residents' conditions (other.DRUG_CSHI_NEEDS: on the ҚР ДСМ-75 list; held, attached at the
    # place of serving — 71 names foreigners too) and the newborn's kit (71, 2nd part), which needs no list.
    "outpatient_drugs": _Cshi(
        p("70", "71"),
        conditions=(("attachment", ATTACHED | ~HELD),),
        needs=(NEWBORN_KIT & NEWBORN) | (~NEWBORN_KIT & DRUG_CSHI_NEEDS),
        off_list=(NEWBORN_KIT & ~NEWBORN) | (~NEWBORN_KIT & OFF_DRUG_LIST),
        off_clauses=p("70", "71"),
        off_text=(
            "МӘМС жүйесінде дәрілер ҚР ДСМ-75 тізбесіндегі аурулар бойынша, ал ана мен баланың дәрі "
            "қобдишасы тек жаңа туған нәрестеге беріледі; бұл жағдай олардың ешқайсысы емес.",
            "В системе ОСМС лекарства выдаются по заболеваниям перечня ҚР ДСМ-75, а аптечка матери и "
            "ребёнка — только новорождённому; этот случай ни то, ни другое.",
            "Within the CSHI medicines are given for the diseases of the list of order ҚР ДСМ-75, and the "
            "mother-and-baby kit to newborns only; this case is neither.",
        ),
    ),
}


def _m(*clauses: str) -> tuple[Citation, ...]:
    return tuple(Citation(MCR, c) for c in clauses)


_PHA_3_1 = Citation("phc-attachment-rules", "3-1")


def _kind_rules(kind: str) -> list[Rule]:
    base = f"migrant.{kind}"
    omi_scope = _OMI_SCOPE.get(kind, Const(False))
    eaeu_scope = _EAEU & _EAEU_SCOPE.get(kind, Const(False))
    vhi_phc = Const(kind == "phc") & _VHI
    # Where CSHI pays (an insured temporary resident, a kind CSHI covers) the insurance contracts step back;
    # where it does not (e.g. ambulance), OMI / VHI still pay.
    cshi_applies = (CSHI & _CSHI_SCOPE[kind].where) if kind in _CSHI_SCOPE else Const(False)
    policy = ("policy",) if kind in _OMI_SCOPE else ()
    # 7, phc-attachment-rules 13: PHC under a contract comes from the organisation of attachment.
    attachment = _PHC_ATTACHMENT if kind == "phc" else ()
    # Where CSHI participation would pay and no OMI or VHI contract would (outside their scope), the missing
    # thing is CSHI participation (phc-attachment-rules 3-1; the Law on CSHI art. 2 p. 3), with what the
    # CSHI would still need; a list known not to hold the diagnosis leaves nothing to name.
    cshi_gives: Expr = Const(False)
    cshi_needs: tuple[tuple[str, Expr], ...] = ()
    if kind in _CSHI_SCOPE and kind != "phc":
        scope = _CSHI_SCOPE[kind]
        cshi_gives = NO_CSHI & scope.where & ~omi_scope & ~eaeu_scope & ~scope.off_list
        if kind == "organ_donation":
            cshi_gives = cshi_gives & DateBetween("date", CHANGE_2027, None)
        cshi_needs = (("insurance", ~cshi_gives), *((r, c | ~cshi_gives) for r, c in scope.conditions))
    if policy:  # a contract is what is missing, unless it is CSHI participation or one is held
        # A contract the person holds that the acts do not make pay for this care (a student's OMI or VHI
        # for an ambulance: migrant-care-rules 5 and 9 name labour migrants and EAEU workers) is not
        # "missing": another contract would not change the answer, so `requires` does not name one.
        cshi_needs = (*cshi_needs, ("policy", cshi_gives | _OMI | _VHI))
    # phc-attachment-rules 9-1, 13: a contract alone does not give planned PHC — the attachment it allows
    # is missing too, so an unattached person without one is told both (as a resident is told attachment
    # and insurance).
    cshi_needs = (*cshi_needs, *attachment)
    out = [
        rule(
            base,
            kind,
            _m("3", "5"),
            "none",
            (
                "Уақытша болатын шетелдіктер мен пана іздеген адамдар ТМККК-ны тек айналасындағыларға қауіп "
                "төндіретін аурулар кезінде алады; басқа көмекті МӘМС (оның қатысушыларына), ЖМС немесе ЕМС "
                "шарты төлейді, не адам өзі төлейді.",
                "Временно пребывающие иностранцы и лица, ищущие убежище, получают ГОБМП только при "
                "заболеваниях, опасных для окружающих; иную помощь оплачивает ОСМС (её участникам), договор "
                "ОМС мигрантов или ДМС либо сам человек.",
                "Foreigners staying temporarily and asylum seekers get the GVFMC only for diseases dangerous "
                "to others; other care is paid by the CSHI (for its participants), an OMI or VHI contract, "
                "or "
                "the person.",
            ),
            when=NON_RESIDENT,
            conditions=cshi_needs,
            reading="Where no OMI or VHI contract would pay (outside their scope) and CSHI participation "
            "would (phc-attachment-rules 3-1, the Law on CSHI art. 2 p. 3), the answer names insurance. A "
            "contract the person holds (an OMI or VHI the acts do not make pay for this care) is not named "
            "as missing.",
        ),
    ]
    if kind != "organ_donation":
        out += [
            rule(
                f"{base}.gvfmc_dangerous",
                kind,
                _m("5"),
                "gvfmc",
                (
                    "Отбасын біріктіру, білім алу, еңбек қызметі немесе гуманитарлық себептермен уақытша "
                    "келген "
                    "көшіп келушілер айналасындағыларға қауіп төндіретін аурулар кезінде ТМККК алады "
                    "(ҚР ДСМ-121/2020).",
                    "Мигранты, временно прибывшие для воссоединения семьи, учёбы, трудовой деятельности или "
                    "по "
                    "гуманитарным причинам, получают ГОБМП при заболеваниях, опасных для окружающих "
                    "(ҚР ДСМ-121/2020).",
                    "Migrants staying temporarily for family reunification, study, work or humanitarian "
                    "reasons "
                    "get the GVFMC for diseases dangerous to others (order ҚР ДСМ-121/2020).",
                ),
                when=_DANGER & _LISTED_PURPOSES,
                exception_of=base,
            ),
            rule(
                f"{base}.gvfmc_dangerous_other",
                kind,
                (_PHA_3_1,),
                "gvfmc",
                (
                    "Уақытша болатын шетелдіктер мен пана іздеген адамдар ҚР ДСМ-121/2020 тізбесіндегі "
                    "айналасындағыларға қауіп төндіретін аурулар кезінде ТМККК алады.",
                    "Временно пребывающие иностранцы и лица, ищущие убежище, получают ГОБМП при "
                    "заболеваниях, "
                    "опасных для окружающих, по перечню ҚР ДСМ-121/2020.",
                    "Foreigners staying temporarily and asylum seekers get the GVFMC for the diseases "
                    "dangerous to "
                    "others of order ҚР ДСМ-121/2020.",
                ),
                when=_DANGER & ~_LISTED_PURPOSES,
                exception_of=base,
                reading="migrant-care-rules 5 names purposes 3.2)–3.5) only; phc-attachment-rules 3-1 and "
                "the "
                "title of order ҚР ДСМ-121/2020 give the same GVFMC to every temporary resident and asylum "
                "seeker, so the other purposes are not left out.",
            ),
        ]
    if kind in _CSHI_SCOPE:
        scope = _CSHI_SCOPE[kind]
        since = CHANGE_2027 if kind == "organ_donation" else _START
        out.append(
            rule(
                f"{base}.cshi",
                kind,
                (_PHA_3_1, *scope.clauses),
                "cshi",
                (
                    "МӘМС-ке қатысатын уақытша болатын шетелдіктер МӘМС жүйесінде медициналық көмек алады.",
                    "Временно пребывающие иностранцы — участники ОСМС получают медицинскую помощь в системе "
                    "ОСМС.",
                    "Foreigners staying temporarily who take part in the CSHI get care within the CSHI.",
                ),
                # organ_donation has no GVFMC exception for diseases dangerous to others (50-51 give
                # no such care to temporary residents): such a disease does not take a participant's
                # transplantation out of the CSHI.
                when=(Const(True) if kind == "organ_donation" else ~_DANGER) & CSHI & scope.where,
                exception_of=base,
                conditions=scope.conditions,
                needs=scope.needs,
                valid_from=since,
            )
        )
        if scope.off_clauses:
            out.append(
                rule(
                    f"{base}.cshi.not_on_list",
                    kind,
                    scope.off_clauses,
                    "none",
                    scope.off_text,
                    when=scope.off_list,
                    exception_of=f"{base}.cshi",
                    valid_from=since,
                )
            )
    if kind in _EAEU_SCOPE:
        eaeu_when = ~_DANGER & ~cshi_applies & eaeu_scope
        eaeu_text = (
            "ЕАЭО еңбекші көшіп келушілері мен олардың отбасы мүшелеріне МСАК және шұғыл стационарлық көмек "
            "ЖМС және (немесе) ЕМС шарты бойынша көрсетіледі.",
            "Трудящимся-мигрантам ЕАЭС и членам их семей ПМСП и экстренная стационарная помощь оказываются "
            "по договору ОМС мигрантов и (или) ДМС.",
            "EAEU labour migrants and their families get PHC and emergency inpatient care under an OMI "
            "and/or "
            "VHI contract.",
        )
        out += [
            rule(
                f"{base}.eaeu_omi",
                kind,
                _m("9"),
                "omi",
                eaeu_text,
                when=eaeu_when & _OMI,
                exception_of=base,
                conditions=attachment,
            ),
            rule(
                f"{base}.eaeu_vhi",
                kind,
                _m("9"),
                "vhi",
                eaeu_text,
                when=eaeu_when & ~_OMI & _VHI,
                exception_of=base,
                conditions=attachment,
            ),
            rule(
                f"{base}.eaeu_no_policy",
                kind,
                _m("9"),
                "none",
                eaeu_text,
                when=eaeu_when & ~_OMI & ~_VHI,
                exception_of=base,
                missing=("policy",),
                conditions=attachment,
            ),
        ]
    if kind in _OMI_SCOPE:
        labour = ~_DANGER & ~cshi_applies & ~eaeu_scope & _LABOUR & omi_scope
        omi_text = (
            "Еңбек қызметі үшін уақытша келген көшіп келушілер ЖМС шеңберінде медициналық көмектің ең аз "
            "тізбесі бойынша көмек алады (№ 111 бұйрық).",
            "Мигранты, временно прибывшие для трудовой деятельности, получают помощь в рамках ОМС мигрантов "
            "по минимальному перечню (приказ № 111).",
            "Migrants staying temporarily for work get care under OMI by its minimum list (order No. 111).",
        )
        out += [
            rule(
                f"{base}.omi_labour",
                kind,
                _m("5"),
                "omi",
                omi_text,
                when=labour & _OMI,
                exception_of=base,
                conditions=attachment,
                reading="OMI's minimum list (order No. 111) is not in the seeds: emergency and urgent care "
                "is read as its scope.",
            ),
            rule(
                f"{base}.omi_labour_no_policy",
                kind,
                _m("5"),
                "none",
                omi_text,
                when=labour & ~_OMI & ~vhi_phc,
                exception_of=base,
                missing=("policy",),
                conditions=attachment,
            ),
        ]
    if kind == "phc":
        phc_policy = ~_DANGER & ~cshi_applies & ~eaeu_scope
        out.append(
            rule(
                f"{base}.omi",
                kind,
                (_PHA_3_1, Citation("phc-rules", "3.4")),
                "omi",
                (
                    "Уақытша болатын шетелдіктер мен пана іздеген адамдар ЖМС шеңберінде МСАК ұйымына "
                    "бекітіліп, "
                    "МСАК алады.",
                    "Временно пребывающие иностранцы и лица, ищущие убежище, прикрепляются к организации "
                    "ПМСП и "
                    "получают ПМСП в рамках ОМС мигрантов.",
                    "Foreigners staying temporarily and asylum seekers are attached to a PHC organisation "
                    "and get "
                    "PHC under OMI.",
                ),
                when=phc_policy & ~_LABOUR & _OMI,
                exception_of=base,
                conditions=attachment,
                reading="phc-attachment-rules 3-1 attaches any temporary resident or asylum seeker for PHC "
                "under "
                "OMI, not only labour migrants (whose OMI care is migrant-care-rules 5).",
            )
        )
        out.append(
            rule(
                f"{base}.vhi",
                kind,
                (_PHA_3_1, Citation("phc-rules", "3.3")),
                "vhi",
                (
                    "Уақытша болатын шетелдіктер ЕМС шеңберінде МСАК ұйымына бекітіліп, МСАК алады.",
                    "Временно пребывающие иностранцы прикрепляются к организации ПМСП и получают ПМСП в "
                    "рамках "
                    "ДМС.",
                    "Foreigners staying temporarily are attached to a PHC organisation and get PHC under "
                    "VHI.",
                ),
                when=phc_policy & _VHI & ~_OMI,
                exception_of=base,
                conditions=attachment,
                reading="phc-attachment-rules 13 and program 7: planned PHC under a VHI or OMI contract is "
                "received from the organisation of attachment, so attachment is its condition as for "
                "residents; an emergency needs none.",
            )
        )
    return out


def rules() -> list[Rule]:
    return [r for kind in KINDS for r in _kind_rules(kind)]
