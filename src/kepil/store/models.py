"""The tables. Each mirrors a register the acts speak of; the clause is named beside it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    and_,
    or_,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.sql.elements import ColumnElement


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    pass


class Provider(Base):
    """A health organisation: a provider of the Fund when it holds a purchase contract; a PHC organisation
    when `phc` (people attach to it, `phc-attachment-rules` 4); `migrant-care-rules` 9 and the monitoring
    read its licence and palliative flag."""

    __tablename__ = "providers"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    region: Mapped[str] = mapped_column(String(40))  # slug of kepil.reference.regions
    atu: Mapped[str] = mapped_column(String(80))  # administrative-territorial unit (phc-attachment-rules 2.1)
    rural: Mapped[bool] = mapped_column(Boolean, default=False)  # program-2026-2028 79.4 excepts rural ones
    phc: Mapped[bool] = mapped_column(Boolean, default=False)
    palliative: Mapped[bool] = mapped_column(Boolean, default=False)
    mis_integrated: Mapped[bool] = mapped_column(Boolean, default=False)  # phc-attachment-rules 4
    licence_number: Mapped[str | None] = mapped_column(String(64))
    licence_valid_from: Mapped[dt.date | None] = mapped_column(Date)
    licence_valid_until: Mapped[dt.date | None] = mapped_column(Date)
    gp_positions: Mapped[int | None] = mapped_column(Integer)  # program-2026-2028 79.4
    # ATUs whose border-area residents may attach here (phc-attachment-rules 8).
    border_neighbour_atus: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # A newly commissioned PHC facility (phc-attachment-rules 2.8; ground 10.8).
    newly_commissioned: Mapped[bool] = mapped_column(Boolean, default=False)
    # Events that free its attached people to attach elsewhere: [{"code", "date"}] with code one of
    # phc_refusal_or_reorganisation (10.6), volume_not_placed (10.7), privatisation (10.9).
    events: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # Contact data, the only facts besides its name that a provider's own key may change (issue 14).
    address: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(32))
    email: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class PurchaseContract(Base):
    """A purchase contract of services between the Fund and a provider: its term, kinds of care and sum."""

    __tablename__ = "purchase_contracts"
    __table_args__ = (UniqueConstraint("provider_id", "number", name="uq_contract_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    provider_id: Mapped[str] = mapped_column(ForeignKey("providers.id"), index=True)
    number: Mapped[str] = mapped_column(String(64))
    start: Mapped[dt.date] = mapped_column(Date)
    end: Mapped[dt.date] = mapped_column(Date)
    care_kinds: Mapped[list[Any]] = mapped_column(JSON)  # kepil.law.care.CARE_KINDS
    sum_tiyn: Mapped[int] = mapped_column(BigInteger)  # money is exact: integer tiyn
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


END_REASON_MAX = 200  # characters of a detachment's reason (the API, the pages and the column)


class Attachment(Base):
    """One attachment of a person (by IIN) to a PHC organisation over [start, ended_on).

    `phc-attachment-rules` 4: one PHC organisation per IIN, attaching elsewhere detaches from the previous
    one — enforced by a partial unique index: at most one row per IIN whose `ended_on` is null."""

    __tablename__ = "attachments"
    __table_args__ = (
        Index(
            "uq_attachments_current_iin",
            "iin",
            unique=True,
            sqlite_where=text("ended_on IS NULL"),
            postgresql_where=text("ended_on IS NULL"),
        ),
        Index("ix_attachments_org_current", "organisation_id", "ended_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    iin: Mapped[str] = mapped_column(String(12), index=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("providers.id"))
    ground: Mapped[str] = mapped_column(String(40))  # phc-attachment-rules 10
    person_category: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(32))  # phc-attachment-rules 11
    applicant: Mapped[str] = mapped_column(String(32))
    start: Mapped[dt.date] = mapped_column(Date)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)  # VHI/OMI contract term (9-1)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)  # first day no longer attached
    # Attached by the regional commission's decision: the person may disagree (ground 10.5).
    by_regional_commission: Mapped[bool] = mapped_column(Boolean, default=False)
    end_reason: Mapped[str | None] = mapped_column(String(END_REASON_MAX))
    basis: Mapped[list[Any]] = mapped_column(JSON)
    application: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))


def attachment_in_force(on: dt.date) -> ColumnElement[bool]:
    """An attachment holds on `on`: started, not ended, within its VHI/OMI contract term (9-1)."""
    return and_(
        Attachment.start <= on,
        or_(Attachment.ended_on.is_(None), Attachment.ended_on > on),
        or_(Attachment.valid_until.is_(None), Attachment.valid_until >= on),
    )


class ApiKey(Base):
    """An API key: only the SHA-256 of the secret is kept."""

    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    secret_sha256: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    organisation_id: Mapped[str | None] = mapped_column(ForeignKey("providers.id"))
    label: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class AuditEntry(Base):
    """Who changed what and when: one row per change, written in the change's own transaction."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)


# ---------------------------------------------------------------- monitoring (`monitoring-rules`)
MONITORING_ALL_REGIONS = "all"  # the region of a run, or of a payment, that covers every region


class MonitoringRun(Base):
    """One run of the automated algorithms (`monitoring-rules` 13, 21) over the claims of a period
    (`YYYY-MM`) and a region (or all): written in the same transaction as its defects, so a run that did
    not finish leaves no row."""

    __tablename__ = "monitoring_runs"
    __table_args__ = (Index("ix_monitoring_runs_scope", "period", "region"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    period: Mapped[str] = mapped_column(String(7))
    region: Mapped[str] = mapped_column(String(40))  # a region code or MONITORING_ALL_REGIONS
    engine: Mapped[str] = mapped_column(String(16))
    rule_versions: Mapped[dict[str, Any]] = mapped_column(JSON)  # {rule id: version}
    detected_on: Mapped[dt.date] = mapped_column(Date)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    claims: Mapped[int] = mapped_column(BigInteger)  # claims judged (end_date in the period and region)
    defects: Mapped[int] = mapped_column(BigInteger)  # defects the run found
    added: Mapped[int] = mapped_column(BigInteger)  # stored rows not there before
    removed: Mapped[int] = mapped_column(BigInteger)  # rows of unpaid periods no longer found (13)
    hidden: Mapped[int] = mapped_column(BigInteger)  # new defects of paid periods (53)
    penalty_total: Mapped[int] = mapped_column(BigInteger)  # tiyn, of the defects found (nulls as 0)
    # current (21: every working day) or unscheduled (2.6: on facts of a violation; 53 sets the refunds)
    kind: Mapped[str] = mapped_column(String(16), default="current", server_default="current")
    # What the run checked: the classifier rows with the algorithms (and versions) that checked them, the
    # rows left to experts, the algorithms not run with their reasons (kepil.monitoring.checks).
    checks: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class MonitoringDefect(Base):
    """A defect as the contract's output (docs: contracts/claims.md) plus its place in the workflow:
    objection within 5 working days (26), hidden after payment with notice (53) and refund (53-1)
    deadlines. `id` is derived from (period, rule, code, claim_id, contract_id), so a re-run finds the
    same defect under the same id and its workflow state is carried over."""

    __tablename__ = "monitoring_defects"
    __table_args__ = (
        Index("ix_monitoring_defects_scope", "period", "region"),
        Index("ix_monitoring_defects_claim", "claim_id"),
        Index("ix_monitoring_defects_provider", "period", "provider_id"),
        Index("ix_monitoring_defects_code", "period", "region", "code"),
        Index("ix_monitoring_defects_status", "period", "status"),
        Index("ix_monitoring_defects_hidden", "period", "hidden"),
    )

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    claim_id: Mapped[str | None] = mapped_column(String(64))  # null for contract-level defects
    contract_id: Mapped[str | None] = mapped_column(String(64))
    code: Mapped[str] = mapped_column(String(16))
    rule: Mapped[str] = mapped_column(String(64))
    rule_version: Mapped[int] = mapped_column(Integer)
    act: Mapped[str] = mapped_column(String(32))
    clause: Mapped[str] = mapped_column(String(32))
    significant: Mapped[bool | None] = mapped_column(Boolean)
    penalty: Mapped[int | None] = mapped_column(BigInteger)  # tiyn; null where the base is not known
    details: Mapped[str | None] = mapped_column(String)  # JSON text, as in defects.parquet
    period: Mapped[str] = mapped_column(String(7))
    region: Mapped[str] = mapped_column(String(40))
    # The contract's provider (claims contract: contracts.provider_id); null in rows stored before 0003.
    provider_id: Mapped[str | None] = mapped_column(String(64))
    # The run that last wrote the row (monitoring_runs.id). No foreign key: a bulk insert would check
    # it row by row, and runs are never deleted.
    run_id: Mapped[int] = mapped_column(Integer)
    detected_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))  # detected | objected | upheld | withdrawn
    objection_deadline: Mapped[dt.date] = mapped_column(Date)  # 26
    objected_on: Mapped[dt.date | None] = mapped_column(Date)
    objection_reason: Mapped[str | None] = mapped_column(String)
    resolved_on: Mapped[dt.date | None] = mapped_column(Date)
    hidden: Mapped[bool] = mapped_column(Boolean)  # found after the period was paid (53)
    notice_deadline: Mapped[dt.date | None] = mapped_column(Date)  # 53
    notified_on: Mapped[dt.date | None] = mapped_column(Date)
    refund_deadline: Mapped[dt.date | None] = mapped_column(Date)  # 53-1
    refunded_on: Mapped[dt.date | None] = mapped_column(Date)
    # `algorithm` (a run found it, 13) or `expert` (a person's finding on a claim of the review worklist);
    # runs replace only the algorithms' defects, and never one a person acted on.
    source: Mapped[str] = mapped_column(String(16), default="algorithm", server_default="algorithm")
    # The run that no longer found a defect a person had acted on (kept, not removed; null: found).
    not_found_since: Mapped[int | None] = mapped_column(Integer)
    resolution_reason: Mapped[str | None] = mapped_column(String)  # the Fund's answer to the objection (26)
    # The unscheduled monitoring (2.6, 53): the day it set the amount the provider refunds (53), and it.
    unscheduled_on: Mapped[dt.date | None] = mapped_column(Date)
    refund_amount: Mapped[int | None] = mapped_column(BigInteger)  # tiyn


class MonitoringClaim(Base):
    """A claim a stored defect touches: the defective claim and the claims its findings name (the previous
    stay of a readmission, the duplicate, the other stay), as the run read it from the claims file, so that
    a claim's page shows the claim itself (`monitoring-rules` 13: the facts a defect is judged on). A claim
    id names one claim; a later run that reads it again rewrites it (the file is the record)."""

    __tablename__ = "monitoring_claims"

    claim_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    period: Mapped[str] = mapped_column(String(7))  # the period of the run that last stored it
    run_id: Mapped[int] = mapped_column(Integer)
    iin: Mapped[str | None] = mapped_column(String(12))
    provider_id: Mapped[str | None] = mapped_column(String(64))
    contract_id: Mapped[str | None] = mapped_column(String(64))
    region: Mapped[str | None] = mapped_column(String(40))
    care_kind: Mapped[str | None] = mapped_column(String(32))
    form: Mapped[str | None] = mapped_column(String(16))
    icd10: Mapped[str | None] = mapped_column(String(16))
    profile: Mapped[str | None] = mapped_column(String(64))
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(16))
    amount: Mapped[int | None] = mapped_column(BigInteger)  # tiyn
    paid_by_patient: Mapped[int | None] = mapped_column(BigInteger)  # tiyn


class MonitoringJudged(Base):
    """How many claims a run judged, by region and provider (the contract's): the denominator of a
    dashboard's defect rate in any scope. A run replaces the rows of its (period, region)."""

    __tablename__ = "monitoring_judged"
    __table_args__ = (Index("ix_monitoring_judged_scope", "period", "region"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    period: Mapped[str] = mapped_column(String(7))
    region: Mapped[str] = mapped_column(String(40))
    provider_id: Mapped[str | None] = mapped_column(String(64))
    claims: Mapped[int] = mapped_column(BigInteger)
    run_id: Mapped[int] = mapped_column(Integer)


class MonitoringWorklist(Base):
    """A period's selection of claims for expert review (`monitoring-rules` 13: what the algorithms cannot
    judge a person does): its parameters, when and by whom it was made, and the penalty bases of the tariff
    book it was made with (for the findings' penalties). One per (period, region); made again, replaced."""

    __tablename__ = "monitoring_worklists"

    period: Mapped[str] = mapped_column(String(7), primary_key=True)
    region: Mapped[str] = mapped_column(String(40), primary_key=True)  # a code or MONITORING_ALL_REGIONS
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    bases: Mapped[list[Any]] = mapped_column(JSON)  # [{region, base, value, column}] of the tariff book
    claims: Mapped[int] = mapped_column(BigInteger)  # claims judged
    selected: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))


class MonitoringWorklistItem(Base):
    """A claim chosen for expert review, with the facts a finding on it needs and why it was chosen: its
    random draw (in [0, 1): chosen when below the share), its amount against the threshold, its deviation
    from the average of its diagnosis (or group), a death in hospital (app1 row 21)."""

    __tablename__ = "monitoring_worklist_items"
    __table_args__ = (Index("ix_monitoring_worklist_items_provider", "period", "provider_id"),)

    period: Mapped[str] = mapped_column(String(7), primary_key=True)
    region: Mapped[str] = mapped_column(String(40), primary_key=True)  # the worklist's
    claim_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    claim_region: Mapped[str] = mapped_column(String(40))
    contract_id: Mapped[str] = mapped_column(String(64))
    provider_id: Mapped[str | None] = mapped_column(String(64))
    care_kind: Mapped[str] = mapped_column(String(32))
    icd10: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str] = mapped_column(String(16))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(BigInteger)  # tiyn
    group_key: Mapped[str] = mapped_column(String(80))  # the diagnosis (or group) the average is of
    group_mean: Mapped[int] = mapped_column(BigInteger)  # tiyn, rounded half up
    deviation: Mapped[float] = mapped_column(Float)  # amount / group_mean
    draw: Mapped[float] = mapped_column(Float)
    reasons: Mapped[list[Any]] = mapped_column(JSON)  # random | value | deviation | death


class MonitoringPeriodPaid(Base):
    """A reporting period paid (for one region or all): its defects are no longer corrected (13) and
    defects found later are hidden (53)."""

    __tablename__ = "monitoring_periods_paid"

    period: Mapped[str] = mapped_column(String(7), primary_key=True)
    region: Mapped[str] = mapped_column(String(40), primary_key=True)  # a code or MONITORING_ALL_REGIONS
    paid_on: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class MonitoringSummary(Base):
    """Counts and penalties of the stored defects by (period, region, provider, code, significance, status,
    hidden): what the monitoring dashboards read, so that a page over a national month does not scan the
    defects. Rewritten for a scope in the transaction that changes its defects (runs and workflow)."""

    __tablename__ = "monitoring_summary"
    __table_args__ = (Index("ix_monitoring_summary_scope", "period", "region"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    period: Mapped[str] = mapped_column(String(7))
    region: Mapped[str] = mapped_column(String(40))
    provider_id: Mapped[str | None] = mapped_column(String(64))
    code: Mapped[str] = mapped_column(String(16))
    significant: Mapped[bool | None] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(16))
    hidden: Mapped[bool] = mapped_column(Boolean)
    defects: Mapped[int] = mapped_column(BigInteger)
    penalty: Mapped[int] = mapped_column(BigInteger)  # tiyn, nulls as 0


class StoredReport(Base):
    """A report computed by a command and kept for the pages (caps utilisation, access criteria, the
    medicine need and request): one per (kind, scope), replaced when stored again. `columns` are the
    report's column names, `rows` lists of values in that order; `meta` what the page shows beside them
    (act, clauses, dates in force, totals)."""

    __tablename__ = "stored_reports"
    __table_args__ = (UniqueConstraint("kind", "scope", name="uq_stored_reports_kind_scope"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(32))
    scope: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    meta: Mapped[dict[str, Any]] = mapped_column(JSON)
    columns: Mapped[list[Any]] = mapped_column(JSON)
    rows: Mapped[list[Any]] = mapped_column(JSON)


class FhirExchange(Base):
    """One FHIR eligibility exchange (docs/fhir.md): the CoverageEligibilityRequest a client created and the
    CoverageEligibilityResponse kepil answered, both under the same server-assigned `id`, so that the
    `Location` of the create and the response's `request` reference resolve by GET. `organisation_id` is the
    organisation of the key that sent it (None for analyst and admin keys): who may read it back."""

    __tablename__ = "fhir_exchanges"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))
    organisation_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    request: Mapped[dict[str, Any]] = mapped_column(JSON)
    response: Mapped[dict[str, Any]] = mapped_column(JSON)
