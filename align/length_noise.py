"""Length-ratio z-scores that allow for the noise of short sentences.

A bead's length ratio (target characters over source characters) is compared with the document's usual
ratio in units of the document's spread (robust: 1.4826 · MAD). A short sentence's ratio wobbles more than
a long one's whatever the document does: "Experts warn of aftershocks." (28 characters) is 49 in Armenian and
56 in Mongolian, ratios 1.7 and 2.0 in a document whose usual ratio is about 1.1. The spread a bead is measured
in is therefore at least the counting noise of its own lengths: a count of n characters varies by about √n,
its logarithm by 1/√n, so the log ratio by √(1/n_src + 1/n_tgt) (0.24 for 28 and 49 characters, 0.14 for 100
and 100, where the document's spread, floored at 0.15, rules as before). Han, kana and Hangul characters count
double, as a word there takes fewer of them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from align.robust import robust_z


def counted_length(text: str) -> int:
    """Characters of ``text`` for the counting noise, Han, kana and Hangul double."""
    return len(text) + sum(1 for c in text if "\u3040" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af")


def length_z(
    log_ratio: np.ndarray, src_texts: Sequence[str], tgt_texts: Sequence[str], mask: np.ndarray, min_sigma: float
) -> np.ndarray:
    """Robust z of each bead's ``log_ratio`` over the ``mask``ed beads (NaN elsewhere), each in the larger of
    the document's spread (at least ``min_sigma``) and the counting noise of its texts' lengths (see the module)."""
    ns = np.array([counted_length(t) for t in src_texts], float)
    nt = np.array([counted_length(t) for t in tgt_texts], float)
    return robust_z(log_ratio, mask, min_sigma, floors=np.sqrt(1.0 / (ns + 1.0) + 1.0 / (nt + 1.0)))


#: A Latin-script token a translation into another script carries over as it is: a URL, a site, a firm's or a
#: product's name (www.ampainsoc.org, Matricur). Four characters at least.
_CARRIED = re.compile(r"[A-Za-z][\w.:/@&+-]*[\w/]")
_CARRIED_MIN = 4


def carried_chars(src: str, tgt: str) -> int:
    """Characters of the Latin tokens that both texts write alike (case aside): carried over untranslated, they
    follow no translation's length ratio, and a URL in a short Chinese sentence makes it look padded against the
    English (ratio 0.71 where the document's is about 0.35). For pairs in two scripts, where nothing else is
    written alike; between two Latin-script languages names and cognates are ordinary translation."""
    s = Counter(m.group().casefold() for m in _CARRIED.finditer(src) if len(m.group()) >= _CARRIED_MIN)
    if not s:
        return 0
    t = Counter(m.group().casefold() for m in _CARRIED.finditer(tgt) if len(m.group()) >= _CARRIED_MIN)
    return sum(len(w) * min(n, t[w]) for w, n in s.items() if w in t)
