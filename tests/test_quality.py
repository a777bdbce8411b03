"""Quality metrics against sacrebleu's own numbers, tokenisers chosen by language, offline."""

from __future__ import annotations

import pytest
import sacrebleu

from align.quality import bleu_tokenizer, post_edit_scores, reference_scores

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
