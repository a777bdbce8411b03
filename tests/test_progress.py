"""The alignment progress and its time left: work measured in characters, the clock started after the model load."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import run_cli
from hypothesis import given
from hypothesis import strategies as st

from align.encoders import get_encoder
from align.encoders.base import reporting
from align.progress import (
    INTERVAL_VARIABLE,
    LINE_INTERVAL,
    LineProgress,
    TimeLeft,
    advance,
    bar,
    iterate,
    line_interval,
)
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


class _Clock:
    """A clock the test moves by hand: the line mode's 30 s without sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class _Log:
    """A stderr that is no terminal and records when (by the fake clock) each write came."""

    def __init__(self, clock: _Clock) -> None:
        self.clock = clock
        self.writes: list[tuple[float, str]] = []

    def write(self, text: str) -> int:
        self.writes.append((self.clock.now, text))
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


_LINE = re.compile(r"^embedding: ([\d,]+)/120,000 segments \((\d+)%\)(, about .+ left)?\n$")


def test_progress_lines_are_whole_and_spaced_by_the_interval() -> None:
    """120,000 segments in batches of 1,000 every 2 s (4 min): a line each 30 s from the step's start, none in its
    first 30 s, each a whole plain line with the count at that moment; the time left once TimeLeft has one."""
    clock = _Clock()
    log = _Log(clock)
    start = clock.now
    with LineProgress(120_000, "embedding", "seg", clock=clock, out=log) as shown:  # type: ignore[arg-type]
        for _ in range(120):
            clock.now += 2.0
            shown.update(1000)
    times = [t for t, _ in log.writes]
    assert times == [start + 30.0 * k for k in range(1, 9)]  # 30 s, 60 s, … 240 s: the last batch's own line
    for _, text in log.writes:
        assert _LINE.match(text) and "\r" not in text and "\x1b" not in text, text
    assert (
        log.writes[0][1] == "embedding: 15,000/120,000 segments (12%), about 4 min left\n"
    )  # 3.5 min: 105 batches of 2 s
    assert log.writes[3][1] == "embedding: 60,000/120,000 segments (50%), about 2 min left\n"
    assert log.writes[-1][1] == "embedding: 120,000/120,000 segments (100%)\n"


def test_progress_lines_estimate_by_the_share_of_work_when_told() -> None:
    """Sentences go to the encoder shortest first: by count, half of them done is far less than half the work, and
    a long run's log said "about 9 min left" for ten minutes. Told the share of the work (see ``advance``), the
    time left is by work: 1,000 items of growing size, work done at a steady rate over 100 s."""
    clock = _Clock()
    log = _Log(clock)
    sizes = [1 + k for k in range(1000)]  # item k costs k + 1
    total = sum(sizes)
    done_work = 0
    with LineProgress(1000, "embedding", "seg", clock=clock, out=log) as shown:  # type: ignore[arg-type]
        for lo in range(0, 1000, 50):
            batch = sum(sizes[lo : lo + 50])
            clock.now += 100.0 * batch / total  # steady in work
            done_work += batch
            advance(shown, 50, done_work / total)
    by_line = {int(m.group(1).replace(",", "")): m.group(2) for _, text in log.writes
               if (m := re.search(r"(\S+)/1,000 .*about (\d+ s) left", text))}  # fmt: skip
    assert by_line, log.writes
    for count, left in by_line.items():
        work = sum(sizes[:count]) / total
        assert abs(int(left.split()[0]) - 100.0 * (1 - work)) <= 2, (count, left)  # by work, not by count


def test_advance_moves_a_terminal_bar_by_items() -> None:
    """A tqdm bar (or the stand-in when nothing is shown) takes only a count: ``advance`` gives it that."""
    counted: list[int] = []

    class Bar:
        def update(self, n: int = 1) -> None:
            counted.append(n)

    advance(Bar(), 5, 0.3)
    advance(bar(False), 5, 0.3)
    assert counted == [5]


def test_a_step_within_its_first_interval_writes_nothing() -> None:
    clock = _Clock()
    log = _Log(clock)
    shown = LineProgress(50, "aligning: forward", "row", clock=clock, out=log)  # type: ignore[arg-type]
    for _ in range(50):
        clock.now += 0.59  # 29.5 s in all
        shown.update()
    assert log.writes == []


@given(
    interval=st.floats(0.5, 60.0),
    steps=st.lists(st.tuples(st.floats(0.0, 20.0), st.integers(0, 500)), max_size=80),
    total=st.one_of(st.none(), st.integers(1, 40_000)),
)
def test_line_mode_invariants(interval: float, steps: list[tuple[float, int]], total: int | None) -> None:
    """Whatever the pace: every write is one whole line; lines are at least ``interval`` apart and the first comes
    ``interval`` after the start; each states the count done at its moment; a step never ``interval`` long
    writes nothing."""
    clock = _Clock()
    log = _Log(clock)
    start = clock.now
    shown = LineProgress(total, "encoding corpus", "seg", interval=interval, clock=clock, out=log)  # type: ignore[arg-type]
    done, expected = 0, []
    for dt, n in steps:
        clock.now += dt
        done, before = done + n, len(log.writes)
        shown.update(n)
        assert len(log.writes) - before in (0, 1)
        if len(log.writes) > before:
            expected.append(done)
    previous = start
    for (when, text), count in zip(log.writes, expected, strict=True):
        assert when - previous >= interval
        previous = when
        assert text.endswith("\n") and text.count("\n") == 1 and "\r" not in text and "\x1b" not in text
        figure = f"{count:,}/{total:,} segments" if total else f"{count:,} segments"
        assert text.startswith(f"encoding corpus: {figure}"), (text, count)
    if clock.now - start < interval:
        assert log.writes == []


def test_the_interval_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(INTERVAL_VARIABLE, raising=False)
    assert line_interval() == LINE_INTERVAL == 30.0
    for value, seconds in [("0", 0.0), ("2.5", 2.5), ("-1", 30.0), ("soon", 30.0), ("nan", 30.0)]:
        monkeypatch.setenv(INTERVAL_VARIABLE, value)
        assert line_interval() == seconds, value


def test_bar_and_iterate_write_lines_to_a_log_and_nothing_when_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """The choice is made once, in align.progress: a stderr that is no terminal gets lines, none when progress is
    off."""
    log = _Log(_Clock())
    monkeypatch.setattr("sys.stderr", log)
    monkeypatch.setenv(INTERVAL_VARIABLE, "0")
    assert list(iterate(range(3), True, desc="aligning: forward", unit="row")) == [0, 1, 2]
    with bar(True, total=2, desc="embedding", unit="seg") as shown:
        shown.update(2)
    assert list(iterate(range(3), False, desc="x")) == [0, 1, 2]
    with bar(False, total=2, desc="x") as off:
        off.update(2)
    assert [text for _, text in log.writes] == [
        "aligning: forward: 1/3 rows (33%)\n",
        "aligning: forward: 2/3 rows (66%)\n",
        "aligning: forward: 3/3 rows (100%)\n",
        "embedding: 2/2 segments (100%)\n",
    ]


def test_the_cli_writes_progress_lines_to_a_log_and_none_with_quiet(tmp_path: Path) -> None:
    """``align`` with stderr piped (a log, nohup, CI) and the interval at 0: plain progress lines for the encoding
    and each pass of the programmes, the encoding's last one all of both files' segments; with -q none. (Before,
    a run whose stderr was no terminal said nothing for 34 minutes.)"""
    total = sum(len(read_document(CORPORA / p).segments) for p in SEED_PAIR)
    args = ("align", CORPORA / SEED_PAIR[0], CORPORA / SEED_PAIR[1], "-o", tmp_path / "out.csv", "--no-cache")
    proc = run_cli(*args, OMP_NUM_THREADS="1", **{INTERVAL_VARIABLE: "0"})
    assert "\r" not in proc.stderr and "\x1b" not in proc.stderr
    lines = proc.stderr.splitlines()
    embedding = [line for line in lines if line.startswith("embedding: ")]
    assert embedding and embedding[-1] == f"embedding: {total:,}/{total:,} segments (100%)", embedding
    for step in ("aligning: best path: ", "aligning: forward: ", "aligning: backward: "):
        assert any(re.fullmatch(re.escape(step) + r"[\d,]+/[\d,]+ rows \(\d+%\)(, about .+ left)?", x) for x in lines)
    assert "beads" in lines[-1]  # the summary, after the progress
    quiet = run_cli(*args, "-q", OMP_NUM_THREADS="1", **{INTERVAL_VARIABLE: "0"})
    assert quiet.stderr == ""
