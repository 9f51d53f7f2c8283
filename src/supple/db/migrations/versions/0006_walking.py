"""walk recordings, the walking plan and the walking log (issue 16)

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-04 15:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "walk_recording",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("placement", sa.String(length=16), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("rate_hz", sa.Float(), nullable=False),
        sa.Column("steps", sa.Integer(), nullable=False),
        sa.Column("bouts", sa.Integer(), nullable=False),
        sa.Column("walking_s", sa.Float(), nullable=False),
        sa.Column("cadence", sa.Float(), nullable=True),
        sa.Column("impact_g", sa.Float(), nullable=True),
        sa.Column("matched_impact_g", sa.Float(), nullable=True),
        sa.Column("side_ratio", sa.Float(), nullable=True),
        sa.Column("weighted_steps", sa.Float(), nullable=True),
        sa.Column("no_impact_reason", sa.String(length=16), nullable=True),
        sa.Column("step_impacts", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"], ["profile.id"], name=op.f("fk_walk_recording_profile_id_profile"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_walk_recording")),
    )
    with op.batch_alter_table("walk_recording", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_walk_recording_profile_id"), ["profile_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_walk_recording_recorded_at"), ["recorded_at"], unique=False)

    op.create_table(
        "walking_plan",
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("start_minutes", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("days_per_week", sa.Integer(), nullable=False),
        sa.Column("goal", sa.String(length=120), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"], ["profile.id"], name=op.f("fk_walking_plan_profile_id_profile"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("profile_id", name=op.f("pk_walking_plan")),
    )

    op.create_table(
        "walk_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("steps", sa.Integer(), nullable=True),
        sa.Column("recording_id", sa.Integer(), nullable=True),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["profile_id"], ["profile.id"], name=op.f("fk_walk_log_profile_id_profile"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["recording_id"], ["walk_recording.id"], name=op.f("fk_walk_log_recording_id_walk_recording"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"], ["exercise_session.id"], name=op.f("fk_walk_log_session_id_exercise_session"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_walk_log")),
    )
    with op.batch_alter_table("walk_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_walk_log_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_walk_log_profile_id"), ["profile_id"], unique=False)


def downgrade() -> None:
    op.drop_table("walk_log")
    op.drop_table("walking_plan")
    op.drop_table("walk_recording")
