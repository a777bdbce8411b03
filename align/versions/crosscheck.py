"""Cross-checks between three or more versions: the versions check each other.

Where every version but one states the same quantity, name or negation, the odd one is the likely error
(``consensus_number``, ``consensus_entity``, ``consensus_negation``); content every other version has and
one lacks is missing there (``missing_in_version``); a cell much less similar to the others than they are
to each other is flagged too (``outlier_version``), and so is every cell of a version that does not look like a
translation of the pivot at all (another article among the versions), which no other check counts, lest its
noise outvote the real versions. Quantities, names and negations are found by the same
code as the pairwise flags (:mod:`align.numbers`, :mod:`align.entities`, :mod:`align.negation`).

Quantities and names are compared pairwise, so agreement is checked against one hub per row (the pivot
where it has text): version v is the odd one when only v differs from the hub and at least half of the other
versions differ from v too; the hub is the odd one when every other version differs from it and they agree
with each other. That is at most 2 comparisons per version and row: time stays linear in the number of versions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from align.entities import Entity, EntityContext, TokenIndex, extract_entities
from align.entities.extraction import capital_is_name
from align.entities.han import han_writes
from align.entities.name_forms import known_name
from align.entities.tokens import LATIN_WORD, fold, normalise
from align.langid import base_language
from align.negation import negations
from align.numbers import quantities_differ
from align.relatedness import Relatedness
from align.robust import robust_z
from align.types import Document, Flag
from align.versions.types import MultiAlignment

#: Cross-version flag code → one-line explanation (what the app shows next to a badge).
CROSS_FLAG_CODES: dict[str, str] = {
    "consensus_number": "Every other version agrees on a quantity that this version states differently",
    "consensus_entity": "Every other version agrees on a name, URL or code that this version lacks or changes",
    "consensus_negation": "Every other version negates this passage differently from this version",
    "missing_in_version": "Content every other version has is missing from this version",
    "outlier_version": "This version's text is much less similar to the other versions than they are to each other "
    "(or the whole version does not look like a version of the same text)",
}


@dataclass(frozen=True)
class CrossCheckConfig:
    """Thresholds of the cross-version checks."""

    #: Versions with text in a row needed for a consensus ("all but one agree" means nothing between two).
    min_versions: int = 3
    #: A pivot sentence is missing from a version whose sentences in the row all match it below this centred
    #: cosine, while every other version has one matching it at least :attr:`covered_cosine`.
    uncovered_cosine: float = 0.3
    covered_cosine: float = 0.5
    #: ... or below the least of the other versions' matches by this much: a dropped sentence's neighbour on a
    #: related topic matched it at 0.34 where every other version had 0.60-0.83 (a user's Polish version).
    uncovered_gap: float = 0.25
    #: ... if that match is weak in itself (a Chinese sentence joining two of the pivot's matched one at 0.54).
    uncovered_weak: float = 0.45
    #: Outlier: robust z (against the version's own rows) of how much less similar the cell is to the others
    #: than they are to each other, and the least that gap may be (centred cosine).
    outlier_z: float = 3.0
    outlier_min_gap: float = 0.3
    outlier_min_sigma: float = 0.03
    #: Rows a version needs with text before its similarity statistics mean anything.
    outlier_min_rows: int = 8

    def uncovered_below(self, others: float) -> float:
        """The best match at or below which content is missing from a version, where the other versions match
        it at ``others`` (see :attr:`uncovered_cosine`, :attr:`uncovered_gap`, :attr:`uncovered_weak`)."""
        return max(self.uncovered_cosine, min(others - self.uncovered_gap, self.uncovered_weak))


@dataclass(frozen=True)
class _Difference:
    """What two cells disagree on: each side's items without counterpart, as written."""

    a_only: list[str]
    b_only: list[str]

    def __bool__(self) -> bool:
        return bool(self.a_only or self.b_only)


def odd_one_out(
    present: Sequence[int],
    hub: int,
    differ: Callable[[int, int], object],
    sides_with_hub: Callable[[int, int], object] | None = None,
) -> int | None:
    """The one version of ``present`` that disagrees with all the others while they agree, else None.

    ``differ(a, b)`` is truthy when versions ``a`` and ``b`` disagree. Checked against ``hub`` (one of
    ``present``): a version that alone differs from the hub, and from at least half of the rest too, is the odd one;
    the hub is, when every other version differs from it and they do not differ from one another (checked
    against the first of them). ``sides_with_hub(u, v)``, when given, is truthy when version ``u`` is seen to
    agree with the hub on what ``v`` differs in: it confirms ``v`` as ``differ(u, v)`` does (for what ``u`` and
    ``v`` cannot be compared on directly).
    """
    others = [v for v in present if v != hub]
    if len(others) < 2:
        return None
    differ_hub = [v for v in others if differ(hub, v)]
    if len(differ_hub) == 1:
        # Confirmed by at least half of the other versions (one may have nothing to compare by: names in Han
        # characters), counted until that many agree, so a lone confirmation by chance is not enough.
        v = differ_hub[0]
        rest = [u for u in others if u != v]
        need, found = (len(rest) + 1) // 2, 0
        for u in rest:
            found += bool(differ(u, v)) or bool(sides_with_hub and sides_with_hub(u, v))
            if found >= need:
                return v
        return None
    if len(differ_hub) == len(others) and not any(differ(others[0], u) for u in others[1:]):
        return hub
    return None


def _list(items: Sequence[str]) -> str:
    return ", ".join(dict.fromkeys(items)) or "nothing"


class _Rows:
    """The row texts of a multi-version alignment, with the per-pair comparisons it needs, each made once."""

    def __init__(self, multi: MultiAlignment) -> None:
        self.multi = multi
        self.docs: list[Document] = multi.documents
        self.langs = [d.lang for d in self.docs]
        self.labels = multi.labels
        self.texts = [[multi.text(row, v) for v in range(len(self.docs))] for row in multi.rows]
        self._contexts: dict[tuple[int, int], EntityContext] = {}
        self._hub_words: dict[tuple[int, int], set[str]] = {}
        self._names: dict[tuple[int, int], list[Entity]] = {}
        #: Versions that do not look like translations of the pivot (another article): no check counts them.
        self.unrelated = multi.unrelated_versions()
        self.related = [v for v in range(len(self.docs)) if v not in self.unrelated]

    def present(self, r: int) -> list[int]:
        """The related versions with text in row ``r``."""
        return [v for v in self.related if self.texts[r][v].strip()]

    def hub(self, present: list[int]) -> int:
        return self.multi.pivot if self.multi.pivot in present else present[0]

    def numbers(self, r: int, a: int, b: int) -> _Difference:
        q = quantities_differ(self.texts[r][a], self.langs[a], self.texts[r][b], self.langs[b])
        return _Difference([x.text for x in q.src_only], [x.text for x in q.tgt_only])

    def _context(self, a: int, b: int) -> EntityContext:
        if (a, b) not in self._contexts:
            da, db = self.docs[a], self.docs[b]
            self._contexts[(a, b)] = EntityContext.of(da.texts, da.lang, db.texts, db.lang)
        return self._contexts[(a, b)]

    def entities(self, r: int, a: int, b: int) -> _Difference:
        e = self._context(a, b).compare(self.texts[r][a], self.texts[r][b])
        return _Difference([x.text for x in e.src_only], [x.text for x in e.tgt_only])

    def _cell_has(self, r: int, hub: int, v: int, e: Entity) -> bool:
        """Whether version ``v``'s cell in row ``r`` writes the hub's name ``e`` (as the same word, an inflected
        form or, across scripts, a word that sounds like it: the pairwise check's matching of a bead side)."""
        cross = self._context(hub, v).cross_script
        cell = TokenIndex.of([self.texts[r][v]], self.langs[v], sounds=cross)
        if cell.has(e, cross) or cell.has_related(e):
            return True
        # Chinese writes a foreign name by the sound of its characters, which only a search for that name reads.
        return base_language(self.langs[v]) == "zh" and e.script == "Latn" and han_writes(self.texts[r][v], e.folded)

    def _hub_writes(self, r: int, hub: int, e: Entity) -> bool:
        words = self._hub_words.get((r, hub))
        if words is None:
            words = self._hub_words[(r, hub)] = {fold(m.group()) for m in LATIN_WORD.finditer(self.texts[r][hub])}
        return e.folded in words

    def written_alike_elsewhere(self, r: int, hub: int, u: int, e: Entity) -> bool:
        """Whether version ``u``'s cells read as writing the hub's name ``e`` in another row where the hub writes
        it too: a name that ``u``'s document as a whole cannot be matched on (Chinese, which writes names by the
        sound of characters that are words elsewhere; a short name in Hangul, Moreira 모레이라, on too few
        consonants for a document-wide match) is still checkable when the cells aligned to it keep writing it."""
        return any(
            k != r and self._hub_writes(k, hub, e) and self.texts[k][u].strip() and self._cell_has(k, hub, u, e)
            for k in range(len(self.texts))
        )

    @staticmethod
    def _hub_names(text: str, lang: str, doc_names: frozenset[str]) -> list[Entity]:
        """The names of a hub cell: the entity extractor's, and the Latin words its document writes capitalised
        in mid-sentence that the extractor leaves out as common words (Costa, Melbourne); not a capitalised noun
        of German, as :func:`capital_is_name` says."""
        found = [e for e in extract_entities(text, lang, known_names=doc_names) if e.kind == "name"]
        taken = {e.folded for e in found}
        t = normalise(text)
        for m in LATIN_WORD.finditer(t):
            w, f = m.group(), fold(m.group())
            if w[:1].isupper() and f in doc_names and f not in taken and capital_is_name(f, lang):
                found.append(Entity(w, "name", m.start(), m.end()))
                taken.add(f)
        return found

    def lacking(self, r: int, hub: int, v: int) -> list[Entity]:
        """The names of the hub's cell in row ``r`` that version ``v``'s cell has nothing like."""
        names = self._hub_names(self.texts[r][hub], self.langs[hub], self._context(hub, v).src_names)
        return [e for e in names if not self._cell_has(r, hub, v, e)]

    def names_agree(self, r: int, hub: int, u: int, v: int) -> bool:
        """Whether version ``u`` sides with the hub on the names ``v`` differs in: it writes a name of the hub's cell
        that ``v``'s cell lacks (:meth:`writes_what_v_lacks`), or it lacks, as the hub's cell does, a name of the
        hub's document that ``v``'s cell writes (:meth:`lacks_what_v_adds`)."""
        return self.writes_what_v_lacks(r, hub, u, v) or self.lacks_what_v_adds(r, hub, u, v)

    def _doc_names(self, hub: int, v: int) -> list[Entity]:
        """The names the hub's cells write, each once (by its folded form), as read against version ``v``."""
        key = (hub, v)
        if key not in self._names:
            doc_names = self._context(hub, v).src_names
            seen: dict[str, Entity] = {}
            for row in self.texts:
                for e in self._hub_names(row[hub], self.langs[hub], doc_names):
                    seen.setdefault(e.folded, e)
            self._names[key] = list(seen.values())
        return self._names[key]

    def lacks_what_v_adds(self, r: int, hub: int, u: int, v: int) -> bool:
        """Whether ``v``'s cell writes a name of the hub's document that neither the hub's cell nor ``u``'s has,
        while ``u`` writes that name where the hub does (so it would have it here too).

        The other side of a swapped name: Airbus → Lisbon in Arabic, with Chinese the only other version, which
        writes Airbus by meaning (空客) and so cannot be seen to write it; it does write Lisbon (里斯本) where the
        English does, and not here. A Chinese ``v`` is left out as in :meth:`writes_what_v_lacks`."""
        if base_language(self.langs[v]) == "zh":
            return False
        in_hub = {e.folded for e in self._hub_names(self.texts[r][hub], self.langs[hub], frozenset())}
        for e in self._doc_names(hub, v):
            if e.folded in in_hub or self._hub_writes(r, hub, e):
                continue
            if (
                self._cell_has(r, hub, v, e)
                and not self._cell_has(r, hub, u, e)
                and self.written_alike_elsewhere(r, hub, u, e)
            ):
                return True
        return False

    def writes_what_v_lacks(self, r: int, hub: int, u: int, v: int) -> bool:
        """Whether version ``u`` writes here a name of the hub's cell that ``v``'s cell lacks.

        A name put in place of another often leaves the version with no other mention of the replaced name, and
        a version in another script may not know the new one: neither is then checkable between ``u`` and
        ``v`` directly (Лувр → Сеуле against Arabic اللوفر). Through the hub both are: ``u`` has the name as the
        pairwise check reads it (checkable in ``u``'s document, or in ``u``'s other cells aligned to the name:
        :meth:`written_alike_elsewhere`; found in its cell), ``v``'s cell has nothing like it. A Chinese ``v``
        is not flagged this way: Chinese writes many names by meaning, so it would seem to lack them."""
        if base_language(self.langs[v]) == "zh":
            return False
        ctx = self._context(hub, u)
        for e in self.lacking(r, hub, v):
            if not self._cell_has(r, hub, u, e):
                continue
            checkable = ctx.tgt_doc.has(e, ctx.cross_script) and (
                ctx.cross_script or known_name(e.folded, ctx.tgt_names)
            )
            if checkable or (ctx.cross_script and self.written_alike_elsewhere(r, hub, u, e)):
                return True
            # A name the text gives once (Kowalska 科瓦尔斯卡): read in Han on four consonant classes or more, which
            # ordinary words match by chance in under 0.2 % of sentences (the news set's names against its Chinese).
            if base_language(self.langs[u]) == "zh" and han_writes(self.texts[r][u], e.folded, min_key=4):
                return True
        return False

    def others(self, present: list[int], v: int) -> str:
        return ", ".join(self.labels[u] for u in present if u != v)


def _consensus(rows: _Rows, code: str, what: str, compare: Callable[[int, int, int], _Difference], weight: float,
               cfg: CrossCheckConfig,
               agree: Callable[[int, int, int, int], bool] | None = None) -> list[list[list[Flag]]]:  # fmt: skip
    out: list[list[list[Flag]]] = [[[] for _ in rows.docs] for _ in rows.texts]
    for r in range(len(rows.texts)):
        present = rows.present(r)
        if len(present) < cfg.min_versions:
            continue
        hub = rows.hub(present)
        seen: dict[tuple[int, int], _Difference] = {}

        def differ(a: int, b: int, r: int = r, seen: dict[tuple[int, int], _Difference] = seen) -> _Difference:
            if (a, b) not in seen:
                seen[(a, b)] = compare(r, a, b)
            return seen[(a, b)]

        def sides(u: int, v: int, r: int = r, hub: int = hub) -> bool:
            return agree is not None and agree(r, hub, u, v)

        odd = odd_one_out(present, hub, differ, sides if agree else None)
        if odd is None:
            continue
        ref = hub if odd != hub else next(u for u in present if u != hub)
        d = differ(ref, odd)
        if agree is not None and ref == hub and not d.a_only:  # confirmed through the hub: say what it names
            d = _Difference([e.text for e in rows.lacking(r, hub, odd)], d.b_only)
        out[r][odd].append(
            Flag(code, f"{rows.labels[odd]} has {_list(d.b_only)} where the other {len(present) - 1} versions "
                 f"({rows.others(present, odd)}) agree on {what} ({rows.labels[ref]}: {_list(d.a_only)})", weight)
        )  # fmt: skip
    return out


def _negation_flags(rows: _Rows, cfg: CrossCheckConfig) -> list[list[list[Flag]]]:
    out: list[list[list[Flag]]] = [[[] for _ in rows.docs] for _ in rows.texts]
    for r in range(len(rows.texts)):
        found = {v: negations(rows.texts[r][v], rows.langs[v]) for v in rows.present(r)}
        known = {v: n for v, n in found.items() if n is not None}
        if len(known) < cfg.min_versions:
            continue
        counts = Counter(len(n) for n in known.values())
        (common, times), *rest = counts.most_common()
        if times != len(known) - 1 or not rest:
            continue
        odd = next(v for v, n in known.items() if len(n) != common)
        ref = rows.hub([v for v in known if v != odd])
        cues = _list([x.cue for x in known[odd]])
        out[r][odd].append(
            Flag("consensus_negation", f"{rows.labels[odd]} negates {len(known[odd])} clause(s) here ({cues}) where "
                 f"the other {len(known) - 1} versions ({rows.others(list(known), odd)}) negate {common} "
                 f"({rows.labels[ref]}: {_list([x.cue for x in known[ref]])})", 0.7)
        )  # fmt: skip
    return out


def _missing_flags(rows: _Rows, centred: Sequence[np.ndarray], cfg: CrossCheckConfig) -> list[list[list[Flag]]]:
    """A version with nothing where every other version has text; or, in a row of several pivot sentences, a
    version none of whose sentences matches one of them while every other version's do (a dropped sentence
    the aligner merged into its neighbour's bead)."""
    n_docs, pivot = len(rows.related), rows.multi.pivot
    out: list[list[list[Flag]]] = [[[] for _ in rows.docs] for _ in rows.texts]
    if n_docs < cfg.min_versions:
        return out
    for r, row in enumerate(rows.multi.rows):
        present = rows.present(r)
        if len(present) == n_docs - 1:
            v = next(u for u in rows.related if u not in present)
            ref = rows.hub(present)
            out[r][v].append(
                Flag("missing_in_version", f"{rows.labels[v]} has nothing here, where the other {n_docs - 1} "
                     f"versions ({rows.others(present, v)}) have text ({rows.labels[ref]}: "
                     f"«{_short(rows.texts[r][ref])}»)", 0.9)
            )  # fmt: skip
            continue
        ids = [i for i in row.cells[pivot] if rows.docs[pivot].segments[i].text.strip()]
        if len(present) < n_docs or len(ids) < 2:
            continue
        # Best centred cosine of each pivot sentence with any sentence of each other version's cell.
        pv = centred[pivot][ids]
        others = [v for v in rows.related if v != pivot]
        cover = np.stack([(pv @ _with_whole(centred[v][list(row.cells[v])]).T).max(axis=1) for v in others], axis=1)
        for k, i in enumerate(ids):
            for j, v in enumerate(others):
                rest = np.delete(cover[k], j)
                least = float(np.min(rest))
                if least >= cfg.covered_cosine and cover[k, j] <= cfg.uncovered_below(least):
                    text = rows.docs[pivot].segments[i].text
                    out[r][v].append(
                        Flag("missing_in_version", f"{rows.labels[v]} has no sentence matching the pivot's "
                             f"«{_short(text)}» (best similarity {cover[k, j]:.2f}), which every other version "
                             f"has (least {least:.2f})", 0.7)
                    )  # fmt: skip
    return out


def _missing_in_pivot(rows: _Rows, centred: Sequence[np.ndarray], cfg: CrossCheckConfig) -> list[list[list[Flag]]]:
    """The pivot without a sentence every other version has: checked from the other side, since every check
    above starts from the pivot's sentences. A pivot that dropped one had each other version's counterpart merged
    into a neighbour's bead, and every correct version got the pairwise `addition` while the pivot got nothing
    (a user's Polish pivot). A sentence of a version's cell that the pivot's cell does not match (as
    :func:`_missing_flags` measures it) while the other versions' cells typically do, found so in at least half of
    the other versions (two at least), flags the pivot's cell."""
    n_docs, pivot = len(rows.related), rows.multi.pivot
    out: list[list[list[Flag]]] = [[[] for _ in rows.docs] for _ in rows.texts]
    others = [v for v in rows.related if v != pivot]
    for r, row in enumerate(rows.multi.rows):
        if len(rows.present(r)) < n_docs:
            continue
        pivot_cell = _with_whole(centred[pivot][list(row.cells[pivot])])
        cells = {v: _with_whole(centred[v][list(row.cells[v])]) for v in others}
        found: list[tuple[int, int, float, float]] = []  # (version, its sentence, pivot's match, others' median)
        for v in others:
            for i in row.cells[v]:
                if not rows.docs[v].segments[i].text.strip():
                    continue
                x = centred[v][i]
                # The median, not the least: with many versions one (Thai cut into pieces) is always low.
                typical = float(np.median([float((cells[u] @ x).max()) for u in others if u != v]))
                mine = float((pivot_cell @ x).max())
                if typical >= cfg.covered_cosine and mine <= cfg.uncovered_below(typical):
                    found.append((v, i, mine, typical))
                    break
        if len(found) >= max(2, (len(others) + 1) // 2):
            v, i, mine, typical = found[0]
            out[r][pivot].append(
                Flag("missing_in_version", f"{rows.labels[pivot]} (the pivot) has no sentence matching "
                     f"{rows.labels[v]}'s «{_short(rows.docs[v].segments[i].text)}» (best similarity {mine:.2f}), "
                     f"which {len(found)} of the other {len(others)} versions have (typically {typical:.2f})", 0.7)
            )  # fmt: skip
    return out


def _with_whole(vectors: np.ndarray) -> np.ndarray:
    """A cell's sentence vectors and, for two or more, their normalised sum: a sentence the splitter cut into pieces
    (Thai, at its spaces) matches as a whole what none of its pieces matches alone."""
    if len(vectors) < 2:
        return vectors
    whole = vectors.sum(axis=0)
    return np.vstack([vectors, whole / max(float(np.linalg.norm(whole)), 1e-12)])


def _short(text: str, most: int = 80) -> str:
    text = text.strip()
    return text if len(text) <= most else text[: most - 1] + "…"


def _centred(vectors: Sequence[np.ndarray]) -> list[np.ndarray]:
    """Each version's sentence vectors centred on their document's mean (which removes what all of a
    language's sentences share) and normalised; blank segments stay zero."""
    out = []
    for emb in vectors:
        live = np.linalg.norm(emb, axis=1) > 0 if len(emb) else np.zeros(0, bool)
        if not live.any():
            out.append(np.zeros_like(emb))
            continue
        centred = emb - emb[live].mean(axis=0)
        centred[~live] = 0.0
        out.append(centred / np.maximum(np.linalg.norm(centred, axis=1, keepdims=True), 1e-12))
    return out


def _cell_vectors(multi: MultiAlignment, centred: Sequence[np.ndarray]) -> np.ndarray:
    """rows × versions × dim: each cell's centred sentence vectors summed and normalised; zero for an empty cell."""
    dim = next((v.shape[1] for v in centred if v.ndim == 2 and v.shape[1]), 0)
    out = np.zeros((len(multi.rows), len(centred), dim), np.float32)
    for v, emb in enumerate(centred):
        for r, row in enumerate(multi.rows):
            if row.cells[v]:
                out[r, v] = emb[list(row.cells[v])].sum(axis=0)
    return out / np.maximum(np.linalg.norm(out, axis=2, keepdims=True), 1e-12)


def _outlier_flags(rows: _Rows, centred: Sequence[np.ndarray], cfg: CrossCheckConfig) -> list[list[list[Flag]]]:
    multi = rows.multi
    out: list[list[list[Flag]]] = [[[] for _ in rows.docs] for _ in rows.texts]
    cells = _cell_vectors(multi, centred)
    cells[:, list(rows.unrelated)] = 0.0  # another article is no version to be compared with
    live = np.linalg.norm(cells, axis=2) > 0  # rows × versions
    k = live.sum(axis=1)  # versions with text per row
    total = cells.sum(axis=1)  # rows × dim
    rest = total[:, None, :] - cells  # the other versions' vectors summed, per cell
    with np.errstate(invalid="ignore", divide="ignore"):
        # Mean cosine of a cell to the others, and mean cosine among the others (unit vectors: |Σ|² = k + 2Σ pairs).
        to_others = np.einsum("rvd,rvd->rv", cells, rest) / (k[:, None] - 1)
        among = ((rest**2).sum(axis=2) - (k[:, None] - 1)) / ((k[:, None] - 1) * (k[:, None] - 2))
    gap = among - to_others
    usable = live & (k[:, None] >= cfg.min_versions)
    for v in range(len(rows.docs)):
        mask = usable[:, v]
        if mask.sum() < cfg.outlier_min_rows:
            continue
        z = robust_z(np.nan_to_num(gap[:, v]), mask, cfg.outlier_min_sigma)
        median = float(np.median(gap[mask, v]))
        for r in np.flatnonzero(mask & (z >= cfg.outlier_z) & (gap[:, v] >= cfg.outlier_min_gap)):
            out[r][v].append(
                Flag("outlier_version", f"{rows.labels[v]} is much less similar to the other versions (mean "
                     f"{to_others[r, v]:.2f}) than they are to each other ({among[r, v]:.2f}); for this version "
                     f"that gap is usually {median:.2f} (z = {z[r]:.1f})", 0.6)
            )  # fmt: skip
    return out


def unrelated_note(version: str, pivot: str, relation: Relatedness) -> str:
    """Why a version is left out of the cross-version checks (see :meth:`MultiAlignment.unrelated_versions`): the
    flag's note on its cells, and the command line's warning."""
    return (f"{version} does not look like a version of the same text as the pivot {pivot}: {relation.reason()}; "
            "left out of the cross-version checks")  # fmt: skip


def unrelated_warnings(multi: MultiAlignment, names: Sequence[str], pivot_advice: str = "") -> list[str]:
    """One line per version that is another text than the pivot, and one if the pivot is the odd one (ending in
    ``pivot_advice``), naming each by ``names[v]`` (the command line's file names, the app's labels): what the
    command line warns about on stderr and the app shows above a set's grid, since the cells' flags alone are
    easy to miss."""
    pivot = names[multi.pivot]
    out = [
        f"{unrelated_note(names[v], pivot, relation)} (its cells are flagged outlier_version)"
        for v, relation in multi.unrelated_versions().items()
    ]
    if multi.unrelated_pivot():
        out.append(f"the pivot {pivot} does not look like a version of the same text as any other version (each pair "
                   f"with it is unrelated): choose another pivot{pivot_advice}")  # fmt: skip
    return out


def _unrelated_flags(rows: _Rows) -> list[list[list[Flag]]]:
    """Every cell of a version that does not look like a translation of the pivot (another article named among
    the versions): the aligner's figures for the pair, on each cell, since no other check counts that version."""
    out: list[list[list[Flag]]] = [[[] for _ in rows.docs] for _ in rows.texts]
    pivot = rows.labels[rows.multi.pivot]
    for v, relation in rows.unrelated.items():
        note = unrelated_note(rows.labels[v], pivot, relation)
        for r in range(len(rows.texts)):
            if rows.texts[r][v].strip():
                out[r][v].append(Flag("outlier_version", note, 0.8))
    return out


def cross_check(
    multi: MultiAlignment, vectors: Sequence[np.ndarray], config: CrossCheckConfig | None = None
) -> list[list[list[Flag]]]:
    """Cross-version flags per row and version (same shape as :attr:`MultiAlignment.flags`); all empty for
    fewer than ``min_versions`` versions. ``vectors[v]`` are version ``v``'s sentence vectors, one row per
    segment (zero rows for blank segments), as the aligner computed them."""
    cfg = config or CrossCheckConfig()
    rows = _Rows(multi)
    empty: list[list[list[Flag]]] = [[[] for _ in multi.documents] for _ in multi.rows]
    if len(multi.documents) < cfg.min_versions:
        return empty
    if len(rows.related) < cfg.min_versions:
        return _unrelated_flags(rows)
    centred = _centred(vectors)
    parts = [
        _missing_flags(rows, centred, cfg),
        _missing_in_pivot(rows, centred, cfg),
        _consensus(rows, "consensus_number", "the quantities", rows.numbers, 0.8, cfg),
        _consensus(rows, "consensus_entity", "the names", rows.entities, 0.7, cfg, rows.names_agree),
        _negation_flags(rows, cfg),
        _outlier_flags(rows, centred, cfg),
        _unrelated_flags(rows),
    ]
    versions = range(len(multi.documents))
    return [[[f for part in parts for f in part[r][v]] for v in versions] for r in range(len(multi.rows))]


__all__ = ["CROSS_FLAG_CODES", "CrossCheckConfig", "cross_check", "odd_one_out"]
