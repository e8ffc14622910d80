"""An expert's finding: a classifier code on a claim of the review worklist, with the expert's note
(`monitoring-rules` 10, 13, app1). It enters the same store as the algorithms' defects — with its penalty
(the classifier cell of the claim's kind of care, from the claim's amount and the worklist's tariff
bases), significance (2.13, 2.14), objection window (26), and, when its period is paid, notice and refund
deadlines (53, 53-1) — and the same workflow. Runs never replace or remove it (`source` expert).

Readings: a finding names a published code (`3.3`) or, for a row whose code was lost, `row:N`; a code whose
cell is "-" for the claim's kind of care does not apply to it (app1 legend) and is refused. One finding per
(claim, code): a second one is refused, not stored twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

import polars as pl
import pyarrow as pa

from kepil.errors import InvalidInput
from kepil.i18n import Text
from kepil.law.monitoring_rules import deadlines as dl
from kepil.law.monitoring_rules.classifier import classifier
from kepil.law.monitoring_rules.penalties import claim_penalties
from kepil.monitoring import worklist as wl
from kepil.monitoring.store import refresh_summary
from kepil.monitoring.workflow import ACTOR, REASON_MAX, view
from kepil.store import audit
from kepil.store.db import transaction
from kepil.store.models import MONITORING_ALL_REGIONS, MonitoringDefect, MonitoringPeriodPaid

RULE = "expert_review"
RULE_VERSION = 1
ACT = "monitoring-rules"

NOT_IN_WORKLIST = Text(
    "{claim} жағдайы {period} кезеңінің тексеру тізімінде жоқ: қорытынды тізімдегі жағдайға жазылады",
    "случая {claim} нет в списке экспертизы за {period}: заключение записывается на случай из списка",
    "claim {claim} is not in the review worklist of {period}: a finding is recorded on a claim of it",
)
NOT_APPLICABLE = Text(
    "{code} коды {kind} көмегіне қолданылмайды (жіктеуіште «-», 1-қосымшаның белгісі)",
    "код {code} не применяется к помощи {kind} (в классификаторе «-», условное обозначение приложения 1)",
    'code {code} does not apply to {kind} care ("-" in the classifier, appendix 1\'s legend)',
)
ALREADY_FOUND = Text(
    "{claim} жағдайына {code} қорытындысы бұрын жазылған ({id})",
    "заключение {code} по случаю {claim} уже записано ({id})",
    "a finding {code} on claim {claim} is already recorded ({id})",
)
NO_NOTE = Text(
    "сарапшының негіздемесі жазылмаған",
    "не указано обоснование эксперта",
    "the expert's note is missing",
)


def _penalty(item: dict[str, Any], code: str, bases: list[dict[str, Any]]) -> tuple[int | None, bool]:
    """(penalty in tiyn or None, significant) of `code` on the worklist claim, as the runs price them."""
    found = pl.DataFrame(
        {"code": [code], "care_kind": [item["care_kind"]], "region": [item["claim_region"]],
         "amount": [int(item["amount"])]},
        schema={"code": pl.Utf8, "care_kind": pl.Utf8, "region": pl.Utf8, "amount": pl.Int64},
    )  # fmt: skip
    table = pa.Table.from_pylist(bases) if bases else None
    priced = claim_penalties(found, table)
    if priced.is_empty():  # the cell is "-": the code does not apply to this kind of care
        raise InvalidInput("code", NOT_APPLICABLE.format(code=code, kind=item["care_kind"]))
    row = priced.row(0, named=True)
    return row["penalty"], bool(row["significant"])


def record_finding(
    engine: Any, period: str, claim_id: str, code: str, note: str | None, on: dt.date, *, actor: str = ACTOR
) -> dict[str, Any]:
    """Store the finding `code` on `claim_id` (a claim of the period's review worklist) made on `on`."""
    text = (note or "").strip()
    if not text:
        raise InvalidInput("note", NO_NOTE)
    if len(text) > REASON_MAX:
        raise InvalidInput("note", Text(*(f"{len(text)} > {REASON_MAX}" for _ in range(3))))
    entry = classifier().defect(code)  # InvalidInput (field code) for an unknown code
    key = entry.code or entry.key
    item = wl.item(engine, period, claim_id)
    if item is None:
        raise InvalidInput("claim_id", NOT_IN_WORKLIST.format(claim=claim_id, period=period))
    penalty, significant = _penalty(item, key, wl.stored_bases(engine, period, item["region"]))
    region = item["claim_region"]
    ident = "|".join((period, region, RULE, key, claim_id, item["contract_id"]))
    defect_id = hashlib.md5(ident.encode()).hexdigest()[:16]
    details = {
        "note": text,
        "expert": actor,
        "worklist_reasons": item["reasons"],
        "amount": item["amount"],
        "care_kind": item["care_kind"],
        "icd10": item["icd10"],
    }
    with transaction(engine) as session:
        existing = session.get(MonitoringDefect, defect_id)
        if existing is not None:
            raise InvalidInput("code", ALREADY_FOUND.format(code=key, claim=claim_id, id=defect_id))
        paid = (
            session.query(MonitoringPeriodPaid)
            .filter(
                MonitoringPeriodPaid.period == period,
                MonitoringPeriodPaid.region.in_((region, MONITORING_ALL_REGIONS)),
                MonitoringPeriodPaid.paid_on <= on,
            )
            .first()
        )
        due = dl.deadlines(on, hidden=paid is not None)
        d = MonitoringDefect(
            id=defect_id, claim_id=claim_id, contract_id=item["contract_id"], code=key, rule=RULE,
            rule_version=RULE_VERSION, act=ACT, clause=f"app1.{entry.row}", significant=significant,
            penalty=penalty, details=json.dumps(details, ensure_ascii=False), period=period, region=region,
            provider_id=item["provider_id"], run_id=0, detected_on=on, status="detected",
            objection_deadline=due.objection, hidden=due.hidden, notice_deadline=due.notice,
            refund_deadline=due.refund, source="expert",
        )  # fmt: skip
        session.add(d)
        session.flush()
        audit.record(session, actor, "finding", "monitoring_defect", defect_id, None, audit.snapshot(d))
        refresh_summary(session.connection(), period, region)
        return view(d)


__all__ = ["RULE", "record_finding"]
