"""safety_event.seen_on: the day the clinician saw the person, recorded with a self-entered clearance

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 00:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("safety_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seen_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("safety_event", schema=None) as batch_op:
        batch_op.drop_column("seen_on")
