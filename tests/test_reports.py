"""Stored reports (issue 7): the inpatient-cap utilisation (program-2026-2028 app1, 73), the access criteria
(79, 4) and the medicine need and request (drug-rules 18–22) — computed as the commands compute them and
kept in the store for the pages; `--store` on each command."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from kepil.cli.main import app
from kepil.law.drug_rules import need as N
from kepil.law.drug_rules import request as R
from kepil.law.program_2026_2028.access_criteria import CRITERIA, access_report, criterion_words
from kepil.law.program_2026_2028.volume_caps import utilisation
from kepil.reports.access import read_tables, store_access, words_of
from kepil.reports.caps import COLUMNS, judge_annualised, months_covered, scope_of, store_utilisation
from kepil.reports.medicines import regional_need, store_medicines, synthetic_patients
from kepil.store.reports import load_report

D = dt.date
runner = CliRunner()
ACCESS = Path(__file__).resolve().parent.parent / "src" / "kepil" / "data" / "access_example"


def _claims(tmp: Path, years: tuple[int, ...] = (2026,)) -> dict[str, Path]:
    """Abai endocrinology at the rural provider R1 (app1 rural adults: 9) and an Astana city case."""
    rows: list[dict[str, Any]] = []
    for y in years:
        for i in range(10):  # 10 > 9: over the rural adults' cap
            rows.append({"claim_id": f"e{y}-{i}", "provider_id": "R1", "region": "abai", "iin": "adult",
                         "care_kind": "inpatient", "profile": "endocrinology", "start_date": D(y, 5, 4),
                         "end_date": D(y, 5, 8)})  # fmt: skip
    rows.append({"claim_id": "city", "provider_id": "U1", "region": "astana", "iin": "child",
                 "care_kind": "inpatient", "profile": "therapy", "start_date": D(years[0], 3, 1),
                 "end_date": D(years[0], 3, 3)})  # fmt: skip
    types = {"start_date": pa.date32(), "end_date": pa.date32()}
    cols = list(rows[0])
    claims = tmp / "claims.parquet"
    pq.write_table(
        pa.table({c: pa.array([r[c] for r in rows], types.get(c, pa.string())) for c in cols}), claims
    )
    persons = tmp / "persons.parquet"
    pq.write_table(
        pa.table(
            {"iin": ["adult", "child"], "birth_date": pa.array([D(1980, 1, 1), D(2015, 6, 1)], pa.date32())}
        ),
        persons,
    )
    providers = tmp / "providers.csv"
    providers.write_text("provider_id,rural\nR1,true\nU1,false\n", encoding="utf-8")
    return {"claims": claims, "persons": persons, "providers": providers}


# ------------------------------------------------------------------------- caps (app1, 73)
def test_caps_report_holds_the_commands_figures_with_act_clauses_and_dates(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = _claims(tmp_path)
    scope = store_utilisation(store, f["claims"], f["persons"], providers=f["providers"])
    assert scope == "2026"
    report = load_report(store, "caps_utilisation", "2026")
    assert report is not None and report.columns == COLUMNS
    expected, excluded = utilisation(f["claims"], f["persons"], providers=f["providers"])
    assert report.rows == [list(r) for r in pl.from_arrow(expected).select(COLUMNS).rows()]  # type: ignore[union-attr]
    meta = report.meta
    assert (meta["act"], meta["clauses"]) == ("program-2026-2028", ["app1", "73"])
    assert (meta["valid_from"], meta["valid_to"], meta["years"]) == ("2026-01-01", "2028-12-31", [2026])
    assert (
        meta["rural_known"] is True
        and meta["totals"]["cases"] == 11
        and meta["totals"]["excluded"] == excluded
    )
    over = [r for r in report.records() if r["status"] == "over"]
    assert {
        "region": "abai",
        "profile": "endocrinology",
        "population": "rural",
        "age_group": "adults",
    }.items() <= (next(r for r in over if r["population"] == "rural" and r["age_group"] == "adults").items())


def test_caps_scope_is_the_year_or_the_span_of_years(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = _claims(tmp_path, (2026, 2028))
    assert store_utilisation(store, f["claims"], f["persons"]) == "2026-2028"
    report = load_report(store, "caps_utilisation", "2026-2028")
    assert report is not None and report.meta["years"] == [2026, 2028] and report.meta["rural_known"] is False
    assert scope_of([2027]) == "2027" and scope_of([]) == "2026-2028"


def test_cli_caps_utilisation_store(store_url: str, store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = _claims(tmp_path)
    args = ["caps", "utilisation", "--claims", str(f["claims"]), "--persons", str(f["persons"]),
            "--providers", str(f["providers"]), "--store", "--database-url", store_url]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "caps_utilisation 2026" in result.output
    report = load_report(store, "caps_utilisation")
    assert report is not None and report.source == "claims.parquet + persons.parquet + providers.csv"


# ------------------------------------------------------------------------- access (79, 4)
def test_access_report_holds_the_commands_figures(store) -> None:  # type: ignore[no-untyped-def]
    on = D(2026, 3, 31)
    assert store_access(store, ACCESS, on) == "2026-03-31"
    report = load_report(store, "access_criteria", "2026-03-31")
    assert report is not None
    expected = access_report(read_tables(ACCESS), on)
    assert report.rows == [list(r) for r in expected.rows()]
    assert report.meta["act"] == "program-2026-2028" and "79.9" in report.meta["clauses"]
    # the example: Astana meets all 13 rows (79.1-79.9 and 4), Abai one
    assert report.meta["totals"]["met"] == {"abai": 1, "astana": len(CRITERIA)}


def test_the_access_report_keeps_each_criterions_words_in_kk_ru_en(store) -> None:  # type: ignore[no-untyped-def]
    """The rows carry the criterion's code; its unit and threshold (program-2026-2028 79, 4) are kept in
    kk/ru/en in the report's meta, as the law layer words them for the report day."""
    on = D(2026, 3, 31)
    store_access(store, ACCESS, on)
    report = load_report(store, "access_criteria", "2026-03-31")
    assert report is not None and "unit" not in report.columns and "threshold" not in report.columns
    words = words_of(report.meta)
    assert words == criterion_words(on) and set(words) == {code for code, _, _ in CRITERIA}
    assert words["palliative_beds"].unit.kk == "100 000 тұрғынға төсек"  # 79.7
    assert words["treatment_start"].threshold.ru == "100 %: в течение 30 календарных дней"  # 79.6
    assert words_of({}) == {}  # a report stored before the words were kept


def test_cli_access_report_store_and_a_bad_file_stores_nothing(store_url: str, store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ok = runner.invoke(app, ["access", "report", "--data", str(ACCESS), "--date", "2026-03-31", "--store",
                             "--database-url", store_url])  # fmt: skip
    assert ok.exit_code == 0, ok.output
    assert load_report(store, "access_criteria", "2026-03-31") is not None
    bad = tmp_path / "bad"
    bad.mkdir()
    for p in ACCESS.glob("*.csv"):
        (bad / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    (bad / "population.csv").write_text("region,population\nnowhere,1\n", encoding="utf-8")
    failed = runner.invoke(app, ["access", "report", "--data", str(bad), "--date", "2026-04-01", "--store",
                                 "--database-url", store_url])  # fmt: skip
    assert failed.exit_code == 2 and "population.csv" in failed.output
    assert load_report(store, "access_criteria", "2026-04-01") is None


# ------------------------------------------------------------------------- medicines (drug-rules 18-22)
HEADER = "patient_id,region,icd10,inn,dosage_form,dose_unit,single_dose,doses_per_day,intake_days_per_month,"
HEADER += "courses_per_year,first_month,narcotic_psychotropic,agreed_on\n"
PATIENTS = [
    "P1,astana,E11.9,Metformin,tablet,mg,500,2,30,12,,,2026-03-20",  # 30 000 mg a month, 12 months
    "P2,astana,E11.9,Metformin,tablet,mg,0.125,3,7,2,11,,2026-03-21",  # agreed on Nauryz: late (12)
    "P3,almaty,C50.9,Morphine,tablet,mg,10,4,30,1,,true,",  # narcotic (22): a row of its own
]


def _patients(tmp: Path) -> Path:
    path = tmp / "patients.csv"
    path.write_text(HEADER + "\n".join(PATIENTS) + "\n", encoding="utf-8")
    return path


def test_medicines_reports_hold_the_regional_need_and_the_request(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _patients(tmp_path)
    assert store_medicines(store, path, 2026, D(2026, 4, 10)) == ("2026", "2026")
    need = load_report(store, "medicines_need", "2026")
    req = load_report(store, "medicines_request", "2026")
    assert need is not None and req is not None
    metformin = next(r for r in need.records() if r["inn"] == "Metformin")
    # drug-rules 19-20: 500 mg × 2 × 30 days × 12 = 360 000 mg; 0.125 × 3 × 7 × 2 = 5.25 mg (thousandths)
    assert metformin["annual_need"] == 360_000_000 + 5_250 and metformin["patients"] == 2
    assert metformin["m01"] == 30_000_000 and metformin["m12"] == 30_000_000 + 2_625
    computed = N.personalised_need(N.load_patients(path), D(2026, 4, 10))
    assert need.rows == [list(r) for r in regional_need(computed.lazy()).collect().rows()]
    assert req.rows == [list(r) for r in R.budget_request(computed.lazy(), 2026).collect().rows()]
    assert req.columns[-3:] == ["need_2027", "need_2028", "need_2029"]
    meta = req.meta
    assert (meta["act"], meta["agreement_deadline"], meta["request_deadline"]) == (
        "drug-rules", "2026-03-20", "2026-04-15")  # fmt: skip
    assert [w["clause"] for w in meta["warnings"]] == [
        "drug-rules 12"
    ]  # dated 10 April: the request is in time
    assert (
        "21.03.2026" not in meta["warnings"][0]["text"]["kk"]
        and "astana" in meta["warnings"][0]["text"]["en"]
    )
    # drug-rules 22: Morphine's need is not computed (order No. 32's method not given): out of the totals
    mg = 360_005_250
    assert meta["totals"]["by_unit"] == {"mg": {"need_2027": mg, "need_2028": mg, "need_2029": mg}}
    assert meta["totals"]["not_computed_rows"] == 1
    assert need.meta["totals"]["narcotic_rows"] == 1 and need.meta["clauses"][:2] == ["19", "20"]


def test_cli_medicines_need_and_request_store(store_url: str, store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _patients(tmp_path)
    out = tmp_path / "need.csv"
    args = ["medicines", "need", "--patients", str(path), "--out", str(out), "--date", "2026-04-20"]
    r = runner.invoke(app, [*args, "--store", "--year", "2026", "--database-url", store_url])
    assert r.exit_code == 0, r.output
    req = load_report(store, "medicines_request", "2026")
    assert req is not None and [w["clause"] for w in req.meta["warnings"]] == [
        "drug-rules 12",
        "drug-rules 18",
    ]
    r = runner.invoke(app, ["medicines", "request", "--need", str(out), "--year", "2027", "--dated",
                            "2027-04-01", "--store", "--database-url", store_url])  # fmt: skip
    assert r.exit_code == 0, r.output
    again = load_report(store, "medicines_request", "2027")
    assert (
        again is not None
        and again.source == "need.csv"
        and load_report(store, "medicines_need", "2027") is None
    )
    assert [row[-1] for row in again.rows] == [row[-1] for row in req.rows]  # the same need, the next period


def test_cli_medicines_need_store_names_the_missing_year(store_url: str, tmp_path: Path) -> None:
    r = runner.invoke(app, ["medicines", "need", "--patients", str(_patients(tmp_path)), "--store",
                            "--database-url", store_url, "--lang", "ru"])  # fmt: skip
    assert r.exit_code == 2 and "--year" in r.output and "финансовый год" in r.output


def test_synthetic_patients_are_deterministic_and_valid(tmp_path: Path) -> None:
    a, b = synthetic_patients(300), synthetic_patients(300)
    assert a.equals(b) and not a.equals(synthetic_patients(300, seed=7))
    path = tmp_path / "synthetic.parquet"
    a.write_parquet(path)
    assert N.load_patients(path).height == 300  # drug-rules 20: every course fits in the year


@pytest.mark.parametrize("kind", ["nothing"])
def test_an_unknown_report_kind_is_refused(store, kind: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="unknown report kind"):
        load_report(store, kind)


# ------------------------------------------------------------------------- caps: the months covered
def test_caps_report_keeps_the_months_each_years_claims_cover(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The annualised measure's base: the months of discharge of each year's inpatient cases."""
    f = _claims(tmp_path, (2026, 2028))
    store_utilisation(store, f["claims"], f["persons"])
    report = load_report(store, "caps_utilisation", "2026-2028")
    assert report is not None and report.meta["months"] == {"2026": [3, 5], "2028": [5]}
    assert months_covered(f["claims"], 2028) == {2028: [5]} and months_covered(f["claims"], 2027) == {}


def test_cli_caps_store_keeps_the_months(store_url: str, store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = _claims(tmp_path)
    args = ["caps", "utilisation", "--claims", str(f["claims"]), "--persons", str(f["persons"]), "--store",
            "--database-url", store_url]  # fmt: skip
    assert runner.invoke(app, args).exit_code == 0
    report = load_report(store, "caps_utilisation", "2026")
    assert report is not None and report.meta["months"] == {"2026": [3, 5]}


@pytest.mark.parametrize(
    ("planned", "actual", "months", "status"),
    [
        (12, 1, 1, "warning"),  # 1 × 12 = 12 of 12: exactly the cap is not over (a warning, as at 100 %)
        (12, 1, 2, "ok"),  # 6 of 12: 50 %
        (10, 3, 4, "warning"),  # 9 of 10: exactly 90 %
        (11, 1, 1, "over"),  # 12 of 11
        (0, 1, 12, "over"),  # any case on a plan of 0
        (5, 0, 3, "ok"),
    ],
)
def test_annualised_status_is_exact(planned: int, actual: int, months: int, status: str) -> None:
    """kepil's projection (actual × 12 / months) judged against app1's yearly cap in integers."""
    assert judge_annualised(planned, actual, months, False)[2] == status


def test_annualised_needs_1_to_12_months() -> None:
    assert judge_annualised(None, 2, 6, True) == (4.0, None, "no_bed_fund")
    for months in (0, 13):
        with pytest.raises(ValueError, match="1-12"):
            judge_annualised(9, 1, months, False)
