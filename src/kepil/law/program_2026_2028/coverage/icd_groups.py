"""Groups of diagnoses that the Program names in words; recognised here from the ICD-10 code.

Each is a reading of the text, not a list the act gives: replaceable without touching the rules.
"""

from __future__ import annotations

from functools import cache

from kepil.reference.icd10 import CodeRanges

# Facts derived from the main diagnosis: name -> (ICD-10 ranges, the clause that speaks of it).
ICD_GROUPS: dict[str, tuple[str, str]] = {
    # 24.2, 25, 59.1: "жарақат алғанда, уланғанда" — upon an injury or a poisoning: ICD-10 chapter XIX up
    # to T79. Not T80–T88 (complications of surgical and medical care: neither injury nor poisoning) nor
    # T90–T98 (sequelae of injuries and poisonings): where the Program means the consequences of a trauma
    # it says so ("жарақаттан, сондай-ақ олардың салдарынан кейін", 37), and 24.2/25/59.1 do not.
    "trauma": ("S00-T79", "24.2"),
    # 59.3: "дерматовенерологиялық бейіндегі аурулар" — skin diseases, sexually transmitted infections,
    # superficial mycoses, scabies and other infestations.
    "dermatovenereology": ("L00-L99, A50-A64, B35-B36, B85-B89", "59.3"),
    # 59.4: the obstetrician-gynaecologist — diseases of the female genital organs, their benign neoplasms
    # (D25–D28: leiomyoma of the uterus, benign neoplasms of the ovary and other female genital organs), a
    # gynaecological examination (Z01.4), and pregnancy (Z34, registering a pregnancy, is excepted by the
    # text and is not in these ranges). Audit, third pass: the visits of reproduction the text gives no
    # exception for — contraception (Z30), procreative management (Z31), a pregnancy test (Z32), postpartum
    # care (Z39; 58.2's second part names "босанған әйелдерге") — are a "жүгіну" to the gynaecologist too.
    # Supervision of a pregnancy (Z34, and Z35 for a high-risk one) stays out: registration is what it is
    # for, and the text excepts it.
    "obgyn": ("N70-N98, O00-O99, D25-D28, Z01.4, Z30-Z32, Z39", "59.4"),
    # 56.3: "бет сүйегі мен басының туа біткен анатомиялық кемістігі" (congenital anatomical defects of the
    # facial bones and skull) and 58.4: "жақ-бетінің туа біткен патологиясы" (congenital maxillofacial
    # pathology) — clefts of lip and palate, congenital malformations of the face and neck, congenital
    # deformities of the skull, face and jaw, and of the skull and face bones.
    "congenital_craniofacial": ("Q18, Q35-Q37, Q67.0-Q67.4, Q75", "56.3"),
}


@cache
def group_ranges(name: str) -> CodeRanges:
    return CodeRanges.parse(ICD_GROUPS[name][0])
