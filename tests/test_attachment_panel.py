"""program-2026-2028 79.4 (parameter access_gp_panel_size): the attached population per GP position, and
required_documents of phc-attachment-rules (appendix row 8, 9-1)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from kepil.errors import InvalidInput, LawNotInForce
from kepil.law.citation import Citation
from kepil.law.phc_attachment_rules.application import AttachmentApplication
from kepil.law.phc_attachment_rules.documents import required_documents
from kepil.law.phc_attachment_rules.panel import PanelReport, panel_report
from kepil.reference.iin import make_iin

ON = dt.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("attached", "positions", "status", "meets"),
    [
        (16_999, 10, "under", True),
        (17_000, 10, "within", True),
        (20_000, 10, "within", True),
        (20_001, 10, "over", False),
        (0, 3, "under", True),
    ],
)
def test_79_4_band_1700_2000(attached: int, positions: int, status: str, meets: bool) -> None:
    """79.4: above 2,000 per position is over the ceiling; 1,700–2,000 within the band; below, under."""
    r = panel_report("P1", attached, positions, rural=False, on=ON)
    assert (r.status, r.meets, r.min, r.max) == (status, meets, 1700, 2000)
    assert r.per_gp == attached / positions
    assert r.basis == (Citation("program-2026-2028", "79.4"),)


def test_79_4_rural_organisations_excepted() -> None:
    """79.4: "ауылдың медицина ұйымдарын қоспағанда" — rural organisations are not judged."""
    r = panel_report("R1", 30_000, 10, rural=True, on=ON)
    assert (r.status, r.meets, r.per_gp) == ("not_applicable", None, 3000.0)


def test_79_4_unknown_positions() -> None:
    assert panel_report("P1", 5000, None, rural=False, on=ON) == PanelReport(
        "P1", 5000, None, None, False, 1700, 2000, "unknown", None
    )
    assert panel_report("P1", 0, 0, rural=False, on=ON).status == "unknown"


def test_79_4_attached_people_without_any_gp_position_is_over() -> None:
    r = panel_report("P1", 10, 0, rural=False, on=ON)
    assert (r.status, r.meets, r.per_gp) == ("over", False, None)


def test_79_4_outside_the_programme_term() -> None:
    """The Program 2026–2028 gives no value in 2025."""
    with pytest.raises(LawNotInForce):
        panel_report("P1", 100, 1, rural=False, on=dt.date(2025, 12, 31))


def test_79_4_counts_must_be_non_negative() -> None:
    with pytest.raises(InvalidInput) as e:
        panel_report("P1", -1, 1, rural=False, on=ON)
    assert e.value.field == "attached" and "non-negative" in e.value.message
    with pytest.raises(InvalidInput):
        panel_report("P1", 1, -2, rural=False, on=ON)


def _application(**changes: Any) -> AttachmentApplication:
    """A written free-choice application of an adult citizen on his own behalf, with `changes`."""
    base = AttachmentApplication(
        iin=make_iin(dt.date(1990, 1, 1), "male"),
        organisation_id="P1",
        ground="free_choice",
        date=ON,
        person_category="citizen",
        channel="written_application",
        applicant="self",
    )
    return dataclasses.replace(base, **changes)


def test_required_documents_of_a_pensioner_by_proxy() -> None:
    """app.8.1.1, 8.1.2, 8.1.10: identity, pension certificate, power of attorney — with their rows."""
    app = _application(
        iin=make_iin(dt.date(1950, 1, 1), "female"), applicant="proxy", categories=frozenset({"pensioner"})
    )
    c = lambda clause: Citation("phc-attachment-rules", clause)  # noqa: E731
    assert required_documents(app) == (
        ("identity_document", c("app.8.1.1")),
        ("pension_certificate", c("app.8.1.2")),
        ("power_of_attorney", c("app.8.1.10")),
    )


def test_required_documents_of_10_4_and_of_egov() -> None:
    """9-1: the contract and the passport for 10.4; app.8.2: nothing on egov."""
    base = _application(ground="vhi_omi_contract", person_category="temporary_resident")
    assert [code for code, _ in required_documents(base)] == ["identity_document", "vhi_omi_contract"]
    egov = _application(channel="egov", categories=frozenset({"pensioner"}))
    assert required_documents(egov) == ()
