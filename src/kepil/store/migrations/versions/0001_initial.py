"""initial schema: providers, purchase contracts, attachments, api keys, audit log

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)

    op.create_table(
        "providers",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("region", sa.String(length=40), nullable=False),
        sa.Column("atu", sa.String(length=80), nullable=False),
        sa.Column("rural", sa.Boolean(), nullable=False),
        sa.Column("phc", sa.Boolean(), nullable=False),
        sa.Column("palliative", sa.Boolean(), nullable=False),
        sa.Column("mis_integrated", sa.Boolean(), nullable=False),
        sa.Column("licence_number", sa.String(length=64), nullable=True),
        sa.Column("licence_valid_from", sa.Date(), nullable=True),
        sa.Column("licence_valid_until", sa.Date(), nullable=True),
        sa.Column("gp_positions", sa.Integer(), nullable=True),
        sa.Column("border_neighbour_atus", sa.JSON(), nullable=False),
        sa.Column("newly_commissioned", sa.Boolean(), nullable=False),
        sa.Column("events", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "api_keys",
        sa.Column("id", sa.String(length=16), nullable=False),
        sa.Column("secret_sha256", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("organisation_id", sa.String(length=32), nullable=True),
        sa.Column("label", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["providers.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("iin", sa.String(length=12), nullable=False),
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("ground", sa.String(length=40), nullable=False),
        sa.Column("person_category", sa.String(length=32), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("applicant", sa.String(length=32), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("by_regional_commission", sa.Boolean(), nullable=False),
        sa.Column("end_reason", sa.String(length=200), nullable=True),
        sa.Column("basis", sa.JSON(), nullable=False),
        sa.Column("application", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["providers.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachments_iin"), ["iin"], unique=False)
        batch_op.create_index("ix_attachments_org_current", ["organisation_id", "ended_on"], unique=False)
        batch_op.create_index(
            "uq_attachments_current_iin",
            ["iin"],
            unique=True,
            sqlite_where=sa.text("ended_on IS NULL"),
            postgresql_where=sa.text("ended_on IS NULL"),
        )

    op.create_table(
        "purchase_contracts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("provider_id", sa.String(length=32), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("care_kinds", sa.JSON(), nullable=False),
        sa.Column("sum_tiyn", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["providers.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("provider_id", "number", name="uq_contract_number"),
    )
    with op.batch_alter_table("purchase_contracts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_purchase_contracts_provider_id"), ["provider_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("purchase_contracts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_purchase_contracts_provider_id"))

    op.drop_table("purchase_contracts")
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_attachments_current_iin",
            sqlite_where=sa.text("ended_on IS NULL"),
            postgresql_where=sa.text("ended_on IS NULL"),
        )
        batch_op.drop_index("ix_attachments_org_current")
        batch_op.drop_index(batch_op.f("ix_attachments_iin"))

    op.drop_table("attachments")
    op.drop_table("api_keys")
    op.drop_table("providers")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
