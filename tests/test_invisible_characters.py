"""Invisible characters pasted with a text (a zero-width space from a web page or a CMS, a word joiner, a
byte-order mark in the middle of a file) change nothing a reader sees, so they change neither a sentence's
vector nor its detected language. A user's session: Indonesian news with a zero-width space inside its words
read as "not a translation" of its English original, every bead flagged low_similarity."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from align.embedding_cache import CachedEncoder, EmbeddingCache
from align.encoders import get_encoder
from align.langid import detect_language, language_doubt
from align.pipeline import align_and_flag
from align.readers import document_from_text

NEWS = Path(__file__).parent / "data" / "news"
ZWSP = "\u200b"


def _sprinkled(text: str, mark: str = ZWSP) -> str:
    """``text`` with ``mark`` after every "a": inside most words, as a CMS's soft word breaks put it."""
    return text.replace("a", "a" + mark)


def test_zero_width_spaces_inside_words_leave_a_translation_unflagged() -> None:
    en = document_from_text((NEWS / "en.txt").read_text(encoding="utf-8"), "en")
    text = _sprinkled((NEWS / "id.txt").read_text(encoding="utf-8"))
    ident = document_from_text(text, "id")
    alignment = align_and_flag(en, ident, get_encoder())
    assert [(b.src, b.tgt) for b in alignment.beads] == [((i,), (i,)) for i in range(len(en))]
    assert not any(alignment.flags), [f.code for fs in alignment.flags for f in fs]
    # the text itself is kept as written: offsets and exports show what the file holds
    assert ZWSP in "".join(ident.texts)


def test_invisible_characters_do_not_change_the_detected_language() -> None:
    # a short text: the identifier has little else to go on (before: Malay, or Indonesian "only 40-50%")
    text = (
        "Partisipasi pemilih mencapai 68% di ibu kota, tertinggi sejak 2011.\n"
        "Koalisi baru akan dilantik pada hari Jumat. Para pejabat mengatakan penghitungan berakhir pukul 3 pagi.\n"
    )
    assert detect_language(text) == "id" and language_doubt(text, "id") == ""
    for mark in (ZWSP, "\u2060", "\ufeff"):
        for spoilt in (_sprinkled(text, mark), text.replace(" ", mark + " ")):
            assert detect_language(spoilt) == "id"
            assert language_doubt(spoilt, "id") == ""


@settings(max_examples=15, deadline=None)
@given(
    at=st.lists(st.integers(0, 200), min_size=1, max_size=8),
    mark=st.sampled_from([ZWSP, "\u2060", "\ufeff"]),
)
def test_a_sentence_vector_ignores_invisible_characters(at: list[int], mark: str) -> None:
    """Invariant: inserting zero-width spaces, word joiners or byte-order marks anywhere leaves the vector."""
    sentence = "Proyek itu akan menelan biaya 340 juta euro, kata Wali Kota Carlos Moedas."
    spoilt = sentence
    for k in sorted({a % (len(sentence) + 1) for a in at}, reverse=True):
        spoilt = spoilt[:k] + mark + spoilt[k:]
    enc = get_encoder()
    plain, marked = enc.encode([sentence, spoilt])
    assert float(np.dot(plain, marked)) > 0.9999


def test_the_cache_keys_a_text_by_what_the_model_reads(tmp_path: Path) -> None:
    """A vector stored under a text with a zero-width space (as before these characters were dropped: the vector of
    the cut words) is not read back; the text gets its plain twin's vector."""
    enc = get_encoder()
    sentence = "Proyek itu akan menelan biaya 340 juta euro, kata Wali Kota Carlos Moedas."
    spoilt = _sprinkled(sentence)
    cache = EmbeddingCache(tmp_path / "cache.sqlite3")
    stale = np.zeros((1, enc.dim), np.float32)
    stale[0, 0] = 1.0
    cache.put(enc.cache_id, [spoilt], stale)
    (vec,) = CachedEncoder(enc, cache).encode([spoilt])
    (plain,) = enc.encode([sentence])
    assert float(np.dot(vec, plain)) > 0.9999
