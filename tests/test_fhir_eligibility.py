"""FHIR R4 CoverageEligibilityRequest -> the coverage decision -> CoverageEligibilityResponse (docs/fhir.md).

The FHIR mapping must give the JSON API's decision (shared/contracts/coverage.md) for every public case it can
express, answer in valid R4B resources, and name the FHIR path of whatever it cannot map.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.codesystem import CodeSystem
from fhir.resources.R4B.coverageeligibilityresponse import CoverageEligibilityResponse
from fhir.resources.R4B.operationoutcome import OperationOutcome

from kepil.api.fhir.codesystems import (
    BASE,
    EXTENSIONS,
    FUNDING_ID_SYSTEM,
    ICD10_SYSTEM,
    IIN_SYSTEM,
    codesystems,
    extension,
    system,
)
from kepil.api.fhir.eligibility import (
    FhirInvalid,
    RegistryFacts,
    error_response,
    field_path,
    parse_request,
    to_coverage_requests,
    to_response,
)
from kepil.coverage.decision import decide
from kepil.coverage.model import Person
from kepil.coverage.request import RESIDENCIES, STATE_PAID_CATEGORIES, STAY_PURPOSES
from kepil.law.care import CARE_FORMS, CARE_KINDS

REQ = "CoverageEligibilityRequest"
CREATED = dt.datetime(2026, 5, 10, 9, 30, tzinfo=dt.UTC)
PATIENT_BOOLS = ("eaeu_worker", "eaeu_family", "pregnant", "postpartum", "attached")
PERSON_FIELDS = frozenset(Person.model_fields)
SERVICE_BOOLS = ("referral", "life_threatening", "socially_significant", "dangerous_to_others",
                 "contact_isolation", "admission_department")  # fmt: skip


def _ext(name: str, **value: Any) -> dict[str, Any]:
    return {"url": extension(name), **value}


def _code(cs_id: str, code: str) -> dict[str, Any]:
    return {"system": system(cs_id), "code": code}


def fhir_of(req: dict[str, Any], purpose: tuple[str, ...] = ("benefits",)) -> dict[str, Any]:
    """A contract request written as a CoverageEligibilityRequest the way docs/fhir.md says."""
    person, service = req["person"], req["service"]
    patient: dict[str, Any] = {"resourceType": "Patient", "id": "p"}
    exts = [_ext("residency", valueCoding=_code("residency", person["residency"]))]
    if person.get("stay_purpose"):
        exts.append(_ext("stay-purpose", valueCoding=_code("stay-purpose", person["stay_purpose"])))
    if person.get("state_paid_category"):
        exts.append(
            _ext(
                "state-paid-category", valueCoding=_code("state-paid-category", person["state_paid_category"])
            )
        )
    exts += [
        _ext(f.replace("_", "-"), valueBoolean=person[f]) for f in PATIENT_BOOLS if person.get(f) is not None
    ]
    # A field the contract does not define (a misspelling) is what an MIS would send as a kepil extension
    # of that name: refused, as the JSON API refuses the field (amendment 1).
    exts += [_ext(f.replace("_", "-"), valueBoolean=v) for f, v in person.items() if f not in PERSON_FIELDS]
    patient["extension"] = exts
    if person.get("iin"):
        patient["identifier"] = [{"system": IIN_SYSTEM, "value": person["iin"]}]
    if person.get("birth_date"):
        patient["birthDate"] = person["birth_date"]
    if person.get("sex"):
        patient["gender"] = person["sex"]
    contained: list[dict[str, Any]] = [patient]
    packages = (["cshi"] if person.get("insured") else []) + list(person.get("policies") or [])
    for package in packages:
        contained.append({"resourceType": "Coverage", "id": package, "status": "active",
                          "type": {"coding": [_code("funding", package)]},
                          "beneficiary": {"reference": "#p"}, "payor": [{"display": package}]})  # fmt: skip
    item: dict[str, Any] = {"category": {"coding": [_code("care-kind", service["kind"])]}}
    if service.get("form"):
        item["modifier"] = [{"coding": [_code("care-form", service["form"])]}]
    if service.get("icd10"):
        item["diagnosis"] = [
            {"diagnosisCodeableConcept": {"coding": [{"system": ICD10_SYSTEM, "code": service["icd10"]}]}}
        ]
    item_exts = [_ext(f.replace("_", "-"), valueBoolean=service[f]) for f in SERVICE_BOOLS
                 if service.get(f) is not None]  # fmt: skip
    if item_exts:
        item["extension"] = item_exts
    body: dict[str, Any] = {
        "resourceType": REQ,
        "id": "req-1",
        "status": "active",
        "purpose": list(purpose),
        "patient": {"reference": "#p"},
        "created": "2026-05-10T09:00:00+05:00",
        "insurer": {"display": "Social Health Insurance Fund"},
        "servicedDate": req["date"],
        "contained": contained,
        "item": [item],
    }
    if len(contained) > 1:
        body["insurance"] = [{"coverage": {"reference": f"#{c['id']}"}} for c in contained[1:]]
    return body


def answer(body: dict[str, Any], lookup: Any = None, lang: str = "en") -> tuple[list[dict[str, Any]], dict]:
    """What the route does: parse, map, decide each request, answer; the answer must be valid R4B."""
    resource = parse_request(body)
    decisions = [decide(r, lang=lang) for r in to_coverage_requests(resource, lookup)]
    out = to_response(resource, decisions, lang, created=CREATED)
    assert_valid_response(out)
    return decisions, out


def assert_valid_response(out: dict[str, Any]) -> None:
    CoverageEligibilityResponse.model_validate(out)
    for ins in out.get("insurance", []):
        for item in ins["item"]:
            # ces-1 (not checked by fhir.resources): a category or a productOrService, not both.
            assert ("category" in item) != ("productOrService" in item)
    assert out.get("contained") is None or all(  # dom-3: contained resources are referred to
        any(json.dumps(v).find(f'"#{c["id"]}"') >= 0 for k, v in out.items() if k != "contained")
        for c in out["contained"]
    )


def item_ext(item: dict[str, Any], name: str) -> list[Any]:
    values = []
    for e in item.get("extension", []):
        if e["url"] == extension(name):
            values.append(next(v for k, v in e.items() if k.startswith("value") or k == "extension"))
    return values


def basis_of(item: dict[str, Any]) -> set[tuple[str, str]]:
    """The (act, clause) pairs of an answer item's basis extensions."""
    return {(parts[0]["valueCoding"]["code"], parts[1]["valueString"]) for parts in item_ext(item, "basis")}


def case(shared_dir: Path, name: str) -> dict[str, Any]:
    (path,) = (shared_dir / "cases" / "coverage").glob(f"*-{name}.json")
    loaded: dict[str, Any] = json.loads(path.read_text())
    return loaded


def all_cases(shared_dir: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text()) for p in sorted((shared_dir / "cases" / "coverage").glob("*.json"))]


# --- the public cases -------------------------------------------------------------------------------------


def test_every_public_case_gets_the_json_apis_decision(shared_dir: Path) -> None:
    """coverage.md: the FHIR endpoint maps onto the same decision — every public case, decision for
    decision (covered, funding, requires, basis, explanation, unknown) or error code for error code; a
    misspelt field is an extension kepil does not define, refused as the JSON API refuses the field."""
    cases = all_cases(shared_dir)
    assert len(cases) >= 17
    for c in cases:
        direct = decide(c["request"])
        if c["name"] == "misspelt-field-is-an-error":
            with pytest.raises(FhirInvalid) as e:
                answer(fhir_of(c["request"]))
            assert direct["error"]["code"] == "invalid_input" and "not defined by kepil" in e.value.message
            continue
        decisions, out = answer(fhir_of(c["request"]))
        if "error" in direct:
            assert decisions[0]["error"]["code"] == direct["error"]["code"] == c["expect"]["error"], c["name"]
            assert (
                out["outcome"] == "error"
                and out["error"][0]["code"]["coding"][0]["code"] == c["expect"]["error"]
            )
            continue
        assert decisions == [direct], c["name"]
        (ins,) = out["insurance"]
        item = ins["item"][0]
        assert ins["inforce"] is c["expect"]["covered"] and item["excluded"] is not c["expect"]["covered"]
        assert item_ext(item, "funding")[0]["code"] == c["expect"]["funding"], c["name"]
        assert [r["code"] for r in item_ext(item, "requires")] == c["expect"]["requires"], c["name"]
        cited = basis_of(item)
        assert any(tuple(x) in cited for x in c["expect"]["basis_any"]), c["name"]
        assert out["outcome"] == "complete"


def test_insured_planned_inpatient_is_in_force_and_not_excluded(shared_dir: Path) -> None:
    """program-2026-2028 56.3, 62: planned inpatient care of a CSHI participant with a referral is CSHI's."""
    _, out = answer(fhir_of(case(shared_dir, "planned-inpatient-insured")["request"]))
    (ins,) = out["insurance"]
    assert ins["inforce"] is True
    assert ins["coverage"]["identifier"] == {"system": FUNDING_ID_SYSTEM, "value": "cshi"}
    item = ins["item"][0]
    assert item["excluded"] is False and item["authorizationRequired"] is False
    assert item["category"]["coding"][0] == {"system": system("care-kind"), "code": "inpatient",
                                             "display": "Inpatient (round-the-clock) care"}  # fmt: skip
    assert item["modifier"][0]["coding"][0]["code"] == "planned"
    assert item_ext(item, "request-item") == [0]
    assert {("program-2026-2028", "56.3"), ("program-2026-2028", "62")} <= basis_of(item)
    assert out["purpose"] == ["benefits"] and out["servicedDate"] == "2026-04-14"
    assert out["request"] == {"type": REQ, "reference": f"{REQ}/req-1"}
    assert out["patient"] == {"reference": "#p"} and out["contained"][0]["id"] == "p"


def test_planned_outpatient_without_referral_requires_authorization(shared_dir: Path) -> None:
    """program-2026-2028 58.2, 59: planned specialised outpatient care needs a PHC referral — FHIR's
    authorizationRequired, with the referral named in authorizationSupporting."""
    _, out = answer(fhir_of(case(shared_dir, "outpatient-planned-no-referral-insured")["request"]))
    item = out["insurance"][0]["item"][0]
    assert item["authorizationRequired"] is True and item["excluded"] is True
    assert item["authorizationSupporting"][0]["coding"][0]["code"] == "referral"
    assert [r["code"] for r in item_ext(item, "requires")] == ["referral"]


def test_referral_as_a_contained_service_request(shared_dir: Path) -> None:
    """program-2026-2028 58.2: a referral given the FHIR way (supportingInfo -> ServiceRequest) is held."""
    body = fhir_of(case(shared_dir, "outpatient-planned-no-referral-insured")["request"])
    body["item"][0]["extension"] = [
        e for e in body["item"][0]["extension"] if e["url"] != extension("referral")
    ]
    body["contained"].append({"resourceType": "ServiceRequest", "id": "ref", "status": "active",
                              "intent": "order", "subject": {"reference": "#p"}})  # fmt: skip
    body["supportingInfo"] = [{"sequence": 1, "information": {"reference": "#ref"}}]
    body["item"][0]["supportingInfoSequence"] = [1]
    resource = parse_request(body)
    assert to_coverage_requests(resource)[0]["service"]["referral"] is True
    _, out = answer(body)
    assert out["insurance"][0]["inforce"] is True
    assert out["insurance"][0]["item"][0]["authorizationRequired"] is False
    # the item's own extension says no referral: it wins over the supporting information
    body["item"][0]["extension"].append(_ext("referral", valueBoolean=False))
    assert to_coverage_requests(parse_request(body))[0]["service"]["referral"] is False


def test_uninsured_2027_emergency_inpatient_not_life_threatening(shared_dir: Path) -> None:
    """program-2026-2028 34: from 2027 the uninsured get emergency inpatient care from GVFMC only when life is
    threatened — not covered, CSHI participation missing."""
    _, out = answer(
        fhir_of(case(shared_dir, "emergency-inpatient-uninsured-2027-not-life-threatening")["request"])
    )
    (ins,) = out["insurance"]
    assert ins["inforce"] is False and ins["coverage"]["identifier"]["value"] == "none"
    item = ins["item"][0]
    assert item["excluded"] is True and item["authorizationRequired"] is False
    assert item_ext(item, "funding")[0]["code"] == "none"
    assert [r["code"] for r in item_ext(item, "requires")] == ["insurance"]
    assert ("program-2026-2028", "34") in basis_of(item)


def test_unknown_life_threat_is_named_by_its_fhir_path(shared_dir: Path) -> None:
    """program-2026-2028 34 (principle "unknown is not false"): without the life-threatening extension the
    answer names where that fact would go."""
    body = fhir_of(case(shared_dir, "emergency-inpatient-uninsured-2027-not-life-threatening")["request"])
    body["item"][0]["extension"] = [e for e in body["item"][0]["extension"]
                                    if e["url"] != extension("life-threatening")]  # fmt: skip
    _, out = answer(body)
    item = out["insurance"][0]["item"][0]
    assert item_ext(item, "unknown") == [
        f"{REQ}.item[0].extension('{extension(name)}')"
        for name in ("life-threatening", "on-emergency-admission-list")
    ]


def test_bad_iin_is_invalid_input_at_the_identifier(shared_dir: Path) -> None:
    """coverage.md person.iin: a failing check digit is invalid_input, named at the Patient's identifier."""
    decisions, out = answer(fhir_of(case(shared_dir, "bad-iin")["request"]))
    assert decisions[0]["error"]["field"] == "person.iin"
    assert out["outcome"] == "error" and "insurance" not in out
    (err,) = out["error"]
    assert err["code"]["coding"][0] == {"system": system("coverage-error"), "code": "invalid_input",
                                        "display": "Invalid input"}  # fmt: skip
    assert err["extension"] == [
        {"url": extension("error-expression"), "valueString": f"{REQ}.contained[0].identifier[0]"}
    ]
    assert "check digit" in err["code"]["text"]


def test_date_before_the_program_is_law_not_in_force(shared_dir: Path) -> None:
    """program-2026-2028 (in force 2026-01-01..2028-12-31): a 2025 date is law_not_in_force at servicedDate,
    the reason in the requested language."""
    _, out = answer(fhir_of(case(shared_dir, "before-the-program")["request"]), lang="ru")
    (err,) = out["error"]
    assert err["code"]["coding"][0]["code"] == "law_not_in_force"
    assert err["extension"][0]["valueString"] == f"{REQ}.servicedDate"
    assert out["language"] == "ru" and any("а" <= ch <= "я" for ch in err["code"]["text"])


# --- the person: contained resources and the registry -----------------------------------------------------


def _registry_only(iin: str, kind: str = "phc", form: str = "planned") -> dict[str, Any]:
    return {"resourceType": REQ, "status": "active", "purpose": ["benefits"], "created": "2026-05-10",
            "patient": {"identifier": {"system": IIN_SYSTEM, "value": iin}}, "insurer": {"display": "Fund"},
            "servicedDate": "2026-05-10",
            "item": [{"category": {"coding": [_code("care-kind", kind)]},
                      "modifier": [{"coding": [_code("care-form", form)]}]}]}  # fmt: skip


IIN = "850412312347"  # born 1985-04-12, male (coverage.md's example)


def test_registry_gives_attachment_and_residency_when_the_request_does_not() -> None:
    """phc-attachment-rules 3-1, program-2026-2028 6-7: with only the IIN, the registry's attachment and
    residency decide planned PHC; birth date and sex come from the IIN."""
    calls: list[tuple[str, dt.date]] = []

    def lookup(iin: str, on: dt.date) -> RegistryFacts | None:
        calls.append((iin, on))
        return RegistryFacts(attached=True, residency="citizen")

    resource = parse_request(_registry_only(IIN))
    (req,) = to_coverage_requests(resource, lookup)
    assert calls == [(IIN, dt.date(2026, 5, 10))]
    assert req["person"] == {"iin": IIN, "attached": True, "residency": "citizen", "policies": []}
    _, out = answer(_registry_only(IIN), lookup)
    assert out["insurance"][0]["inforce"] is True and out["patient"]["identifier"]["value"] == IIN

    _, out = answer(_registry_only(IIN), lambda iin, on: RegistryFacts(attached=False, residency="citizen"))
    item = out["insurance"][0]["item"][0]
    assert [r["code"] for r in item_ext(item, "requires")] == ["attachment"]


def test_unknown_person_without_contained_facts_lacks_residency() -> None:
    """coverage.md person.residency is required: registry silent, nothing contained -> invalid_input at the
    patient reference."""
    _, out = answer(_registry_only(IIN), lambda iin, on: None)
    (err,) = out["error"]
    assert err["code"]["coding"][0]["code"] == "invalid_input"
    assert err["extension"][0]["valueString"] == f"{REQ}.patient"


def test_contained_facts_override_the_registry(shared_dir: Path) -> None:
    """The request's own Patient facts win; the registry only fills what is left out (docs/fhir.md)."""
    req = copy.deepcopy(case(shared_dir, "temporary-worker-omi-phc")["request"])
    req["person"]["iin"] = IIN
    body = fhir_of(req)
    registry = RegistryFacts(attached=False, residency="citizen")
    (mapped,) = to_coverage_requests(parse_request(body), lambda iin, on: registry)
    assert mapped["person"]["residency"] == "temporary_resident" and mapped["person"]["attached"] is True
    # without the attached extension the registry fills attachment, still not residency
    patient = body["contained"][0]
    patient["extension"] = [e for e in patient["extension"] if e["url"] != extension("attached")]
    (mapped,) = to_coverage_requests(parse_request(body), lambda iin, on: registry)
    assert mapped["person"]["residency"] == "temporary_resident" and mapped["person"]["attached"] is False


def test_lookup_is_not_asked_when_the_request_says_everything(shared_dir: Path) -> None:
    req = copy.deepcopy(case(shared_dir, "ambulance-citizen")["request"])
    req["person"]["iin"] = IIN

    def lookup(iin: str, on: dt.date) -> RegistryFacts | None:
        raise AssertionError("registry asked")

    (mapped,) = to_coverage_requests(parse_request(fhir_of(req)), lookup)
    assert mapped["person"]["iin"] == IIN
    assert (mapped["person"]["residency"], mapped["person"]["attached"]) == (
        req["person"]["residency"],
        req["person"]["attached"],
    )


def test_coverages_give_cshi_participation_and_policies(shared_dir: Path) -> None:
    """coverage.md person.insured, person.policies: Coverage resources in force on the date (status active,
    period holding the date) — a CSHI Coverage that ended is not participation."""
    body = fhir_of(case(shared_dir, "planned-inpatient-insured")["request"])
    assert to_coverage_requests(parse_request(body))[0]["person"]["insured"] is True
    body["contained"][1]["period"] = {"start": "2025-01-01", "end": "2026-03-31"}
    (mapped,) = to_coverage_requests(parse_request(body))
    assert mapped["person"]["insured"] is False
    assert decide(mapped)["requires"] == ["insurance"]
    body["contained"].append({"resourceType": "Coverage", "id": "v", "status": "active",
                              "type": {"coding": [_code("funding", "vhi")]},
                              "beneficiary": {"reference": "#p"}, "payor": [{"display": "X"}]})  # fmt: skip
    assert to_coverage_requests(parse_request(body))[0]["person"]["policies"] == ["vhi"]


def test_coverage_of_another_person_is_rejected(shared_dir: Path) -> None:
    body = fhir_of(case(shared_dir, "planned-inpatient-insured")["request"])
    body["contained"][1]["beneficiary"] = {"reference": "Patient/other"}
    with pytest.raises(FhirInvalid) as e:
        to_coverage_requests(parse_request(body))
    assert e.value.field == f"{REQ}.contained[1].beneficiary"


def test_partial_birth_date_needs_an_iin(shared_dir: Path) -> None:
    """coverage.md person.birth_date: age on the day needs a full date; an IIN's digits give one."""
    req = copy.deepcopy(case(shared_dir, "ambulance-citizen")["request"])
    body = fhir_of(req)
    body["contained"][0]["birthDate"] = "1985"
    with pytest.raises(FhirInvalid) as e:
        to_coverage_requests(parse_request(body))
    assert e.value.field == f"{REQ}.contained[0].birthDate"
    body["contained"][0]["identifier"] = [{"system": IIN_SYSTEM, "value": IIN}]
    (mapped,) = to_coverage_requests(parse_request(body))
    assert "birth_date" not in mapped["person"] and mapped["person"]["iin"] == IIN


# --- dates, purposes, items ------------------------------------------------------------------------------


def test_date_from_period_start_or_created(shared_dir: Path) -> None:
    """coverage.md date: the day of care — servicedPeriod.start for a stay (the admission decides the law in
    force), `created` when the request gives no service date."""
    body = fhir_of(case(shared_dir, "planned-inpatient-insured")["request"])
    del body["servicedDate"]
    body["servicedPeriod"] = {"start": "2026-12-30", "end": "2027-01-05"}
    assert to_coverage_requests(parse_request(body))[0]["date"] == "2026-12-30"
    del body["servicedPeriod"]
    (mapped,) = to_coverage_requests(parse_request(body))
    assert mapped["date"] == "2026-05-10"
    _, out = answer(body)
    assert out["servicedDate"] == "2026-05-10"
    body["servicedPeriod"] = {"end": "2026-06-01"}
    with pytest.raises(FhirInvalid) as e:
        to_coverage_requests(parse_request(body))
    assert e.value.field == f"{REQ}.servicedPeriod.start"


def test_validation_without_items_asks_about_planned_phc(shared_dir: Path) -> None:
    """reading of purpose `validation`: is the person within the guarantees on the date — planned PHC
    (program-2026-2028 6-7, 22; phc-attachment-rules 3-1; migrant-care-rules 5 for OMI)."""
    body = fhir_of(case(shared_dir, "temporary-worker-omi-phc")["request"], purpose=("validation",))
    del body["item"]
    (mapped,) = to_coverage_requests(parse_request(body))
    assert mapped["service"] == {"kind": "phc", "form": "planned"}
    _, out = answer(body)
    (ins,) = out["insurance"]
    assert ins["inforce"] is True and ins["coverage"]["identifier"]["value"] == "omi"
    item = ins["item"][0]
    assert item["category"]["coding"][0]["code"] == "phc" and item_ext(item, "request-item") == []
    assert out["purpose"] == ["validation"]


def test_benefits_without_items_is_rejected(shared_dir: Path) -> None:
    body = fhir_of(case(shared_dir, "ambulance-citizen")["request"])
    del body["item"]
    with pytest.raises(FhirInvalid) as e:
        to_coverage_requests(parse_request(body))
    assert e.value.field == f"{REQ}.item"


def test_unknown_and_unanswered_purposes_are_rejected(shared_dir: Path) -> None:
    """FHIR purpose: a code outside the value set is invalid_input; auth-requirements and discovery are valid
    FHIR that kepil does not answer (not_supported) — both at CoverageEligibilityRequest.purpose[i]."""
    req = case(shared_dir, "ambulance-citizen")["request"]
    with pytest.raises(FhirInvalid) as e:
        parse_request(fhir_of(req, purpose=("benefits", "coverage")))
    assert e.value.field == f"{REQ}.purpose[1]" and e.value.code == "invalid_input"
    resource = parse_request(fhir_of(req, purpose=("discovery",)))
    with pytest.raises(FhirInvalid) as e:
        to_coverage_requests(resource)
    assert e.value.field == f"{REQ}.purpose[0]" and e.value.code == "not_supported"
    out = error_response(resource, e.value.field, e.value.code, e.value.texts, lang="kk", created=CREATED)
    CoverageEligibilityResponse.model_validate(out)
    assert out["outcome"] == "error" and out["error"][0]["code"]["coding"][0]["code"] == "not_supported"
    assert out["error"][0]["extension"][0]["valueString"] == f"{REQ}.purpose[0]"
    assert out["disposition"] == e.value.texts.kk


def test_two_items_one_with_a_bad_diagnosis(shared_dir: Path) -> None:
    """coverage.md service.icd10 must exist: one item's error does not hide the other item's decision."""
    body = fhir_of(case(shared_dir, "planned-inpatient-insured")["request"])
    bad = copy.deepcopy(body["item"][0])
    bad["diagnosis"][0]["diagnosisCodeableConcept"]["coding"][0]["code"] = "Q99.99"
    body["item"].append(bad)
    decisions, out = answer(body)
    assert "error" not in decisions[0] and decisions[1]["error"]["field"] == "service.icd10"
    assert out["outcome"] == "error"
    (ins,) = out["insurance"]
    assert item_ext(ins["item"][0], "request-item") == [0]
    assert out["error"][0]["extension"][0]["valueString"] == (
        f"{REQ}.item[1].diagnosis[0].diagnosisCodeableConcept.coding[0]"
    )
    assert out["disposition"].startswith("item[0] Inpatient")


def test_missing_care_kind_and_foreign_diagnosis_system(shared_dir: Path) -> None:
    body = fhir_of(case(shared_dir, "planned-inpatient-insured")["request"])
    item = body["item"][0]
    item["diagnosis"][0]["diagnosisCodeableConcept"]["coding"][0]["system"] = "http://snomed.info/sct"
    with pytest.raises(FhirInvalid) as e:
        to_coverage_requests(parse_request(body))
    assert e.value.field == f"{REQ}.item[0].diagnosis[0].diagnosisCodeableConcept"
    item["category"]["coding"][0]["system"] = "http://example.org/kinds"
    with pytest.raises(FhirInvalid) as e:
        to_coverage_requests(parse_request(body))
    assert e.value.field == f"{REQ}.item[0].category"


def test_kind_in_product_or_service_and_unknown_codes(shared_dir: Path) -> None:
    """The care kind may come as productOrService; a code outside kepil's CodeSystem is the contract's
    invalid_input for service.kind, at that coding."""
    body = fhir_of(case(shared_dir, "ambulance-citizen")["request"])
    body["item"][0]["productOrService"] = body["item"][0].pop("category")
    assert to_coverage_requests(parse_request(body))[0]["service"]["kind"] == "ambulance"
    body["item"][0]["productOrService"]["coding"][0]["code"] = "taxi"
    _, out = answer(body)
    assert out["error"][0]["extension"][0]["valueString"] == f"{REQ}.item[0].productOrService.coding[0]"


def test_a_misspelt_kepil_extension_is_rejected(shared_dir: Path) -> None:
    body = fhir_of(case(shared_dir, "ambulance-citizen")["request"])
    body["item"][0]["extension"] = [
        {"url": f"{BASE}/StructureDefinition/life_threatening", "valueBoolean": True}
    ]
    with pytest.raises(FhirInvalid) as e:
        to_coverage_requests(parse_request(body))
    assert e.value.field == f"{REQ}.item[0].extension[0]"
    body["item"][0]["extension"] = [_ext("life-threatening", valueString="yes")]
    with pytest.raises(FhirInvalid) as e:
        to_coverage_requests(parse_request(body))
    assert "valueBoolean" in e.value.texts.en


# --- parsing and the error answer ------------------------------------------------------------------------


def test_parse_errors_name_the_fhir_path(shared_dir: Path) -> None:
    body = fhir_of(case(shared_dir, "planned-inpatient-insured")["request"])
    broken = copy.deepcopy(body)
    broken["item"][0]["diagnosis"][0]["diagnosisCodeableConcept"]["coding"][0]["system"] = 3
    with pytest.raises(FhirInvalid) as e:
        parse_request(broken)
    assert e.value.field == f"{REQ}.item[0].diagnosis[0].diagnosisCodeableConcept.coding[0].system"
    for key, field in (("insurer", f"{REQ}.insurer"), ("status", f"{REQ}.status")):
        broken = copy.deepcopy(body)
        del broken[key]
        with pytest.raises(FhirInvalid) as e:
            parse_request(broken)
        assert e.value.field == field and e.value.texts.en == "is required"
    broken = copy.deepcopy(body)
    broken["contained"][0]["resourceType"] = "Pateint"
    with pytest.raises(FhirInvalid) as e:
        parse_request(broken)
    assert e.value.field == f"{REQ}.contained[0]"
    with pytest.raises(FhirInvalid) as e:
        parse_request({"resourceType": "Patient"})
    assert e.value.field == "resourceType"
    with pytest.raises(FhirInvalid):
        parse_request([body])


def test_unmappable_body_gets_an_operation_outcome() -> None:
    """A body that is not a CoverageEligibilityRequest is answered with an R4B OperationOutcome naming the
    FHIR path and kepil's error code."""
    with pytest.raises(FhirInvalid) as e:
        parse_request({"resourceType": REQ, "status": "active"})
    out = error_response(None, e.value.field, "invalid_input", e.value.texts, lang="ru")
    OperationOutcome.model_validate(out)
    (issue,) = out["issue"]
    assert issue["code"] == "invalid" and issue["expression"] == [e.value.field]
    assert (
        issue["details"]["coding"][0]["code"] == "invalid_input"
        and issue["diagnostics"] == f"{e.value.field}: {e.value.texts.ru}"
    )


def test_answer_in_each_language_with_translations(shared_dir: Path) -> None:
    """DESIGN.md principle 8: the disposition and explanation in the requested language, the other two as
    FHIR translation extensions."""
    for lang in ("kk", "ru", "en"):
        decisions, out = answer(fhir_of(case(shared_dir, "ambulance-citizen")["request"]), lang=lang)
        assert out["disposition"] == decisions[0]["explanation"][lang]
        item = out["insurance"][0]["item"][0]
        assert item["description"] == decisions[0]["explanation"][lang]
        langs = {e["extension"][0]["valueCode"] for e in out["_disposition"]["extension"]}
        assert langs == {"kk", "ru", "en"} - {lang}


def test_field_paths_of_the_contract() -> None:
    resource = parse_request(_registry_only(IIN))
    assert field_path(resource, 0, "person.iin") == f"{REQ}.patient.identifier"
    assert field_path(resource, 0, "person.residency") == f"{REQ}.patient"
    assert field_path(resource, 0, "service.form") == f"{REQ}.item[0].modifier[0].coding[0]"
    assert field_path(resource, 0, "person.policies[1]") == f"{REQ}.insurance"
    assert field_path(resource, 0, "date") == f"{REQ}.servicedDate"


# --- the CodeSystems -------------------------------------------------------------------------------------


def test_every_codesystem_is_valid_r4b_and_lists_the_contracts_codes() -> None:
    """Each published CodeSystem validates as R4B, sits at BASE/CodeSystem/id, and lists exactly the
    contract's enumerations with kk and ru designations."""
    systems = codesystems()
    for cs_id, cs in systems.items():
        CodeSystem.model_validate(cs)
        assert cs["url"] == f"{BASE}/CodeSystem/{cs_id}" and cs["id"] == cs_id
        assert cs["count"] == len(cs["concept"])
        for concept in cs["concept"]:
            assert {d["language"] for d in concept["designation"]} == {"kk", "ru"}
    codes = {cs_id: [c["code"] for c in cs["concept"]] for cs_id, cs in systems.items()}
    assert codes["care-kind"] == list(CARE_KINDS) and codes["care-form"] == list(CARE_FORMS)
    assert codes["residency"] == list(RESIDENCIES) and codes["stay-purpose"] == list(STAY_PURPOSES)
    assert codes["state-paid-category"] == list(STATE_PAID_CATEGORIES)
    assert codes["funding"] == ["gvfmc", "cshi", "omi", "vhi", "none"]
    assert codes["coverage-requirement"] == ["referral", "attachment", "insurance", "policy"]
    assert {"invalid_input", "law_not_in_force"} <= set(codes["coverage-error"])
    assert len(codes["act"]) == 7


def test_responses_use_only_published_codes(shared_dir: Path) -> None:
    """Every kepil coding in an answer is a code of the CodeSystem it names; every kepil extension is one
    docs/fhir.md lists."""
    published = {cs["url"]: {c["code"] for c in cs["concept"]} for cs in codesystems().values()}
    known_ext = {e.url for e in EXTENSIONS}
    for c in all_cases(shared_dir):
        if set(c["request"]["person"]) - PERSON_FIELDS:
            continue  # refused before any answer (test_every_public_case_gets_the_json_apis_decision)
        _, out = answer(fhir_of(c["request"]))
        stack: list[Any] = [out]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                if node.get("system", "").startswith(f"{BASE}/CodeSystem/"):
                    assert node["code"] in published[node["system"]], node
                if node.get("url", "").startswith(f"{BASE}/StructureDefinition/"):
                    assert node["url"] in known_ext, node
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)


# --- docs/fhir.md ------------------------------------------------------------------------------------------


def _doc_examples() -> tuple[dict[str, Any], dict[str, Any]]:
    text = (Path(__file__).resolve().parent.parent / "docs" / "fhir.md").read_text()
    blocks = text.split("## Example", 1)[1].split("```json\n")[1:3]
    request, response = (json.loads(b.split("\n```", 1)[0]) for b in blocks)
    return request, response


def test_the_documented_example_is_what_kepil_answers() -> None:
    """docs/fhir.md's example request gets the documented answer (program-2026-2028 58.2: no referral)."""
    body, documented = _doc_examples()
    CoverageEligibilityResponse.model_validate(documented)
    assert "id" not in body  # sent by create; the server gives the id (tests/test_fhir_server.py)
    _, out = answer(body | {"id": documented["id"]})
    for key in ("outcome", "disposition", "purpose", "patient", "request", "servicedDate"):
        assert out[key] == documented[key], key
    got, doc = out["insurance"][0], documented["insurance"][0]
    assert got["coverage"] == doc["coverage"] and got["inforce"] == doc["inforce"]
    got_item, doc_item = got["item"][0], doc["item"][0]
    for key in ("category", "modifier", "excluded", "authorizationRequired", "authorizationSupporting"):
        assert got_item[key] == doc_item[key], key
    assert all(e in got_item["extension"] for e in doc_item["extension"])


def test_docs_list_every_extension_and_codesystem() -> None:
    text = (Path(__file__).resolve().parent.parent / "docs" / "fhir.md").read_text()
    for e in EXTENSIONS:
        assert f"`{e.name}`" in text, e.name
    for cs_id in codesystems():
        assert f"`{cs_id}`" in text, cs_id


# issue 13: every new request fact travels as a kepil extension too, and decides as the JSON API decides.
_NEW_SERVICE = {
    "urgency_category": "valueInteger", "activity": "valueCode", "within_stay_of": "valueCode",
    **{f: "valueBoolean" for f in ("on_inpatient_list", "on_day_hospital_list", "on_rehabilitation_list",
                                   "on_custody_rehabilitation_list", "on_outpatient_drug_list",
                                   "on_treatment_abroad_list", "on_emergency_admission_list",
                                   "on_dynamic_observation_list", "screening_target_group", "first_contact",
                                   "within_completed_case")},
}  # fmt: skip
_NEW_PERSON = {"on_dental_emergency_list": "valueBoolean", "custody": "valueCode"}


def _with_new_extensions(req: dict[str, Any]) -> dict[str, Any]:
    person = {k: v for k, v in req["person"].items() if k not in _NEW_PERSON}
    service = {k: v for k, v in req["service"].items() if k not in _NEW_SERVICE}
    body = fhir_of({**req, "person": person, "service": service})
    item = body["item"][0]
    item["extension"] = item.get("extension", []) + [
        _ext(f.replace("_", "-"), **{kind: req["service"][f]})
        for f, kind in _NEW_SERVICE.items() if f in req["service"]
    ]  # fmt: skip
    patient = body["contained"][0]
    patient["extension"] += [
        _ext(f.replace("_", "-"), **{kind: req["person"][f]})
        for f, kind in _NEW_PERSON.items()
        if f in req["person"]
    ]
    return body


@pytest.mark.parametrize(
    "req",
    [
        {
            "date": "2026-06-01",
            "person": {"residency": "citizen", "birth_date": "1985-04-12", "insured": True},
            "service": {
                "kind": "day_hospital",
                "form": "planned",
                "icd10": "M17.1",
                "on_day_hospital_list": True,
            },
        },
        {
            "date": "2026-05-31",
            "person": {"residency": "citizen", "birth_date": "1985-04-12"},
            "service": {"kind": "ambulance", "form": "urgent", "urgency_category": 4},
        },
        {
            "date": "2027-06-01",
            "person": {"residency": "citizen", "birth_date": "1985-04-12", "attached": True},
            "service": {"kind": "phc", "form": "planned", "activity": "immunisation", "first_contact": False},
        },
        {
            "date": "2026-06-01",
            "person": {
                "residency": "citizen",
                "birth_date": "1985-04-12",
                "state_paid_category": "detainee",
                "custody": "pretrial_detention",
            },
            "service": {
                "kind": "rehabilitation",
                "form": "planned",
                "rehabilitation_stage": 2,
                "on_custody_rehabilitation_list": True,
            },
        },
        {
            "date": "2026-06-01",
            "person": {"residency": "citizen", "birth_date": "1985-04-12", "insured": True},
            "service": {"kind": "blood", "within_stay_of": "cshi"},
        },
        {
            "date": "2026-06-01",
            "person": {
                "residency": "citizen",
                "birth_date": "1985-04-12",
                "state_paid_category": "disabled",
                "on_dental_emergency_list": True,
            },
            "service": {"kind": "dental", "form": "emergency"},
        },
    ],
    ids=["61 list", "4 category 4", "14 immunisation", "39 custody", "63.3 stay", "58.4 dental list"],
)
def test_new_facts_as_extensions_decide_as_the_json_api(req: dict[str, Any]) -> None:
    decisions, _ = answer(_with_new_extensions(req))
    assert decisions == [decide(req)]
    assert decisions[0]["covered"] is True


def test_a_code_extension_needs_value_code() -> None:
    """custody, activity, within_stay_of are codes: another value type is refused, naming the extension."""
    req = {"date": "2026-06-01", "person": {"residency": "citizen", "birth_date": "1985-04-12"},
           "service": {"kind": "phc", "form": "planned"}}  # fmt: skip
    body = fhir_of(req)
    body["item"][0]["extension"] = [_ext("activity", valueString="immunisation")]
    with pytest.raises(FhirInvalid) as e:
        answer(body)
    assert "valueCode" in e.value.message
