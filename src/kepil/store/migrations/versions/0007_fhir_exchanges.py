"""FHIR exchanges (issue 18): each CoverageEligibilityRequest created over FHIR and kepil's
CoverageEligibilityResponse, kept so that `Location` and the response's `request` reference resolve by GET

Revision ID: 0007_fhir_exchanges
Revises: 0005_monitoring_workflow
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_fhir_exchanges"
down_revision = "0005_monitoring_workflow"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fhir_exchanges",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("organisation_id", sa.String(length=64), nullable=True),
        sa.Column("request", sa.JSON(), nullable=False),
        sa.Column("response", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("fhir_exchanges", schema=None) as batch_op:
        batch_op.create_index("ix_fhir_exchanges_organisation_id", ["organisation_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("fhir_exchanges", schema=None) as batch_op:
        batch_op.drop_index("ix_fhir_exchanges_organisation_id")
    op.drop_table("fhir_exchanges")
