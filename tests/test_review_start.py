"""Starting a review from the app aligns exactly as the command line does, with progress by callback."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from align.embedding_cache import CachedEncoder, EmbeddingCache
from align.encoders import get_encoder
from align.encoders.base import Encoder
from align.pipeline import align_and_flag
from align.readers import document_from_text
from align.review_start import CORPORA, SEED_PAIR, start_review
from align.review_store import ReviewStore


class RecordingEncoder(Encoder):
    """The real bundled encoder, recording every batch of texts handed to the model."""

    def __init__(self) -> None:
        self.inner = get_encoder(None)
        self.name, self.dim, self.batch_size = self.inner.name, self.inner.dim, self.inner.batch_size
        self.batches: list[list[str]] = []

    @property
    def cache_id(self) -> str:
        return self.inner.cache_id

    def _embed(self, texts: list[str]) -> np.ndarray:
        self.batches.append(list(texts))
        return self.inner._embed(texts)


def _opening(rel: str, lang: str, lines: int) -> object:
    text = "\n".join((CORPORA / rel).read_text(encoding="utf-8").splitlines()[:lines])
    return document_from_text(text, lang, name=rel)


def test_the_app_aligns_through_the_cli_path_and_reports_each_batch(tmp_path: Path) -> None:
    src, tgt = _opening(SEED_PAIR[0], "ja", 80), _opening(SEED_PAIR[1], "it", 80)
    cli = RecordingEncoder()
    expected = align_and_flag(src, tgt, CachedEncoder(cli, EmbeddingCache(":memory:")))  # what `align` runs
    app = RecordingEncoder()
    reports: list[tuple[float, str]] = []
    store = ReviewStore(tmp_path / "reviews.sqlite3")
    rid = start_review(
        store,
        src,
        tgt,
        encoder=CachedEncoder(app, EmbeddingCache(":memory:")),
        on_progress=lambda f, message: reports.append((f, message)),
    )
    # The model sees the same batches in the same order: sorted by length, batch_size texts each
    # (re-chunking 16 sentences at a time in document order made the app 2.7x slower than the CLI).
    assert app.batches == cli.batches and len(cli.batches) > 1
    first_pass = [len(t) for batch in app.batches[:2] for t in batch]
    assert len(app.batches[0]) == app.batch_size and first_pass == sorted(first_pass)
    assert [(b.src, b.tgt) for b in store.beads(rid)] == [(b.src, b.tgt) for b in expected.beads]
    # One report per encoded batch at least, in order, ending at 1.
    fractions = [f for f, _ in reports]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and fractions[0] < 0.1
    embedding = [m for _, m in reports if m.startswith("Embedding the sentences of both files")]
    assert len(embedding) >= len(cli.batches) - 1
    n_texts = len({s.text.strip() for s in src.segments + tgt.segments if s.text.strip()})  # each encoded once
    said = f"Embedding the sentences of both files not embedded before: {n_texts:,} of {n_texts:,}; aligning"
    assert embedding[-1] == said
    store.close()


def test_two_files_of_one_name_are_told_apart_by_their_folders() -> None:
    """The new-review form's corpora/ pair (two articles, each folder's ja.txt) was named "ja.txt (ja) ↔ ja.txt (ja)"
    in the review list: nothing told it from any other review of two ja.txt (a new user's session). With the same
    file name on both sides each is named with its folder; other names stay as they were."""
    from align.readers import read_document
    from align.review_start import corpus_files, review_name

    crisis, commentary = [f for f in corpus_files() if f.endswith("ja.txt") and "exec" not in f][:2]
    src, tgt = read_document(CORPORA / crisis), read_document(CORPORA / commentary)
    assert review_name(src, tgt) == f"{crisis} (ja) ↔ {commentary} (ja)"
    ja, it = read_document(CORPORA / SEED_PAIR[0]), read_document(CORPORA / SEED_PAIR[1])
    assert review_name(ja, it) == f"{Path(ja.name).name} (ja) ↔ {Path(it.name).name} (it)"
    a, b = document_from_text("Ein Satz.", "de", name="x.txt"), document_from_text("Une phrase.", "fr", name="x.txt")
    assert review_name(a, b) == "x.txt (de) ↔ x.txt (fr)"  # uploads: no folder to tell
