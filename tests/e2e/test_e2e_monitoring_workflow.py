"""The Fund's monitoring workflow as its two sides use it, in headless Chromium on the demonstration data
(`monitoring-rules` 13, 26, 53, 53-1, 53-2): the Fund's expert records a finding on a worklist claim of the
provider; the provider sees it in its work queue and objects with its reasons within the window; the Fund
answers in its queue; the provider reads the answer. And a hidden defect taken by the Fund through notice,
unscheduled monitoring and refund. Pages in Kazakh (the default): the checks read ids and states, not words,
except where a word is the point."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from playwright.sync_api import expect

from kepil.web.pages.monitoring.texts import TEXTS


def test_finding_objection_and_answer_between_the_fund_and_the_provider(
    page: Any, sign_in: Callable[..., Any], about: dict[str, Any], snap: Callable[[Any, str], None]
) -> None:
    m = about["monitoring"]
    provider, claim = m["provider"], m["worklist_claims"][0]
    # the Fund's expert: the worklist, narrowed to the provider, a finding on one of its claims (13, app1)
    sign_in("fund", f"/monitoring/worklist?period={m['worklist_period']}&provider={provider}")
    table = page.locator("#table-worklist")
    expect(table.locator("tbody tr").first).to_be_visible()
    expect(table).to_contain_text(claim)
    form = page.locator(f"form#finding-{claim}")
    page.locator("details.finding", has=form).locator("summary").click()
    form.locator("select[name='code']").select_option("8.0")
    form.locator("textarea[name='note']").fill("Пациенттің шағымы негізді: қызмет толық көрсетілмеген")
    snap(page, "worklist")
    form.locator("button[type='submit']").click()
    expect(page).to_have_url(re.compile(r"/monitoring/defect/[0-9a-f]{16}\?done=finding"))
    expect(page.locator("p.notice[role='alert']")).to_have_text(TEXTS["done_finding"]["kk"])
    defect_id = re.search(r"/monitoring/defect/([0-9a-f]{16})", page.url)[1]  # type: ignore[index]
    expect(page.locator(f"#workflow-{defect_id} li[data-step='objection']")).to_be_visible()
    # the provider: its work queue shows the defect open to objection; it objects with its reasons (26)
    sign_in("provider", "/monitoring/inbox")
    expect(page.locator(f"main a[href='/monitoring/defect/{defect_id}']").first).to_be_visible()
    page.locator(f"main a[href='/monitoring/defect/{defect_id}']").first.click()
    objection = page.locator(f"form#objection-{defect_id}")
    objection.locator("button[type='submit']").click()  # no reasons: the browser keeps it (required)
    expect(page).to_have_url(re.compile(rf"/monitoring/defect/{defect_id}$"))
    objection.locator("textarea[name='reason']").fill("Шағым кері қайтарылды, қызмет толық көрсетілді")
    objection.locator("button[type='submit']").click()
    expect(page.locator("p.notice[role='alert']")).to_have_text(TEXTS["done_objection"]["kk"])
    expect(page.locator(f"#workflow-{defect_id} li[data-step='decision']")).to_be_visible()
    expect(page.locator(f"form#objection-{defect_id}")).to_have_count(0)
    snap(page, "objected")
    # the Fund: the objection awaits its answer; it withdraws the defect with its reasons
    sign_in("fund", "/monitoring/inbox")
    page.locator(f"main a[href='/monitoring/defect/{defect_id}']").first.click()
    decision = page.locator(f"form#decision-{defect_id}")
    decision.locator("input[name='outcome'][value='withdrawn']").check()
    decision.locator("textarea[name='reason']").fill("Қарсылық негізді: шағым кері қайтарылған")
    decision.locator("button[type='submit']").click()
    expect(page.locator("p.notice[role='alert']")).to_have_text(TEXTS["done_decision"]["kk"])
    # the provider reads the answer, and who did what (the history)
    sign_in("provider", f"/monitoring/defect/{defect_id}")
    card = page.locator(f"#workflow-{defect_id}")
    expect(card).to_contain_text("Қарсылық негізді: шағым кері қайтарылған")
    history = page.locator("table[id^='table-history_']")
    expect(history.locator("tbody tr")).to_have_count(3)  # finding, objection, answer
    expect(history).to_contain_text(TEXTS["a_withdrawn"]["kk"])
    snap(page, "answered")


def test_a_hidden_defect_notice_unscheduled_monitoring_and_refund(
    page: Any, sign_in: Callable[..., Any], about: dict[str, Any]
) -> None:
    """53: the notice; 2.6 and 53: the unscheduled monitoring sets the amount (the penalty by default);
    53-1: the refund; 53-2 is said beside it."""
    defect_id = about["monitoring"]["hidden_open"]
    sign_in("fund", f"/monitoring/defect/{defect_id}?lang=en")
    for step in ("notice", "unscheduled", "refund"):
        form = page.locator(f"form#{step}-{defect_id}")
        expect(form).to_be_visible()
        if step == "refund":
            expect(form).to_contain_text("current payments continue")
        form.locator("button[type='submit']").click()
        expect(page.locator("p.notice[role='alert']")).to_have_text(TEXTS[f"done_{step}"]["en"])
    steps = page.locator(f"#workflow-{defect_id} li")
    expect(steps).to_have_count(1)  # nothing left to do: only the closed objection window (26) is said
    expect(steps).to_have_attribute("data-step", "objection_closed")
    history = page.locator("table[id^='table-history_'] tbody tr")
    expect(history).to_have_count(3)


def test_the_provider_cannot_take_the_funds_steps(
    page: Any, sign_in: Callable[..., Any], about: dict[str, Any]
) -> None:
    sign_in("provider", "/monitoring/worklist")
    expect(page.locator("main h1")).to_be_visible()
    assert page.locator("#table-worklist").count() == 0  # 403: the worklist is the Fund's
    page.goto("/monitoring/inbox?lang=en")
    expect(page.locator("main")).to_contain_text(TEXTS["q_open"]["en"])
    assert page.locator("form[action$='/decision'], form[action$='/notice']").count() == 0
