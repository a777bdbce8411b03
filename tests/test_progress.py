"""The alignment progress and its time left: work measured in characters, the clock started after the model load."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from align.encoders import get_encoder
from align.encoders.base import reporting
from align.progress import TimeLeft
from align.readers import read_document
from align.review_start import CORPORA, SEED_PAIR, align_with_progress


def test_the_encoder_reports_the_share_of_work_done(tmp_path: Path) -> None:
    """Batches go shortest texts first: half the sentences of the seed article are far less than half the work,
    and the share reported after each batch is the share of the work (the bar moved by sentences before): for
    the bundled model, tokens, by which it also sorts its batches."""
    texts = [s.text for s in read_document(CORPORA / SEED_PAIR[1]).segments]
    encoder = get_encoder("bundled")
    reports: list[tuple[int, int, str, float]] = []
    with reporting(lambda *r: reports.append(r)):
        encoder.encode(texts, desc="embedding")
    assert reports[0] == (0, len(texts), "embedding", 0.0) and reports[-1][0] == len(texts)
    assert reports[-1][3] == 1.0
    ordered = sorted(encoder.token_count(t) - 2 + 1 for t in texts)  # content tokens (no <s> </s>), + 1 a text
    for done, _, _, share in reports:
        assert abs(share - sum(ordered[:done]) / sum(ordered)) < 1e-9
    done, _, _, share = reports[1]  # the first batch: the shortest sentences
    assert share < done / len(texts) - 0.15, (done, share)  # its sentence count made the time left far too low


def test_the_alignment_progress_moves_by_work_and_ends_at_one(tmp_path: Path) -> None:
    src, tgt = (read_document(CORPORA / p) for p in SEED_PAIR)
    seen: list[tuple[float, str]] = []
    align_with_progress(src, tgt, get_encoder("bundled"), lambda f, m: seen.append((f, m)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    embedding = [f for f, m in seen if m.startswith("Embedding the sentences of both files")]
    assert max(embedding) == 0.8 and len(embedding) > 2
    # The programmes and the flagging have their own stage, after the encoding's last batch.
    assert ("Flagging the" in seen[-2][1] and seen[-2][0] == 0.9) and seen[-1] == (1.0, "Done"), seen[-2:]
    # The first report past 0 is the first batch's share of the characters, well below its share of the sentences.
    first, message = next((f, m) for f, m in seen if f > 0)
    done, total = (int(x.replace(",", "")) for x in re.search(r"([\d,]+) of ([\d,]+)", message).groups())
    assert first < 0.8 * (done / total - 0.15), (first, message)


def test_no_time_left_before_the_work_starts_nor_until_it_is_stable() -> None:
    left = TimeLeft(min_share=0.05, min_seconds=2.0)
    assert left.update(0.0, 0.0) is None  # reading the documents
    assert left.update(0.0, 40.0) is None  # still loading the model: nothing encoded yet
    assert left.update(0.01, 41.0) is None  # the first batch: the clock starts here
    assert left.update(0.03, 42.0) is None  # too little work since then
    assert left.update(0.07, 42.5) is None  # too little time since then
    assert left.update(0.11, 46.0) == 5 * 0.89 / 0.10  # 0.10 of the work in 5 s since the first batch
    assert left.update(1.0, 90.0) is None


@given(
    load=st.floats(0.0, 600.0),
    rate=st.floats(0.001, 1.0),
    steps=st.lists(st.floats(0.001, 0.2), min_size=1, max_size=60),
)
def test_at_a_steady_rate_the_time_left_is_exact_whatever_the_model_load(
    load: float, rate: float, steps: list[float]
) -> None:
    """Work done at a steady rate after a model load of any length: every estimate given is the true time left
    (the clock started with the task counted the load as work: 40 s of loading made it far too high or low)."""
    left, now, done = TimeLeft(), load, 0.0
    assert left.update(0.0, 0.0) is None
    for step in steps:
        if done + step >= 1.0:
            break
        done += step
        now += step / rate
        seconds = left.update(done, now)
        if seconds is not None:
            assert abs(seconds - (1.0 - done) / rate) <= 1e-6 * (1.0 + (1.0 - done) / rate)


def test_starting_a_review_shows_flagging_and_storing_before_done(tmp_path: Path) -> None:
    """The bar does not say "Done" (nor keep the last encoder batch's time left) while the pairs are flagged and
    the review stored: each is a stage of its own, and "Done" comes once the review is in the store."""
    from align.review_start import start_review
    from align.review_store import ReviewStore

    src, tgt = (read_document(CORPORA / p) for p in SEED_PAIR)
    store = ReviewStore(tmp_path / "r.sqlite3")
    seen: list[tuple[float, str]] = []
    review_id = start_review(
        store, src, tgt, encoder=get_encoder("bundled"), on_progress=lambda f, m: seen.append((f, m))
    )
    assert [f for f, _ in seen] == sorted(f for f, _ in seen)
    assert seen[-3][0] == 0.9 and seen[-3][1].startswith("Flagging the ")
    assert seen[-2:] == [(0.97, "Storing the review"), (1.0, "Done")]
    assert len(store.beads(review_id)) > 0
