"""Alignments the app runs in the background (review_app.jobs), driven by AppTest on a copy of the real seed review.

An alignment used to run inside the page's script: a click on anything while it ran started a new run and threw
it away (minutes of encoding on a long pair; a version set was lost without a word), and the review could not be
used meanwhile. The alignments here are the real ones; each is held at its start by an event, so that the clicks
land while it runs whatever the machine's speed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from seed_review import app_on_seed_db, finish_jobs, session_cache_dir
from streamlit.testing.v1 import AppTest

import review_app.page
import review_app.sidebar
from align.errors import InputError
from align.review_start import SEED_NAME, SEED_PAIR
from align.review_store import ReviewStore

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")


@pytest.fixture
def env(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    return app_on_seed_db(tmp_path_factory.getbasetemp(), tmp_path, monkeypatch)


class Gate:
    """Wraps a function so that each call waits until :meth:`open` (the test's clicks come first) and is counted."""

    def __init__(self, func: Callable[..., Any]) -> None:
        self.func, self.calls, self._open = func, 0, threading.Event()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        assert self._open.wait(120), "the test never let the alignment go on"
        return self.func(*args, **kwargs)

    def open(self) -> None:
        self._open.set()


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    """The new-review form's alignment, held at its start."""
    gate = Gate(review_app.sidebar.start_review)
    monkeypatch.setattr(review_app.sidebar, "start_review", gate)
    yield gate
    gate.open()  # a failed test leaves no thread waiting


def _app(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update({"reviewer": "Tester", **params})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _start_from_corpora(at: AppTest) -> None:
    at.button(key="new_open_btn").click().run()
    at.selectbox(key="new_src").set_value(SEED_PAIR[1])
    at.selectbox(key="new_tgt").set_value(SEED_PAIR[0])
    at.button(key="new_go").click().run()
    assert not at.exception, [e.value for e in at.exception]


def _markdown(at: AppTest) -> str:
    return "\n".join(str(m.value).replace("\\", "") for m in at.markdown)


def test_clicks_while_aligning_neither_stop_nor_restart_it_and_the_review_stays_usable(env: Path, held: Gate) -> None:
    at = _app()
    seed = at.session_state["review"]
    _start_from_corpora(at)
    assert "Aligning it.txt (it) ↔ ja.txt (ja)" in _markdown(at)  # the progress, in the main area
    assert at.button(key="new_go").disabled  # one alignment at a time
    assert at.query_params["job"]  # a reload keeps waiting for it
    # The open review is still there and usable: a verdict is saved while the other pair aligns.
    at.number_input(key="bead_input").set_value(4).run()
    at.button(key="mark_correct").click().run()
    assert not at.exception, [e.value for e in at.exception]
    store = ReviewStore(env)
    assert store.beads(seed)[4].status == "correct" and len(store.list_reviews()) == 1
    held.open()
    finish_jobs(at)
    reviews = store.list_reviews()
    assert held.calls == 1 and len(reviews) == 2  # aligned once, stored once
    new = next(r for r in reviews if r.name != SEED_NAME)
    assert at.session_state["review"] == new.id and (new.src_lang, new.tgt_lang) == ("it", "ja")
    assert "job" not in at.query_params and not at.button(key="new_open_btn").disabled
    store.close()


def test_a_reload_while_aligning_keeps_waiting_for_it_and_opens_the_result(env: Path, held: Gate) -> None:
    at = _app()
    _start_from_corpora(at)
    job = at.query_params["job"]
    again = _app(job=job)  # a new session: the reloaded page, its address naming the job
    assert "Aligning it.txt (it) ↔ ja.txt (ja)" in _markdown(again)
    held.open()
    finish_jobs(again)
    store = ReviewStore(env)
    new = next(r for r in store.list_reviews() if r.name != SEED_NAME)
    assert again.session_state["review"] == new.id and held.calls == 1
    store.close()


def test_a_failed_alignment_says_why_and_the_form_can_start_another(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fails(*args: Any, **kwargs: Any) -> int:
        raise InputError("it.txt: the text has no sentences")

    monkeypatch.setattr(review_app.sidebar, "start_review", fails)
    at = _app()
    _start_from_corpora(at)
    finish_jobs(at)
    errors = [str(e.value).replace("\\", "") for e in at.error]
    assert any("Aligning it.txt (it) ↔ ja.txt (ja): it.txt: the text has no sentences" in e for e in errors), errors
    assert not at.button(key="new_go").disabled and "job" not in at.query_params
    store = ReviewStore(env)
    assert len(store.list_reviews()) == 1
    store.close()


def test_two_browsers_on_a_fresh_database_align_the_sample_once(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "fresh.sqlite3"
    monkeypatch.setenv("ALIGN_DB", str(db))
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(session_cache_dir(tmp_path_factory.getbasetemp())))
    gate = Gate(review_app.page.ensure_seed_review)
    monkeypatch.setattr(review_app.page, "ensure_seed_review", gate)
    try:
        first, second = _app(), _app()
        assert first.query_params["job"] == second.query_params["job"]
    finally:
        gate.open()
    finish_jobs(first)
    finish_jobs(second)
    store = ReviewStore(db)
    (info,) = store.list_reviews()
    assert info.name == SEED_NAME and gate.calls == 1
    assert first.session_state["review"] == second.session_state["review"] == info.id
    store.close()


def test_an_address_naming_a_job_the_server_no_longer_has_says_so(env: Path) -> None:
    """A reload after the server restarted mid-alignment: the page waited for nothing, without a word."""
    at = _app(job="0123456789ab")
    warnings = [str(w.value).replace("\\", "") for w in at.warning]
    assert any("The alignment this page was waiting for is no longer on the server" in w for w in warnings)
    assert "job" not in at.query_params and not at.exception


def test_the_first_alignment_of_a_fresh_database_does_not_offer_to_go_on_reviewing(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new user's first screen said "you can go on reviewing meanwhile" while the sample was aligned for the first
    review, with nothing to review yet. It says the review opens by itself when it is ready."""
    monkeypatch.setenv("ALIGN_DB", str(tmp_path / "fresh.sqlite3"))
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(session_cache_dir(tmp_path_factory.getbasetemp())))
    gate = Gate(review_app.page.ensure_seed_review)
    monkeypatch.setattr(review_app.page, "ensure_seed_review", gate)
    try:
        at = _app()
        captions = [str(c.value) for c in at.caption]
    finally:
        gate.open()
    finish_jobs(at)
    assert not any("go on reviewing" in c for c in captions), captions
    assert any("opens by itself when it is ready" in c for c in captions), captions
