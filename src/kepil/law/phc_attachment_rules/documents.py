"""The documents an applicant presents at the PHC organisation (`phc-attachment-rules` appendix, row 8 of the
state service "Attachment to a medical organisation providing PHC", item 1; and 9-1).

Cited as `app.8.1.N`: the appendix to the Rules, row 8, item 1, sub-item N. Item 2 (`app.8.2`): on the
e-government portal the request is electronic and no paper is presented, so an egov application requires no
document here.

reading: the table lists documents "when a certain contingent applies to the PHC organisation"; sub-item 1
(identity) is shared by all of them, sub-items 2–10 name the contingents. A written application therefore
needs sub-item 1 and the sub-items of every contingent the person or the applicant belongs to; 9-1 adds the
VHI/OMI contract (ground 10.4) and, for a person under 18, the legal representative's identity document.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kepil.i18n import Text
from kepil.law.citation import Citation
from kepil.law.phc_attachment_rules import messages as M

if TYPE_CHECKING:
    from kepil.law.phc_attachment_rules.application import AttachmentApplication

DOCUMENTS: dict[str, Text] = {
    # app.8.1.1
    "identity_document": Text(
        "жеке басын куәландыратын құжат",
        "документ, удостоверяющий личность",
        "identity document",
    ),
    "digital_document": Text(
        "цифрлық құжаттар сервисінен электрондық құжат (сәйкестендіру үшін)",
        "электронный документ из сервиса цифровых документов (для идентификации)",
        "electronic document from the digital documents service (for identification)",
    ),
    # app.8.1.2, 8.1.3
    "pension_certificate": Text("зейнетақы куәлігі", "пенсионное удостоверение", "pension certificate"),
    "mse_extract": Text(
        "медициналық-әлеуметтік сараптаманы куәландыру актісінен үзінді көшірме",
        "выписка из акта освидетельствования медико-социальной экспертизы",
        "extract from the act of the medical and social examination",
    ),
    # app.8.1.4
    "guardianship_document": Text(
        "сот шешімі немесе қамқоршылық пен қорғаншылықты дәлелдейтін басқа да құжат",
        "решение суда или иной документ, подтверждающий опеку и попечительство",
        "court decision or another document proving guardianship or trusteeship",
    ),
    # app.8.1.5
    "commission_protocol": Text(
        "денсаулық сақтау басқармасының комиссиясының халықты МСАК-ға бекітуді (босатуды) тіркеу мәселелері "
        "жөніндегі хаттамасы",
        "протокол комиссии управления здравоохранения по вопросам регистрации прикрепления (открепления) "
        "населения к ПМСП",
        "protocol of the health department's commission on registering attachment (detachment) to PHC",
    ),
    # app.8.1.6
    "unit_order_extract": Text(
        "мерзімді қызметтегі әскери қызметшілерді жеке құрам тізіміне қабылдау туралы әскери бөлім "
        "командирінің (мекеме бастығының) бұйрығынан үзінді көшірме",
        "выписка из приказа командира воинской части (начальника учреждения) о зачислении военнослужащих "
        "срочной службы в списки личного состава",
        "extract from the order of the military unit's commander (head of the institution) enlisting the "
        "conscripts in the personnel list",
    ),
    # app.8.1.7
    "rector_request": Text(
        "жоғары оқу орны ректорының МСАК-қа ресми өтініші",
        "официальное обращение ректора высшего учебного заведения в ПМСП",
        "official request of the rector of the higher education institution to the PHC organisation",
    ),
    "school_commission_protocol": Text(
        "оқу орны мен МСАК арасындағы комиссияның хаттамасы",
        "протокол комиссии между учебным заведением и ПМСП",
        "protocol of the commission between the educational institution and the PHC organisation",
    ),
    # app.8.1.8
    "foreign_birth_document": Text(
        "шет мемлекетте туғанын растайтын құжат",
        "документ, подтверждающий рождение в иностранном государстве",
        "document confirming the birth in a foreign state",
    ),
    # app.8.1.9
    "local_authority_decision": Text(
        "облыстың, республикалық маңызы бар қаланың, астананың денсаулық сақтауды мемлекеттік басқарудың "
        "жергілікті атқарушы органының шешімі",
        "решение местного исполнительного органа государственного управления здравоохранением области, "
        "города республиканского значения, столицы",
        "decision of the local executive body of health administration of the region, the city of "
        "republican significance or the capital",
    ),
    # app.8.1.10
    "power_of_attorney": Text("сенімхат", "доверенность", "power of attorney"),
    # 9-1
    "vhi_omi_contract": Text(
        "ерікті және (немесе) жүктелген медициналық сақтандыру шарты",
        "договор добровольного и (или) обязательного медицинского страхования",
        "voluntary and/or mandatory (migrant) health insurance contract",
    ),
    "representative_identity_document": Text(
        "заңды өкілдің жеке басын куәландыратын құжаты",
        "документ, удостоверяющий личность законного представителя",
        "identity document of the legal representative",
    ),
    "representative_digital_document": Text(
        "заңды өкілдің цифрлық құжаттар сервисінен электрондық құжаты",
        "электронный документ законного представителя из сервиса цифровых документов",
        "electronic document of the legal representative from the digital documents service",
    ),
}

# The contingents of the table (app.8.1.2–8.1.9) as `categories` of an application, with their sub-item.
CATEGORY_ROWS: dict[str, int] = {
    "pensioner": 2,
    "disabled": 3,
    "child_disabled_since_childhood": 4,
    "convict": 5,
    "conscript": 6,
    "student": 7,
    "born_abroad": 8,
    "care_home_resident": 9,
}
CATEGORIES: tuple[str, ...] = tuple(CATEGORY_ROWS)
# Sub-items 4 and 8 speak of children ("баланың", "балалар"): a person under 18 (2.3).
CHILD_CATEGORIES: frozenset[str] = frozenset({"child_disabled_since_childhood", "born_abroad"})
# Contingents whose documents come from the institution that holds the person (sub-items 5, 6, 7, 9): the
# institution may apply for them (applicant "institution").
INSTITUTION_CATEGORIES: frozenset[str] = frozenset({"convict", "conscript", "student", "care_home_resident"})

# 2.4: the legal representatives of a child. Parents and adoptive parents hold that status without a
# guardianship act; the others listed in app.8.1.4 (guardians, trustees, foster parents, patronage
# educators, other substitutes) prove it with a court decision or another document.
REPRESENTATIVE_KINDS: tuple[str, ...] = (
    "parent",
    "adoptive_parent",
    "guardian",
    "trustee",
    "foster_parent",
    "patronage_educator",
    "other",
)
PARENTS: frozenset[str] = frozenset({"parent", "adoptive_parent"})


@dataclass(frozen=True, slots=True)
class Requirement:
    """One document to present: any of `codes` (alternatives the clause names) satisfies it."""

    codes: tuple[str, ...]
    citation: Citation

    @property
    def name(self) -> Text:
        return M.join((DOCUMENTS[c] for c in self.codes), M.OR)

    def met_by(self, presented: frozenset[str]) -> bool:
        return any(c in presented for c in self.codes)


# app.8.1.2–10: the documents of each contingent's sub-item; each tuple is one requirement, its codes the
# alternatives that meet it (8.1.7 asks for two documents).
ROW_DOCUMENTS: dict[int, tuple[tuple[str, ...], ...]] = {
    2: (("pension_certificate",),),
    3: (("pension_certificate", "mse_extract"),),
    4: (("guardianship_document",),),
    5: (("commission_protocol",),),
    6: (("unit_order_extract",),),
    7: (("rector_request",), ("school_commission_protocol",)),
    8: (("foreign_birth_document",),),
    9: (("local_authority_decision",),),
    10: (("power_of_attorney",),),
}


def _row(n: int) -> Citation:
    return M.cite(f"app.8.1.{n}")


def needs_guardianship_document(app: AttachmentApplication) -> bool:
    """app.8.1.4: a legal representative other than a parent, any representative of a child disabled since
    childhood, and (reading) the guardian or trustee of an adult."""
    if app.applicant != "legal_representative":
        return False
    if not app.minor():
        return True
    return (
        "child_disabled_since_childhood" in app.categories
        or (app.representative_kind or "parent") not in PARENTS
    )


def contingent_rows(app: AttachmentApplication) -> tuple[int, ...]:
    """The sub-items 2–10 of app.8.1 whose contingent the person or the applicant belongs to."""
    # 8.1.4 names the representatives, not the child: it applies through needs_guardianship_document.
    rows = {CATEGORY_ROWS[c] for c in app.categories} - {4}
    if needs_guardianship_document(app):
        rows.add(4)
    if app.applicant == "proxy":
        rows.add(10)
    return tuple(sorted(rows))


def requirements(app: AttachmentApplication) -> tuple[Requirement, ...]:
    """What this applicant presents, in the order of the table, then 9-1; nothing on egov (app.8.2)."""
    if app.channel == "egov":
        return ()
    found: list[Requirement] = [Requirement(("identity_document", "digital_document"), _row(1))]
    if app.ground == "vhi_omi_contract":
        # 9-1: the contract, the free-form application (the written application itself) and the passport.
        found.append(Requirement(("vhi_omi_contract",), M.cite("9-1")))
    if app.applicant == "legal_representative" or (app.applicant == "insurer" and app.minor()):
        # 9-1, last paragraph: a person under 18 with the identity document of the legal representative.
        cite = M.cite("9-1") if app.minor() else _row(4)
        found.append(
            Requirement(("representative_identity_document", "representative_digital_document"), cite)
        )
    found += [Requirement(codes, _row(n)) for n in contingent_rows(app) for codes in ROW_DOCUMENTS[n]]
    return tuple(found)


def required_documents(app: AttachmentApplication) -> tuple[tuple[str, Citation], ...]:
    """(code, clause) of each document this applicant must present; where the clause admits alternatives
    (an identity document or the digital documents service; a pension certificate or the MSE extract) the
    first is named and `requirements` gives them all."""
    return tuple((r.codes[0], r.citation) for r in requirements(app))


def missing_documents(app: AttachmentApplication) -> tuple[Requirement, ...]:
    return tuple(r for r in requirements(app) if not r.met_by(app.documents))
