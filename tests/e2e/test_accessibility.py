"""Accessibility of every page in a real Chromium: axe-core (the WCAG 2.1 A and AA rules) finds no violation
of impact "serious" or "critical" on any page — in Kazakh, some in Russian and English, at desktop width
and at a phone's 390 × 844 — and the keyboard reaches every control, with a visible focus outline, and the
skip link moves the focus to the main content.

The pages: /, /login, /coverage (empty, with an answer, with a field's error), /persons and a person's
page with the attachment application (phc-attachment-rules 10.2), /monitoring with a code's drill-down and
a claim (monitoring-rules app1), /caps (program-2026-2028 app1), /access (79), /medicines (drug-rules
18-22), /law, an act, a clause, and the 403 and 404 pages. One browser context per page family (the
`page` fixture of conftest.py), so the run stays short.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

IIN = "850412312347"  # born 1985-04-12, male (the public coverage cases' person)
BAD_IIN = "850412312348"  # its check digit is wrong
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = {"serious", "critical"}
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
# A long table's rows repeat one template: axe checks the first 10 of each (the colour contrast of every
# cell of /medicines' 2 × 120 rows alone takes seconds; the heatmap's and the scorecard's rows are all there).
CONTEXT = {"exclude": [["tbody tr:nth-child(n+11)"]]}


# Beside axe (whose duplicate-id rules axe 4.x retired): every id once, and every id a label's `for`,
# aria-describedby or aria-labelledby names exists — an error tied to no element is never read out.
_IDS_JS = """() => {
  const out = [], seen = new Set();
  for (const e of document.querySelectorAll('[id]')) {
    if (seen.has(e.id)) out.push('duplicate id "' + e.id + '"');
    seen.add(e.id);
  }
  for (const e of document.querySelectorAll('label[for], [aria-describedby], [aria-labelledby]')) {
    const ids = [e.getAttribute('for'), e.getAttribute('aria-describedby'), e.getAttribute('aria-labelledby')]
      .filter(Boolean).join(' ').split(/\\s+/).filter(Boolean);
    for (const id of ids) {
      if (!document.getElementById(id)) out.push(e.tagName + ' names a missing id "' + id + '"');
    }
  }
  return out;
}"""


@cache
def _axe() -> Axe:
    return Axe()


class Audit:
    """Runs axe on the pages one after another and keeps the serious and critical violations."""

    def __init__(self, page: Any, viewport: str) -> None:
        self.page = page
        self.viewport = viewport
        self.found: list[str] = []
        self.checked: list[str] = []
        page.set_viewport_size(VIEWPORTS[viewport])

    def check(self, label: str) -> None:
        """axe on the page as it is now; `label` names it in the failure message."""
        where = f"{label} [{self.viewport}, lang={self.page.locator('html').get_attribute('lang')}]"
        self.checked.append(where)
        options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
        for problem in self.page.evaluate(_IDS_JS):
            self.found.append(f"{where}: {problem}")
        results = _axe().run(self.page, context=CONTEXT, options=options)
        for violation in results.response["violations"]:
            if violation.get("impact") not in FAILING_IMPACTS:
                continue
            for node in violation["nodes"]:
                target = " ".join(str(t) for t in node["target"])
                self.found.append(
                    f"{where}: {violation['id']} ({violation['impact']}) at {target}: {violation['help']}"
                    f" — {node.get('failureSummary', '').replace(chr(10), ' ')}"
                )

    def visit(self, path: str, label: str | None = None, status: int = 200) -> None:
        response = self.page.goto(path)
        assert response is not None and response.status == status, (
            f"{path}: HTTP {response and response.status}"
        )
        self.check(label or path)

    def visit_in(self, lang: str, path: str, status: int = 200) -> None:
        """The page in Russian or English (the choice stays in a cookie until the next ?lang=), at desktop
        width only: at a phone's the layout is the Kazakh page's."""
        if self.viewport == "desktop":
            self.visit(f"{path}{'&' if '?' in path else '?'}lang={lang}", f"{path} {lang}", status)

    def assert_clean(self) -> None:
        assert not self.found, f"{len(self.found)} accessibility violation(s):\n" + "\n".join(self.found)
        assert self.checked


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_public_pages_home_login_law_and_404(page: Any, viewport: str) -> None:
    audit = Audit(page, viewport)
    audit.visit("/")
    audit.visit("/login")
    audit.visit("/law")
    audit.visit("/law/program-2026-2028")
    audit.visit("/law/program-2026-2028/clause/79.4")  # the Kazakh paragraph of the GP panel (79.4)
    audit.visit("/law/no-such-act", "404", status=404)
    audit.visit_in("ru", "/")
    audit.visit_in("ru", "/law/program-2026-2028/clause/79.4")
    audit.visit_in("en", "/login")
    audit.visit_in("en", "/law")
    audit.assert_clean()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_coverage_empty_answered_and_with_a_field_error(
    page: Any, sign_in: Callable[..., Any], fill: Callable[..., None], viewport: str
) -> None:
    audit = Audit(page, viewport)
    sign_in("analyst", "/coverage")
    audit.check("/coverage empty")
    form = page.locator("#coverage-form")
    # the public case 01: a citizen's ambulance call is covered by the GVFMC (program-2026-2028 4)
    fill(form, iin=IIN, residency="citizen", insured="no", attached="yes", kind="ambulance",
         form="emergency", icd10="I21.0", date="2026-05-10")  # fmt: skip
    form.locator("button[type='submit']").click()
    expect(page.locator("div.answer")).to_have_attribute("data-covered", "true")
    page.locator("details#trace summary").click()
    audit.check("/coverage answered, trace open")
    for lang in ("kk", "en") if viewport == "desktop" else ("kk",):
        page.goto(f"/coverage?lang={lang}")
        form = page.locator("#coverage-form")
        fill(form, iin=BAD_IIN, residency="citizen", kind="ambulance", date="2026-05-10")
        form.locator("button[type='submit']").click()
        expect(form.locator("[name='iin']")).to_have_attribute("aria-invalid", "true")
        audit.check("/coverage with the IIN's error")
    audit.assert_clean()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_persons_search_and_the_application_form(
    page: Any, sign_in: Callable[..., Any], about: dict[str, Any], viewport: str
) -> None:
    a = about["attachments"]
    audit = Audit(page, viewport)
    sign_in("registrar", "/persons")
    audit.check("/persons")
    audit.visit(f"/persons/{a['free_iin']}", "/persons/{free iin} with the application form")
    expect(page.locator("#attach-form")).to_be_visible()
    # a refused application (no documents ticked) shows the checklist of what it needs (10.2)
    form = page.locator("#attach-form")
    form.locator("[name='ground']").select_option("free_choice")
    form.locator("[name='date']").fill("2026-07-01")
    form.locator("button[type='submit']:not([formmethod])").click()
    page.wait_for_load_state()
    audit.check("/persons/{free iin} refused application")
    audit.visit_in("ru", f"/persons/{a['free_iin']}")
    audit.visit("/persons/123", "/persons/{bad iin}", status=422)
    audit.assert_clean()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_monitoring_dashboard_drill_down_and_claim(
    page: Any, sign_in: Callable[..., Any], viewport: str
) -> None:
    audit = Audit(page, viewport)
    sign_in("analyst", "/monitoring")
    audit.check("/monitoring")
    page.locator("#table-by_code tbody tr a").first.click()
    expect(page).to_have_url(re.compile(r"/monitoring/defects\?"))
    audit.check("/monitoring/defects (drill-down)")
    page.locator("a[href^='/monitoring/claims/']").first.click()
    expect(page.locator("#table-claim_defects")).to_be_visible()
    audit.check("/monitoring/claims/{id}")
    audit.visit_in("ru", "/monitoring")
    audit.visit_in("en", "/monitoring")
    audit.visit("/monitoring?lang=kk&region=nowhere", "/monitoring bad filter", status=422)
    audit.assert_clean()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_monitoring_workflow_queue_worklist_and_forms(
    page: Any, sign_in: Callable[..., Any], about: dict[str, Any], viewport: str
) -> None:
    """monitoring-rules 26, 53, 53-1 and 13: the Fund's work queue, the review worklist with its finding
    forms, a hidden defect's card with the Fund's forms; the provider's queue and a refused objection."""
    m = about["monitoring"]
    audit = Audit(page, viewport)
    sign_in("fund", "/monitoring/inbox")
    audit.check("/monitoring/inbox (the Fund)")
    audit.visit(
        f"/monitoring/worklist?period={m['worklist_period']}&provider={m['provider']}", "/monitoring/worklist"
    )
    audit.visit(f"/monitoring/defect/{m['hidden_open']}", "/monitoring/defect/{hidden} (the Fund's forms)")
    audit.visit_in("ru", "/monitoring/worklist")
    audit.visit("/monitoring/worklist?share=abc", "/monitoring/worklist bad share", status=422)
    sign_in("provider", "/monitoring/inbox")
    audit.check("/monitoring/inbox (the provider)")
    audit.visit_in("en", f"/monitoring/defect/{m['objected'][1]}")
    audit.assert_clean()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_caps_access_medicines(page: Any, sign_in: Callable[..., Any], viewport: str) -> None:
    audit = Audit(page, viewport)
    sign_in("analyst", "/caps")
    audit.check("/caps")
    audit.visit("/access")
    audit.visit("/medicines")
    audit.visit_in("en", "/caps")
    audit.visit_in("ru", "/access")
    audit.assert_clean()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_403_and_404_pages_signed_in(page: Any, sign_in: Callable[..., Any], viewport: str) -> None:
    audit = Audit(page, viewport)
    sign_in("registrar")
    audit.visit("/caps", "403", status=403)
    audit.visit("/law/no-such-act", "404", status=404)
    audit.visit_in("en", "/caps", status=403)
    audit.assert_clean()


# --- the keyboard -----------------------------------------------------------------------------------------

# The controls a keyboard must reach: visible, enabled, not taken out of the tab order; each is numbered
# (data-kb) so that the Tab walk can name what it reached; a group of radio buttons is one stop.
_FOCUSABLE_JS = """() => {
  const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]';
  const out = {};
  let i = 0;
  for (const e of document.querySelectorAll(sel)) {
    if (e.disabled || e.getAttribute('tabindex') === '-1') continue;
    const inside = e.tagName === 'SUMMARY' ? e.parentElement.parentElement : e;  // shown when closed
    if (inside && inside.closest('details:not([open])')) continue;
    const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    if (r.width === 0 && r.height === 0 && !e.classList.contains('skip')) continue;
    if (s.visibility === 'hidden' || s.display === 'none') continue;
    const key = e.type === 'radio' ? 'radio:' + e.name : 'kb' + (i++);
    e.dataset.kb = key;
    out[key] = e.outerHTML.slice(0, 160);
  }
  return out;
}"""

# Each element that gets the focus is logged with whether its focus shows: an outline (or a box shadow) of
# some width.
_LOG_FOCUS_JS = """() => {
  window.__kbLog = [];
  document.addEventListener('focusin', (event) => {
    const e = event.target, s = getComputedStyle(e);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
    const key = e.dataset.kb || e.outerHTML.slice(0, 160);
    window.__kbLog.push({key: key, visible: outline || s.boxShadow !== 'none'});
  });
  document.activeElement && document.activeElement.blur();
  window.scrollTo(0, 0);
}"""


def _tab_through(page: Any, presses: int) -> tuple[list[str], list[str]]:
    """Press Tab `presses` times from the top of the page; the keys of the elements reached, in order, and
    those of them without a visible focus indicator."""
    page.evaluate(_LOG_FOCUS_JS)
    for _ in range(presses):
        page.keyboard.press("Tab")
    log: list[dict[str, Any]] = page.evaluate("() => window.__kbLog")
    reached = list(dict.fromkeys(entry["key"] for entry in log))
    unseen = list(dict.fromkeys(entry["key"] for entry in log if not entry["visible"]))
    return reached, unseen


@pytest.mark.parametrize(
    ("role", "path"),
    [
        (None, "/login"),
        ("analyst", "/coverage"),
        ("analyst", "/monitoring"),
        ("analyst", "/caps"),
        ("registrar", "/persons/{free_iin}"),
        (None, "/law"),
    ],
)
def test_keyboard_reaches_every_control_in_order_with_a_visible_focus(
    page: Any, sign_in: Callable[..., Any], about: dict[str, Any], role: str | None, path: str
) -> None:
    path = path.format(free_iin=about["attachments"]["free_iin"])
    if role:
        sign_in(role, path)
    page.goto(path)
    expected: dict[str, str] = page.evaluate(_FOCUSABLE_JS)
    assert expected, f"{path}: no control at all"
    # a date input takes up to four Tabs in Chromium (day, month, year, the calendar button)
    presses = len(expected) + 3 * page.locator("input[type=date]").count() + 3
    reached, unseen = _tab_through(page, presses)
    missing = [html for key, html in expected.items() if key not in reached]
    assert not missing, f"{path}: {len(missing)} control(s) the Tab key never reaches: {missing[:10]}"
    assert not unseen, (
        f"{path}: focus without a visible outline on {[expected.get(k, k) for k in unseen[:10]]}"
    )
    # the focus follows the reading order (no positive tabindex reorders it)
    order = [key for key in reached if key in expected]
    assert order == list(expected), f"{path}: Tab order differs from the page's order"


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_skip_link_is_first_and_moves_the_focus_to_main(
    page: Any, sign_in: Callable[..., Any], viewport: str
) -> None:
    page.set_viewport_size(VIEWPORTS[viewport])
    sign_in("analyst", "/monitoring")
    page.goto("/monitoring")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()  # shown when focused, not left off-screen
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    page.keyboard.press("Tab")  # the next Tab continues inside main, not back in the header
    inside = page.evaluate("() => !!document.activeElement.closest('main')")
    assert inside, "after the skip link, Tab goes back to the header"
