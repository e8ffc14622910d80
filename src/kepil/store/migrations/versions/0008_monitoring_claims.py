"""monitoring claims (issue 18): the claims a run's defects touch (the defective claim and the claims its
findings name, e.g. the previous stay of a readmission) so that a claim's page shows the claim itself, and
the claims judged by region and provider so that a region's or a provider's view has a defect rate

Revision ID: 0008_monitoring_claims
Revises: 0007_fhir_exchanges
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_monitoring_claims"
down_revision = "0007_fhir_exchanges"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "monitoring_claims",
        sa.Column("claim_id", sa.String(length=64), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("iin", sa.String(length=12), nullable=True),
        sa.Column("provider_id", sa.String(length=64), nullable=True),
        sa.Column("contract_id", sa.String(length=64), nullable=True),
        sa.Column("region", sa.String(length=40), nullable=True),
        sa.Column("care_kind", sa.String(length=32), nullable=True),
        sa.Column("form", sa.String(length=16), nullable=True),
        sa.Column("icd10", sa.String(length=16), nullable=True),
        sa.Column("profile", sa.String(length=64), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("amount", sa.BigInteger(), nullable=True),
        sa.Column("paid_by_patient", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("claim_id"),
    )
    op.create_table(
        "monitoring_judged",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("region", sa.String(length=40), nullable=False),
        sa.Column("provider_id", sa.String(length=64), nullable=True),
        sa.Column("claims", sa.BigInteger(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("monitoring_judged", schema=None) as batch_op:
        batch_op.create_index("ix_monitoring_judged_scope", ["period", "region"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("monitoring_judged", schema=None) as batch_op:
        batch_op.drop_index("ix_monitoring_judged_scope")
    op.drop_table("monitoring_judged")
    op.drop_table("monitoring_claims")
