"""Drafts: what a reviewer typed in the app's forms on a bead and has not saved yet (an error's comment and
span, a post-edit), so that a server restart loses none of it. One row per bead and reviewer; it goes with
its bead (an alignment edit replaces the bead) and with its review.

Revision ID: r0003
Revises: r0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "r0003"
down_revision = "r0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "drafts",
        sa.Column("bead_id", sa.Integer, sa.ForeignKey("beads.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("reviewer", sa.Text, primary_key=True),
        sa.Column("review_id", sa.Integer, sa.ForeignKey("reviews.id", ondelete="CASCADE"), nullable=False),
        sa.Column("fields", sa.Text, nullable=False),  # JSON {field: text}
        sa.Column("updated_at", sa.Text, nullable=False),
    )
    op.create_index("drafts_by_reviewer", "drafts", ["reviewer", "review_id"])
