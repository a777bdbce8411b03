"""Drafts: what a reviewer typed on a bead and has not saved (the app's error form and post-edit box).

Not review work: no bead version or review revision changes, nothing is exported, no conflict is possible
(each reviewer has their own). Kept in the database only so that a server restart loses none of it; a
draft goes with its bead (an alignment edit replaces it) and its review.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from align.review_store.base import StoreBase
from align.review_store.schema import now


class Drafts(StoreBase):
    def drafts(self, reviewer: str) -> dict[int, dict[str, str]]:
        """``reviewer``'s drafts on every review: bead id → field → text."""
        rows = self._q("SELECT bead_id, fields FROM drafts WHERE reviewer = ?", (reviewer,))
        return {int(bead_id): dict(json.loads(fields)) for bead_id, fields in rows}

    def save_draft(self, bead_id: int, reviewer: str, fields: Mapping[str, str]) -> bool:
        """Keep ``fields`` as ``reviewer``'s draft on the bead (replacing the one before; none: drop it).
        → False when the bead is gone (an alignment edit replaced it), so there is nothing to keep it on."""
        with self._write() as db:
            if not fields:
                db.execute("DELETE FROM drafts WHERE bead_id = ? AND reviewer = ?", (bead_id, reviewer))
                return True
            row = db.execute("SELECT review_id FROM beads WHERE id = ?", (bead_id,)).fetchone()
            if row is None:
                return False
            db.execute(
                "INSERT INTO drafts (bead_id, reviewer, review_id, fields, updated_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (bead_id, reviewer) DO UPDATE SET fields = excluded.fields, "
                "updated_at = excluded.updated_at",
                (bead_id, reviewer, int(row[0]), json.dumps(dict(fields), ensure_ascii=False), now()),
            )
            return True
