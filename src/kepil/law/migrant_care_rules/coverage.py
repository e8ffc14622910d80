"""Care for foreigners and stateless persons staying temporarily and for asylum seekers.

`migrant-care-rules` 3, 5, 9 (as amended by order No. 141), with `phc-attachment-rules` 3-1 and `phc-rules` 3
for the packages under which they are attached and served. One rule tree per kind of care.
"""

from __future__ import annotations

from kepil.engine.expr import Const, Expr, eq, one_of, true
from kepil.engine.rules import Rule
from kepil.law.care import CARE_KINDS
from kepil.law.citation import Citation
from kepil.law.program_2026_2028.coverage.common import (
    CHANGE_2027,
    CSHI,
    DANGEROUS,
    ISOLATION,
    NON_RESIDENT,
    NOT_PLANNED,
    PLANNED,
    REFERRAL,
    TRAUMA,
    p,
    rule,
)
from kepil.law.program_2026_2028.coverage.common import (
    PROGRAM_START as _START,
)

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
# phc-attachment-rules 3-1: temporary residents may be CSHI participants (Law on CSHI art. 2 p. 3).
_CSHI_SCOPE: dict[str, tuple[tuple[Citation, ...], Expr, Expr]] = {
    # kind: (program clauses, where, what a referral is needed for)
    "phc": ((Citation("phc-rules", "3.2"),), Const(True), Const(True)),
    "outpatient_specialized": (p("56.1", "58.2", "59"), Const(True), REFERRAL | NOT_PLANNED | TRAUMA),
    "day_hospital": (p("56.2", "61"), PLANNED, Const(True)),
    "inpatient": (p("56.3", "56.4", "62"), Const(True), REFERRAL | NOT_PLANNED),
    "rehabilitation": (p("56.5", "64"), Const(True), Const(True)),
    "pathology": (p("56.6"), Const(True), Const(True)),
    "organ_donation": (p("51", "56.7"), Const(True), Const(True)),
    "outpatient_drugs": (p("70"), Const(True), Const(True)),
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
    cshi_applies = (CSHI & _CSHI_SCOPE[kind][1]) if kind in _CSHI_SCOPE else Const(False)
    policy = ("policy",) if kind in _OMI_SCOPE else ()
    out = [
        rule(
            base,
            kind,
            _m("3", "5"),
            "none",
            (
                "Уақытша болатын шетелдіктер мен пана іздеген адамдар ТМККК-ны тек айналасындағыларға қауіп "
                "төндіретін аурулар кезінде алады; бұл көмек ЖМС немесе ЕМС шарты бойынша не ақылы "
                "көрсетіледі.",
                "Временно пребывающие иностранцы и лица, ищущие убежище, получают ГОБМП только при "
                "заболеваниях, опасных для окружающих; эта помощь оказывается по договору ОМС мигрантов или "
                "ДМС "
                "либо платно.",
                "Foreigners staying temporarily and asylum seekers get the GVFMC only for diseases dangerous "
                "to "
                "others; this care is paid by an OMI or VHI contract or by the person.",
            ),
            when=NON_RESIDENT,
            missing=policy,
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
        clauses, where, referral = _CSHI_SCOPE[kind]
        out.append(
            rule(
                f"{base}.cshi",
                kind,
                (_PHA_3_1, *clauses),
                "cshi",
                (
                    "МӘМС-ке қатысатын уақытша болатын шетелдіктер МӘМС жүйесінде медициналық көмек алады.",
                    "Временно пребывающие иностранцы — участники ОСМС получают медицинскую помощь в системе "
                    "ОСМС.",
                    "Foreigners staying temporarily who take part in the CSHI get care within the CSHI.",
                ),
                when=~_DANGER & CSHI & where,
                exception_of=base,
                conditions=(("referral", referral),),
                valid_from=CHANGE_2027 if kind == "organ_donation" else _START,
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
                f"{base}.eaeu_omi", kind, _m("9"), "omi", eaeu_text, when=eaeu_when & _OMI, exception_of=base
            ),
            rule(
                f"{base}.eaeu_vhi",
                kind,
                _m("9"),
                "vhi",
                eaeu_text,
                when=eaeu_when & ~_OMI & _VHI,
                exception_of=base,
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
            )
        )
    return out


def rules() -> list[Rule]:
    return [r for kind in KINDS for r in _kind_rules(kind)]
