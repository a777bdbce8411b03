"""Accounts: once one exists, the app serves nothing without a login (align.accounts).

Passwords are argon2 hashes; a session is known by the SHA-256 of its token; failed logins are counted per
account name and per client; a review is assigned to one account by name ('' = nobody). The same schema as
the legacy SQLite migration 7.

Revision ID: r0002
Revises: r0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "r0002"
down_revision = "r0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("disabled", sa.Integer, nullable=False, server_default=sa.text("0")),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
        sa.CheckConstraint("role IN ('admin', 'reviewer')", name="accounts_role"),
    )
    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.Text, primary_key=True),
        sa.Column("account", sa.Text, sa.ForeignKey("accounts.name"), nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("expires_at", sa.Text, nullable=False),
        sa.Column("last_seen_at", sa.Text, nullable=False),
    )
    op.create_index("sessions_by_account", "sessions", ["account"])
    op.create_table(
        "login_failures",
        sa.Column("scope", sa.Text, primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_at", sa.Text, nullable=False),
        sa.Column("locked_until", sa.Text, nullable=False, server_default=sa.text("''")),
    )
    op.add_column("reviews", sa.Column("assigned_to", sa.Text, nullable=False, server_default=sa.text("''")))
    op.create_index("reviews_by_assignee", "reviews", ["assigned_to"])
