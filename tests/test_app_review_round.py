"""Regressions from a reviewer's session in Chromium, driven headlessly with Streamlit's AppTest on a copy of the
real seed review: bulk approval and flagged beads, filters kept in the address, the post-edit conflict's wording,
detaching a sentence, and Z with nothing left to undo."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from seed_review import app_on_seed_db
from streamlit.testing.v1 import AppTest

from align.review_store import ReviewStore

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")


@pytest.fixture
def env(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    return app_on_seed_db(tmp_path_factory.getbasetemp(), tmp_path, monkeypatch)


def _app(reviewer: str = "Tester", **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update({"reviewer": reviewer, **params})
    at.run()
    _ok(at)
    return at


def _ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _said(at: AppTest) -> list[str]:
    return [str(m.value).replace("\\", "") for m in [*at.success, *at.error, *at.warning, *at.caption]]


def _frame(db: Path) -> pd.DataFrame:
    store = ReviewStore(db)
    frame = store.bead_frame(store.list_reviews()[0].id)
    store.close()
    return frame


def _go(at: AppTest, bead: int) -> None:
    at.number_input(key="bead_input").set_value(bead).run()
    _ok(at)


def test_bulk_approval_leaves_flagged_beads_unless_asked_for(env: Path) -> None:
    """Score 0.90-1.00 with the flag filter on "any" marked beads with a number mismatch correct, unread."""
    at = _app()
    at.slider(key="f_score").set_value((0.9, 1.0)).run()
    frame = _frame(env)
    shown = frame[frame["score"].round(2).between(0.9, 1.0) | frame["score"].isna()]
    todo = shown[(shown["status"] == "unreviewed") & (shown["n_errors"] == 0)]
    flagged = todo[todo["flags"].map(len) > 0]
    assert 0 < len(flagged) < len(todo)
    assert any(f"{len(todo)} unreviewed beads without errors, {len(flagged)} of them flagged" in s for s in _said(at))
    assert at.checkbox(key="approve_unflagged").value is True  # only the unflagged ones, unless asked
    at.button(key="approve_view").click().run()
    _ok(at)
    status = _frame(env).set_index("id")["status"]
    assert set(status[status == "correct"].index) == set(todo["id"]) - set(flagged["id"])
    assert (status[list(flagged["id"])] == "unreviewed").all()
    # Asked for: the flagged ones too, in a second action.
    at.checkbox(key="approve_unflagged").uncheck().run()
    at.button(key="approve_view").click().run()
    _ok(at)
    status = _frame(env).set_index("id")["status"]
    assert set(status[status == "correct"].index) == set(todo["id"])


def test_the_flag_filter_shows_the_beads_without_flags(env: Path) -> None:
    frame = _frame(env)
    at = _app()
    flag_box = at.selectbox(key="f_flag")
    assert "no flags" in [flag_box.format_func(o) for o in flag_box.options]
    flag_box.select_index([flag_box.format_func(o) for o in flag_box.options].index("no flags")).run()
    _ok(at)
    unflagged = frame.loc[frame["flags"].map(len) == 0, "bead"].tolist()
    assert 0 < len(unflagged) < len(frame)
    assert f"{len(unflagged)} of {len(frame)} beads match the filters" in _said(at)


def test_the_filters_are_kept_in_the_address_for_a_reload(env: Path) -> None:
    frame = _frame(env)
    code = sorted({c for codes in frame["flags"] for c in codes})[0]
    at = _app()
    at.selectbox(key="f_flag").set_value(code).run()
    at.slider(key="f_score").set_value((0.5, 1.0)).run()
    at.multiselect(key="f_status").select("unreviewed").run()
    at.text_input(key="f_text").input("a").run()
    _ok(at)
    params = dict(at.query_params)
    assert {k: params.get(k) for k in ("flag", "score", "status", "q")} == {
        "flag": code,
        "score": "0.50-1.00",
        "status": "unreviewed",
        "q": "a",
    }
    counted = [s for s in _said(at) if "beads match the filters" in s]
    # A reload, or the link opened in another browser: the same filtered view.
    again = _app(**{k: str(v) for k, v in params.items() if k != "reviewer"})
    assert again.selectbox(key="f_flag").value == code
    assert tuple(again.slider(key="f_score").value) == (0.5, 1.0)
    assert again.multiselect(key="f_status").value == ["unreviewed"] and again.text_input(key="f_text").value == "a"
    assert [s for s in _said(again) if "beads match the filters" in s] == counted
    # Back to no filter: nothing of it is left in the address.
    again.selectbox(key="f_flag").set_value("").run()
    again.slider(key="f_score").set_value((0.0, 1.0)).run()
    again.multiselect(key="f_status").unselect("unreviewed").run()
    again.text_input(key="f_text").input("").run()
    assert not {"flag", "score", "status", "q"} & set(again.query_params)


def _post_edit_refused(store: ReviewStore, me: str, colleague: str) -> tuple[AppTest, int]:
    """``me`` types a post-edit of bead 21, ``colleague`` saves one meanwhile, ``me``'s save is refused; → the
    app and the bead's id."""
    bead = store.beads(store.list_reviews()[0].id)[21]
    at = _app(me)
    _go(at, 21)
    at.toggle(key="pe_open").set_value(True).run()
    at.text_area(key="pe_text").input(f"{me}'s post-edit").run()
    store.set_post_edit(bead.id, f"{colleague}'s post-edit", expected_version=None, reviewer=colleague)
    at.button(key="save_pe").click().run()
    return at, bead.id


def test_a_post_edit_conflict_names_the_bead(env: Path) -> None:
    store = ReviewStore(env)
    at, _ = _post_edit_refused(store, "Bob", "Aiko")
    refusal = next(e for e in _said(at) if e.startswith("Not saved"))
    assert refusal.startswith("Not saved: bead 21's post-edit was changed by Aiko at "), refusal
    store.close()


def test_detaching_a_sentence_opens_the_detached_pair(env: Path) -> None:
    store = ReviewStore(env)
    rid = store.list_reviews()[0].id
    p = next(k for k, b in enumerate(store.beads(rid)) if len(b.tgt) >= 2 and b.src)
    before = store.beads(rid)[p]
    at = _app()
    _go(at, p)
    at.toggle(key="fix_open").set_value(True).run()
    at.button(key="detach_tgt_first").click().run()
    _ok(at)
    alone = store.beads(rid)[p]
    assert (alone.src, alone.tgt) == ((), before.tgt[:1])
    assert at.session_state["bead"] == p  # the detached pair, not the rest of the old one (bead p + 1)
    assert any(f"now beads {p}–{p + 1}, bead {p} the detached sentence" in s for s in _said(at)), _said(at)
    _go(at, p + 1)
    at.button(key="detach_tgt_last").click().run()  # the last target sentence goes after the rest
    _ok(at)
    assert at.session_state["bead"] == p + 2 and store.beads(rid)[p + 2].src == ()
    store.close()


def test_z_with_nothing_left_to_undo_says_so(env: Path) -> None:
    at = _app()
    _go(at, 3)
    at.button(key="mark_correct").click().run()
    at.button(key="undo").click().run()
    assert any(s.startswith("Undone: ") for s in _said(at))
    at.button(key="undo").click().run()  # nothing left: not the last "Undone" again, nor silence
    _ok(at)
    said = _said(at)
    assert "Nothing of yours left to undo on this review." in said and not any(s.startswith("Undone") for s in said)


def test_a_search_that_matches_nothing_leaves_no_bead_to_mark(env: Path) -> None:
    """A reviewer's session: "0 of 879 beads match the filters", yet the panel still showed bead 300, and A marked it
    correct ("That was the last bead the filters show"). Now the panel says so and offers no verdict."""
    at = _app(bead="30")
    at.text_input(key="f_text").input("zzzqqq").run()
    _ok(at)
    assert any("No bead matches the filters" in str(i.value) for i in at.info)
    assert not [b for b in at.button if b.key == "mark_correct"]
    assert (_frame(env)["status"] == "unreviewed").all()


def test_a_long_review_name_is_cut_in_the_title_and_whole_in_its_tooltip(env: Path) -> None:
    """A reviewer's session: a long review name took five lines of the title at 1440 px, pushing the review down."""
    store = ReviewStore(env)
    long_name = "Quarterly report " * 12 + "(final)"
    rid = store.create_review(store.alignment(store.list_reviews()[0].id), long_name)
    store.close()
    at = _app(review=str(rid))
    assert at.session_state["review"] == rid
    (title,) = [m for m in at.markdown if "reviewed" in str(m.value) and "→" in str(m.value)]
    shown = str(title.value).replace("\\", "")
    assert long_name not in shown and shown.startswith("**Quarterly report") and "…" in shown
    assert long_name in str(title.proto.help).replace("\\", "")


def test_after_a_post_edit_conflict_correct_next_does_not_replace_the_colleagues_post_edit(env: Path) -> None:
    """A team's session: Boss's save was refused for Anna's post-edit ("save again to replace theirs"); Boss then
    pressed "Correct, next", which saved the draft anyway, replaced Anna's text and said "your post-edit was saved".
    Only the explicit second save replaces it."""
    store = ReviewStore(env)
    at, bead_id = _post_edit_refused(store, "Boss", "Anna")
    at.button(key="mark_correct").click().run()
    _ok(at)
    now = store.bead(bead_id)
    assert (now.post_edit, now.post_edit_by, now.status) == ("Anna's post-edit", "Anna", "unreviewed")
    assert any("would replace the post-edit Anna saved" in e for e in _said(at)), _said(at)
    # The explicit save replaces it, knowingly.
    at.button(key="save_pe").click().run()
    _ok(at)
    assert store.bead(bead_id).post_edit == "Boss's post-edit"
    store.close()
