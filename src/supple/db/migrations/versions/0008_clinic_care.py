"""clinic care: client records, care links, invites, alert thresholds and alerts, notes and messages

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 18:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str, ondelete: str = "CASCADE") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "client_record",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("clinic_id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("joined_at", sa.DateTime(), nullable=False),
        _fk("client_record", "account_id", "account"),
        _fk("client_record", "clinic_id", "clinic"),
        _fk("client_record", "profile_id", "profile"),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_client_record")),
        sa.UniqueConstraint("profile_id", name=op.f("uq_client_record_profile_id")),
    )
    with op.batch_alter_table("client_record") as batch_op:
        batch_op.create_index(batch_op.f("ix_client_record_clinic_id"), ["clinic_id"], unique=False)
    op.create_table(
        "care_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("clinician_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _fk("care_link", "client_id", "account"),
        _fk("care_link", "clinician_id", "account"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_care_link")),
        sa.UniqueConstraint("client_id", "clinician_id", name=op.f("uq_care_link_client_id")),
    )
    with op.batch_alter_table("care_link") as batch_op:
        batch_op.create_index(batch_op.f("ix_care_link_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_care_link_clinician_id"), ["clinician_id"], unique=False)
    op.create_table(
        "invite",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clinic_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.Column("account_id", sa.Integer(), nullable=True),
        _fk("invite", "clinic_id", "clinic"),
        _fk("invite", "created_by", "account"),
        _fk("invite", "account_id", "account", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invite")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_invite_token_hash")),
    )
    with op.batch_alter_table("invite") as batch_op:
        batch_op.create_index(batch_op.f("ix_invite_clinic_id"), ["clinic_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_invite_created_by"), ["created_by"], unique=False)
    op.create_table(
        "alert_threshold",
        sa.Column("clinic_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        _fk("alert_threshold", "clinic_id", "clinic"),
        sa.PrimaryKeyConstraint("clinic_id", "key", name=op.f("pk_alert_threshold")),
    )
    op.create_table(
        "client_alert",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("severity", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("evaluated_at", sa.DateTime(), nullable=False),
        _fk("client_alert", "client_id", "account"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_alert")),
        sa.UniqueConstraint("client_id", "kind", name=op.f("uq_client_alert_client_id")),
    )
    with op.batch_alter_table("client_alert") as batch_op:
        batch_op.create_index(batch_op.f("ix_client_alert_client_id"), ["client_id"], unique=False)
    op.create_table(
        "client_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("author_name", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        _fk("client_entry", "client_id", "account"),
        _fk("client_entry", "author_id", "account", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_entry")),
    )
    with op.batch_alter_table("client_entry") as batch_op:
        batch_op.create_index("ix_client_entry_client_kind_at", ["client_id", "kind", "at"], unique=False)


def downgrade() -> None:
    for table in ("client_entry", "client_alert", "alert_threshold", "invite", "care_link", "client_record"):
        op.drop_table(table)
