"""The pages under attack and careless use (issue 7, brief J): garbage in every query parameter and form field
answers 4xx naming the field, never 500 and never unescaped; roles hold on every page, export and POST;
exports do not carry formulas; sign-in's redirect stays on the site; forms posted from another site are
refused; `serve --demo` offers its admin keys on loopback only, and plain `serve` never."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from kepil.errors import CommandFailed
from stored_defects import craft, register, store

IIN = "360207300009"  # a valid IIN (born 1936-02-07, male)
SCRIPT = "<script>alert(1)</script>"
GARBAGE = [
    "x",
    "2026-02-30",
    "2026-13",
    "-1",
    "0",
    "1.5",
    "9" * 30,
    "9223372036854775808",  # 2**63: beyond a 64-bit integer
    "²",  # "²".isdigit() is true; int("²") raises
    "０１",  # full-width digits
    SCRIPT,
    "A" * 5000,
    "\x00",
    "'\";--",
]


@pytest.fixture
def seeded(api: Any) -> Any:
    """ORG1 (a PHC organisation), providers P1 and P2 with one monitored month: P1's claim C1, P2's C2."""
    register(api, "ORG1", phc=True)
    register(api, "P1")
    register(api, "P2")
    store(api.engine, [craft("C1", "K1", "P1", id="D1"), craft("C2", "K2", "P2", id="D2")])
    return api


# ------------------------------------------------------------------ garbage on every page
# (method, path, the well-formed fields the request carries, the fields to spoil)
COVERAGE = {"iin": IIN, "birth_date": "1936-02-07", "sex": "male", "residency": "citizen", "kind": "phc",
            "icd10": "J06.9", "date": "2026-03-01"}  # fmt: skip
COVERAGE_FIELDS = [*COVERAGE, "rehabilitation_stage", "form", "insured", "attached", "policies", "referral"]
WALK: list[tuple[str, str, dict[str, str], list[str]]] = [
    ("GET", "/", {}, ["lang"]),
    ("GET", "/login", {}, ["next"]),
    ("POST", "/login", {"key": "kepil_nope"}, ["key", "next"]),
    ("GET", "/coverage", COVERAGE, COVERAGE_FIELDS),
    ("POST", "/coverage", COVERAGE, COVERAGE_FIELDS),
    ("GET", "/persons", {}, ["iin"]),
    ("GET", f"/persons/{IIN}", {}, ["on", "attached", "detached", "export", "format"]),
    ("GET", f"/persons/{IIN}", {"check": "1", "ground": "choice", "date": "2026-03-01"},
     ["ground", "date", "channel", "applicant", "organisation_id", "person_category"]),
    ("POST", f"/persons/{IIN}/attach", {"ground": "choice", "date": "2026-03-01", "channel": "in_person",
                                         "applicant": "self", "organisation_id": "ORG1"},
     ["ground", "date", "channel", "applicant", "documents", "organisation_id", "valid_until"]),
    ("POST", f"/persons/{IIN}/detach", {"attachment_id": "1", "date": "2026-03-01", "reason": "moved"},
     ["attachment_id", "date", "reason"]),
    ("GET", "/monitoring", {}, ["period", "region", "provider", "on", "export", "format"]),
    ("GET", "/monitoring/defects", {"code": "4.0"}, ["code", "page", "period", "region", "provider", "on"]),
    ("GET", "/monitoring/claims/C1", {}, ["on", "export", "format"]),
    ("GET", "/monitoring/defect/D1", {}, ["on"]),
    ("GET", "/caps", {}, ["scope", "year", "group", "rural", "measure", "export", "format"]),
    ("GET", "/access", {}, ["scope", "export", "format"]),
    ("GET", "/medicines", {}, ["year", "export", "format"]),
    ("GET", "/law", {}, ["export", "format"]),
    ("GET", "/law/program-2026-2028/clause/79.4", {}, ["lang"]),
]  # fmt: skip
PATHS = [
    *(f"/persons/{v}" for v in ("x", "000000000000", "9" * 40, "３６０２０７３０００９")),
    *(f"/monitoring/claims/{v}" for v in ("x", "A" * 3000, "%2e%2e", "C1%00")),
    *(f"/monitoring/defect/{v}" for v in ("x", "-1", "9" * 30)),
    *(f"/law/{v}" for v in ("x", "..", "%3Cscript%3Ealert(1)%3C%2Fscript%3E")),
    *(
        f"/law/program-2026-2028/clause/{v}"
        for v in ("x", "99999", "app1.²", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "1%2F..%2F2")
    ),
    *(f"/ui/iin/{v}" for v in ("x", "9" * 12, "000000000000", "９" * 12)),
]


def _send(client: Any, method: str, path: str, values: dict[str, str]) -> Any:
    return client.get(path, params=values) if method == "GET" else client.post(path, data=values)


@pytest.mark.parametrize(("method", "path", "base", "fields"), WALK, ids=[f"{m} {p}" for m, p, _, _ in WALK])
def test_garbage_in_any_field_is_a_4xx_never_a_500_nor_a_script(seeded, method, path, base, fields) -> None:  # type: ignore[no-untyped-def]
    """Every field of every page spoiled, one at a time, as admin (every page open): an ordinary answer."""
    client = seeded.page_client("admin", lang="en")
    for field in fields:
        for value in GARBAGE:
            r = _send(client, method, path, {**base, field: value})
            assert r.status_code < 500, (method, path, field, value[:30], r.text[-300:])
            assert SCRIPT not in r.text, (method, path, field)  # autoescaped wherever it is echoed


def test_garbage_paths_are_4xx(seeded) -> None:  # type: ignore[no-untyped-def]
    client = seeded.page_client("admin", lang="en")
    for path in PATHS:
        r = client.get(path)
        assert r.status_code < 500, (path, r.text[-300:])
        assert SCRIPT not in r.text, path


@pytest.mark.parametrize("value", ["²", "9" * 30, "9223372036854775808", "0", "-1", "x"])
def test_a_drill_down_page_that_is_not_a_number_is_422_naming_page(seeded, value: str) -> None:  # type: ignore[no-untyped-def]
    r = seeded.page_client("analyst", lang="en").get(
        "/monitoring/defects", params={"code": "4.0", "page": value}
    )
    assert r.status_code == 422 and 'data-field="page"' in r.text and "is not a page number" in r.text


def test_a_drill_down_page_beyond_the_last_is_404_naming_page(seeded) -> None:  # type: ignore[no-untyped-def]
    c = seeded.page_client("analyst", lang="en")
    assert c.get("/monitoring/defects?code=4.0&page=1").status_code == 200
    r = c.get("/monitoring/defects?code=4.0&page=2")
    assert r.status_code == 404 and "There is no page 2: there are 1 pages" in r.text


def test_caps_year_in_other_digits_is_422_naming_year(seeded) -> None:  # type: ignore[no-untyped-def]
    r = seeded.page_client("analyst", lang="en").get("/caps?year=²")
    assert r.status_code == 422 and 'id="year-error"' in r.text


def test_a_rehabilitation_stage_in_other_digits_names_the_field(seeded) -> None:  # type: ignore[no-untyped-def]
    """`program-2026-2028` rehabilitation stages are numbers; "²" is not one: the field's 422."""
    c = seeded.page_client("analyst", lang="en")
    r = c.post("/coverage", data={**COVERAGE, "kind": "rehabilitation", "rehabilitation_stage": "²"})
    assert r.status_code == 422 and "rehabilitation_stage" in r.text


def test_detaching_an_attachment_id_beyond_any_integer_is_404(seeded) -> None:  # type: ignore[no-untyped-def]
    c = seeded.page_client("registrar", "ORG1", lang="en")
    for value in ("9" * 30, "9223372036854775808", "2147483648", "²"):
        r = c.post(
            f"/persons/{IIN}/detach", data={"attachment_id": value, "date": "2026-03-01", "reason": "x"}
        )
        assert r.status_code == 404, (value, r.text[-300:])


# ------------------------------------------------------------------ roles
def test_a_refused_export_is_403_not_a_404_and_carries_no_file(seeded) -> None:  # type: ignore[no-untyped-def]
    """A registrar asking for the monitoring table's CSV: the role's 403 page, not 'no such table'."""
    r = seeded.page_client("registrar", "ORG1", lang="en").get("/monitoring?export=by_code&format=csv")
    assert r.status_code == 403 and r.headers["content-type"].startswith("text/html")
    r = seeded.page_client("provider", "P1", lang="en").get(
        "/monitoring?provider=P2&export=by_code&format=csv"
    )
    assert r.status_code == 403 and "attachment" not in r.headers.get("content-disposition", "")


def test_signed_out_exports_and_posts_go_to_sign_in(seeded) -> None:  # type: ignore[no-untyped-def]
    c = seeded.page_client()
    exports = (
        "/monitoring?export=by_code&format=csv",
        f"/persons/{IIN}?export=history&format=xlsx",
        "/caps?export=utilisation&format=csv",
        "/monitoring/claims/C1?export=claim_defects",
    )
    for url in exports:
        r = c.get(url)
        assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
    for url in (f"/persons/{IIN}/attach", f"/persons/{IIN}/detach", "/coverage"):
        assert c.post(url, data={"attachment_id": "1"}).status_code == 303


def test_a_provider_cannot_read_another_providers_claim_defect_or_export(seeded) -> None:  # type: ignore[no-untyped-def]
    mine = seeded.page_client("provider", "P1", lang="en")
    assert mine.get("/monitoring/claims/C1?export=claim_defects&format=csv").status_code == 200
    for url in ("/monitoring/claims/C2", "/monitoring/defect/D2",
                "/monitoring/claims/C2?export=claim_defects&format=csv",
                "/monitoring/defect/D2?export=details_1&format=xlsx"):  # fmt: skip
        r = mine.get(url)
        assert r.status_code == 403 and "P2" not in r.text, url
    drill = mine.get("/monitoring/defects?code=4.0&export=defects&format=csv")
    assert drill.status_code == 200 and "C2" not in drill.text and "C1" in drill.text


# ------------------------------------------------------------------ exports
def _defects_with(api: Any, reason_field: dict[str, Any]) -> None:
    register(api, "P1")
    store(api.engine, [craft("C1", "K1", "P1", id="D1", **reason_field)])


def test_exports_carry_no_formula_from_the_data(api) -> None:  # type: ignore[no-untyped-def]
    """A cell someone typed (here a claim id, a contract id and the details) starting with = + - @: a CSV
    cell quoted with an apostrophe (OWASP), an XLSX cell written as text, not as a formula."""
    evil = '=HYPERLINK("http://evil.example","x")'
    _defects_with(api, {"claim_id": evil, "contract_id": "@SUM(A1)",
                        "details": json.dumps({"note": "+1+1", "days": -3})})  # fmt: skip
    c = api.page_client("analyst", lang="en")
    r = c.get("/monitoring/defects?code=4.0&export=defects&format=csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'" + evil in cells and "'@SUM(A1)" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)
    x = c.get("/monitoring/defects?code=4.0&export=defects&format=xlsx")
    sheet = load_workbook(io.BytesIO(x.content)).active
    values = [(cell.value, cell.data_type) for row in sheet.iter_rows(min_row=2) for cell in row]
    assert (evil, "s") in values and not any(kind == "f" for _, kind in values)
    # the details of the claim page: numbers stay numbers, a text starting with + is quoted
    d = c.get("/monitoring/defect/D1?export=details_1&format=csv")
    details = dict(csv.reader(io.StringIO(d.content.decode("utf-8-sig"))))
    assert details["The expert's note"] == "'+1+1" and details["Days between"] == "-3"


def test_a_details_table_exports_as_xlsx_despite_a_colon_in_its_title(api) -> None:  # type: ignore[no-untyped-def]
    """The claim page's 'inputs that decided' tables are titled 'Inputs of 4.0: rule': Excel forbids ':' in
    a sheet name, so the export used to fail (500)."""
    _defects_with(api, {"details": json.dumps({"note": "bad\x01char"})})
    c = api.page_client("analyst", lang="en")
    x = c.get("/monitoring/claims/C1?export=details_1&format=xlsx")
    assert x.status_code == 200, x.text[-300:]
    sheet = load_workbook(io.BytesIO(x.content)).active
    assert ":" not in sheet.title and [c.value for c in sheet[2]] == ["The expert's note", "bad\ufffdchar"]


# ------------------------------------------------------------------ sign-in
@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "/\\/evil.example", "/\t/evil.example",
     "\\\\evil.example", "javascript:alert(1)", "evil.example", "/\r\nX: 1", "/\x7f/evil.example"],
)  # fmt: skip
def test_sign_in_returns_only_to_a_path_of_this_site(api, target: str) -> None:  # type: ignore[no-untyped-def]
    from kepil.web.pages.home import _safe_next

    assert _safe_next(target) == "/"  # not only what Starlette's quoting of Location happens to make safe
    r = api.page_client().post("/login", data={"key": api.key("analyst"), "next": target})
    assert r.status_code == 303 and r.headers["location"] == "/"
    form = api.page_client().get("/login", params={"next": target}).text
    assert 'name="next" value="/"' in form


def test_the_sign_in_cookie_is_httponly_strict_and_secure_over_https(api) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    https = TestClient(api.app, base_url="https://kepil.test", follow_redirects=False)
    r = https.post("/login", data={"key": api.key("analyst"), "next": "/"})
    cookie = r.headers["set-cookie"].lower()
    assert (
        "httponly" in cookie
        and "samesite=strict" in cookie
        and "secure" in cookie
        and "max-age=43200" in cookie
    )


def test_sign_out_is_a_post_and_a_get_changes_nothing(api) -> None:  # type: ignore[no-untyped-def]
    c = api.page_client("analyst")
    assert c.get("/logout").status_code == 405
    r = c.post("/logout")
    assert r.status_code == 303 and 'kepil_key=""' in r.headers["set-cookie"]


def test_a_revoked_key_stops_opening_pages_at_once(api) -> None:  # type: ignore[no-untyped-def]
    """A key revoked by the serving process is refused from the next request on (docs/service.md): the
    cookie is sent to sign in again."""
    from kepil.store.keys import PREFIX, revoke

    c = api.page_client("analyst")
    assert c.get("/caps").status_code == 200
    revoke(api.engine, api.key("analyst").removeprefix(PREFIX).split(".")[0])
    r = c.get("/caps")
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/caps"


# ------------------------------------------------------------------ forms from another site (CSRF)
@pytest.mark.parametrize(
    "headers",
    [{"sec-fetch-site": "cross-site"}, {"sec-fetch-site": "same-site"}, {"origin": "https://evil.example"},
     {"origin": "null"}],
)  # fmt: skip
def test_a_form_posted_from_another_site_is_refused(api, headers: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    """Login CSRF (the victim signed in with the attacker's key), logout CSRF and the registrar's actions:
    403 before anything is done, and no cookie set."""
    register(api, "ORG1", phc=True)
    r = api.page_client(lang="en").post(
        "/login", data={"key": api.key("analyst"), "next": "/"}, headers=headers
    )
    assert r.status_code == 403 and "set-cookie" not in r.headers and "another site" in r.text
    assert api.page_client("analyst").post("/logout", headers=headers).status_code == 403
    registrar = api.page_client("registrar", "ORG1")
    for url in (f"/persons/{IIN}/attach", f"/persons/{IIN}/detach", "/coverage"):
        assert registrar.post(url, data={"attachment_id": "1"}, headers=headers).status_code == 403


@pytest.mark.parametrize(
    "headers",
    [{"sec-fetch-site": "same-origin"}, {"sec-fetch-site": "none"}, {"origin": "http://testserver"}, {}],
)
def test_a_form_of_this_site_is_accepted(api, headers: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    r = api.page_client().post("/login", data={"key": api.key("analyst"), "next": "/caps"}, headers=headers)
    assert (
        r.status_code == 303 and r.headers["location"] == "/caps" and "kepil_key=" in r.headers["set-cookie"]
    )


def test_the_api_is_not_concerned_by_the_page_forms_origin_check(api) -> None:  # type: ignore[no-untyped-def]
    """The API takes Bearer keys, which no other site's form can send: its POSTs keep working."""
    r = api.as_("analyst").post(
        "/v1/coverage/decisions", content=b"{}", headers={"sec-fetch-site": "cross-site"}
    )
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_input"


# ------------------------------------------------------------------ serve --demo
def _cli() -> Any:
    import typer

    from kepil.cli import demo as demo_cli
    from kepil.cli import serve as serve_cli

    app = typer.Typer()
    demo_cli.register(app)
    serve_cli.register(app)
    return app


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.5", "example.org"])
def test_serve_demo_refuses_a_non_loopback_host(tmp_path: Path, host: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The demonstration keys are real admin keys the sign-in page offers as buttons."""
    import uvicorn
    from typer.testing import CliRunner

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: pytest.fail("served"))
    (tmp_path / "kepil.db").touch()
    (tmp_path / "keys.json").write_text("[]")
    r = CliRunner().invoke(_cli(), ["serve", "--demo", "--demo-dir", str(tmp_path), "--host", host])
    assert r.exit_code != 0 and "--demo-public" in r.output and "admin" in r.output
    r = CliRunner().invoke(_cli(), ["demo", "--dir", str(tmp_path / "d"), "--host", host, "--claims", "5"])
    assert r.exit_code != 0 and "--demo-public" in r.output
    assert not (tmp_path / "d").exists()  # refused before minutes of building


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost", "[::1]"])
def test_loopback_hosts_are_local(host: str) -> None:
    from kepil.cli.serve import check_demo_host, is_loopback

    assert is_loopback(host)
    check_demo_host(host, public=False)


def test_serve_demo_public_warns_loudly_and_plain_serve_never_offers_keys(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import uvicorn

    from kepil.cli import serve as serve_cli
    from kepil.store.migrate import upgrade
    from kepil.web.pages.home import DEMO_KEYS_ENV

    url = f"sqlite:///{tmp_path / 'kepil.db'}"
    upgrade(url)
    seen: dict[str, str | None] = {}
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: seen.update(keys=os.environ.get(DEMO_KEYS_ENV)))
    monkeypatch.setattr(serve_cli, "check_port", lambda host, port: None)
    keys = tmp_path / "keys.json"
    keys.write_text("[]")
    monkeypatch.setenv(DEMO_KEYS_ENV, str(keys))  # left over in the shell from a demonstration
    serve_cli.serve(url, "0.0.0.0", 8000)
    assert seen["keys"] is None  # plain serve: no sign-in buttons, whatever the environment said
    serve_cli.serve(url, "0.0.0.0", 8000, demo_keys=keys, demo_public=True)
    assert seen["keys"] == str(keys)
    assert "WARNING: the demonstration is open on 0.0.0.0" in capsys.readouterr().err
    with pytest.raises(CommandFailed):
        serve_cli.serve(url, "0.0.0.0", 8000, demo_keys=keys)


def test_serve_demo_public_warns_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`kepil serve --demo --demo-public` checks the host first and warns once (serve() warns; the early
    check only refuses)."""
    import uvicorn
    from typer.testing import CliRunner

    from kepil.cli import serve as serve_cli
    from kepil.store.migrate import upgrade

    upgrade(f"sqlite:///{tmp_path / 'kepil.db'}")
    (tmp_path / "keys.json").write_text("[]")
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: None)
    monkeypatch.setattr(serve_cli, "check_port", lambda host, port: None)
    args = ["serve", "--demo", "--demo-dir", str(tmp_path), "--host", "0.0.0.0", "--demo-public"]
    r = CliRunner().invoke(_cli(), args)
    assert r.exit_code == 0, r.output
    assert r.output.count("WARNING: the demonstration is open on 0.0.0.0") == 1


# ------------------------------------------------------------------ headers
def test_pages_are_never_framed_and_send_no_referer_beyond_the_site(seeded) -> None:  # type: ignore[no-untyped-def]
    """Page addresses carry IINs (/persons/{iin}): no Referer leaves the site; no other site frames a page
    (clickjacking); no script or style but the site's own (no CDN, no inline script)."""
    for r in (seeded.page_client().get("/"), seeded.page_client("analyst").get(f"/persons/{IIN}"),
              seeded.page_client("registrar", "ORG1").get("/caps")):  # fmt: skip
        csp = r.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp and "form-action 'self'" in csp
        assert r.headers["referrer-policy"] == "same-origin" and r.headers["x-frame-options"] == "DENY"
        assert r.headers["x-content-type-options"] == "nosniff"
    exported = seeded.page_client().get("/law?export=acts&format=csv")
    assert exported.headers["x-content-type-options"] == "nosniff"
