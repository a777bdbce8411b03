"""Shared test data: the seed article pair aligned once per test session (embeddings cached on disk)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from align.embedding_cache import EmbeddingCache
from align.review_start import cached_encoder, ensure_seed_review
from align.review_store import ReviewStore


def session_cache_dir(basetemp: Path) -> Path:
    """One embedding cache for the whole test session, so the seed pair is encoded once."""
    path = basetemp / "emb-cache"
    path.mkdir(exist_ok=True)
    return path


def seed_db(basetemp: Path) -> Path:
    """A review database holding the aligned seed review, built once per session; copy it before writing."""
    path = basetemp / "seed-review.sqlite3"
    if not path.exists():
        building = basetemp / "seed-review.building.sqlite3"
        store = ReviewStore(building)
        cache = EmbeddingCache(session_cache_dir(basetemp) / "embeddings.sqlite3")
        ensure_seed_review(store, cached_encoder(None, cache))
        store.close()
        cache.close()
        building.rename(path)
    return path


def copy_seed_db(basetemp: Path, dest: Path) -> Path:
    shutil.copyfile(seed_db(basetemp), dest)
    return dest


def app_on_seed_db(basetemp: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the aligned seed review as the app's database (ALIGN_DB) and the session's warm embedding
    cache (ALIGN_CACHE_DIR), for AppTest runs; → the database's path."""
    db = copy_seed_db(basetemp, tmp_path / "app.sqlite3")
    monkeypatch.setenv("ALIGN_DB", str(db))
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(session_cache_dir(basetemp)))
    return db


def finish_jobs(at: AppTest, timeout_s: float = 600.0) -> AppTest:
    """Wait for the alignments the app runs in the background (review_app.jobs), then run the page again as its
    progress view does each second in a browser: the finished review or set is opened. Fails past ``timeout_s``."""
    from review_app import jobs

    deadline = time.monotonic() + timeout_s
    while jobs.active():
        assert time.monotonic() < deadline, f"alignments still running after {timeout_s:.0f} s: {jobs.active()}"
        time.sleep(0.2)
    return at.run() if "_job" in at.session_state else at
