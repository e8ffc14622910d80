"""The coverage what-if: the same requests decided under the law and under a reform, set-based — the same
engine (`kepil.coverage.batch.decide_frame`) twice, the second time inside the reform's context — and the
difference: every request whose answer changes, both answers, the rules and clauses that decided each, the
change in words (kk, ru, en), and a summary by kind of care, region, age band, residency and package.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from kepil.coverage import columns as C
from kepil.coverage.batch import decide_frame
from kepil.coverage.messages import NO_FILE, NO_REQUESTS
from kepil.engine.rules import NoRuleApplies, RuleConflict
from kepil.errors import InvalidInput
from kepil.i18n import LANGS, Text
from kepil.reference.messages import unreadable
from kepil.whatif import messages as M
from kepil.whatif.reform import Applied, affected_kinds

CHUNK = 500_000
DIMENSIONS = ("kind", "region", "age_band", "residency", "package")
CHANGES = ("lost", "gained", "package", "conditions", "reasons", "error")
SUMMARY_SCHEMA = {
    "dimension": pl.Utf8,
    "value": pl.Utf8,
    "requests": pl.Int64,
    "changed": pl.Int64,
    "lost": pl.Int64,
    "lost_unknown": pl.Int64,
    "gained": pl.Int64,
    "package": pl.Int64,
    "other": pl.Int64,
}
CARRIED = ("region",)  # columns a requests file may hold besides the request's fields


def person_fields(day: pl.Expr) -> list[pl.Expr]:
    """A registry person's columns as a coverage request's `person.*` fields on `day`: insured when the
    insurance interval [insured_from, insured_to] holds the day (an open end: still insured)."""
    insured = (
        pl.col("insured_from").is_not_null()
        & (pl.col("insured_from") <= day)
        & (pl.col("insured_to").is_null() | (day <= pl.col("insured_to")))
    )
    return [
        pl.col("iin").alias("person.iin"),
        pl.col("birth_date").cast(pl.Utf8).alias("person.birth_date"),
        pl.col("sex").alias("person.sex"),
        pl.col("residency").alias("person.residency"),
        pl.col("state_paid_category").alias("person.state_paid_category"),
        insured.alias("person.insured"),
    ]


@dataclass(frozen=True)
class CoverageDiff:
    requests: int
    changes: pl.DataFrame  # one row per changed request
    summary: pl.DataFrame  # SUMMARY_SCHEMA


def _decide(t: pl.DataFrame, applied: Applied | None, lang: str) -> pl.DataFrame:
    parts = []
    for start in range(0, t.height, CHUNK):
        chunk = t.slice(start, CHUNK)
        if applied is None:
            parts.append(decide_frame(chunk, lang=lang))
            continue
        with applied.active():
            try:
                parts.append(decide_frame(chunk, lang=lang))
            except (NoRuleApplies, RuleConflict) as e:
                raise InvalidInput(
                    f"{applied.reform.file}:rules", M.REFORM_GAP.format(error=str(e))
                ) from None
    return pl.concat(parts) if parts else pl.DataFrame()


def _birth(t: pl.DataFrame) -> pl.Expr:
    """The birth date as the batch reads it — given, or from the IIN's digits (7th: the century) — only for
    the age band of the summary (invalid rows are answered as errors anyway)."""
    given = pl.col("person.birth_date").cast(pl.Utf8).str.to_date("%Y-%m-%d", strict=False)
    iin = pl.col("person.iin")
    century = iin.str.slice(6, 1).replace_strict(
        ["1", "2", "3", "4", "5", "6"],
        [1800, 1800, 1900, 1900, 2000, 2000],
        default=None,
        return_dtype=pl.Int32,
    )
    from_iin = pl.date(
        century + iin.str.slice(0, 2).cast(pl.Int32, strict=False),
        iin.str.slice(2, 2).cast(pl.Int32, strict=False),
        iin.str.slice(4, 2).cast(pl.Int32, strict=False),
    )
    return pl.coalesce(given, from_iin) if "person.iin" in t.columns else given


def dimensions(t: pl.DataFrame) -> pl.DataFrame:
    """kind, region, age_band, residency of every request (null where not given)."""
    date = pl.col("date").cast(pl.Utf8).str.to_date("%Y-%m-%d", strict=False)
    birth = _birth(t)
    band = (
        pl.when(date < birth.dt.offset_by("18y"))
        .then(pl.lit("0-17"))
        .when(date > birth.dt.offset_by("65y"))
        .then(pl.lit("65+"))
        .when(birth.is_not_null() & date.is_not_null())
        .then(pl.lit("18-64"))
    )
    region = pl.col("region").cast(pl.Utf8) if "region" in t.columns else pl.lit(None, pl.Utf8)
    return t.select(
        pl.col("service.kind").cast(pl.Utf8).alias("kind"),
        region.alias("region"),
        band.alias("age_band"),
        pl.col("person.residency").cast(pl.Utf8).alias("residency"),
    )


_KEEP = ("covered", "funding", "rule", "requires", "unknown", "basis", "error")


def _side(frame: pl.DataFrame, prefix: str) -> pl.DataFrame:
    return frame.select(
        pl.col(C.ROW),
        pl.col("id"),
        *(pl.col(k).alias(f"{prefix}_{k}") for k in _KEEP),
        pl.col("explanation").struct.field("en").cast(pl.Utf8).alias(f"{prefix}_explanation"),
    ).with_columns(
        pl.col(f"{prefix}_rule").cast(pl.Utf8),
        pl.col(f"{prefix}_error").struct.field("message").alias(f"{prefix}_error"),
        pl.col(f"{prefix}_basis")
        .list.eval(pl.element().struct.field("act") + " " + pl.element().struct.field("clause"))
        .list.join("; ")
        .alias(f"{prefix}_basis"),
    )


def _kind() -> pl.Expr:
    lc, rc = pl.col("law_covered").fill_null(False), pl.col("reform_covered").fill_null(False)
    err = pl.col("law_error").is_not_null() | pl.col("reform_error").is_not_null()
    return (
        pl.when(err)
        .then(pl.lit("error"))
        .when(lc & ~rc)
        .then(pl.lit("lost"))
        .when(~lc & rc)
        .then(pl.lit("gained"))
        .when(pl.col("law_funding") != pl.col("reform_funding"))
        .then(pl.lit("package"))
        .when(
            (pl.col("law_requires") != pl.col("reform_requires"))
            | (pl.col("law_unknown") != pl.col("reform_unknown"))
        )
        .then(pl.lit("conditions"))
        .otherwise(pl.lit("reasons"))
    )


def _answer_words(funding: str | None, requires: list[str] | None, error: str | None, lang: str) -> str:
    if error is not None:
        return f"{M.PACKAGE['error'][lang]}: {error}"
    words = M.PACKAGE.get(funding or "none", M.PACKAGE["none"])[lang]
    if requires:
        words += ", " + M.REQUIRES[lang].format(what=", ".join(requires))
    return words


def _words(changes: pl.DataFrame) -> pl.DataFrame:
    """The change in words, kk/ru/en: built once per distinct (change, both answers) and joined."""
    keys = [
        "change",
        "law_funding",
        "law_requires",
        "law_error",
        "law_rule",
        "law_basis",
        "reform_funding",
        "reform_requires",
        "reform_error",
        "reform_rule",
        "reform_basis",
    ]
    combos = changes.select(keys).unique()
    rows = []
    for row in combos.iter_rows(named=True):
        out = dict(row)
        for lang in LANGS:
            out[f"change_{lang}"] = M.SENTENCE[lang].format(
                change=M.CHANGE[row["change"]][lang],
                before=_answer_words(row["law_funding"], row["law_requires"], row["law_error"], lang),
                before_rule=row["law_rule"] or "—",
                before_basis=row["law_basis"] or "—",
                after=_answer_words(row["reform_funding"], row["reform_requires"], row["reform_error"], lang),
                after_rule=row["reform_rule"] or "—",
                after_basis=row["reform_basis"] or "—",
            )
        rows.append(out)
    table = pl.DataFrame(rows, schema={**combos.schema, **{f"change_{lang}": pl.Utf8 for lang in LANGS}})
    return changes.join(table, on=keys, how="left", nulls_equal=True, maintain_order="left")


def summarise(all_rows: pl.DataFrame) -> pl.DataFrame:
    """Counts by dimension and value: requests, changed, lost (of which resting on an unknown fact), gained,
    package moved, other changes."""
    change = pl.col("change")
    aggs = [
        pl.len().cast(pl.Int64).alias("requests"),
        change.is_not_null().sum().cast(pl.Int64).alias("changed"),
        (change == "lost").sum().cast(pl.Int64).alias("lost"),
        ((change == "lost") & (pl.col("reform_unknown").list.len() > 0))
        .sum()
        .cast(pl.Int64)
        .alias("lost_unknown"),
        (change == "gained").sum().cast(pl.Int64).alias("gained"),
        (change == "package").sum().cast(pl.Int64).alias("package"),
        change.is_in(["conditions", "reasons", "error"]).sum().cast(pl.Int64).alias("other"),
    ]
    parts = [all_rows.select(pl.lit("total").alias("dimension"), pl.lit("all").alias("value"), *aggs)]
    for dim in DIMENSIONS:
        g = all_rows.group_by(pl.col(dim).fill_null("—").alias("value")).agg(aggs)
        parts.append(
            g.select(pl.lit(dim).alias("dimension"), "value", *SUMMARY_SCHEMA.keys() - {"dimension", "value"})
        )
    out = pl.concat([p.select(list(SUMMARY_SCHEMA)).cast(SUMMARY_SCHEMA) for p in parts])  # type: ignore[arg-type]
    order = {d: i for i, d in enumerate(("total", *DIMENSIONS))}
    return (
        out.with_columns(pl.col("dimension").replace_strict(order, return_dtype=pl.Int32).alias("__o"))
        .sort(["__o", "changed", "value"], descending=[False, True, False])
        .drop("__o")
    )


def compare(t: pl.DataFrame, applied: Applied, lang: str = "en") -> CoverageDiff:
    """Decide the typed requests `t` (`columns.typed`) under the law and under `applied`; the difference.
    Chunk by chunk (memory stays bounded on a national population): each chunk's changes are kept and its
    counts summed into the summary."""
    if t.height == 0:
        raise InvalidInput("requests", Text("сұраныс жоқ", "нет запросов", "no requests"))
    summaries, changes = [], []
    for start in range(0, t.height, CHUNK):
        part = _compare_chunk(t.slice(start, CHUNK), applied, lang)
        summaries.append(part.summary)
        changes.append(part.changes)
    counts = [c for c in SUMMARY_SCHEMA if c not in ("dimension", "value")]
    summary = (
        pl.concat(summaries).group_by("dimension", "value", maintain_order=True).agg(pl.col(counts).sum())
    )
    order = {d: i for i, d in enumerate(("total", *DIMENSIONS))}
    summary = (
        summary.with_columns(pl.col("dimension").replace_strict(order, return_dtype=pl.Int32).alias("__o"))
        .sort(["__o", "changed", "value"], descending=[False, True, False])
        .drop("__o")
        .cast(SUMMARY_SCHEMA)  # type: ignore[arg-type]
    )
    return CoverageDiff(t.height, pl.concat(changes, how="vertical_relaxed"), summary)


def _compare_chunk(t: pl.DataFrame, applied: Applied, lang: str) -> CoverageDiff:
    law = _decide(t, None, lang)
    kinds = affected_kinds(applied)
    if kinds is None:
        reform = _decide(t, applied, lang)
    else:  # rows of kinds the reform cannot change answer as under the law (reform.affected_kinds)
        inside = pl.col("service.kind").is_in(sorted(kinds)).fill_null(False)
        touched = t.filter(inside)
        rows = law.join(touched.select(C.ROW), on=C.ROW, how="anti")
        reform = pl.concat([rows, _decide(touched, applied, lang)]).sort(C.ROW) if touched.height else law
    joined = _side(law, "law").join(_side(reform, "reform").drop("id"), on=C.ROW, how="left")
    differ = (
        (pl.col("law_covered").ne_missing(pl.col("reform_covered")))
        | pl.col("law_funding").ne_missing(pl.col("reform_funding"))
        | pl.col("law_rule").ne_missing(pl.col("reform_rule"))
        | pl.col("law_requires").ne_missing(pl.col("reform_requires"))
        | pl.col("law_unknown").ne_missing(pl.col("reform_unknown"))
        | pl.col("law_error").ne_missing(pl.col("reform_error"))
    )
    dims = dimensions(t).with_row_index(C.ROW).with_columns(pl.col(C.ROW).cast(law[C.ROW].dtype))
    joined = joined.join(dims, on=C.ROW, how="left").with_columns(
        pl.when(differ).then(_kind()).alias("change"),
        pl.concat_str(
            pl.col("law_funding").fill_null("error"),
            pl.lit(" → "),
            pl.col("reform_funding").fill_null("error"),
        ).alias("package"),
    )
    summary = summarise(joined)
    changes = _words(joined.filter(pl.col("change").is_not_null()))
    order = ["row", "id", "change", *DIMENSIONS]
    changes = changes.rename({C.ROW: "row"}).select(
        *order,
        *(
            c
            for c in changes.columns
            if c not in (*order, C.ROW) and c.startswith(("law_", "reform_", "change_"))
        ),
    )
    lists = [c for c, dtype in changes.schema.items() if isinstance(dtype, pl.List)]
    changes = changes.with_columns(pl.col(c).list.join("; ") for c in lists)
    return CoverageDiff(t.height, changes, summary)


# --------------------------------------------------------------------------- inputs


def read_requests(path: Path) -> pl.DataFrame:
    """Requests from CSV or Parquet (the batch's columns, `kepil coverage columns`), plus `region` if given;
    any other column is an error naming it."""
    if path.suffix.lower() not in (".csv", ".parquet"):
        raise InvalidInput(
            "--requests",
            Text(
                "сұраныстар .csv не .parquet файлы болуы керек",
                "запросы — файл .csv или .parquet",
                "the requests must be a .csv or .parquet file",
            ),
        )
    if not path.is_file():
        raise InvalidInput("--requests", NO_FILE.format(path=path))
    table = C.flatten(C.read_table(path))
    if table.height == 0:
        raise InvalidInput(
            "--requests",
            NO_REQUESTS.format(path=path),
        )
    carried = [c for c in CARRIED if c in table.columns]
    C.check_columns(table.drop(carried), str(path), carry=False)
    return C.typed(table, C.TABLE, carry=carried)


@dataclass(frozen=True)
class ServiceSet:
    labels: tuple[str, ...]
    services: tuple[dict[str, Any], ...]


def load_services(path: Path | None) -> ServiceSet:
    """The services asked for each person (data/whatif/services.yaml, or a file of the same form)."""
    from kepil.coverage.model import OBJECTS
    from kepil.data import data_path, load_yaml

    source = path or data_path("whatif", "services.yaml")
    where = source.name
    try:
        tree = load_yaml(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise InvalidInput("--services", unreadable(e)) from None
    items = tree.get("services") if isinstance(tree, dict) else None
    if not isinstance(items, list) or not items:
        raise InvalidInput(f"{where}:services", M.EXPECTED_LIST.format(extra=""))
    labels, services = [], []
    for i, item in enumerate(items):
        at = f"{where}:services[{i}]"
        if (
            not isinstance(item, dict)
            or set(item) != {"label", "service"}
            or not isinstance(item["service"], dict)
        ):
            raise InvalidInput(at, M.UNKNOWN_KEY.format(key=quoted_keys(item), allowed="label, service"))
        unknown = set(item["service"]) - OBJECTS["service"]
        if unknown:
            raise InvalidInput(
                f"{at}.service",
                M.UNKNOWN_KEY.format(
                    key=", ".join(sorted(map(str, unknown))), allowed=", ".join(sorted(OBJECTS["service"]))
                ),
            )
        labels.append(str(item["label"]))
        services.append(item["service"])
    return ServiceSet(tuple(labels), tuple(services))


def quoted_keys(item: Any) -> str:
    return ", ".join(map(str, item)) if isinstance(item, dict) else repr(type(item).__name__)


PERSON_COLUMNS = (
    "iin",
    "birth_date",
    "sex",
    "residency",
    "insured_from",
    "insured_to",
    "state_paid_category",
)


def population_requests(persons: Path, services: ServiceSet, on: dt.date) -> tuple[pl.DataFrame, int]:
    """Requests for every person alive on `on` × every service (a set-based cross join); the number of
    persons left out because they died before `on`. Insured = a CSHI participation interval holds `on`
    (null insured_to = open), as the monitoring reads the registry."""
    from kepil.whatif.inputs import read_persons

    people = read_persons(persons)
    alive = people.filter(pl.col("death_date").is_null() | (pl.col("death_date") >= on))
    dead = people.height - alive.height
    if alive.height == 0:
        raise InvalidInput(
            "--population",
            Text(
                f"{persons.name}: {on} күні тірі адам жоқ",
                f"{persons.name}: на {on} нет живых людей",
                f"{persons.name}: no person is alive on {on}",
            ),
        )
    region = [pl.col("region").cast(pl.Utf8).alias("region")] if "region" in alive.columns else []
    base = alive.select(
        pl.lit(on.isoformat()).alias("date"),
        *person_fields(pl.lit(on)),
        *region,
    )
    svc = pl.DataFrame(
        [
            {"id": label, **{f"service.{k}": v for k, v in s.items()}}
            for label, s in zip(services.labels, services.services, strict=True)
        ]
    )
    frame = base.join(svc, how="cross").with_columns(
        pl.concat_str(pl.col("person.iin"), pl.lit(":"), pl.col("id")).alias("id")
    )
    return C.typed(frame, C.TABLE, carry=[c for c in CARRIED if c in frame.columns]), dead
