"""The aligner's search, once every segment is encoded: pass 1 on approximate block vectors, pass 2 on the
uncertain blocks encoded exactly, the final path and its confidences, moved content (see :mod:`align.aligning`).

A module of its own so that it, and everything it imports, can load while the encoder runs."""

from __future__ import annotations

import itertools

import numpy as np

from align.aligning.band import coarse_lattice
from align.aligning.blocks import centre, centre_in_place, prepare_side, uncentre_in_place
from align.aligning.config import AlignConfig
from align.aligning.lattice import bead_shapes
from align.aligning.lexical import LexicalEvidence
from align.aligning.moved import pair_moved
from align.aligning.pair import EncodedPair
from align.aligning.refine import apply_exact, uncertain_blocks
from align.aligning.row_scores import RowScores
from align.aligning.scoring import Scorer, fit_length_model, set_baselines
from align.aligning.search import bead_posteriors, best_path, mbr_path
from align.background import Background
from align.encoders.base import Encoder
from align.relatedness import measure_relatedness
from align.types import Alignment, Bead, Document, SegmentEmbeddings, SegmentQuantities


def align_encoded(
    pair: EncodedPair,
    encoder: Encoder,
    cfg: AlignConfig,
    meta: dict[str, object],
    lexical: Background[LexicalEvidence] | None,
    *,
    progress: bool = False,
) -> Alignment:
    """The alignment of ``pair`` (see :func:`align.aligning.align_documents`, which encoded it); ``lexical``: the
    quantities and names being read in the background, None to do without; ``meta`` gains the run's figures."""
    src, tgt, s_ids, t_ids = pair.src, pair.tgt, pair.s_ids, pair.t_ids
    s_texts, t_texts, singles = pair.s_texts, pair.t_texts, pair.singles
    n, m = len(s_texts), len(t_texts)
    enc_chars = sum(map(len, s_texts)) + sum(map(len, t_texts))
    inner_path: list[tuple[int, int]]
    scorer: Scorer | None = None
    conf: np.ndarray | None = None  # per bead of inner_path
    if n == 0 or m == 0 or singles is None:
        inner_path = [(0, 0)] + [(i, 0) for i in range(1, n + 1)] + [(n, j) for j in range(1, m + 1)]
    else:
        # Blocks longer than any bead shape can use would cost n × dim floats each for nothing.
        k = min(cfg.max_bead, cfg.max_bead_total - 1)
        s_par = np.array([src.segments[i].paragraph for i in s_ids], np.int64)
        t_par = np.array([tgt.segments[i].paragraph for i in t_ids], np.int64)
        # Centring each side on its own mean removes what all its sentences share (language, genre):
        # cosines of unrelated sentences drop to about 0 and sums of sentences stop gaining spurious
        # similarity, which otherwise makes every large bead look good.
        s_mean, t_mean = singles[:n].mean(axis=0), singles[n:].mean(axis=0)
        s_norms, t_norms = centre_in_place(singles[:n], s_mean), centre_in_place(singles[n:], t_mean)
        ps = prepare_side(s_texts, singles[:n], s_par, k, cfg.char_weight)
        pt = prepare_side(t_texts, singles[n:], t_par, k, cfg.char_weight)
        lat = coarse_lattice(ps.emb, pt.emb, cfg)
        if cfg.baseline:
            set_baselines(ps, pt, lat)
        shapes = bead_shapes(cfg.max_bead, cfg.max_bead_total)
        scorer = Scorer(ps, pt, cfg, lexical=lexical.result() if lexical else False, langs=(src.lang, tgt.lang))
        # The bead scores, kept for a small lattice: the second path and pass 2's selection read them again, the
        # refitted length weight updated in place (a new exact vector changes them: new ones after pass 2).
        scores = RowScores(lat, shapes, scorer)
        inner_path, D = best_path(n, m, lat, shapes, scorer, scores=scores, progress=progress)
        length_sd = fit_length_model(inner_path, scorer)
        if length_sd is not None:
            meta["length_sd"] = round(length_sd, 4)
            del D
            inner_path, D = best_path(n, m, lat, shapes, scorer, scores=scores, progress=progress)
        meta["lattice_cells"] = lat.cells
        refined = 0
        if cfg.refine:
            # Most doubtful first, until the character budget (a proxy for encoder time) is spent.
            budget = cfg.refine_budget * enc_chars
            chosen: dict[tuple[str, int, int], str] = {}
            used = 0
            for _, bl in uncertain_blocks(inner_path, D, lat, scorer, shapes, scores):
                new = [x for x in bl if x not in chosen]
                texts = [" ".join((s_texts if side == "s" else t_texts)[p : p + kk]) for side, kk, p in new]
                cost = sum(map(len, texts))
                if used + cost > budget:
                    break
                chosen.update(zip(new, texts, strict=True))
                used += cost
            if chosen:
                keys = list(chosen)
                blocks = encoder.block_encoder() if cfg.fast_blocks else encoder
                vecs = blocks.encode(list(chosen.values()), progress=progress, desc="refining")
                s_rows = [i for i, x in enumerate(keys) if x[0] == "s"]
                t_rows = [i for i, x in enumerate(keys) if x[0] == "t"]
                apply_exact(ps, [keys[i][1:] for i in s_rows], centre(vecs[s_rows], s_mean), cfg.exact_mix)
                apply_exact(pt, [keys[i][1:] for i in t_rows], centre(vecs[t_rows], t_mean), cfg.exact_mix)
                del D  # the programme's table is the largest thing alive: never hold two
                D = None
                scores = RowScores(lat, shapes, scorer)
                if cfg.mbr_cost is None:  # MBR decoding finds its own path below: the best one would go unused
                    inner_path, D = best_path(n, m, lat, shapes, scorer, scores=scores, progress=progress)
                refined = len(keys)
                enc_chars += used
        meta["refined_blocks"] = refined
        del D
        if cfg.mbr_cost is None:
            conf = bead_posteriors(
                inner_path, n, m, lat, shapes, scorer, cfg.confidence_temperature, scores=scores, progress=progress
            )
        else:
            # The confidence keeps its calibrated temperature, whatever MBR weighs.
            t_mbr = cfg.mbr_temperature or cfg.confidence_temperature
            inner_path, conf = mbr_path(
                n,
                m,
                lat,
                shapes,
                scorer,
                t_mbr,
                cfg.mbr_cost,
                cfg.confidence_temperature,
                scores=scores,
                progress=progress,
            )
    meta["encoded_chars"] = enc_chars

    beads = _path_to_beads(inner_path, s_ids, t_ids, conf)
    beads = _reinsert_empty(beads, src, tgt, set(s_ids), set(t_ids))
    if cfg.moved and scorer is not None:
        beads, moved = pair_moved(beads, scorer, s_ids, t_ids)
        meta["moved"] = moved
    if scorer is not None and singles is not None:  # the aligner is done with the centred vectors
        uncentre_in_place(singles[:n], s_mean, s_norms)
        uncentre_in_place(singles[n:], t_mean, t_norms)
    embeddings = _segment_embeddings(singles, s_ids, t_ids, (len(src), len(tgt)), encoder)
    if embeddings is not None:
        relation = measure_relatedness(beads, embeddings.src, embeddings.tgt, encoder.unrelated_cosine)
        if relation is not None:
            meta["relatedness"] = relation.as_meta()
    quantities = (
        SegmentQuantities(src.lang, tgt.lang, *scorer.quantities)
        if scorer is not None and scorer.quantities is not None
        else None
    )
    return Alignment(src, tgt, beads, model=encoder.name, meta=meta, embeddings=embeddings, quantities=quantities)


def _segment_embeddings(
    singles: np.ndarray | None, s_ids: list[int], t_ids: list[int], sizes: tuple[int, int], encoder: Encoder
) -> SegmentEmbeddings | None:
    """The vectors encoded above, in segment-id order with zero rows for blank segments (see
    :class:`SegmentEmbeddings`): flagging uses them instead of encoding every sentence again."""
    if singles is None:
        return None
    n = len(s_ids)

    def side(rows: np.ndarray, ids: list[int], size: int) -> np.ndarray:
        if len(ids) == size:  # no blank segment: the rows already are in segment-id order (a view, no copy)
            return rows
        out = np.zeros((size, rows.shape[1]), np.float32)
        out[ids] = rows
        return out

    return SegmentEmbeddings(side(singles[:n], s_ids, sizes[0]), side(singles[n:], t_ids, sizes[1]), encoder.cache_id)


def _path_to_beads(
    path: list[tuple[int, int]], s_ids: list[int], t_ids: list[int], conf: np.ndarray | None
) -> list[Bead]:
    """Beads of ``path`` in segment ids, each with its confidence (1 where there was nothing to decide)."""
    beads = []
    for k, ((i0, j0), (i1, j1)) in enumerate(itertools.pairwise(path)):
        score = 1.0 if conf is None else float(conf[k])
        beads.append(Bead(tuple(s_ids[i0:i1]), tuple(t_ids[j0:j1]), round(score, 4)))
    return beads


def _reinsert_empty(beads: list[Bead], src: Document, tgt: Document, s_used: set[int], t_used: set[int]) -> list[Bead]:
    """Put blank segments back as 1-0/0-1 beads where they belong in reading order."""
    s_empty = [s.id for s in src.segments if s.id not in s_used]
    t_empty = [s.id for s in tgt.segments if s.id not in t_used]
    if not s_empty and not t_empty:
        return beads
    out: list[Bead] = []
    si = ti = 0
    for bead in beads:
        first_s = bead.src[0] if bead.src else None
        first_t = bead.tgt[0] if bead.tgt else None
        while si < len(s_empty) and first_s is not None and s_empty[si] < first_s:
            out.append(Bead((s_empty[si],), (), 1.0))
            si += 1
        while ti < len(t_empty) and first_t is not None and t_empty[ti] < first_t:
            out.append(Bead((), (t_empty[ti],), 1.0))
            ti += 1
        out.append(bead)
    out.extend(Bead((s,), (), 1.0) for s in s_empty[si:])
    out.extend(Bead((), (t,), 1.0) for t in t_empty[ti:])
    return out
