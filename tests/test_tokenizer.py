"""The bundled model's tokenizer, built for the words the texts use, gives the whole vocabulary's tokens."""

from __future__ import annotations

import pytest
import tokenizers
from conftest import CORPORA, TEXT_BERG
from hypothesis import given, settings
from hypothesis import strategies as st

from align.encoders import e5_torch
from align.encoders.e5_torch import E5File, E5Tokenizer, model_path, read_e5_file

#: Scripts and characters that tokenise differently: accents, Cyrillic, Han, kana, Hangul, Thai, Arabic, emoji,
#: characters no piece spells (Egyptian hieroglyphs: one <unk> each), full-width forms and odd spaces.
ALPHABET = (
    "aeinrstAÉéèüßçœ ,.'-0123ПриветмгЁ東京的人年タワーカナ한국어텍스트ไทยภาษาالعربيةעבריתΑλφα🙂🙃𓀀𓀁ＦＵＬ　\u00a0\t\n"
)


@pytest.fixture(scope="module")
def model_file() -> E5File:
    return read_e5_file(model_path())


@pytest.fixture(scope="module")
def whole_vocabulary(model_file: E5File) -> tokenizers.Tokenizer:
    """The reference: one Unigram model over all 250,002 pieces, as the tokenizer was built before."""
    from tokenizers import Tokenizer, models, pre_tokenizers

    f = model_file
    vocab = list(zip(f.pieces, f.scores.tolist(), strict=True))
    vocab[f.unk] = ("\x01" + vocab[f.unk][0], vocab[f.unk][1])
    tok = Tokenizer(models.Unigram(vocab, f.unk, False))
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    return tok


@pytest.fixture(scope="module")
def growing(model_file: E5File) -> E5Tokenizer:
    """One tokenizer for every example: its model grows as new characters come."""
    return E5Tokenizer(model_file)


def _reference(tok: tokenizers.Tokenizer, f: E5File, norm: E5Tokenizer, texts: list[str]) -> list[list[int]]:
    out = []
    for e in tok.encode_batch([norm.normalize(t) for t in texts], add_special_tokens=False):
        ids: list[int] = []
        for i, (a, b) in zip(e.ids, e.offsets, strict=True):
            ids.extend([i] * (b - a) if i == f.unk else [i])  # the C engine's one <unk> per unknown character
        out.append(ids)
    return out


@settings(max_examples=150, deadline=None)
@given(texts=st.lists(st.text(alphabet=ALPHABET, max_size=40), min_size=1, max_size=4))
def test_tokens_equal_the_whole_vocabularys(
    texts: list[str], growing: E5Tokenizer, whole_vocabulary: tokenizers.Tokenizer, model_file: E5File
) -> None:
    texts = ["passage: " + t for t in texts]
    assert growing.content_ids(texts) == _reference(whole_vocabulary, model_file, growing, texts)


@pytest.mark.parametrize("word_model_words", [12_000, 0], ids=["pieces-of-the-words", "pieces-of-the-characters"])
def test_real_documents_tokenise_as_with_the_whole_vocabulary(
    model_file: E5File, whole_vocabulary: tokenizers.Tokenizer, word_model_words: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Both ways of choosing the pieces (see E5Tokenizer): a document pair with more distinct words than the bound
    # gets the model for its characters' pieces.
    monkeypatch.setattr(e5_torch, "_WORD_MODEL_WORDS", word_model_words)
    files = sorted(CORPORA.glob("*/*.txt"))
    if TEXT_BERG.exists():
        files += [TEXT_BERG / "test1.de", TEXT_BERG / "test1.fr"]
    for path in files:
        lines = ["passage: " + line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        tok = E5Tokenizer(model_file)
        tok.prepare(lines)
        assert tok.content_ids(lines) == _reference(whole_vocabulary, model_file, tok, lines), path


def test_the_model_is_built_for_the_words_in_use(model_file: E5File, monkeypatch: pytest.MonkeyPatch) -> None:
    # Building the Unigram model over all 250,002 pieces took 0.7-1 s in every process; a German-French pair
    # spells some 90,000 of them with its characters, and its words hold ~5,000-10,000 as substrings.
    sizes: list[int] = []
    unigram = tokenizers.models.Unigram

    def counting(vocab: list[tuple[str, float]], *args: object) -> tokenizers.models.Model:
        sizes.append(len(vocab))
        return unigram(vocab, *args)

    monkeypatch.setattr(tokenizers.models, "Unigram", counting)
    text = "Die Expedition erreichte den Gipfel. L'expédition atteignit le sommet à l'aube, après trois jours."
    tok = E5Tokenizer(model_file)
    tok.prepare(["passage: ", text])
    ids = tok.content_ids(["passage: " + text])[0]
    assert len(sizes) == 1 and sizes[0] < 1_000
    assert ids == tok.content_ids(["passage: " + text])[0] and len(sizes) == 1  # covered: not built again
    tok.content_ids(["passage: 東京"])  # a new script: the model grows to cover it
    assert len(sizes) == 2 and sizes[1] > sizes[0]
    tok.content_ids(["passage: sommet Expedition"])  # words it covers, in another order: nothing to build
    assert len(sizes) == 2
    tok.content_ids(["passage: Gipfelkreuz"])  # a new word of known characters grows the model too
    assert len(sizes) == 3 and sizes[2] > sizes[1]


def test_pieces_read_as_the_file_spells_them(model_file: E5File) -> None:
    # read_e5_file decodes the pieces' blob once and slices it; decoded one by one they are the same
    import struct

    import numpy as np

    buf = np.memmap(model_path(), dtype=np.uint8, mode="r")
    n_pieces = struct.unpack_from("<i", buf, 44)[0]
    (blob_len,) = struct.unpack_from("<Q", buf, 64)
    offs = np.frombuffer(buf, "<u4", n_pieces + 1, 72)
    start = 72 + 4 * (n_pieces + 1) + 4 * n_pieces
    blob = bytes(buf[start : start + blob_len])
    one_by_one = [blob[a:b].decode("utf-8") for a, b in zip(offs[:-1].tolist(), offs[1:].tolist(), strict=True)]
    assert model_file.pieces == one_by_one and len(one_by_one) == 250_002


def test_long_words_get_the_characters_pieces(
    model_file: E5File, whole_vocabulary: tokenizers.Tokenizer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Chinese writes a sentence without spaces: one "word" of dozens of characters, whose substrings outnumber the
    # pieces its characters spell many times over. Listing them took a Chinese-English pair's set-up 1.0 s instead
    # of 0.24 s with the characters' pieces; the tokens are the same either way.
    from conftest import SHARED, shared_path

    folder = shared_path(SHARED / "benchmarks" / "zh-en-nonliterary")
    lines = [
        "passage: " + line
        for name in ("pol.zh", "pol.en")
        for line in (folder / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    listed: list[int] = []
    substrings = e5_torch._substrings

    def listing(words: frozenset[str], longest: int) -> set[str]:
        listed.append(len(words))
        return substrings(words, longest)

    monkeypatch.setattr(e5_torch, "_substrings", listing)
    tok = E5Tokenizer(model_file)
    tok.prepare(lines)
    assert listed == []
    assert tok.content_ids(lines) == _reference(whole_vocabulary, model_file, tok, lines)
    # a pair of short words still gets its words' pieces
    tok = E5Tokenizer(model_file)
    tok.prepare(["passage: Die Expedition erreichte den Gipfel.", "passage: 東京の人"])
    assert len(listed) == 1


def test_threads_sharing_the_tokenizer_get_the_whole_vocabularys_tokens(
    model_file: E5File, whole_vocabulary: tokenizers.Tokenizer
) -> None:
    # One encoder serves every thread (the review app's sessions share it), and each new word grows the model: a
    # thread tokenising while another grew it mapped one model's ids with the other's table (IndexError, or
    # wrong ids where the index fitted).
    import random
    import threading

    from conftest import SHARED, shared_path

    folder = shared_path(SHARED / "benchmarks" / "text+berg")
    words = (folder / "test1.de").read_text(encoding="utf-8").split() + (folder / "test1.fr").read_text(
        encoding="utf-8"
    ).split()
    rng = random.Random(3)
    batches = [["passage: " + " ".join(rng.sample(words, 8)) for _ in range(4)] for _ in range(120)]
    tok = E5Tokenizer(model_file)
    expected = [_reference(whole_vocabulary, model_file, tok, b) for b in batches]
    got: dict[int, list[list[int]] | BaseException] = {}

    def work(first: int) -> None:
        for i in range(first, len(batches), 2):
            try:
                got[i] = tok.content_ids(batches[i])
            except Exception as e:  # a race's IndexError is a wrong answer like any other
                got[i] = e

    threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [i for i in range(len(batches)) if got[i] != expected[i]] == []
