"""an id from the client on each session, so the same session sent twice is stored once

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 15:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("exercise_session") as batch:
        batch.add_column(sa.Column("client_id", sa.String(length=64), nullable=True))
        batch.create_unique_constraint(op.f("uq_exercise_session_profile_id"), ["profile_id", "client_id"])


def downgrade() -> None:
    with op.batch_alter_table("exercise_session") as batch:
        batch.drop_constraint(op.f("uq_exercise_session_profile_id"), type_="unique")
        batch.drop_column("client_id")
