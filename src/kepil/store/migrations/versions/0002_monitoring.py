"""monitoring: runs of the automated algorithms, their defects and workflow, periods paid

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "monitoring_periods_paid",
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("region", sa.String(length=40), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("period", "region"),
    )
    op.create_table(
        "monitoring_runs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("region", sa.String(length=40), nullable=False),
        sa.Column("engine", sa.String(length=16), nullable=False),
        sa.Column("rule_versions", sa.JSON(), nullable=False),
        sa.Column("detected_on", sa.Date(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claims", sa.BigInteger(), nullable=False),
        sa.Column("defects", sa.BigInteger(), nullable=False),
        sa.Column("added", sa.BigInteger(), nullable=False),
        sa.Column("removed", sa.BigInteger(), nullable=False),
        sa.Column("hidden", sa.BigInteger(), nullable=False),
        sa.Column("penalty_total", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("monitoring_runs", schema=None) as batch_op:
        batch_op.create_index("ix_monitoring_runs_scope", ["period", "region"], unique=False)

    op.create_table(
        "monitoring_defects",
        sa.Column("id", sa.String(length=16), nullable=False),
        sa.Column("claim_id", sa.String(length=64), nullable=True),
        sa.Column("contract_id", sa.String(length=64), nullable=True),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("rule", sa.String(length=64), nullable=False),
        sa.Column("rule_version", sa.Integer(), nullable=False),
        sa.Column("act", sa.String(length=32), nullable=False),
        sa.Column("clause", sa.String(length=32), nullable=False),
        sa.Column("significant", sa.Boolean(), nullable=True),
        sa.Column("penalty", sa.BigInteger(), nullable=True),
        sa.Column("details", sa.String(), nullable=True),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("region", sa.String(length=40), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("detected_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("objection_deadline", sa.Date(), nullable=False),
        sa.Column("objected_on", sa.Date(), nullable=True),
        sa.Column("objection_reason", sa.String(), nullable=True),
        sa.Column("resolved_on", sa.Date(), nullable=True),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.Column("notice_deadline", sa.Date(), nullable=True),
        sa.Column("notified_on", sa.Date(), nullable=True),
        sa.Column("refund_deadline", sa.Date(), nullable=True),
        sa.Column("refunded_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("monitoring_defects", schema=None) as batch_op:
        batch_op.create_index("ix_monitoring_defects_claim", ["claim_id"], unique=False)
        batch_op.create_index("ix_monitoring_defects_scope", ["period", "region"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("monitoring_defects", schema=None) as batch_op:
        batch_op.drop_index("ix_monitoring_defects_scope")
        batch_op.drop_index("ix_monitoring_defects_claim")
    op.drop_table("monitoring_defects")
    with op.batch_alter_table("monitoring_runs", schema=None) as batch_op:
        batch_op.drop_index("ix_monitoring_runs_scope")
    op.drop_table("monitoring_runs")
    op.drop_table("monitoring_periods_paid")
