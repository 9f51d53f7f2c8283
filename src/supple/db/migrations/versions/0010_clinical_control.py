"""clinic mode: routine templates, routines assigned to clients, scheduled re-tests and questionnaires,
a clinician's changes to the planner's routine, step-ups waiting for approval

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "routine_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clinic_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("updated_by_name", sa.String(length=120), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["clinic_id"], ["clinic.id"], name=op.f("fk_routine_template_clinic_id_clinic"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_routine_template")),
        sa.UniqueConstraint("clinic_id", "name", name=op.f("uq_routine_template_clinic_id")),
    )
    with op.batch_alter_table("routine_template") as batch_op:
        batch_op.create_index(batch_op.f("ix_routine_template_clinic_id"), ["clinic_id"], unique=False)
    op.create_table(
        "assigned_routine",
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("assigned_by_name", sa.String(length=120), nullable=False),
        sa.Column("assigned_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"], ["profile.id"], name=op.f("fk_assigned_routine_profile_id_profile"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("profile_id", name=op.f("pk_assigned_routine")),
    )
    op.create_table(
        "scheduled_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("what", sa.String(length=40), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("set_by_name", sa.String(length=120), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["account.id"], name=op.f("fk_scheduled_check_client_id_account"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scheduled_check")),
        sa.UniqueConstraint("client_id", "kind", "what", name=op.f("uq_scheduled_check_client_id")),
    )
    with op.batch_alter_table("scheduled_check") as batch_op:
        batch_op.create_index(batch_op.f("ix_scheduled_check_client_id"), ["client_id"], unique=False)

    op.create_table(
        "planner_override",
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.String(length=60), nullable=False),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("to_exercise_id", sa.String(length=60), nullable=True),
        sa.Column("sets", sa.Integer(), nullable=True),
        sa.Column("reps", sa.Integer(), nullable=True),
        sa.Column("hold_s", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("set_by_name", sa.String(length=120), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"], ["profile.id"], name=op.f("fk_planner_override_profile_id_profile"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("profile_id", "exercise_id", name=op.f("pk_planner_override")),
    )
    op.create_table(
        "step_up_proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("slot_id", sa.String(length=60), nullable=False),
        sa.Column("from_variant", sa.String(length=60), nullable=False),
        sa.Column("from_level", sa.Integer(), nullable=False),
        sa.Column("to_variant", sa.String(length=60), nullable=False),
        sa.Column("to_level", sa.Integer(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("proposed_at", sa.DateTime(), nullable=False),
        sa.Column("decision", sa.String(length=8), nullable=True),
        sa.Column("decided_by_name", sa.String(length=120), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["profile_id"], ["profile.id"], name=op.f("fk_step_up_proposal_profile_id_profile"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_step_up_proposal")),
    )
    with op.batch_alter_table("step_up_proposal") as batch_op:
        batch_op.create_index(batch_op.f("ix_step_up_proposal_profile_id"), ["profile_id"], unique=False)


def downgrade() -> None:
    op.drop_table("step_up_proposal")
    op.drop_table("planner_override")
    op.drop_table("scheduled_check")
    op.drop_table("assigned_routine")
    op.drop_table("routine_template")
