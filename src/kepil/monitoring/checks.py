"""What a monitoring run checked (`monitoring-rules` 13, app1): each classifier row with the algorithms (and
their versions) that checked it, the rows no algorithm of the run checked and why, the algorithms not run
and why — so that "0 defects" of a row means "0 found by these algorithms", and a row nobody checked is
never read as clean. Written into summary.json / summary.md and the run's row in the store."""

from __future__ import annotations

from typing import Any

from kepil.i18n import LANGS, Lang, Text

NOT_RUN = Text(
    "алгоритмдері бұл іске қосуда жүргізілмеді: {reasons}",
    "его алгоритмы в этом запуске не выполнялись: {reasons}",
    "its algorithms were not run in this run: {reasons}",
)
CONTRACT_LEVEL = Text(
    "Лицензиясыз қызмет (10, үшінші бөлік): шарт деңгейінде, жіктеуіштің жолы жоқ",
    "Деятельность без лицензии (10, третья часть): на уровне договора, строки классификатора нет",
    "Activity without a licence (10, third part): contract-level, no classifier row",
)


def run_checks(period: str, claim_columns: frozenset[str]) -> dict[str, Any]:
    """{checked, not_checked, not_run, contract_level} of a run of `period` over claims with
    `claim_columns` (every algorithm in force; texts in kk/ru/en)."""
    from kepil.law.monitoring_rules.defects import plan
    from kepil.law.monitoring_rules.rows import row_checks

    p = plan(period, claim_columns)
    ran = {r.id for r in p.run}
    why_not = {r.id: reason for r, reason in p.not_run}
    checked: list[dict[str, Any]] = []
    not_checked: list[dict[str, Any]] = []
    for row in row_checks():
        head = {"row": row.row, "code": row.entry.code, "clause": row.clause}
        used = [r for r in row.automated_by if r.id in ran]
        if used:
            checked.append(
                head
                | {
                    "rules": [{"rule": r.id, "version": r.version} for r in used],
                    "also_for_review": None if row.review is None else row.review.as_dict(),
                }
            )
            continue
        if row.automated_by:
            missed = [r for r in row.automated_by if r.id in why_not]

            def said(lang: Lang, missed: list[Any] = missed, review: Text | None = row.review) -> str:
                reasons = "; ".join(f"{r.id}: {why_not[r.id][lang]}" for r in missed)
                return " ".join([NOT_RUN[lang].format(reasons=reasons), *([review[lang]] if review else [])])

            reason = Text(*(said(lang) for lang in LANGS))
        else:
            assert row.review is not None  # every row is automated or for review (tests/test_monitoring_rows)
            reason = row.review
        not_checked.append(head | {"reason": reason.as_dict()})
    contract = [
        {"rule": r.id, "version": r.version, "clause": r.clause, "note": CONTRACT_LEVEL.as_dict()}
        for r in p.run
        if r.level == "contract"
    ]
    return {
        "checked": checked,
        "not_checked": not_checked,
        "not_run": [
            {"rule": r.id, "version": r.version, "code": r.code, "reason": reason.as_dict()}
            for r, reason in p.not_run
        ],
        "contract_level": contract,
    }


def markdown_lines(checks: dict[str, Any]) -> list[str]:
    """The checks as summary.md lines (English)."""
    lines = ["", "## What was checked (monitoring-rules 13, app1)", ""]
    for c in checks["checked"]:
        rules = ", ".join(f"{r['rule']} v{r['version']}" for r in c["rules"])
        extra = " (the rest of the row: expert review)" if c["also_for_review"] else ""
        lines.append(f"- row {c['row']} ({c['code']}, {c['clause']}): {rules}{extra}")
    for c in checks["contract_level"]:
        lines.append(f"- clause {c['clause']}: {c['rule']} v{c['version']}")
    lines += ["", "## Not checked automatically: 0 defects here means nothing", ""]
    for c in checks["not_checked"]:
        lines.append(f"- row {c['row']} ({c['code'] or 'code lost'}, {c['clause']}): {c['reason']['en']}")
    if checks["not_run"]:
        lines += ["", "## Algorithms not run", ""]
        lines += [
            f"- {r['rule']} v{r['version']} ({r['code']}): {r['reason']['en']}" for r in checks["not_run"]
        ]
    return lines


__all__ = ["markdown_lines", "run_checks"]
