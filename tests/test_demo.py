"""`kepil demo`: the demonstration dataset (providers, attachments under phc-attachment-rules 10.2/10.3, two
monitored months with a paid period and hidden defects under monitoring-rules 13/53, objections under 26,
the stored reports), built once and reused, one key per role, and the command's errors."""

from __future__ import annotations

import json
import re
import shutil
import socket
from pathlib import Path
from typing import Any

import pytest
import typer
from sqlalchemy import func, select
from typer.testing import CliRunner

from kepil.cli import demo as demo_cli
from kepil.cli import serve as serve_cli
from kepil.demo import build
from kepil.demo.dataset import PERIODS
from kepil.reports.payment import payment_view
from kepil.store.db import make_engine, reading
from kepil.store.keys import authenticate
from kepil.store.models import Attachment, MonitoringDefect, MonitoringPeriodPaid, MonitoringRun, Provider
from kepil.store.reports import load_report, report_scopes

CLAIMS = 2_000


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return build(tmp_path_factory.mktemp("demo") / "demo", CLAIMS, 7)


def _app() -> typer.Typer:
    app = typer.Typer()
    demo_cli.register(app)
    serve_cli.register(app)
    return app


def test_the_dataset_holds_what_every_page_shows(built: Any) -> None:
    engine = make_engine(built.database_url)
    try:
        with reading(engine) as s:
            providers = s.scalars(select(Provider)).all()
            attachments = s.scalar(select(func.count()).select_from(Attachment))
            current = s.scalar(select(func.count()).where(Attachment.ended_on.is_(None)))
            runs = s.execute(select(MonitoringRun.period, MonitoringRun.hidden)).all()
            paid = s.scalars(select(MonitoringPeriodPaid.period)).all()
            hidden = s.scalar(select(func.count()).where(MonitoringDefect.hidden.is_(True)))
            statuses = dict(
                s.execute(
                    select(MonitoringDefect.status, func.count()).group_by(MonitoringDefect.status)
                ).all()
            )
    finally:
        engine.dispose()
    a = built.about["attachments"]
    # providers with Kazakh names, PHC ones among them, some rural
    assert any(p.phc for p in providers) and any(p.rural for p in providers)
    assert all(any("\u0400" <= ch <= "\u04ff" for ch in p.name) for p in providers)
    registrar = next(p for p in providers if p.id == a["registrar"])
    assert registrar.phc and registrar.region == "astana" and registrar.atu == a["registrar_atu"]
    # a few hundred attachments; one current per IIN (phc-attachment-rules 4), the campaign moves (10.3)
    assert attachments == a["count"] >= 300 and current == attachments - a["moved"] > 0
    # two periods; the first paid, then monitored again: hidden defects (monitoring-rules 13, 53)
    assert {r.period for r in runs} == set(PERIODS) and paid == [PERIODS[0]]
    assert hidden and hidden > 0 and any(r.hidden for r in runs if r.period == PERIODS[0])
    # two objections (26): one still open, one withdrawn
    assert statuses.get("objected") == 1 and statuses.get("withdrawn") == 1
    assert built.about["monitoring"]["claim_id"] and built.about["monitoring"]["provider"]


def test_the_stored_reports_of_the_caps_access_and_medicines_pages(built: Any) -> None:
    engine = make_engine(built.database_url)
    try:
        stored = {kind: report_scopes(engine, kind) for kind in
                  ("caps_utilisation", "access_criteria", "medicines_need", "medicines_request")}  # fmt: skip
    finally:
        engine.dispose()
    assert all(stored.values()), stored  # each of the four kinds has a stored scope


def test_the_latest_month_is_paid_and_stored_for_the_payments_page(built: Any) -> None:
    """Issue 16: the demonstration prices its latest month (program-2026-2028 77, app2) with the example
    book and the month's attachments, and stores it for /payments, capitation paid from the registry."""
    engine = make_engine(built.database_url)
    try:
        assert report_scopes(engine, "payment") == [PERIODS[-1]]
        view = payment_view(engine, PERIODS[-1])
    finally:
        engine.dispose()
    paid = built.about["payment"]
    assert paid["period"] == PERIODS[-1] and 0.9 * paid["claims"] < paid["priced"] <= paid["claims"]
    by_method = {r["method"]: r for r in view["by_method"]}
    assert by_method["comprehensive_per_capita_norm"]["amount_tiyn"] > 0  # КЖН from the attachments
    assert by_method["per_case_ccg"]["amount_tiyn"] > 0


# the most a person takes a day of each demonstration medicine, in its unit (the usual adult maxima)
MAX_DAILY = {"Амлодипин": 10, "Метформин": 3_000, "Левотироксин": 300, "Инсулин гларгин": 100, "Морфин": 300,
             "Сальбутамол": 8}  # fmt: skip


def test_the_demo_tells_the_truth_doses_and_beds(built: Any) -> None:
    """Issue 18: doses a person could take (15 patients needing 46 kg of amlodipine a year is not one), and
    beds that fit the age — no adult on a paediatric bed, no child on a bed app1 plans for adults only
    (which the caps page would show as over the cap)."""
    engine = make_engine(built.database_url)
    try:
        need = load_report(engine, "medicines_need", report_scopes(engine, "medicines_need")[0])
        caps = load_report(engine, "caps_utilisation", report_scopes(engine, "caps_utilisation")[0])
    finally:
        engine.dispose()
    assert need is not None and caps is not None
    scale = int(need.meta.get("quantity_scale", 1000))
    for r in need.records():
        daily = r["annual_need"] / scale / r["patients"] / 365
        assert 0 < daily <= MAX_DAILY[r["inn"]], (r["region"], r["inn"], daily)
    rows = [r for r in caps.records() if r["population"] == "all"]
    adults_on_paediatric = [r for r in rows if r["age_group"] == "adults" and r["profile"] == "pediatrics"]
    assert adults_on_paediatric and all(r["actual"] == 0 for r in adults_on_paediatric)
    children_planned_none = [r for r in rows if r["age_group"] == "children" and r["planned"] == 0]
    assert children_planned_none and all(r["actual"] == 0 for r in children_planned_none), [
        (r["region"], r["profile"], r["actual"]) for r in children_planned_none if r["actual"]
    ]
    children = sum(r["actual"] for r in rows if r["age_group"] == "children" and r["profile"] == "all")
    assert children > 0  # children are treated, on children's beds


def test_keys_file_has_one_working_key_per_role(built: Any) -> None:
    keys = json.loads(built.keys_path.read_text(encoding="utf-8"))
    assert [k["role"] for k in keys] == ["admin", "analyst", "fund", "registrar", "provider"]
    engine = make_engine(built.database_url)
    try:
        for k in keys:
            who = authenticate(engine, k["key"])
            assert who is not None and who.role == k["role"] and who.organisation_id == k["organisation"]
    finally:
        engine.dispose()
    orgs = {k["role"]: k["organisation"] for k in keys}
    assert orgs["registrar"] == built.about["attachments"]["registrar"]
    assert orgs["provider"] == built.about["monitoring"]["provider"]


def test_a_second_call_reuses_the_build(built: Any) -> None:
    before = built.dir.joinpath("kepil.db").stat().st_mtime_ns
    again = build(built.dir, CLAIMS, 7)
    assert again.reused and again.keys == built.keys and again.about == built.about
    assert built.dir.joinpath("kepil.db").stat().st_mtime_ns == before


def test_another_size_or_a_changed_stamp_rebuilds(built: Any, tmp_path: Path) -> None:
    # The first build is a copy of the module's (a build is the slow part of this file); its stamp changed,
    # the copy is rebuilt with new secrets, then reused.
    shutil.copytree(built.dir, tmp_path / "d")
    stamp = tmp_path / "d" / "stamp.json"
    stamp.write_text(json.dumps({**json.loads(stamp.read_text()), "demo_version": 0}))
    second = build(tmp_path / "d", CLAIMS, 7)
    assert not second.reused and second.keys != built.keys  # new secrets
    assert build(tmp_path / "d", CLAIMS, 7).reused


def test_demo_no_serve_exits_0_and_prints_the_keys(tmp_path: Path) -> None:
    r = CliRunner().invoke(_app(), ["demo", "--dir", str(tmp_path / "d"), "--claims", "1000", "--no-serve"])
    assert r.exit_code == 0, r.output
    keys = json.loads((tmp_path / "d" / "keys.json").read_text(encoding="utf-8"))
    assert all(k["key"] in r.output for k in keys)
    assert "kepil serve --demo" in r.output
    # no raw Python value in what it prints (issue 18: "('2026-02', 1234)")
    assert not re.search(r"[(\[]'|'[)\]]|\b(?:None|True|False)\b", r.output), r.output
    again = CliRunner().invoke(
        _app(), ["demo", "--dir", str(tmp_path / "d"), "--claims", "1000", "--no-serve"]
    )
    assert again.exit_code == 0 and "Reused" in again.output


def test_a_directory_that_cannot_be_written_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    r = CliRunner().invoke(_app(), ["demo", "--dir", str(blocker / "demo"), "--no-serve", "--lang", "ru"])
    assert r.exit_code == 1
    assert "нельзя писать" in r.output and str(blocker / "demo") in r.output.replace("\n", "")
    assert "Traceback" not in r.output


def test_a_taken_port_is_a_clear_error_before_building(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r = CliRunner().invoke(_app(), ["demo", "--dir", str(tmp_path / "d"), "--port", str(port)])
    assert r.exit_code == 1 and "is taken" in r.output and "--port" in r.output
    assert not (tmp_path / "d" / "kepil.db").exists()


def test_serve_demo_without_a_build_names_the_command(tmp_path: Path) -> None:
    r = CliRunner().invoke(_app(), ["serve", "--demo", "--demo-dir", str(tmp_path / "none")])
    assert r.exit_code != 0 and "kepil demo --no-serve" in r.output


def test_bad_claims_count_names_the_option(tmp_path: Path) -> None:
    r = CliRunner().invoke(_app(), ["demo", "--dir", str(tmp_path / "d"), "--claims", "5", "--no-serve"])
    assert r.exit_code == 2 and "--claims" in r.output


def test_the_sign_in_page_offers_the_demo_keys(built: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from fastapi.testclient import TestClient

    from kepil.api.app import create_app
    from kepil.web.pages.home import DEMO_KEYS_ENV

    monkeypatch.delenv(DEMO_KEYS_ENV, raising=False)
    app = create_app(database_url=built.database_url)
    client = TestClient(app, follow_redirects=False)
    assert 'data-role="admin"' not in client.get("/login").text  # only a demonstration server offers them
    monkeypatch.setenv(DEMO_KEYS_ENV, str(built.keys_path))
    page = client.get("/login").text
    assert all(f'data-role="{role}"' in page for role in ("admin", "analyst", "registrar", "provider"))
    registrar = next(k for k in built.keys if k["role"] == "registrar")
    r = client.post("/login", data={"key": registrar["key"], "next": "/persons"})
    assert r.status_code == 303 and r.headers["location"] == "/persons"
    app.state.engine.dispose()
