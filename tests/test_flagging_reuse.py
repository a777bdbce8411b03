"""Flagging reuses what was computed before it: the aligner's quantities, one language-ID pass per text.

Speed work (issue 10) must not change a flag: each test compares the flags with and without the reuse.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import align.numbers.compare as number_compare
from align import langid
from align.embedding_cache import CachedEncoder, EmbeddingCache
from align.encoders import get_encoder
from align.flagging import FlagConfig, flag_alignment
from align.pipeline import align_and_flag, segment_embeddings
from align.readers import document_from_text
from align.types import Alignment, Bead
from align.untranslated import source_untranslated_flag, untranslated_flag

NEWS = Path(__file__).resolve().parent / "data" / "news"


def _doc(lang: str, lines: list[str]) -> object:
    return document_from_text("\n".join(lines), lang, presplit=True)


def _lines(lang: str) -> list[str]:
    return (NEWS / f"{lang}.txt").read_text(encoding="utf-8").splitlines()


def _count_extractions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts flagging extracts quantities from from now on (the list fills as it does)."""
    calls: list[str] = []
    real = number_compare.extract_quantities

    def counted(text: str, lang: str) -> list[object]:
        calls.append(text)
        return real(text, lang)

    monkeypatch.setattr(number_compare, "extract_quantities", counted)
    return calls


@pytest.fixture(scope="module")
def encoder(tmp_path_factory: pytest.TempPathFactory) -> CachedEncoder:
    return CachedEncoder(get_encoder(), EmbeddingCache(tmp_path_factory.mktemp("emb") / "e.sqlite3"))


def test_flagging_reads_no_sentence_the_aligner_read(encoder: CachedEncoder, monkeypatch: pytest.MonkeyPatch) -> None:
    """The aligner hands each segment's quantities on; flagging extracts only joined bead sides again, and the
    flags are those found by extracting everything anew. The target's third sentence has a changed year and
    its last two sentences are one line (a 1-2 or 2-1 bead: a joined side)."""
    de, fr = _lines("de"), _lines("fr")
    fr[2] = fr[2].replace("2023", "2021")
    tgt = [*fr[:4], fr[4] + " " + fr[5]]
    alignment = align_and_flag(_doc("de", de), _doc("fr", tgt), encoder)
    assert alignment.quantities is not None
    assert set(alignment.quantities.src) == {t.strip() for t in de}
    calls = _count_extractions(monkeypatch)
    emb = segment_embeddings(alignment, encoder)
    reused = flag_alignment(alignment, emb.src, emb.tgt)
    joined = sum(len(ids) > 1 for b in alignment.beads for ids in (b.src, b.tgt))
    assert joined >= 1 and len(calls) == joined
    assert any(f.code == "number_mismatch" for fl in reused for f in fl)
    calls.clear()
    alignment.quantities = None
    assert flag_alignment(alignment, emb.src, emb.tgt) == reused == alignment.flags
    assert len(calls) == 2 * sum(bool(b.src and b.tgt) for b in alignment.beads)


def test_segments_ending_in_spaces_are_not_read_again(encoder: CachedEncoder, monkeypatch: pytest.MonkeyPatch) -> None:
    """Presplit lines that end in a space (every line of Text+Berg's files) are the texts the aligner read, less the
    space: flagging reuses their quantities (it re-read every bead's sides). A side that starts with a space is read
    again, its quantities' offsets being its own, and the flags are those found by reading everything anew."""
    de, fr = _lines("de"), _lines("fr")
    fr[2] = fr[2].replace("2023", "2021")
    padded_de = [line + " " for line in de]
    padded_fr = [line + "  " for line in fr[:-1]] + [" " + fr[-1]]
    alignment = align_and_flag(_doc("de", padded_de), _doc("fr", padded_fr), encoder)
    calls = _count_extractions(monkeypatch)
    emb = segment_embeddings(alignment, encoder)
    reused = flag_alignment(alignment, emb.src, emb.tgt)
    joined = sum(len(ids) > 1 for b in alignment.beads for ids in (b.src, b.tgt))
    led = sum(alignment.tgt_text(b)[:1] == " " for b in alignment.beads if len(b.tgt) == 1)
    assert led == 1 and len(calls) == joined + led
    assert any(f.code == "number_mismatch" for fl in reused for f in fl)
    alignment.quantities = None
    assert flag_alignment(alignment, emb.src, emb.tgt) == reused


def test_a_text_is_walked_once_for_every_candidate_set() -> None:
    """untranslated_flag asks about one target text with two candidates, then eleven, then for a probability;
    source_untranslated_flag about the source. py3langid walks each text's bytes once."""
    de, it = _lines("de"), _lines("it")
    langid._feature_counts.cache_clear()
    cfg = FlagConfig()
    # an Italian target left in German: two candidates settle it; one in neither language takes all three asks
    assert untranslated_flag(de[1], de[1], "de", "fr", cfg) is not None
    assert untranslated_flag(de[1], it[1], "de", "fr", cfg) is not None
    assert source_untranslated_flag(de[2], it[2], "de", "fr", cfg) is None
    info = langid._feature_counts.cache_info()
    assert info.misses == 3 and info.hits >= 2


def test_shared_features_score_as_py3langid_does() -> None:
    """The restricted identifiers fed shared feature counts give py3langid's own scores."""
    from py3langid.langid import LanguageIdentifier

    text = " ".join(_lines("pt"))
    ours = langid._identifier(("es", "it", "pt"))
    plain = LanguageIdentifier(ours.nb_ptc, ours.nb_pc, ours.nb_classes, ours.tk_nextmove, ours.tk_output,
                               norm_probs=True, tk_row=ours.tk_row)  # fmt: skip
    assert ours.rank(text) == plain.rank(text)
    assert ours.rank("") == plain.rank("")


def test_an_alignment_without_the_aligners_quantities_is_flagged() -> None:
    """Without the aligner (an alignment read back from a file), flagging reads every side itself."""
    de, fr = _lines("de"), _lines("fr")
    fr[0] = fr[0].replace("1 200", "1 500")
    alignment = Alignment(_doc("de", de), _doc("fr", fr), [Bead((0, 1), (0, 1), 0.9)])  # type: ignore[arg-type]
    flags = flag_alignment(alignment)
    assert [f.code for f in flags[0]] == ["number_mismatch"]


def test_a_batch_worker_sends_back_no_quantities(encoder: CachedEncoder) -> None:
    """A batch worker's answer holds beads and flags, neither the vectors nor the quantities flagging read."""
    from align.batch.work import Job, Worker

    de, fr = _lines("de"), _lines("fr")
    outcome = Worker(encoder).run(Job("k", "de-fr", [_doc("de", de), _doc("fr", fr)]))  # type: ignore[list-item]
    assert outcome.ok and outcome.alignment is not None and outcome.alignment.flags
    assert outcome.alignment.embeddings is None and outcome.alignment.quantities is None
