"""The kinds and forms of care as the coverage contract names them (shared/contracts/coverage.md)."""

from __future__ import annotations

# `service.kind`: the kinds of care of `program-2026-2028` ch. 2–3 (plus dental care, 58.4, and
# screening, 13 / 58.1, which the contract names on their own).
CARE_KINDS: tuple[str, ...] = (
    "ambulance", "air_ambulance", "phc", "outpatient_specialized", "dental", "screening", "day_hospital",
    "inpatient", "rehabilitation", "palliative", "blood", "pathology", "organ_donation", "outpatient_drugs",
    "treatment_abroad",
)  # fmt: skip
# `service.form`: шұғыл, кезек күттірмейтін, жоспарлы.
CARE_FORMS: tuple[str, ...] = ("emergency", "urgent", "planned")
