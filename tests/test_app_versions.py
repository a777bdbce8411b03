"""Versions of one text in the app (AppTest): the grid of a review set, its columns and flags, and opening a
version's cell in its pairwise review, where an error marked there reaches the set's wide export."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import ROOT
from seed_review import session_cache_dir
from streamlit.testing.v1 import AppTest

from align.encoders import get_encoder
from align.readers import read_document
from align.review_store import ReviewStore
from align.versions import align_versions

APP = str(ROOT / "streamlit_app.py")
DATA = ROOT / "tests" / "data" / "multiway"


@pytest.fixture
def set_db(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A database holding one review set: English pivot, the planted German, Russian, Japanese."""
    db = tmp_path / "app.sqlite3"
    monkeypatch.setenv("ALIGN_DB", str(db))
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(session_cache_dir(tmp_path_factory.getbasetemp())))
    docs = [read_document(DATA / f"{n}.txt", presplit=True) for n in ["en", "de_planted", "ru", "ja"]]
    store = ReviewStore(db)
    store.create_review_set(align_versions(docs, get_encoder("bundled")), "Porto")
    store.close()
    return db


def _run(at: AppTest) -> None:
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def _open_set(set_id: int) -> AppTest:
    """The app in a new session with a reviewer's name (without one nothing is saved), the set opened."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["reviewer"] = "Tester"
    _run(at)
    at.selectbox(key="set_open").set_value(set_id)
    _run(at)
    return at


def test_grid_opens_a_cell_in_its_review_and_the_error_reaches_the_wide_export(set_db: Path) -> None:
    store = ReviewStore(set_db)
    (info,) = store.list_review_sets()
    multi = store.set_alignment(info.id)
    at = _open_set(info.id)
    grid = at.dataframe[0].value
    assert len(grid) == len(multi.rows)
    assert list(grid.columns) == ["en", "de", "⚑ de", "ru", "⚑ ru", "ja", "⚑ ja"]
    assert grid["en"].tolist() == [multi.text(row, 0) for row in multi.rows]
    assert "420" in grid["en"][1] and "240" in grid["de"][1] and "consensus_number" in grid["⚑ de"][1]
    # A flag column is wide enough for its flag on two lines (it took its header's width: "numbe" for
    # number_mismatch), and the cells are high enough for Streamlit to wrap their text (above 4rem).
    columns = json.loads(at.dataframe[0].proto.columns)
    widths = {c: w.get("width") for c, w in columns.items()}
    assert all(widths[f"⚑ {x}"] >= 100 for x in ["de", "ru", "ja"]) and widths["en"] >= widths["de"]
    assert columns["en"].get("pinned") and at.dataframe[0].proto.row_height > 64
    at.multiselect(key=f"set_cols_{info.id}").set_value(["de"])
    _run(at)
    assert list(at.dataframe[0].value.columns) == ["en", "de", "⚑ de"]

    at.number_input(key="set_row").set_value(1)
    at.selectbox(key="set_version").set_value("de")
    _run(at)
    assert any("consensus_number" in str(c.value).replace("\\", "") for c in at.caption)  # markdown-escaped
    at.button(key="set_open_cell").click()
    _run(at)
    rid = info.reviews["de"]
    position = multi.rows[1].beads[1][0]
    assert at.session_state["review"] == rid and at.session_state["bead"] == position
    at.toggle(key="err_open").set_value(True)
    _run(at)
    at.selectbox(key="err_category").select("accuracy/mistranslation")
    at.text_input(key="err_comment").input("240, not 420")
    at.button(key="add_error").click()
    _run(at)
    assert not at.error, [e.value for e in at.error]
    wide = store.set_table(info.id, "wide")
    assert (wide["status_de"][1], wide["error_category_de"][1], wide["comment_de"][1]) == (
        "has_errors",
        "accuracy/mistranslation",
        "240, not 420",
    )
    assert wide["status_de"].drop(index=1).eq("unreviewed").all()
    # Back in the grid, the cell shows the verdict.
    at.button(key="set_back").click()
    _run(at)
    assert at.dataframe[0].value["⚑ de"][1].startswith("✗")
    # With the versions chosen before the visit (a user's session: back to "3 of 7 versions shown").
    assert list(at.dataframe[0].value.columns) == ["en", "de", "⚑ de"]
    store.close()


def test_a_cells_review_stays_in_the_set_with_the_way_back(set_db: Path) -> None:
    """Opening a cell's review kept nothing of the set: ?set= left the address, the sidebar said "— none —" and
    there was no way back to the grid. Now the set stays open with a back button to the same row and version,
    and a reload of that address comes back to the cell's review with it."""
    store = ReviewStore(set_db)
    (info,) = store.list_review_sets()
    multi = store.set_alignment(info.id)
    at = _open_set(info.id)
    at.number_input(key="set_row").set_value(3)
    at.selectbox(key="set_version").set_value("ru")
    _run(at)
    at.button(key="set_open_cell").click()
    _run(at)
    rid = info.reviews["ru"]
    assert at.session_state["review"] == rid and not at.dataframe  # the review, not the grid
    assert at.query_params["set"] == str(info.id) and at.query_params["set_row"] == "3"
    assert at.session_state["set_open"] == info.id  # the sidebar names the set
    bead = at.session_state["bead"]
    assert bead == multi.rows[3].beads[multi.labels.index("ru")][0]
    # A reload of that address: the same review and bead, still with the way back.
    again = AppTest.from_file(APP, default_timeout=120)
    for k, v in at.query_params.items():
        again.query_params[k] = v
    _run(again)
    assert again.session_state["review"] == rid and again.session_state["bead"] == bead and not again.dataframe
    assert again.button(key="set_back") is not None
    # Back: the grid, at the row and version the review was opened from; the address has no row any more.
    at.button(key="set_back").click()
    _run(at)
    assert at.dataframe and at.number_input(key="set_row").value == 3
    assert at.selectbox(key="set_version").value == "ru" and "set_row" not in at.query_params
    # Another review chosen in the sidebar while a cell's review is open leaves the set.
    at.button(key="set_open_cell").click()
    _run(at)
    other = info.reviews["ja"]
    at.selectbox(key="review").set_value(other)
    _run(at)
    assert at.session_state["review"] == other and not at.session_state["set_open"] and "set" not in at.query_params
    store.close()


def test_the_review_box_names_no_review_while_the_grid_is_open(set_db: Path) -> None:
    """With the set's grid open the sidebar's "Open review" named the last pair's review, as if it were open.
    Now it names none; choosing a review there closes the set and opens that review."""
    store = ReviewStore(set_db)
    (info,) = store.list_review_sets()
    at = _open_set(info.id)
    assert at.dataframe  # the grid
    boxes = [b for b in at.sidebar.selectbox if b.label == "Open review"]
    assert len(boxes) == 1 and boxes[0].value is None
    wanted = info.reviews["ja"]
    boxes[0].set_value(wanted)
    _run(at)
    assert at.session_state["review"] == wanted and not at.session_state["set_open"] and not at.dataframe
    assert at.selectbox(key="review").value == wanted
    store.close()


def test_a_rerun_reuses_the_set_until_it_changes(set_db: Path) -> None:
    """The grid is read once per revision of the set: a rerun that changes nothing in it (choosing columns)
    reads nothing again (it loaded the set twice every run before), and a write through the store shows."""
    store = ReviewStore(set_db)
    (info,) = store.list_review_sets()
    at = _open_set(info.id)
    assert at.dataframe[0].value["⚑ ja"][0] == ""
    # A change behind the store's back (no revision bump): a rerun keeps what it had read.
    first_ja = store.beads(info.reviews["ja"])[0]
    raw = sqlite3.connect(set_db)
    raw.execute("UPDATE beads SET status = 'correct' WHERE id = ?", (first_ja.id,))
    raw.commit()
    raw.close()
    at.multiselect(key=f"set_cols_{info.id}").set_value(["ja"])
    _run(at)
    assert list(at.dataframe[0].value.columns) == ["en", "ja", "⚑ ja"]
    assert at.dataframe[0].value["⚑ ja"][0] == ""
    # A write through the store bumps the revision: the next run reads the set again.
    second = store.beads(info.reviews["ja"])[1]
    store.set_status(second.id, "correct", expected_version=second.version, reviewer="Aiko")
    at.multiselect(key=f"set_cols_{info.id}").set_value(["de", "ja"])
    _run(at)
    assert at.dataframe[0].value["⚑ ja"][0] == "✓"
    store.close()


def test_deleting_a_set_from_the_app(set_db: Path) -> None:
    store = ReviewStore(set_db)
    (info,) = store.list_review_sets()
    at = _open_set(info.id)
    assert at.button(key=f"set_delete_{info.id}").disabled  # only once confirmed
    at.checkbox(key=f"set_delete_sure_{info.id}").check()
    _run(at)
    # The panel stays open once its box is ticked (it folded shut, hiding the button the tick enabled).
    (panel,) = [e for e in at.expander if e.label == "Delete this version set"]
    assert panel.proto.expanded
    at.button(key=f"set_delete_{info.id}").click()
    _run(at)
    # Its version reviews went with it (the app then opens the sample, as on a fresh install).
    assert store.list_review_sets() == [] and not any(r.name.startswith("Porto") for r in store.list_reviews())
    assert any("Deleted the version set Porto" in str(s.value) for s in at.success)
    store.close()


def test_with_accounts_a_reviewer_reviews_the_set_but_neither_exports_nor_deletes_it(set_db: Path) -> None:
    """A reviewer given every version's review opens the set's grid; its exports, its deletion and starting a set
    are the admin's (the store refuses them to a reviewer: the view offered them, and a reviewer's click on
    Delete or Align failed)."""
    from align import accounts as A

    store = ReviewStore(set_db)
    (info,) = store.list_review_sets()
    A.add_account(store, "anna", "admin", "anna's long password")
    A.add_account(store, "ben", "reviewer", "ben's long password")
    for rid in info.reviews.values():
        A.assign_review(store, rid, "ben")
    for name, admin in [("ben", False), ("anna", True)]:
        at = AppTest.from_file(APP, default_timeout=120)
        _run(at)
        at.text_input(key="login_name").input(name)
        at.text_input(key="login_password").input(f"{name}'s long password")
        at.button(key="FormSubmitter:login-Log in").click()
        _run(at)
        at.selectbox(key="set_open").set_value(info.id)
        _run(at)
        assert len(at.dataframe[0].value) == len(store.set_alignment(info.id).rows)
        keys = {b.key for b in at.button}
        assert ("set_new_btn" in keys) == admin and (f"set_delete_{info.id}" in keys) == admin
        assert any(r.key == "set_fmt" for r in at.radio) == admin
    store.close()


def _errors(at: AppTest) -> list[str]:
    return [str(e.value).replace("\\", "") for e in at.error]


def test_the_open_set_is_in_the_address_and_a_bookmark_opens_it(set_db: Path) -> None:
    """The address kept the last pairwise review (?review=) only: a reload or a bookmark of a set's grid came
    back to that review. The open set is ?set=ID; a new session opens it, and says so when there is none."""
    store = ReviewStore(set_db)
    (info,) = store.list_review_sets()
    at = _open_set(info.id)
    assert at.query_params["set"] == str(info.id)
    # A new session (a reload, a bookmark) with that address: the set's grid, nothing else to choose.
    again = AppTest.from_file(APP, default_timeout=120)
    again.query_params.update({"reviewer": "Tester", "set": str(info.id)})
    _run(again)
    assert again.session_state["set_open"] == info.id and not again.error
    assert len(again.dataframe[0].value) == len(store.set_alignment(info.id).rows)
    assert list(again.dataframe[0].value.columns)[:3] == ["en", "de", "⚑ de"]
    # Closing the set takes it out of the address.
    again.selectbox(key="set_open").set_value(0)
    _run(again)
    assert "set" not in again.query_params
    # A set that is not there: said, and no set is open (before, the address was silently rewritten).
    for wanted in ["999", "abc"]:
        gone = AppTest.from_file(APP, default_timeout=120)
        gone.query_params.update({"reviewer": "Tester", "set": wanted, "set_row": "2"})
        _run(gone)
        assert _errors(gone) == [f"Version set {wanted} does not exist; none is open."]
        assert not gone.session_state["set_open"] and "set" not in gone.query_params
        assert "set_row" not in gone.query_params  # a team's session: it stayed, with no set to belong to
    store.close()


def test_with_accounts_a_bookmarked_set_opens_only_for_who_may_open_it(set_db: Path) -> None:
    """ben has two of the set's three version reviews: the set is not his (the store refuses it), and the page
    says why instead of showing nothing; the admin's bookmark opens it."""
    from align import accounts as A

    store = ReviewStore(set_db)
    (info,) = store.list_review_sets()
    A.add_account(store, "anna", "admin", "anna's long password")
    A.add_account(store, "ben", "reviewer", "ben's long password")
    for label in ["de", "ru"]:
        A.assign_review(store, info.reviews[label], "ben")
    for name in ["ben", "anna"]:
        at = AppTest.from_file(APP, default_timeout=120)
        at.query_params["set"] = str(info.id)
        if name == "ben":  # a bookmark of a cell of the set (anna's would open that cell's review)
            at.query_params.update({"set_row": "2", "review": str(info.reviews["de"])})
        _run(at)
        at.text_input(key="login_name").input(name)
        at.text_input(key="login_password").input(f"{name}'s long password")
        at.button(key="FormSubmitter:login-Log in").click()
        _run(at)
        if name == "ben":
            assert _errors(at) == [
                f"Version set {info.id} is not assigned to you (all its versions' reviews must be); none is open."
            ]
            assert not at.session_state["set_open"] if "set_open" in at.session_state else True
            assert "set" not in at.query_params and "set_row" not in at.query_params  # it stayed (a team's session)
        else:
            assert not at.error and at.session_state["set_open"] == info.id
            assert len(at.dataframe[0].value) == len(store.set_alignment(info.id).rows)
    store.close()


def test_the_same_file_uploaded_twice_is_refused(set_db: Path) -> None:
    """A user's session: en, pl and en again made a set with two identical English versions (the command line
    refuses a file given twice)."""
    en = (DATA / "en.txt").read_bytes()
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["reviewer"] = "Vera"
    _run(at)
    at.button(key="set_new_btn").click()
    _run(at)
    at.radio(key="set_from").set_value("upload files")
    _run(at)
    at.file_uploader(key="set_uploads").set_value(
        [("en.txt", en, "text/plain"), ("de.txt", (DATA / "de.txt").read_bytes(), "text/plain"),
         ("en copy.txt", en, "text/plain")]
    )  # fmt: skip
    _run(at)
    at.button(key="set_go").click()
    _run(at)
    assert any("en copy.txt is the same text as en.txt" in str(e.value).replace("\\", "") for e in at.error)
    store = ReviewStore(set_db)
    assert len(store.list_review_sets()) == 1  # the fixture's set only
    store.close()


def test_another_article_among_the_versions_is_named_above_the_grid(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seeds 000 and 002 (one article) with 003 (another article on the story): the set's view says above the
    grid that 003 is not a version of the pivot's text, as the command line warns. A new user saw only the
    outlier_version flags, cut in the ⚑ column, and reviewed 003's column as a translation."""
    from conftest import SHARED, shared_path

    seeds = shared_path(SHARED / "seeds")
    db = tmp_path / "app.sqlite3"
    monkeypatch.setenv("ALIGN_DB", str(db))
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(session_cache_dir(tmp_path_factory.getbasetemp())))
    docs = [read_document(next(seeds.glob(f"{k}_*.txt"))) for k in ("000", "002", "003")]
    store = ReviewStore(db)
    set_id = store.create_review_set(align_versions(docs, get_encoder("bundled"), pivot=0), "Seeds")
    labels = store.review_set(set_id).labels
    store.close()
    at = _open_set(set_id)
    warnings = [w.value.replace("\\", "") for w in at.warning]  # markdown: the names' _ are escaped
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith(f"{labels[2]} does not look like a version of the same text as the pivot {labels[0]}")
    assert "median margin of" in warnings[0] and "outlier_version" in warnings[0]
