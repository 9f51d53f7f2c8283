"""clinic mode: TOTP secrets encrypted at rest (supple.db.secret_box); the secrets stored in clear before
are sealed here, with the key given to the migration (from SUPPLE_CLINIC_SECRET_KEY or the key file in the
data folder, made when missing)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op

from supple.db.secret_box import SecretBox, totp_binding

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_COLUMNS = ("totp_secret", "totp_pending_secret")


def _account() -> sa.Table:
    return sa.table("account", sa.column("id", sa.Integer()), *(sa.column(c, sa.String()) for c in _COLUMNS))


def _resize(length: int) -> None:
    """Widen (or narrow back) the two columns. On SQLite this copies the table, and SQLite commits such
    DDL at once, so both directions check for the key *before* they get here: nothing is half-done."""
    with op.batch_alter_table("account") as batch_op:
        for column in _COLUMNS:
            batch_op.alter_column(column, type_=sa.String(length=length), existing_nullable=True)


def upgrade() -> None:
    bind = op.get_bind()
    account = _account()
    rows = bind.execute(sa.select(account.c.id, *(account.c[c] for c in _COLUMNS))).all()
    clear = [r for r in rows if any(v is not None and not SecretBox.is_sealed(v) for v in r[1:])]
    box: SecretBox | None = None
    if clear:
        opener = context.config.attributes.get("secret_box")
        if opener is None:
            raise RuntimeError("migration 0011 seals the stored TOTP secrets and needs the clinic secret key")
        box = opener()
    _resize(255)
    if box is None:
        return
    for row in clear:
        values = {
            column: box.seal(value, bound_to=totp_binding(row.id))
            for column, value in zip(_COLUMNS, row[1:], strict=True)
            if value is not None and not SecretBox.is_sealed(value)
        }
        bind.execute(sa.update(account).where(account.c.id == row.id).values(**values))


def downgrade() -> None:
    bind = op.get_bind()
    account = _account()
    rows = bind.execute(sa.select(account.c.id, *(account.c[c] for c in _COLUMNS))).all()
    sealed = [r for r in rows if any(v is not None and SecretBox.is_sealed(v) for v in r[1:])]
    if sealed:
        opener = context.config.attributes.get("secret_box")
        if opener is None:
            raise RuntimeError("going back before migration 0011 opens the TOTP secrets and needs the key")
        box: SecretBox = opener()
        for row in sealed:
            values = {
                column: box.open(value, bound_to=totp_binding(row.id))
                for column, value in zip(_COLUMNS, row[1:], strict=True)
                if value is not None and SecretBox.is_sealed(value)
            }
            bind.execute(sa.update(account).where(account.c.id == row.id).values(**values))
    _resize(64)
