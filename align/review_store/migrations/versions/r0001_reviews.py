"""Reviews: documents, reviews, beads, error annotations, the edit log, settings and review sets.

The schema the pre-Alembic SQLite migrations 1-6 reached (an SQLite file at user_version 6 is stamped with this
revision instead of running it). JSON is stored as text, timestamps as ISO text (they sort as text).

Revision ID: r0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "r0001"
down_revision = None
branch_labels = None
depends_on = None


def _text(name: str, default: str | None = None, nullable: bool = False) -> sa.Column:
    server_default = None if default is None else sa.text(f"'{default}'")
    return sa.Column(name, sa.Text, nullable=nullable, server_default=server_default)


def _int(name: str, default: int | None = None, nullable: bool = False) -> sa.Column:
    server_default = None if default is None else sa.text(str(default))
    return sa.Column(name, sa.Integer, nullable=nullable, server_default=server_default)


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        _text("name"),
        _text("lang"),
        _text("text"),
        _text("segments"),  # JSON [[text, start, end, paragraph], ...]
        _text("encoding", nullable=True),
        _text("created_at"),
    )
    op.create_table(
        "review_sets",
        sa.Column("id", sa.Integer, primary_key=True),
        _text("name"),
        sa.Column("pivot_doc", sa.Integer, sa.ForeignKey("documents.id"), nullable=False),
        _text("model", ""),
        _text("meta", "{}"),  # JSON {labels, pivot, cross: [{version, cells, flags}], alignment}
        _text("created_at"),
    )
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, primary_key=True),
        _text("name"),
        sa.Column("src_doc", sa.Integer, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("tgt_doc", sa.Integer, sa.ForeignKey("documents.id"), nullable=False),
        _text("model"),
        _text("meta", "{}"),
        _text("created_at"),
        _text("updated_at"),
        _int("revision", 0),  # bumped by every write: lets readers cache
        sa.Column("set_id", sa.Integer, sa.ForeignKey("review_sets.id"), nullable=True),
        _text("version_label", ""),
    )
    op.create_index("reviews_by_set", "reviews", ["set_id"])
    op.create_table(
        "beads",
        # Never reused (AUTOINCREMENT; a sequence on PostgreSQL), so undo can restore old ids.
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("review_id", sa.Integer, sa.ForeignKey("reviews.id", ondelete="CASCADE"), nullable=False),
        _int("position"),
        _text("src_ids"),  # "0 1": 0-based segment ids, as in exports
        _text("tgt_ids"),
        sa.Column("score", sa.Float, nullable=True),  # NULL: edited by hand, no score
        _text("flags", "[]"),  # JSON [[code, message, weight], ...]
        sa.Column("risk", sa.Float, nullable=False, server_default=sa.text("0")),
        _text("status", "unreviewed"),
        _text("post_edit", ""),
        _int("edited", 0),
        _int("version", 1),
        _text("updated_at"),
        _text("updated_by", ""),
        _text("pe_parts", ""),
        _int("status_version", 0),
        _text("status_by", ""),
        _text("status_at", ""),
        _int("post_edit_version", 0),
        _text("post_edit_by", ""),
        _text("post_edit_at", ""),
        sa.CheckConstraint("status IN ('unreviewed', 'correct', 'has_errors')", name="beads_status"),
        sqlite_autoincrement=True,
    )
    op.create_index("beads_by_position", "beads", ["review_id", "position"])
    op.create_table(
        "annotations",
        sa.Column("id", sa.Integer, primary_key=True),
        # No cascade: a bead edit must move them.
        sa.Column("bead_id", sa.Integer, sa.ForeignKey("beads.id"), nullable=False),
        _text("category"),
        _text("severity"),
        _text("span_side", nullable=True),
        _int("span_start", nullable=True),
        _int("span_end", nullable=True),
        _text("comment", ""),
        _text("reviewer", ""),
        _text("created_at"),
        _text("note", ""),  # set when an alignment edit re-attached it
        sa.CheckConstraint("span_side IN ('src', 'tgt')", name="annotations_span_side"),
        sqlite_autoincrement=True,
    )
    op.create_index("annotations_by_bead", "annotations", ["bead_id"])
    op.create_table(
        "edits",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("review_id", sa.Integer, sa.ForeignKey("reviews.id", ondelete="CASCADE"), nullable=False),
        _text("op"),
        _int("start"),
        _int("old_stop"),
        _int("new_stop"),
        _text("before"),  # JSON: the replaced bead rows, exactly
        _text("homes"),  # JSON {annotation id: [bead id, span start, span end, note]}
        _text("new_ids"),  # JSON: ids of the beads the edit created
        _text("back_map"),  # JSON: per new bead, the old bead id it came from first
        _text("reviewer", ""),
        _text("created_at"),
        _text("undone_at", nullable=True),
        _text("after", nullable=True),  # JSON: the created beads' status and post-edit
        sqlite_autoincrement=True,
    )
    op.create_index("edits_by_review", "edits", ["review_id", "id"])
    op.create_table("settings", sa.Column("key", sa.Text, primary_key=True), _text("value"))
