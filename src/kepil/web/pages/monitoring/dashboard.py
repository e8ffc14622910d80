"""`/monitoring?period&region&provider&on`: KPI cards, defects by code (ranked bars), over time (stacked
columns), by region or by provider, objections (`monitoring-rules` 26) and hidden defects (53, 53-1) with
overdue flags, from `monitoring_summary` (kepil.monitoring.dashboard)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from kepil.i18n import Lang
from kepil.monitoring import dashboard as db
from kepil.store.keys import Principal
from kepil.store.providers import organisation_names
from kepil.web import charts
from kepil.web.pages.monitoring.columns import defect_columns, overdue_class
from kepil.web.pages.monitoring.filters import (
    BadFilters,
    form_context,
    named_options,
    page_number,
    pager,
    parse_filters,
    query,
    typed,
    viewer_of_monitoring,
)
from kepil.web.pages.monitoring.texts import (
    TEXTS,
    code_clause,
    code_name,
    code_short,
    law_href,
    region_name,
)
from kepil.web.render import lang_of, page
from kepil.web.tables import Column, Table

router = APIRouter(include_in_schema=False)
PROVIDER_OPTIONS = 500  # the filter's suggestions at most


@router.get("/monitoring")
def dashboard(request: Request, who: Principal = Depends(viewer_of_monitoring)) -> Response:
    engine = request.app.state.engine
    lang = lang_of(request)
    try:
        f, _, raw = parse_filters(request, who, engine)
        asked = _list_pages(request, lang)
    except BadFilters as e:
        raw = typed(request)
        return page(
            request,
            "monitoring.html",
            TEXTS,
            who,
            "monitoring",
            status=422,
            errors=e.errors,
            f=None,
            **form_context(request, who, engine, raw, lang),
        )
    form = form_context(request, who, engine, raw, lang)
    if f is None:
        return page(
            request,
            "monitoring.html",
            TEXTS,
            who,
            "monitoring",
            errors={},
            f=None,
            message=TEXTS["no_runs"][lang],
            **form,
        )
    kpis = db.kpis(engine, f)
    kpis["rate"] = db.rate(kpis["defects"], kpis["claims"])
    try:
        tables, charts_, names, pagers = _dashboard_tables(engine, f, lang, kpis, asked)
    except BadFilters as e:  # a list's page beyond its last
        return page(request, "monitoring.html", TEXTS, who, "monitoring", status=404, errors=e.errors, f=None,
                    **form)  # fmt: skip
    # the provider is chosen by name: the providers of the scope's region (or of all), named
    options = db.providers(engine, db.Filters(f.period, f.region, None, f.on))[:PROVIDER_OPTIONS]
    if f.provider is not None and f.provider not in options:
        options.append(f.provider)
    form["provider_options"] = named_options(engine, options)
    names = {**dict(form["provider_options"]), **names}
    return page(
        request,
        "monitoring.html",
        TEXTS,
        who,
        "monitoring",
        tables=tables,
        errors={},
        f=f,
        kpis=kpis,
        charts=charts_,
        pagers=pagers,
        region_label=region_name(f.region, lang),
        provider_label=_provider_label(f.provider, names),
        **form,
    )


LISTS = ("objections", "hidden")  # the dashboard's lists of defects, paged (issue 18: long tables page)


def _list_pages(request: Request, lang: Lang) -> dict[str, int]:
    """The page asked of each list (`objections_page`, `hidden_page`; default 1); a value that is not a
    page number is refused by its field."""
    asked = {name: page_number(request.query_params.get(f"{name}_page") or "", lang) for name in LISTS}
    errors = {f"{name}_page": v for name, v in asked.items() if isinstance(v, str)}
    if errors:
        raise BadFilters(errors)
    return {name: int(v) for name, v in asked.items()}


def _pager(f: db.Filters, asked: dict[str, int], name: str, total: int, lang: Lang) -> dict[str, Any]:
    """A list's pager (50 a page; the other list stays on its page); a page beyond the last is refused
    (404, naming the field)."""

    def link(n: int) -> str:
        pages_now = {f"{x}_page": n if x == name else asked[x] for x in LISTS}
        return f"/monitoring?{query(f, **pages_now)}#tt-{name}"

    p = pager(asked[name], total, db.PAGE_SIZE, link, lang)
    if p["error"]:
        raise BadFilters({f"{name}_page": p["error"]})
    return p


def _provider_label(provider: str | None, names: dict[str, str]) -> str | None:
    if provider is None:
        return None
    return names.get(provider) or provider


def _drill(f: db.Filters) -> Any:
    return lambda row: f"/monitoring/defects?{query(f, code=row['code'])}"


def _dashboard_tables(
    engine: Any, f: db.Filters, lang: Lang, kpis: dict[str, Any], asked: dict[str, int]
) -> tuple[list[Table], dict[str, Any], dict[str, str], dict[str, Any]]:
    """The page's tables and charts, the registry's names of the providers shown (ranking, chosen) and the
    pagers of the lists (objections, hidden defects) at the pages `asked`."""
    t = TEXTS
    names: dict[str, str] = {}
    codes = db.by_code(engine, f)
    for r in codes:
        r["name"] = code_name(r["code"], lang)
        r["short"] = code_short(r["code"], lang)
        r["clause"] = code_clause(r["code"])
        r["other"] = r["defects"] - r["significant"]
        r["rate"] = db.rate(r["defects"], kpis["claims"])
    by_code = Table(
        "by_code",
        t["t_by_code"],
        [
            Column("code", t["h_code"], href=_drill(f)),
            Column("name", t["h_name"]),
            Column("clause", t["h_clause"], "clause", href=lambda r: law_href(r["clause"])),
            Column("defects", t["h_defects"], "int"),
            Column("significant", t["h_significant"], "int"),
            Column("other", t["h_other"], "int"),
            Column("rate", t["h_rate"], "num"),
            Column("penalty", t["h_penalty"], "money"),
        ],
        codes,
    )
    history = db.over_time(engine, f)
    over_time = Table(
        "over_time",
        t["t_over_time"],
        [
            Column("period", t["h_period"]),
            Column("significant", t["h_significant"], "int"),
            Column("other", t["h_other"], "int"),
            Column("defects", t["h_defects"], "int"),
            Column("penalty", t["h_penalty"], "money"),
        ],
        history,
    )
    out = [by_code, over_time]
    # each chart with its title shown above it (the template's figcaption); bars by code and short name
    charts_: dict[str, Any] = {
        "by_code": (
            t["c_chart"][lang],
            charts.bars(
                [(_short(f"{r['code']} · {r['short']}", 52), r["defects"]) for r in codes],
                t["c_chart"][lang],
                width=760,
                label_width=360,
            ),
        ),
        "over_time": (
            t["c_over_time"][lang],
            charts.columns(
                [r["period"] for r in history],
                [
                    (t["s_significant"][lang], [r["significant"] for r in history]),
                    (t["s_other"][lang], [r["other"] for r in history]),
                ],
                t["c_over_time"][lang],
            ),
        ),
    }
    if f.provider is None:
        by = "region" if f.region is None else "provider_id"
        rows = db.ranked(engine, f, by)
        judged = db.judged_by(engine, f, by) or {}
        for r in rows:
            r["claims"] = judged.get(r[by])
            r["rate"] = db.rate(r["defects"], r["claims"])
        if by == "region":
            for r in rows:
                r["name"] = region_name(r["region"], lang)
            first = Column(
                "name",
                t["h_region"],
                href=lambda r: f"/monitoring?{query(db.Filters(f.period, r['region'], None, f.on))}",
            )
            table = Table("by_region", t["t_by_region"], [], rows)
        else:
            first = Column(
                "name",
                t["h_provider"],
                href=lambda r: (
                    f"/monitoring?{query(db.Filters(f.period, f.region, r['provider_id'], f.on))}"
                    if r["provider_id"]
                    else None
                ),
            )
            table = Table("by_provider", t["t_by_provider"], [], rows)
            names = organisation_names(engine, [r["provider_id"] for r in rows if r["provider_id"]])
            for r in rows:
                r["name"] = names.get(r["provider_id"] or "") or r["provider_id"] or ""
        table.columns = [
            first,
            *([Column("provider_id", t["h_provider_id"], on_page=False)] if by == "provider_id" else []),
            Column("claims", t["h_claims"], "int"),
            Column("defects", t["h_defects"], "int"),
            Column("rate", t["h_rate"], "num"),
            Column("significant", t["h_significant"], "int"),
            Column("penalty", t["h_penalty"], "money"),
        ]
        out.append(table)
        # bars by name (a provider's cut to 40 characters; the table beside the chart gives it whole)
        title = f"{table.title[lang]} — {t['c_ranked'][lang]}"
        charts_["ranked"] = (
            title,
            charts.bars(
                [(_short(str(r["name"] or r.get("provider_id") or "—")), r["defects"]) for r in rows[:20]],
                title,
                width=760,
                label_width=340,
            ),
        )
        charts_["ranked_table"] = table.name
    if f.provider is not None:
        names = organisation_names(engine, [f.provider])
    pagers = {
        "objections": _pager(f, asked, "objections", kpis["objections"], lang),
        "hidden": _pager(f, asked, "hidden", kpis["hidden"], lang),
    }
    n_obj, objected = db.objections(engine, f, total=kpis["objections"], page=asked["objections"])
    for r in objected:
        r["status_text"] = t[f"st_{r['status']}"]
    out.append(
        Table(
            "objections",
            t["t_objections"],
            defect_columns(
                "claim_id",
                "code",
                "provider_id",
                "status_text",
                "detected_on",
                "objection_deadline",
                "objected_on",
                "resolved_on",
                "penalty",
            ),
            objected,
            total=n_obj,
            caption=t["objections_caption"],
        )
    )
    checks = db.latest_checks(engine, f.period)
    if checks:  # what the latest run did not check: "0 defects" there means nothing (13)
        rows = [
            {"row": c["row"], "code": c["code"] or "—", "reason": c["reason"][lang]}
            for c in checks["not_checked"]
        ]
        out.append(
            Table(
                "not_checked",
                t["t_not_checked"],
                [Column("row", t["h_row"], "int"), Column("code", t["h_code"]), Column("reason", t["h_why"])],
                rows,
                caption=t["not_checked_caption"],
            )
        )
    n_hidden, hidden = db.hidden(engine, f, total=kpis["hidden"], page=asked["hidden"])
    out.append(
        Table(
            "hidden",
            t["t_hidden"],
            defect_columns(
                "claim_id",
                "code",
                "provider_id",
                "penalty",
                "detected_on",
                "notice_deadline",
                "notified_on",
                "notice_overdue",
                "refund_deadline",
                "refunded_on",
                "refund_overdue",
            ),
            hidden,
            total=n_hidden,
            caption=t["hidden_caption"],
            cell_class=overdue_class,
        )
    )
    return out, charts_, names, pagers


def _short(name: str, limit: int = 40) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"
