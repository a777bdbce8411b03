"""Property-based tests of the review store: random reviewing sessions on a real SQLite file and on a real
PostgreSQL server keep every invariant.

A hypothesis state machine gives verdicts, adds and deletes errors with spans, writes post-edits,
merges, splits, moves and detaches beads and undoes edits, in any order, on a small review made of
the seed article's first sentences. After every step it checks what a reviewer relies on:

- every sentence is in exactly one bead, positions are 0..n-1;
- no error is lost and its span still covers the same words;
- status and errors agree: a bead with an error is "has_errors", the counts match the MQM figures;
- the CSV and TMX exports say what the store holds;
- a refused action changes nothing; an undo right after an edit restores the exact state, and an
  undo after more work loses none of the post-edited text.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from conftest import SEED_PAIR, STORE_BACKENDS
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from align import editing, read_document
from align.errors import AlignError
from align.exporters import TABLE_COLUMNS, table_bytes
from align.mqm import mqm_score
from align.review_store import REVIEW_COLUMNS, STATUSES, ConflictError, ReviewRuleError, ReviewStore
from align.review_store.carry import (
    PostEdited,
    Side,
    anchor_span,
    bead_parts,
    carry_post_edits,
    cut_post_edit,
    join_parts,
    parts_of_json,
    place_anchor,
    trim_span,
)
from align.types import Alignment, Annotation, Bead, Document, join_segments, join_texts

N_JA, N_IT = 8, 7
# 1-1, 2-1, 1-0, 1-2, 0-1, 2-1, 1-1 (Japanese : Italian): every shape an edit must handle. Japanese
# sentences 5 and 6 end in 。, so bead 5's Japanese side has nothing written between them.
SHAPES = [((0,), (0,)), ((1, 2), (1,)), ((3,), ()), ((4,), (2, 3)), ((), (4,)), ((5, 6), (5,)), ((7,), (6,))]


def _fresh_db(backend: str, folder: Path) -> str:
    """A new review database on ``backend``: a file in ``folder``, or a database on the tests' server."""
    if backend == "sqlite":
        return str(folder / "review.sqlite3")
    from pg_server import empty_db

    return empty_db()


def _head(doc: Document, n: int) -> Document:
    return Document(text=doc.text, segments=doc.segments[:n], lang=doc.lang, path=doc.path)


_DOCS: dict[str, Document] = {}


def _small_alignment(japanese_source: bool = True) -> Alignment:
    """The seed article's first sentences: Japanese → Italian, or Italian → Japanese (a Japanese target,
    whose post-edits an edit joins without a space after 。)."""
    if not _DOCS:
        _DOCS["ja"] = _head(read_document(SEED_PAIR / "ja.txt"), N_JA)
        _DOCS["it"] = _head(read_document(SEED_PAIR / "it.txt"), N_IT)
    if japanese_source:
        beads = [Bead(s, t, 0.5 + 0.05 * k) for k, (s, t) in enumerate(SHAPES)]
        return Alignment(_DOCS["ja"], _DOCS["it"], beads, model="test")
    beads = [Bead(t, s, 0.5 + 0.05 * k) for k, (s, t) in enumerate(SHAPES)]
    return Alignment(_DOCS["it"], _DOCS["ja"], beads, model="test")


def _side_text(store: ReviewStore, rid: int, ids: tuple[int, ...], side: str) -> str:
    """A bead side's text as CSV and TMX give it: joined as the language writes sentences (no space
    after 。 in Japanese), like the command line's exports."""
    doc = store.documents(rid)[0 if side == "src" else 1]
    return join_segments(doc, ids)


EDITS = st.one_of(
    st.tuples(st.just("merge_next")),
    st.tuples(st.just("merge_previous")),
    st.tuples(st.just("split"), st.integers(0, 3), st.integers(0, 3)),
    st.tuples(st.just("move"), st.sampled_from(["src", "tgt"]), st.sampled_from(["previous", "next"])),
    st.tuples(st.just("detach"), st.sampled_from(["src", "tgt"]), st.sampled_from(["first", "last"])),
)
OPS: dict[str, Any] = {
    "merge_next": editing.merge_with_next,
    "merge_previous": editing.merge_with_previous,
    "split": editing.split_bead,
    "move": editing.move_sentence,
    "detach": editing.detach_sentence,
}
WORDS = st.sampled_from(["ancora", "dirigenti", "OpenAI", "però", "così", "l’ondata", "2024", "—", "。", "immagine"])


class ReviewSession(RuleBasedStateMachine):
    """One reviewer's random session on Japanese → Italian; the model keeps what the store must still hold."""

    japanese_source = True
    backend = "sqlite"

    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="review-props-"))
        self.store = ReviewStore(_fresh_db(self.backend, self.dir))
        alignment = _small_alignment(self.japanese_source)
        self.n_src, self.n_tgt = len(alignment.src), len(alignment.tgt)
        self.rid = self.store.create_review(alignment, "props")
        #: error id → (span side, the words its span covers), or (None, "") without a span
        self.errors: dict[int, tuple[str | None, str]] = {}
        #: error id → who added it
        self.authors: dict[int, str] = {}
        #: per alignment edit not undone: (state before it, whether anything was written since)
        self.edits: list[tuple[Any, bool]] = []
        #: deleted errors, latest last: (annotation, note, its bead, the bead version the delete left, the state
        #: before the delete, the review revision after it, its entry in ``errors``, its author)
        self.deleted: list[tuple[Any, ...]] = []
        self.checked = -1  # the review revision whose exports were last checked

    def teardown(self) -> None:
        self.store.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    # -- helpers -----------------------------------------------------------------------------------

    def _bead(self, k: int) -> Any:
        beads = self.store.beads(self.rid)
        return beads[k % len(beads)]

    def _state(self) -> Any:
        """Everything a reviewer can see (not versions and times, which an undo moves on)."""
        beads = tuple(
            (b.id, b.position, b.src, b.tgt, repr(b.score), tuple(b.flags), b.status, b.post_edit, b.edited)
            for b in self.store.beads(self.rid)
        )
        errors = tuple(
            (b.id, a.id, a.category, a.severity, a.comment, a.span_side, a.span_start, a.span_end, note)
            for b in self.store.beads(self.rid)
            for a, note in self.store.annotations(b.id)
        )
        return beads, errors

    def _post_edited_chars(self) -> Counter[str]:
        """Characters of the reviewer's own post-edit text (not the MT standing in for a bead without one)."""
        tgt = Side.of(self.store.documents(self.rid)[1])
        rows = self.store._q("SELECT src_ids, tgt_ids, post_edit, pe_parts FROM beads WHERE review_id = ?", (self.rid,))
        out: Counter[str] = Counter()
        for r in rows:
            bead = Bead(tuple(map(int, r[0].split())), tuple(map(int, r[1].split())))
            if r[2]:
                for p in bead_parts(PostEdited(bead, r[2], parts_of_json(r[3])), tgt):
                    if p.post_edited:
                        out.update(c for c in p.text if not c.isspace())
        return out

    def _refused(self, before: Any, exc: Exception) -> None:
        assert str(exc) and "\n" not in str(exc)  # one clear line
        assert self._state() == before, f"a refused action changed the review: {exc}"

    def _wrote(self) -> None:
        if self.edits:
            self.edits[-1] = (self.edits[-1][0], True)

    # -- rules -------------------------------------------------------------------------------------

    @initialize()
    def start(self) -> None:
        assert len(self.store.beads(self.rid)) == len(SHAPES)

    @rule(k=st.integers(0, 20), status=st.sampled_from(STATUSES))
    def verdict(self, k: int, status: str) -> None:
        b = self._bead(k)
        n = len(self.store.annotations(b.id))
        before = self._state()
        try:
            self.store.set_status(b.id, status, expected_version=b.version, reviewer="R")
        except ReviewRuleError as exc:
            assert n and status != "has_errors"
            assert f"bead {b.position} has {n} error" in str(exc)
            self._refused(before, exc)
            return
        assert not n or status == "has_errors"
        self._wrote()

    @rule(
        k=st.integers(0, 20),
        side=st.sampled_from([None, "src", "tgt"]),
        start=st.integers(-2, 200),
        length=st.integers(-2, 60),
        severity=st.sampled_from(["minor", "major", "critical"]),
    )
    def add_error(self, k: int, side: str | None, start: int, length: int, severity: str) -> None:
        b = self._bead(k)
        text = _side_text(self.store, self.rid, getattr(b, side), side) if side else ""
        end = start + length
        ann = Annotation("accuracy/mistranslation", severity, comment=f"c{k}", span_side=side)
        if side:
            ann = Annotation(
                "accuracy/mistranslation", severity, f"c{k}", span_side=side, span_start=start, span_end=end
            )
        valid = side is None or (0 <= start < end <= len(text) and text[start:end].strip())
        before = self._state()
        try:
            ann_id, _ = self.store.add_annotation(b.id, ann, expected_version=b.version - 1, reviewer="R")
        except AlignError as exc:
            assert not valid, exc
            self._refused(before, exc)
            return
        assert valid
        self.errors[ann_id] = (side, text[start:end].strip() if side else "")
        self.authors[ann_id] = "R"
        assert self.store.bead(b.id).status == "has_errors"
        self._wrote()

    @rule(
        k=st.integers(0, 20),
        side=st.sampled_from(["src", "tgt"]),
        sentence=st.integers(0, 3),
        offset=st.integers(0, 80),
        length=st.integers(1, 80),
        who=st.sampled_from(["Aiko", "Luca"]),
    )
    def add_error_on_words(self, k: int, side: str, sentence: int, offset: int, length: int, who: str) -> None:
        """An error on words of one of the bead's sentences (the last one, often), as selected in the shown
        text; a long span runs on into the next sentence."""
        b = self._bead(k)
        ids = getattr(b, side)
        assume(ids)
        doc = self.store.documents(self.rid)[0 if side == "src" else 1]
        j = sentence % len(ids)
        at = len(join_segments(doc, ids[: j + 1])) - len(doc.segments[ids[j]].text)  # where sentence j starts
        text = join_segments(doc, ids)
        start = at + offset % len(doc.segments[ids[j]].text)
        end = min(start + length, len(text))
        assume(text[start:end].strip())
        ann = Annotation("fluency/grammar", "minor", span_side=side, span_start=start, span_end=end)
        ann_id, _ = self.store.add_annotation(b.id, ann, reviewer=who)
        self.errors[ann_id] = (side, text[start:end].strip())
        self.authors[ann_id] = who
        self._wrote()

    @precondition(lambda self: self.errors)
    @rule(pick=st.integers(0, 50))
    def delete_error(self, pick: int) -> None:
        ann_id = sorted(self.errors)[pick % len(self.errors)]
        ann, note, bead_id = next(
            (a, note, b.id)
            for b in self.store.beads(self.rid)
            for a, note in self.store.annotations(b.id)
            if a.id == ann_id
        )
        before = self._state()
        version = self.store.delete_annotation(ann_id, reviewer="R")
        self.deleted.append(
            (
                ann,
                note,
                bead_id,
                version,
                before,
                self.store.revision(self.rid),
                self.errors[ann_id],
                self.authors[ann_id],
            )
        )
        del self.errors[ann_id], self.authors[ann_id]
        self._wrote()

    @precondition(lambda self: self.deleted)
    @rule()
    def restore_error(self) -> None:
        """Undo the latest delete of an error: the same error comes back, or the restore is refused (its bead was
        replaced by an edit, or its verdict changed since) and changes nothing."""
        ann, note, bead_id, version, before_delete, revision, words, author = self.deleted.pop()
        untouched = self.store.revision(self.rid) == revision  # nothing written since the delete
        before = self._state()
        try:
            ann_id, _ = self.store.restore_annotation(bead_id, ann, expected_version=version, reviewer="U", note=note)
        except ConflictError as exc:
            assert not untouched, exc
            event("restore refused")
            self._refused(before, exc)
            return
        event("restore right after the delete" if untouched else "restore after more work")
        assert ann_id == ann.id
        ((back, back_note),) = [(a, n) for a, n in self.store.annotations(bead_id) if a.id == ann_id]
        assert (back, back_note) == (ann, note)  # author, category, severity, span, comment, created time
        assert self.store.bead(bead_id).status == "has_errors"
        if untouched:
            assert self._state() == before_delete, "restoring a deleted error did not give the review back exactly"
        self.errors[ann_id], self.authors[ann_id] = words, author
        self._wrote()

    @rule(k=st.integers(0, 20), words=st.lists(WORDS, max_size=6), keep_mt=st.booleans())
    def post_edit(self, k: int, words: list[str], keep_mt: bool) -> None:
        b = self._bead(k)
        mt = _side_text(self.store, self.rid, b.tgt, "tgt")
        text = " ".join([mt, *words] if keep_mt else words)
        self.store.set_post_edit(b.id, text, expected_version=b.version, reviewer="R")
        self._wrote()

    @rule(k=st.integers(0, 20), edit=EDITS)
    def edit_alignment(self, k: int, edit: tuple[Any, ...]) -> None:
        b = self._bead(k)
        before, chars = self._state(), self._post_edited_chars()
        try:
            self.store.edit_alignment(b.id, OPS[edit[0]], *edit[1:], expected_version=b.version, reviewer="R")
        except AlignError as exc:
            event(f"{edit[0]} refused")
            self._refused(before, exc)
            return
        event(f"{edit[0]} done")
        self.edits.append((before, False))
        assert self._post_edited_chars() >= chars, "an edit lost post-edited text"

    @precondition(lambda self: self.edits)
    @rule()
    def undo(self) -> None:
        last = self.store.last_edit(self.rid)
        assert last is not None
        before_undo, chars = self._state(), self._post_edited_chars()
        try:
            self.store.undo(self.rid, expected_edit=last.id, reviewer="R")
        except AlignError as exc:
            event("undo refused")
            assert "cannot undo" in str(exc)
            self._refused(before_undo, exc)
            return
        state, dirty = self.edits.pop()
        event(f"undo {'after more work' if dirty else 'right after the edit'}")
        if not dirty:
            assert self._state() == state, "undo right after an edit did not restore the review exactly"
        else:
            assert self._post_edited_chars() >= chars, "an undo lost post-edited text written since the edit"
            if self.edits:
                self.edits[-1] = (self.edits[-1][0], True)

    # -- invariants --------------------------------------------------------------------------------

    @invariant()
    def every_sentence_in_one_bead(self) -> None:
        beads = self.store.beads(self.rid)
        editing.check_beads([Bead(b.src, b.tgt) for b in beads], self.n_src, self.n_tgt)
        assert [b.position for b in beads] == list(range(len(beads)))

    @invariant()
    def no_error_lost_and_spans_on_their_words(self) -> None:
        seen: dict[int, tuple[str | None, str]] = {}
        for b in self.store.beads(self.rid):
            for a, _ in self.store.annotations(b.id):
                words = _side_text(self.store, self.rid, getattr(b, a.span_side), a.span_side) if a.span_side else ""
                seen[a.id] = (a.span_side, words[a.span_start : a.span_end] if a.span_side else "")
        assert seen == self.errors

    @invariant()
    def status_errors_counts_and_exports_agree(self) -> None:
        beads = self.store.beads(self.rid)
        n_errors = [len(self.store.annotations(b.id)) for b in beads]
        for b, n in zip(beads, n_errors, strict=True):
            assert not n or b.status == "has_errors", f"bead {b.position} holds {n} errors but is {b.status}"
        info = self.store.review(self.rid)
        assert info.with_errors == sum(b.status == "has_errors" for b in beads)
        assert info.reviewed == sum(b.status != "unreviewed" for b in beads)
        mqm = mqm_score(self.store.review_annotations(self.rid), 100)
        assert sum(mqm.by_severity.values()) == sum(n_errors) == len(self.errors)
        assert {b.position for b, n in zip(beads, n_errors, strict=True) if n} <= {
            b.position for b in beads if b.status == "has_errors"
        }

        # The exports cost the most to check: only when something changed since the last check.
        revision = self.store.revision(self.rid)
        if revision == self.checked:
            return
        self.checked = revision
        # CSV: what the store holds, under the fixed header
        csv = pd.read_csv(io.BytesIO(table_bytes(self.store.review_table(self.rid), "csv")), keep_default_na=False)
        assert list(csv.columns) == [*TABLE_COLUMNS, *REVIEW_COLUMNS]
        assert csv["status"].tolist() == [b.status for b in beads]
        assert csv["post_edit"].astype(str).tolist() == [b.post_edit for b in beads]
        assert [len(c.split(" | ")) if c else 0 for c in csv["severity"]] == n_errors
        assert csv["src_ids"].astype(str).tolist() == [" ".join(map(str, b.src)) for b in beads]
        assert csv["tgt_text"].astype(str).tolist() == [_side_text(self.store, self.rid, b.tgt, "tgt") for b in beads]
        # error by error, in the order added: who added it, and its span, which cuts the annotated words out
        # of the exported text
        for (_, row), b in zip(csv.iterrows(), beads, strict=True):
            anns = [a for a, _ in self.store.annotations(b.id)]
            assert str(row["error_reviewer"]) == " | ".join(self.authors[a.id] for a in anns)
            spans = str(row["error_span"]).split(" | ") if anns else []
            for a, span in zip(anns, spans, strict=True):
                side, want = self.errors[a.id]
                if side is None:
                    assert span == ""
                    continue
                at, offsets = span.split(":")
                start, end = map(int, offsets.split("-"))
                assert at == side and str(row[f"{side}_text"])[start:end] == want
            # the covered texts, "|" written "/", a cell that would start a formula after an apostrophe
            words = " | ".join(self.errors[a.id][1].replace("|", "/") for a in anns)
            assert str(row["error_text"]) == ("'" + words if words.startswith(("=", "+", "-", "@")) else words)

        # TMX: the approved pairs, post-edits as targets; never a bead with errors and no post-edit
        want = [
            (
                _side_text(self.store, self.rid, b.src, "src"),
                b.post_edit or _side_text(self.store, self.rid, b.tgt, "tgt"),
            )
            for b, n in zip(beads, n_errors, strict=True)
            if b.post_edit.strip() or (b.status == "correct" and not n)
        ]
        want = [(s, t) for s, t in want if s and t]
        table = self.store.tmx_table(self.rid)
        if table.empty:
            assert not want
            return
        root = ET.fromstring(table_bytes(table, "tmx"))
        got = [tuple(seg.text or "" for seg in tu.iter("seg")) for tu in root.findall("body/tu")]
        assert got == want


class ItalianToJapaneseSession(ReviewSession):
    """The same session with Japanese as the target: post-edits are joined as Japanese is written."""

    japanese_source = False


class PostgresSession(ReviewSession):
    """The session on PostgreSQL."""

    backend = "postgresql"


class PostgresItalianToJapaneseSession(ItalianToJapaneseSession):
    backend = "postgresql"


for machine in (ReviewSession, ItalianToJapaneseSession, PostgresSession, PostgresItalianToJapaneseSession):
    machine.TestCase.settings = settings(
        max_examples=30,
        stateful_step_count=25,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
TestReviewSession = ReviewSession.TestCase
TestItalianToJapaneseSession = ItalianToJapaneseSession.TestCase
TestPostgresSession = PostgresSession.TestCase
TestPostgresItalianToJapaneseSession = PostgresItalianToJapaneseSession.TestCase


def test_the_machine_exercises_what_it_claims() -> None:
    """The fixture has every bead shape an edit must handle, over the real seed sentences, and a Japanese
    side joined without a space (so a span's offsets there differ from a one-space join)."""
    al = _small_alignment()
    editing.check_beads(al.beads, N_JA, N_IT)
    assert {b.kind for b in al.beads} == {"1-1", "2-1", "1-0", "1-2", "0-1"}
    assert all(s.text.strip() for s in [*al.src.segments, *al.tgt.segments])
    assert join_segments(al.src, (5, 6)) == al.src.segments[5].text + al.src.segments[6].text
    assert join_segments(al.tgt, (2, 3)) == al.tgt.segments[2].text + " " + al.tgt.segments[3].text


# -- spans through any sequence of edits, in languages written with and without spaces ---------------------

ZH_EN = Path(__file__).resolve().parent.parent.parent / "shared" / "benchmarks" / "zh-en-nonliterary"
#: (bead, side, sentence of the bead, offset in it, length): a span on words of one sentence, running on
#: into the next when long.
SPANS = st.lists(
    st.tuples(
        st.integers(0, 6), st.sampled_from(["src", "tgt"]), st.integers(0, 3), st.integers(0, 80), st.integers(1, 50)
    ),
    min_size=1,
    max_size=6,
)


def _pair_alignment(pair: str) -> Alignment:
    if pair == "ja-it":
        return _small_alignment(True)
    if pair == "it-ja":
        return _small_alignment(False)
    from conftest import shared_path

    if "zh" not in _DOCS:
        _DOCS["zh"] = _head(read_document(shared_path(ZH_EN / "mag.zh"), "zh"), N_JA)
        _DOCS["en"] = _head(read_document(shared_path(ZH_EN / "mag.en"), "en"), N_IT)
    beads = [Bead(s, t, 0.5) for s, t in SHAPES]
    return Alignment(_DOCS["zh"], _DOCS["en"], beads, model="test")


@pytest.mark.parametrize("backend", STORE_BACKENDS)
@pytest.mark.parametrize("pair", ["ja-it", "it-ja", "zh-en"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    spans=SPANS, edits=st.lists(st.tuples(st.integers(0, 8), EDITS), min_size=1, max_size=8), undos=st.integers(0, 8)
)
def test_spans_cover_the_same_words_after_any_edit_sequence(
    backend: str, pair: str, spans: list[tuple[int, str, int, int, int]], edits: list[tuple[int, Any]], undos: int
) -> None:
    """Errors put on words of the shown text (the text the exports write: no space after 。 in Japanese and
    Chinese) still cover those words after any merges, splits, moves and detaches, and after undoing them."""
    alignment = _pair_alignment(pair)
    with tempfile.TemporaryDirectory(prefix="review-spans-") as tmp:
        store = ReviewStore(_fresh_db(backend, Path(tmp)))
        rid = store.create_review(alignment, pair)
        docs = {"src": alignment.src, "tgt": alignment.tgt}
        words: dict[int, tuple[str, str]] = {}
        for k, side, sentence, offset, length in spans:
            b = store.beads(rid)[k]
            ids = getattr(b, side)
            if not ids:
                continue
            doc, j = docs[side], sentence % len(ids)
            text = join_segments(doc, ids)
            start = (
                len(join_segments(doc, ids[: j + 1]))
                - len(doc.segments[ids[j]].text)
                + offset % len(doc.segments[ids[j]].text)
            )
            end = min(start + length, len(text))
            if not text[start:end].strip():
                continue
            ann = Annotation("fluency/grammar", "minor", span_side=side, span_start=start, span_end=end)
            words[store.add_annotation(b.id, ann)[0]] = (side, text[start:end].strip())

        def check() -> None:
            frame = store.bead_frame(rid).set_index("id")
            seen = {
                a.id: (a.span_side, frame.loc[b.id, f"{a.span_side}_text"][a.span_start : a.span_end])
                for b in store.beads(rid)
                for a, _ in store.annotations(b.id)
            }
            assert seen == words

        check()
        for k, edit in edits:
            beads = store.beads(rid)
            try:
                store.edit_alignment(beads[k % len(beads)].id, OPS[edit[0]], *edit[1:], expected_version=None)
            except AlignError:
                continue
            check()
        for _ in range(undos):
            if store.last_edit(rid) is None:
                break
            store.undo(rid, expected_edit=None)
            check()
        store.close()


# -- two reviewers on one bead: only the same field conflicts ----------------------------------------------

REVIEWERS = ("Aiko", "Luca")
STEPS = st.lists(
    st.tuples(
        st.sampled_from(REVIEWERS),
        st.sampled_from(["reload", "verdict", "post_edit", "add_error", "delete_error"]),
        st.sampled_from(STATUSES),
    ),
    min_size=1,
    max_size=25,
)


@pytest.mark.parametrize("backend", STORE_BACKENDS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=STEPS)
def test_two_reviewers_conflict_only_when_they_write_the_same_field(
    backend: str, steps: list[tuple[str, str, str]]
) -> None:
    """Two reviewers, each on their own connection, write one bead in any interleaving, each from the
    version they loaded last (a page reloads after each of its writes, and after a refusal). A verdict or
    a post-edit is refused exactly when the other reviewer changed that same field since the page loaded
    (an error that changed the status changed the verdict), naming the field and the reviewer; errors
    never conflict, and no write is lost."""
    with tempfile.TemporaryDirectory(prefix="review-two-") as tmp:
        path = _fresh_db(backend, Path(tmp))
        first = ReviewStore(path)
        rid = first.create_review(_small_alignment(), "two")
        stores = {"Aiko": first, "Luca": ReviewStore(path)}
        bead_id = first.beads(rid)[1].id
        loaded = {who: stores[who].bead(bead_id).version for who in REVIEWERS}
        #: per reviewer: the fields the other reviewer changed since the reviewer's page loaded
        stale: dict[str, set[str]] = {who: set() for who in REVIEWERS}
        want = {"status": "unreviewed", "post_edit": ""}
        n_errors = 0
        for who, action, status in steps:
            me = stores[who]
            other = REVIEWERS[1 - REVIEWERS.index(who)]
            if action in ("verdict", "post_edit"):
                field = "status" if action == "verdict" else "post_edit"
                value = status if action == "verdict" else f"{who} {len(want['post_edit'])}"
                try:
                    if action == "verdict":
                        me.set_status(bead_id, value, expected_version=loaded[who], reviewer=who)
                    else:
                        me.set_post_edit(bead_id, value, expected_version=loaded[who], reviewer=who)
                except ConflictError as exc:
                    assert field in stale[who], exc
                    word = "verdict" if field == "status" else "post-edit"
                    assert f"'s {word} was changed by {other} at" in str(exc)
                except ReviewRuleError:
                    assert field not in stale[who] and field == "status" and n_errors and status != "has_errors"
                else:
                    assert field not in stale[who]
                    assert not (field == "status" and n_errors and status != "has_errors")
                    want[field] = value
                    stale[other].add(field)
            elif action == "add_error" or (action == "delete_error" and n_errors):
                before = want["status"]
                if action == "add_error":
                    ann = Annotation("style", "minor")
                    me.add_annotation(bead_id, ann, expected_version=loaded[who], reviewer=who)
                    n_errors += 1
                    want["status"] = "has_errors"
                else:
                    (first_error, _), *_ = me.annotations(bead_id)
                    me.delete_annotation(first_error.id, expected_version=loaded[who], reviewer=who)
                    n_errors -= 1
                    want["status"] = want["status"] if n_errors else "unreviewed"
                if want["status"] != before:  # the status the errors imply changed: a verdict change
                    stale[other].add("status")
            # the page reloads: it shows everything written so far
            loaded[who] = me.bead(bead_id).version
            stale[who].clear()
            row = stores[other].bead(bead_id)
            assert (row.status, row.post_edit, len(stores[other].annotations(bead_id))) == (
                want["status"],
                want["post_edit"],
                n_errors,
            )
        for store in stores.values():
            store.close()


# -- the carrying functions alone ----------------------------------------------------------------------

SEGMENTS = st.lists(
    st.text(st.sampled_from("ab c,。日本"), min_size=1, max_size=10).map(str.strip).filter(bool), min_size=6, max_size=6
)
#: A language joined with spaces and one joined as it is written, with nothing after 。 (the joiner after a
#: segment depends on its last character).
LANGS = st.sampled_from(["it", "ja", "zh"])


@settings(max_examples=150, deadline=None)
@given(SEGMENTS, LANGS, st.integers(0, 5), st.integers(1, 6), st.integers(0, 60), st.integers(1, 30), st.integers(0, 3))
def test_a_span_anchored_in_one_bead_covers_the_same_words_in_another(
    texts: list[str], lang: str, first: int, n: int, start: int, length: int, before: int
) -> None:
    side = Side(texts, lang)
    ids = tuple(range(first, min(first + n, 6)))
    text = join_texts([texts[i] for i in ids], lang)
    assert side.join(ids) == text and side.length(ids) == len(text)
    start, end = trim_span(text, min(start, len(text) - 1), min(start + length, len(text)))
    assume(start < end)
    anchor = anchor_span(side, ids, start, end)
    assert anchor is not None
    # the same sentences inside a bigger bead (a merge), or a smaller one holding the span (a split)
    for other in (tuple(range(max(ids[0] - before, 0), 6)), anchor.run):
        placed = place_anchor(side, other, anchor)
        assert placed is not None
        assert join_texts([texts[i] for i in other], lang)[placed[0] : placed[1]] == text[start:end]


@settings(max_examples=100, deadline=None)
@given(SEGMENTS, LANGS, st.text(max_size=30), st.text(max_size=30), st.integers(1, 5))
def test_merged_post_edits_split_back_exactly(texts: list[str], lang: str, pe_a: str, pe_b: str, cut: int) -> None:
    tgt = Side(texts, lang)
    a, b = Bead((0,), tuple(range(cut))), Bead((1,), tuple(range(cut, 6)))
    merged = Bead((0, 1), tuple(range(6)))
    (parts,) = carry_post_edits([PostEdited(a, pe_a), PostEdited(b, pe_b)], [merged], tgt)
    joined = join_parts(parts, lang)
    if not pe_a and not pe_b:
        assert joined == ""
        return
    mt = [tgt.join(bead.tgt) for bead in (a, b)]
    # the MT stands in, in order, joined as the language writes sentences
    assert joined == join_texts([t for t in (pe_a or mt[0], pe_b or mt[1]) if t], lang)
    back = carry_post_edits([PostEdited(merged, joined, tuple(parts))], [a, b], tgt)
    assert [join_parts(p, lang) for p in back] == [pe_a, pe_b]


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40), st.text(max_size=60), st.lists(st.integers(0, 39), max_size=3))
def test_cutting_a_post_edit_loses_no_character(mt: str, pe: str, cuts: list[int]) -> None:
    cuts = sorted(c for c in cuts if c < len(mt))
    pieces = cut_post_edit(mt, pe, cuts)
    assert len(pieces) == len(cuts) + 1
    assert "".join("".join(p.split()) for p in pieces) == "".join(pe.split())  # in order, spaces aside
