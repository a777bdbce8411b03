"""Robust location and spread (median and 1.4826 · MAD) and z-scores in them: what the flags call an outlier.

The median absolute deviation ignores the few bad beads a document has, where a standard deviation would
widen with them and hide them."""

from __future__ import annotations

import numpy as np

#: A median absolute deviation times this estimates a normal distribution's standard deviation.
MAD_TO_SIGMA = 1.4826


def median_sigma(x: np.ndarray, min_sigma: float) -> tuple[float, float]:
    """(median, 1.4826 · MAD) of ``x``, the spread at least ``min_sigma``."""
    med = float(np.median(x))
    return med, max(MAD_TO_SIGMA * float(np.median(np.abs(x - med))), min_sigma)


def robust_z(x: np.ndarray, mask: np.ndarray, min_sigma: float, floors: np.ndarray | None = None) -> np.ndarray:
    """(x - median) / (1.4826·MAD) over the ``mask``ed entries; NaN elsewhere. ``floors``: a least spread per
    entry (the counting noise of a short sentence's length, see :mod:`align.length_noise`)."""
    z = np.full(x.shape, np.nan)
    if mask.sum() == 0:
        return z
    med, sigma = median_sigma(x[mask], min_sigma)
    z[mask] = (x[mask] - med) / (sigma if floors is None else np.maximum(sigma, floors[mask]))
    return z
