"""monitoring workflow (issue 15): run kinds and checks, the source of a defect and what a person did with
it (the Fund's answer, the unscheduled monitoring's refund amount, kept when no longer found), the review
worklist

Revision ID: 0005_monitoring_workflow
Revises: 0003
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_monitoring_workflow"
down_revision = "0004_hardening"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("monitoring_runs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=16), server_default="current", nullable=False))
        batch_op.add_column(sa.Column("checks", sa.JSON(), nullable=True))
    with op.batch_alter_table("monitoring_defects", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("source", sa.String(length=16), server_default="algorithm", nullable=False)
        )
        batch_op.add_column(sa.Column("not_found_since", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("resolution_reason", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("unscheduled_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("refund_amount", sa.BigInteger(), nullable=True))
    op.create_table(
        "monitoring_worklists",
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("region", sa.String(length=40), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("bases", sa.JSON(), nullable=False),
        sa.Column("claims", sa.BigInteger(), nullable=False),
        sa.Column("selected", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("period", "region"),
    )
    op.create_table(
        "monitoring_worklist_items",
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("region", sa.String(length=40), nullable=False),
        sa.Column("claim_id", sa.String(length=64), nullable=False),
        sa.Column("claim_region", sa.String(length=40), nullable=False),
        sa.Column("contract_id", sa.String(length=64), nullable=False),
        sa.Column("provider_id", sa.String(length=64), nullable=True),
        sa.Column("care_kind", sa.String(length=32), nullable=False),
        sa.Column("icd10", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("group_key", sa.String(length=80), nullable=False),
        sa.Column("group_mean", sa.BigInteger(), nullable=False),
        sa.Column("deviation", sa.Float(), nullable=False),
        sa.Column("draw", sa.Float(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("period", "region", "claim_id"),
    )
    with op.batch_alter_table("monitoring_worklist_items", schema=None) as batch_op:
        batch_op.create_index(
            "ix_monitoring_worklist_items_provider", ["period", "provider_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("monitoring_worklist_items", schema=None) as batch_op:
        batch_op.drop_index("ix_monitoring_worklist_items_provider")
    op.drop_table("monitoring_worklist_items")
    op.drop_table("monitoring_worklists")
    with op.batch_alter_table("monitoring_defects", schema=None) as batch_op:
        batch_op.drop_column("refund_amount")
        batch_op.drop_column("unscheduled_on")
        batch_op.drop_column("resolution_reason")
        batch_op.drop_column("not_found_since")
        batch_op.drop_column("source")
    with op.batch_alter_table("monitoring_runs", schema=None) as batch_op:
        batch_op.drop_column("checks")
        batch_op.drop_column("kind")
