"""profile.setup_at (when the person first saved "what you have and what you can do", so home can move
on to the first session) and session_item.seconds (the time the player actually ran an exercise, so the
weekly minutes count what was done)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 13:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("profile", schema=None) as batch_op:
        batch_op.add_column(sa.Column("setup_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("session_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seconds", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("session_item", schema=None) as batch_op:
        batch_op.drop_column("seconds")
    with op.batch_alter_table("profile", schema=None) as batch_op:
        batch_op.drop_column("setup_at")
