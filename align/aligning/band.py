"""The band to search: the lattice whole when small, else a band around a coarse path found recursively on
downsampled documents (Vecalign), so time and memory stay linear in document length."""

from __future__ import annotations

import itertools

import numpy as np

from align.aligning.blocks import prepare_side, row_norms
from align.aligning.config import AlignConfig
from align.aligning.lattice import Lattice, bead_shapes, full_lattice
from align.aligning.scoring import Scorer, set_baselines
from align.aligning.search import best_path


def band_from_path(path: list[tuple[int, int]], n: int, m: int, scale: int, width: int) -> Lattice:
    """Project a coarse path to the finer lattice (×scale) and widen it by ``width``."""
    lo = np.full(n + 1, m + 1, np.int64)
    hi = np.full(n + 1, -1, np.int64)
    for (i0, j0), (i1, j1) in itertools.pairwise(path):
        r0, r1 = min(i0 * scale, n), min(i1 * scale, n)
        c0, c1 = min(j0 * scale, m), min(j1 * scale, m)
        lo[r0 : r1 + 1] = np.minimum(lo[r0 : r1 + 1], c0)
        hi[r0 : r1 + 1] = np.maximum(hi[r0 : r1 + 1], c1)
    # Widen vertically and horizontally: rows within ``width`` share their column ranges.
    pad_lo = np.concatenate([np.full(width, m + 1), lo, np.full(width, m + 1)])
    pad_hi = np.concatenate([np.full(width, -1), hi, np.full(width, -1)])
    win = 2 * width + 1
    lo = np.lib.stride_tricks.sliding_window_view(pad_lo, win).min(axis=1) - width
    hi = np.lib.stride_tricks.sliding_window_view(pad_hi, win).max(axis=1) + width + 1
    lo = np.clip(lo, 0, m)
    hi = np.clip(hi, 1, m + 1)
    lo[0], hi[n] = 0, m + 1
    return Lattice.make(lo, hi)


def downsample(emb: np.ndarray) -> np.ndarray:
    n = emb.shape[0]
    if n % 2:
        emb = np.concatenate([emb, emb[-1:]])
    out = emb[0::2] + emb[1::2]
    out /= np.maximum(row_norms(out), 1e-12)[:, None]
    return out


def coarse_lattice(src_emb: np.ndarray, tgt_emb: np.ndarray, cfg: AlignConfig) -> Lattice:
    """The lattice to search: whole if small enough, else a band around a recursive coarse path."""
    n, m = len(src_emb), len(tgt_emb)
    if (n + 1) * (m + 1) <= cfg.full_cells or min(n, m) < 8:
        return full_lattice(n, m)
    cs, ct = downsample(src_emb), downsample(tgt_emb)
    lat = coarse_lattice(cs, ct, cfg)
    # The coarse level uses plain cosine with 1-1/1-2/2-1 and skips: it only has to find the band.
    coarse_cfg = AlignConfig(max_bead=2, max_bead_total=3, length_weight=0.0, paragraph_penalty=0.0, refine=False)
    ps = prepare_side([""] * len(cs), cs, np.zeros(len(cs), np.int64), 2)
    pt = prepare_side([""] * len(ct), ct, np.zeros(len(ct), np.int64), 2)
    set_baselines(ps, pt, lat)
    path, _ = best_path(len(cs), len(ct), lat, bead_shapes(2, 3), Scorer(ps, pt, coarse_cfg, lexical=False))
    return band_from_path(path, n, m, 2, cfg.band)
