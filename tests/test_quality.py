"""Quality metrics against sacrebleu's own numbers (tokenisers by language, offline), reference alignment joins on
Text+Berg and the seed pair, the MQM source-word convention, and the `quality` command."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import sacrebleu
from seed_review import session_cache_dir

from align.embedding_cache import EmbeddingCache
from align.encoders.base import Encoder
from align.evaluating import read_beads
from align.mqm import CJK_CHARS_PER_WORD, DEFAULT_WEIGHTS, mqm_score, parse_weights, source_words
from align.pipeline import align_and_flag
from align.quality import (
    JoinedSegment,
    bleu_tokenizer,
    join_on_source,
    post_edit_scores,
    reference_pairs,
    reference_report,
    reference_scores,
    score_reference_pairs,
)
from align.readers import document_from_text, read_document
from align.review_quality import quality_bytes, review_quality, review_reference
from align.review_start import CORPORA, SEED_PAIR, cached_encoder, read_corpus_pair
from align.review_store import ReviewStore
from align.types import Alignment, Annotation, Bead, Document, join_segments

EN_MT = [
    "The company announced that its revenue reached 3.4 billion dollar last year.",
    "Miller worked there eight years.",
]
EN_PE = [
    "The company announced that its revenue reached 3.4 billion dollars last year.",
    "Miller worked at the lab for eight years.",
]
JA_MT = ["東京タワーは1958年に完成し、高さは333メートルです。", "富士山は日本で一番高い山だ。"]
JA_PE = ["東京タワーは1958年に完成し、高さは333メートルである。", "富士山は日本で最も高い山だ。"]


def test_tokenizer_by_language() -> None:
    assert bleu_tokenizer("ja") == "ja-mecab"
    assert bleu_tokenizer("zh") == "zh"
    assert bleu_tokenizer("ko") == "ko-mecab"
    assert bleu_tokenizer("it") == "13a"
    assert bleu_tokenizer("en-US") == "13a"


def test_post_edit_scores_match_sacrebleu_en() -> None:
    rep = post_edit_scores(EN_MT, EN_PE, "en")
    assert rep.document.bleu == pytest.approx(sacrebleu.corpus_bleu(EN_MT, [EN_PE]).score)
    assert rep.document.chrf == pytest.approx(sacrebleu.corpus_chrf(EN_MT, [EN_PE]).score)
    assert rep.hter == pytest.approx(sacrebleu.corpus_ter(EN_MT, [EN_PE]).score)
    for mt, pe, s in zip(EN_MT, EN_PE, rep.per_bead, strict=True):
        assert s.chrf == pytest.approx(sacrebleu.sentence_chrf(mt, [pe]).score)
        assert s.ter == pytest.approx(sacrebleu.sentence_ter(mt, [pe]).score)
        assert s.bleu == pytest.approx(sacrebleu.sentence_bleu(mt, [pe]).score)
    assert 0 < rep.hter < 100
    assert rep.edited_share == 1.0
    assert "tok:13a" in rep.document.signatures["bleu"]
    assert rep.document.signatures["ter"].startswith("nrefs:1")


def test_japanese_uses_mecab_for_bleu_and_ter() -> None:
    rep = post_edit_scores(JA_MT, JA_PE, "ja")
    assert rep.document.bleu == pytest.approx(sacrebleu.corpus_bleu(JA_MT, [JA_PE], tokenize="ja-mecab").score)
    assert "tok:ja-mecab" in rep.document.signatures["bleu"]
    # TER on MeCab tokens: one changed word of a dozen, not the whole unspaced sentence.
    tok = sacrebleu.BLEU(tokenize="ja-mecab").tokenizer
    expected = sacrebleu.corpus_ter([tok(x) for x in JA_MT], [[tok(x) for x in JA_PE]]).score
    assert rep.hter == pytest.approx(expected)
    assert rep.hter < 40
    assert "pretok:ja-mecab" in rep.document.signatures["ter"]


def test_korean_and_chinese_tokenizers_run_offline() -> None:
    ko = reference_scores(["오늘은 날씨가 좋다"], ["오늘은 날씨가 아주 좋다"], "ko")
    assert ko.bleu == pytest.approx(
        sacrebleu.corpus_bleu(["오늘은 날씨가 좋다"], [["오늘은 날씨가 아주 좋다"]], tokenize="ko-mecab").score
    )
    assert "ko-mecab" in ko.signatures["bleu"]
    zh = reference_scores(["今天天气很好。"], ["今天天气非常好。"], "zh")
    assert zh.bleu == pytest.approx(
        sacrebleu.corpus_bleu(["今天天气很好。"], [["今天天气非常好。"]], tokenize="zh").score
    )


def test_unchanged_post_edit_is_perfect() -> None:
    rep = post_edit_scores(EN_PE, EN_PE, "en")
    assert rep.hter == 0.0
    assert rep.document.chrf == pytest.approx(100.0)
    assert rep.edited_share == 0.0


def test_reference_scores_match_sacrebleu_it() -> None:
    mt = ["i dipendenti hanno incassato 1,2 miliardi di dollari.", "altman è tornato nel consiglio."]
    ref = [
        "dipendenti ed ex dipendenti hanno incassato oltre 1,2 miliardi di dollari.",
        "altman è rientrato nel consiglio.",
    ]
    s = reference_scores(mt, ref, "it")
    assert s.bleu == pytest.approx(sacrebleu.corpus_bleu(mt, [ref]).score)
    assert s.chrf == pytest.approx(sacrebleu.corpus_chrf(mt, [ref]).score)
    assert s.ter == pytest.approx(sacrebleu.corpus_ter(mt, [ref]).score)


def test_length_mismatch_is_an_error() -> None:
    with pytest.raises(ValueError):
        reference_scores(["a"], ["a", "b"], "en")


# -- reference translations: alignments joined on the source --------------------------------------


def test_join_on_source_merges_beads_that_share_a_source_sentence() -> None:
    mt = [Bead((), (0,)), Bead((0,), (1,)), Bead((1, 2), (2,)), Bead((), (3,)), Bead((3,), ()), Bead((4,), (4,))]
    ref = [Bead((0, 1), (0,)), Bead((2,), (1, 2)), Bead((3,), (3,)), Bead((), (4,)), Bead((4,), (5,))]
    joined = join_on_source(mt, ref, 5)
    # 0-1 ↔ 0-1-2 chain into one group; the MT addition at the start hangs on the first source sentence,
    # the one after bead (1, 2) on sentence 2; the reference addition after (3,) joins sentence 3.
    assert joined == [
        JoinedSegment((0, 1, 2), (0, 1, 2, 3), (0, 1, 2)),
        JoinedSegment((3,), (), (3, 4)),
        JoinedSegment((4,), (4,), (5,)),
    ]
    assert join_on_source([Bead((), (0, 1))], [Bead((), (0,))], 0) == [JoinedSegment((), (0, 1), (0,))]
    with pytest.raises(ValueError):
        join_on_source([Bead((5,), (0,))], [], 3)


def _tb(text_berg: Path, encoder: Encoder) -> tuple[Document, Document, Alignment]:
    de = read_document(text_berg / "test4.de", "de", presplit=True)
    fr = read_document(text_berg / "test4.fr", "fr", presplit=True)
    return de, fr, align_and_flag(de, fr, encoder, flags=False)


@pytest.fixture(scope="module")
def encoder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Encoder]:
    """The bundled model behind the session's cache (the seed review's vectors are in it)."""
    cache = EmbeddingCache(session_cache_dir(tmp_path_factory.getbasetemp()) / "embeddings.sqlite3")
    yield cached_encoder(None, cache)
    cache.close()


@pytest.fixture
def seed_copy(seeded_db: str) -> str:
    """A copy of the aligned seed review on each store back end (built once per session: the first use pays for
    the alignment)."""
    return seeded_db


def _each_once(groups: list[JoinedSegment], n_mt: int, n_ref: int) -> None:
    assert [i for g in groups for i in g.mt] == list(range(n_mt))
    assert [i for g in groups for i in g.ref] == list(range(n_ref))


def test_text_berg_reference_equal_to_the_mt_scores_perfect(text_berg: Path, encoder: Encoder) -> None:
    _, fr, mt = _tb(text_berg, encoder)
    rep = reference_report(mt, fr, encoder)  # the reference is aligned to the source on its own
    assert rep.scores.chrf == pytest.approx(100.0)
    assert rep.scores.ter == 0.0
    assert rep.scores.bleu == pytest.approx(100.0)
    _each_once(rep.segments, len(fr), len(fr))
    assert rep.mt_texts == rep.ref_texts
    assert "tok:13a" in rep.scores.signatures["bleu"]


def test_text_berg_gold_joined_with_the_aligner(text_berg: Path, encoder: Encoder) -> None:
    de, fr, aligned = _tb(text_berg, encoder)
    gold = Alignment(de, fr, read_beads(text_berg / "test4.gold"))
    segments, mt_texts, ref_texts = reference_pairs(gold, aligned)
    _each_once(segments, len(fr), len(fr))
    assert len(segments) <= min(len(gold.beads), len(aligned.beads))
    agree = [g.mt == g.ref for g in segments]
    # Same French text on both sides: a group differs exactly where the two alignments put a
    # French sentence with different German sentences.
    assert [h == r for h, r in zip(mt_texts, ref_texts, strict=True)] == agree
    s = score_reference_pairs(gold, aligned)
    assert (s.scores.chrf == pytest.approx(100.0)) == all(agree)
    assert s.scores.chrf > 90 and s.scores.ter < 10


def test_seed_pair_reference_resegmented_and_degraded(seed_copy: str, encoder: Encoder) -> None:
    store = ReviewStore(seed_copy)
    rid = store.list_reviews()[0].id
    it = store.documents(rid)[1]
    same = review_reference(store, rid, it, encoder)
    assert (same.scores.chrf, same.scores.ter) == (pytest.approx(100.0), 0.0)
    assert len(same.segments) == len(store.beads(rid))
    # The same translation with two sentences per segment in its first 24 sentences (kept short: every
    # new segment is encoded): the join still pairs (nearly) the same text.
    t = it.texts
    lines = [" ".join(t[i : i + 2]) for i in range(0, 24, 2)] + t[24:]
    pairs = document_from_text("\n".join(lines), "it", presplit=True)
    merged = review_reference(store, rid, pairs, encoder)
    _each_once(merged.segments, len(it), len(pairs))
    assert merged.scores.chrf > 95 and merged.scores.ter < 5
    # Every tenth sentence missing from the reference: the scores drop.
    fewer = document_from_text("\n".join(x for i, x in enumerate(t) if i % 10 != 5), "it", presplit=True)
    degraded = review_reference(store, rid, fewer, encoder)
    assert degraded.scores.chrf < merged.scores.chrf and degraded.scores.ter > merged.scores.ter + 5
    assert min(degraded.chrf) < 60  # the groups that lost a sentence stand out
    store.close()


# -- MQM ------------------------------------------------------------------------------------------


def test_source_words_convention() -> None:
    assert source_words("Altman's board, 3,4 miliardi — dell'AGI!", "it") == 5  # "—" alone is no word
    # ja: 7 kana/kanji → round(7 / 2.5) = 3, plus "OpenAI" and "2024" as one word each.
    assert source_words("OpenAIは2024年に発表した。", "ja") == round(7 / CJK_CHARS_PER_WORD) + 2
    assert source_words("今天天气很好。", "zh-CN") == round(6 / CJK_CHARS_PER_WORD)
    src, tgt = read_corpus_pair(*SEED_PAIR)
    # The convention makes the Japanese article about as many "words" as its Italian translation.
    ratio = source_words(src.text, "ja") / source_words(tgt.text, "it")
    assert 0.75 < ratio < 1.25


def test_weights_parse_and_change_the_score() -> None:
    assert parse_weights("minor=1,major=5,critical=25") == DEFAULT_WEIGHTS
    assert parse_weights("major=10") == {**DEFAULT_WEIGHTS, "major": 10.0}
    for bad in ("huge=3", "major", "minor=x", "minor=-1"):
        with pytest.raises(ValueError):
            parse_weights(bad)
    anns = [Annotation("style", "minor"), Annotation("accuracy/omission", "major")]
    assert mqm_score(anns, 200).per_thousand_words == pytest.approx(1000 * 6 / 200)
    s = mqm_score(anns, 200, parse_weights("major=10"))
    assert (s.penalty, s.weights["major"], s.by_severity) == (11.0, 10.0, {"minor": 1, "major": 1})


def _annotate(store: ReviewStore, rid: int) -> None:
    beads = store.beads(rid)
    store.add_annotation(beads[3].id, Annotation("accuracy/omission", "major"), expected_version=None)
    store.add_annotation(beads[3].id, Annotation("style", "minor"), expected_version=None)
    store.add_annotation(beads[8].id, Annotation("terminology", "critical"), expected_version=None)
    store.set_status(beads[9].id, "correct", expected_version=None)
    tgt = store.documents(rid)[1]
    mt = join_segments(tgt, beads[4].tgt)
    store.set_post_edit(beads[4].id, mt.replace(" ", "  ", 1) + " Aggiunta.", expected_version=None)
    store.set_post_edit(beads[9].id, join_segments(tgt, beads[9].tgt), expected_version=None)


def test_review_quality_on_the_seed_review(seed_copy: str) -> None:
    store = ReviewStore(seed_copy)
    rid = store.list_reviews()[0].id
    empty = review_quality(store, rid)
    assert empty.post_edit is None and empty.evaluated_beads == 0 and empty.mqm.penalty == 0
    assert any("no post-edits yet" in line for line in empty.summary())
    _annotate(store, rid)
    rep = review_quality(store, rid)
    src = store.documents(rid)[0]
    beads = store.beads(rid)
    evaluated = [beads[i] for i in (3, 4, 8, 9)]
    words = source_words("\n".join(join_segments(src, b.src) for b in evaluated), "ja")
    assert rep.mqm == mqm_score(store.review_annotations(rid), words)
    assert rep.mqm.penalty == 31.0 and rep.evaluated_beads == 4
    assert [b.bead for b in rep.post_edit_beads] == [4, 9]
    assert rep.post_edit is not None and rep.post_edit.edited_share == 0.5
    assert rep.post_edit_beads[1].scores.ter == 0.0 and rep.post_edit_beads[0].scores.ter > 0
    expected = post_edit_scores([b.mt for b in rep.post_edit_beads], [b.post_edit for b in rep.post_edit_beads], "it")
    assert rep.post_edit.hter == pytest.approx(expected.hter)
    data = json.loads(quality_bytes(rep, "json"))
    assert data["mqm"]["by_category"] == {"accuracy/omission": 1, "style": 1, "terminology": 1}
    assert data["post_edit"]["hter"] == pytest.approx(rep.post_edit.hter)
    figures = pd.read_csv(io.BytesIO(quality_bytes(rep, "csv")))
    row = figures[(figures["section"] == "post_edit") & (figures["metric"] == "hter")].iloc[0]
    assert row["value"] == pytest.approx(rep.post_edit.hter) and row["signature"].startswith("nrefs:1")
    assert set(figures.loc[figures["section"] == "post_edit_bead", "bead"]) == {4, 9}
    store.close()


# -- command line ---------------------------------------------------------------------------------


def _cli(*args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ALIGN_CACHE_DIR": str(cache), "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "align", "quality", *args], capture_output=True, text=True, env=env, timeout=300
    )


def test_cli_quality_report(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, seed_copy: str) -> None:
    db = seed_copy
    cache = session_cache_dir(tmp_path_factory.getbasetemp())
    first = _cli("--db", str(db), cache=cache)
    assert first.returncode == 0, first.stderr
    assert "no post-edits yet" in first.stdout and "no bead evaluated yet" in first.stdout
    store = ReviewStore(db)
    rid = store.list_reviews()[0].id
    _annotate(store, rid)
    out = tmp_path / "report.json"
    run = _cli("--db", str(db), "--review", str(rid), "--weights", "critical=50", "-o", str(out), cache=cache)
    assert run.returncode == 0, run.stderr
    rep = review_quality(store, rid, weights=parse_weights("critical=50"))
    assert rep.mqm.penalty == 56.0
    assert f"MQM: {rep.mqm.per_thousand_words:.2f} penalty points" in run.stdout
    assert f"HTER {rep.post_edit.hter:.2f}" in run.stdout and "tok:13a" in run.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["mqm"]["per_thousand_words"] == pytest.approx(rep.mqm.per_thousand_words)
    assert data["mqm"]["weights"]["critical"] == 50.0
    assert len(data["post_edit"]["per_bead"]) == 2

    ref = _cli("--db", str(db), "--reference", str(CORPORA / SEED_PAIR[1]), "-o", str(tmp_path / "r.csv"), cache=cache)
    assert ref.returncode == 0, ref.stderr
    assert "chrF 100.00  TER 0.00" in ref.stdout
    table = pd.read_csv(tmp_path / "r.csv")
    assert table.loc[(table["section"] == "reference") & (table["metric"] == "ter"), "value"].item() == 0.0

    bad = _cli("--db", str(db), "--weights", "huge=3", cache=cache)
    assert bad.returncode == 2 and bad.stderr.strip().count("\n") == 0 and "huge=3" in bad.stderr
    missing = _cli("--db", str(tmp_path / "none.sqlite3"), cache=cache)
    assert missing.returncode == 2 and "no review database" in missing.stderr
    store.close()
