"""Fixing the open bead's alignment: merge, split, move and detach sentences."""

from __future__ import annotations

import streamlit as st

from align.editing import detach_sentence, merge_with_next, merge_with_previous, move_sentence, split_bead
from align.review_store import ReviewStore
from review_app.drafts import post_edit_draft
from review_app.state import flash, go_to, reflag, show_flash, write
from review_app.undo import Action, record


def alignment_tools(store: ReviewStore, row, reviewer: str, n: int) -> None:  # type: ignore[no-untyped-def]
    st.caption(
        "Changes keep every error: the ones on a changed pair move to the pair that keeps its first "
        "sentences, with a note. The flags are recomputed for the new pairs. ↶ Undo (Z) reverts your edit."
    )
    show_flash("alignment")

    def edit(op, *args, said: str, detached: str | None = None) -> None:  # type: ignore[no-untyped-def]
        """Run the edit ``op``; ``said``: what it does, for the message that confirms it. ``detached`` ("first",
        "last"): a detach, after which the detached sentence's new pair opens, not the rest of the old one."""
        if post_edit_draft(row.id) is not None:
            # The edit replaces this pair: the draft typed on it would be left on a pair that is gone.
            flash("error", "Save your post-edit of this pair first (or put the box back as it was).", "alignment")
            return
        before = store.beads(row.review_id)  # the versions of the beads the edit replaces, for undo
        done = write(
            "alignment", store.edit_alignment, row.id, op, *args, expected_version=row.version, reviewer=reviewer
        )
        if done is None:
            return
        # The edit's own id, as the store logged it: not the latest edit, which may be someone else's by now.
        replaced = tuple((b.id, b.version) for b in before[done.start : done.old_stop])
        label = f"{done.op} at bead {done.start}"
        record(Action(label=label, review_id=row.review_id, edit_id=done.id, replaced=replaced))
        reflag(store, row.review_id)
        now = f"bead {done.start}" if done.new_stop - done.start == 1 else f"beads {done.start}–{done.new_stop - 1}"
        if detached is None:
            go_to(done.primary(row.position))
        else:  # the detached pair goes before the rest (first) or after it (last): it is the one to check
            alone = done.start if detached == "first" else done.start + 1
            go_to(alone)
            now += f", bead {alone} the detached sentence"
        # Said next to the buttons (the tools stay open on the new bead): the table and texts change at once, and
        # without a word a reviewer cannot tell which pairs were joined or where the cut went.
        flash("ok", f"{said}: now {now}. ↶ Undo (Z) reverts it.", "alignment")

    p = row.position

    def split() -> None:
        src_at, tgt_at = st.session_state["split_src"], st.session_state["split_tgt"]
        edit(
            split_bead,
            src_at,
            tgt_at,
            said=f"Split bead {p} after source sentence {src_at} and target sentence {tgt_at}",
        )

    m1, m2 = st.columns(2)
    m1.button(
        "Merge with previous",
        key="merge_prev",
        on_click=edit,
        args=(merge_with_previous,),
        kwargs={"said": f"Merged beads {p - 1} and {p}"},
        disabled=p == 0,
    )
    m2.button(
        "Merge with next",
        key="merge_next",
        on_click=edit,
        args=(merge_with_next,),
        kwargs={"said": f"Merged beads {p} and {p + 1}"},
        disabled=p >= n - 1,
    )
    s1, s2, s3 = st.columns([2, 2, 2])
    s1.number_input("Split after source sentence no.", 0, len(row.src), key="split_src")
    s2.number_input("… and target sentence no.", 0, len(row.tgt), key="split_tgt")
    s3.button(
        "Split",
        key="split",
        on_click=split,
    )

    for side, name in (("src", "source"), ("tgt", "target")):
        ids = getattr(row, side)
        c1, c2, c3, c4 = st.columns(4)
        c1.button(
            f"First {name} → previous pair",
            key=f"move_{side}_prev",
            on_click=edit,
            args=(move_sentence, side, "previous"),
            kwargs={"said": f"Moved the first {name} sentence of bead {p} to bead {p - 1}"},
            disabled=not ids or p == 0,
        )
        c2.button(
            f"Last {name} → next pair",
            key=f"move_{side}_next",
            on_click=edit,
            args=(move_sentence, side, "next"),
            kwargs={"said": f"Moved the last {name} sentence of bead {p} to bead {p + 1}"},
            disabled=not ids or p >= n - 1,
        )
        c3.button(
            f"Detach first {name}",
            key=f"detach_{side}_first",
            on_click=edit,
            args=(detach_sentence, side, "first"),
            kwargs={
                "said": f"Detached the first {name} sentence of bead {p} into a pair of its own",
                "detached": "first",
            },
            disabled=not ids,
        )
        c4.button(
            f"Detach last {name}",
            key=f"detach_{side}_last",
            on_click=edit,
            args=(detach_sentence, side, "last"),
            kwargs={
                "said": f"Detached the last {name} sentence of bead {p} into a pair of its own",
                "detached": "last",
            },
            disabled=not ids,
        )
