"""pages: the provider of each defect, the monitoring summary the dashboards read, stored reports

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("monitoring_defects", schema=None) as batch_op:
        batch_op.add_column(sa.Column("provider_id", sa.String(length=64), nullable=True))
        batch_op.create_index("ix_monitoring_defects_provider", ["period", "provider_id"], unique=False)
        batch_op.create_index("ix_monitoring_defects_code", ["period", "region", "code"], unique=False)
        # the dashboards' workflow lists: objections (26) and hidden defects (53, 53-1) of a period
        batch_op.create_index("ix_monitoring_defects_status", ["period", "status"], unique=False)
        batch_op.create_index("ix_monitoring_defects_hidden", ["period", "hidden"], unique=False)
    op.create_table(
        "monitoring_summary",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("region", sa.String(length=40), nullable=False),
        sa.Column("provider_id", sa.String(length=64), nullable=True),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("significant", sa.Boolean(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.Column("defects", sa.BigInteger(), nullable=False),
        sa.Column("penalty", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("monitoring_summary", schema=None) as batch_op:
        batch_op.create_index("ix_monitoring_summary_scope", ["period", "region"], unique=False)
    op.create_table(
        "stored_reports",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("scope", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("meta", sa.JSON(), nullable=False),
        sa.Column("columns", sa.JSON(), nullable=False),
        sa.Column("rows", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "scope", name="uq_stored_reports_kind_scope"),
    )


def downgrade() -> None:
    op.drop_table("stored_reports")
    with op.batch_alter_table("monitoring_summary", schema=None) as batch_op:
        batch_op.drop_index("ix_monitoring_summary_scope")
    op.drop_table("monitoring_summary")
    with op.batch_alter_table("monitoring_defects", schema=None) as batch_op:
        batch_op.drop_index("ix_monitoring_defects_hidden")
        batch_op.drop_index("ix_monitoring_defects_status")
        batch_op.drop_index("ix_monitoring_defects_code")
        batch_op.drop_index("ix_monitoring_defects_provider")
        batch_op.drop_column("provider_id")
