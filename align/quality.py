"""Translation quality figures with sacrebleu: BLEU, chrF and TER, per bead and per document.

Two uses: post-editing (HTER — the edit rate between the machine translation and its post-edit;
BLEU/chrF of the MT against the post-edit) and an attached human reference (corpus scores of the MT
against it). Every figure comes with sacrebleu's signature so it can be reproduced and compared.

A reference translation is a document, not segment-aligned with the machine translation. It is
aligned to the same source with the same aligner, and the two alignments are joined through the
source sentences they share (:func:`join_on_source`): every MT bead and every reference bead that
share a source sentence fall into one group, and each group is one (MT text, reference text)
segment pair for the corpus scores.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sacrebleu.metrics import BLEU, CHRF, TER

from align.langid import CJK_LANGS, base_language
from align.types import Alignment, Bead, Document, join_segments

if TYPE_CHECKING:
    from align.encoders.base import Encoder

_CJK = CJK_LANGS


def bleu_tokenizer(lang: str) -> str:
    """sacrebleu tokenizer for a target language: ja → ja-mecab, zh → zh, ko → ko-mecab, else 13a.

    Never the 'flores' SentencePiece tokenizers: they download their model. ja-mecab and ko-mecab
    run offline with the dictionaries of the sacrebleu[ja,ko] extras.
    """
    base = base_language(lang)
    return {"ja": "ja-mecab", "zh": "zh", "ko": "ko-mecab"}.get(base, "13a")


@dataclass(frozen=True)
class Scores:
    """BLEU, chrF and TER (0–100; TER is an edit rate, lower is better) with their signatures."""

    bleu: float
    chrf: float
    ter: float
    signatures: dict[str, str]


class Metrics:
    """The three sacrebleu metrics configured for one target language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.tokenize = bleu_tokenizer(lang)
        # Sentence-level BLEU needs smoothing; 'exp' is sacrebleu's default and keeps corpus BLEU standard.
        self.bleu = BLEU(tokenize=self.tokenize)
        self.sentence_bleu = BLEU(tokenize=self.tokenize, effective_order=True)
        self.chrf = CHRF()
        # TER has no tokenizer choice and reads unspaced CJK text as one word per sentence, so CJK text
        # is pre-tokenised with the BLEU tokenizer (recorded in the signature as "pretok").
        self._cjk = (lang or "").lower()[:2] in _CJK
        self.ter = TER()

    def _ter_text(self, text: str) -> str:
        return self.bleu.tokenizer(text) if self._cjk else text

    def signatures(self, sentence: bool = False) -> dict[str, str]:
        return {
            "bleu": str((self.sentence_bleu if sentence else self.bleu).get_signature()),
            "chrf": str(self.chrf.get_signature()),
            "ter": str(self.ter.get_signature()) + (f"|pretok:{self.tokenize}" if self._cjk else ""),
        }

    def corpus(self, hyps: Sequence[str], refs: Sequence[str]) -> Scores:
        if len(hyps) != len(refs):
            raise ValueError(f"{len(hyps)} hypotheses but {len(refs)} references")
        h, r = list(hyps), [list(refs)]
        return Scores(
            bleu=self.bleu.corpus_score(h, r).score,
            chrf=self.chrf.corpus_score(h, r).score,
            ter=self.ter.corpus_score([self._ter_text(x) for x in h], [[self._ter_text(x) for x in r[0]]]).score,
            signatures=self.signatures(),
        )

    def sentence(self, hyp: str, ref: str) -> Scores:
        return Scores(
            bleu=self.sentence_bleu.sentence_score(hyp, [ref]).score,
            chrf=self.chrf.sentence_score(hyp, [ref]).score,
            ter=self.ter.sentence_score(self._ter_text(hyp), [self._ter_text(ref)]).score,
            signatures=self.signatures(sentence=True),
        )


@dataclass(frozen=True)
class PostEditReport:
    """Quality of a machine translation measured against its post-edit."""

    per_bead: list[Scores]
    document: Scores
    #: Share of beads the reviewers changed at all.
    edited_share: float

    @property
    def hter(self) -> float:
        """Document HTER: TER of the machine translation against its post-edit."""
        return self.document.ter


def post_edit_scores(mt: Sequence[str], post_edited: Sequence[str], lang: str) -> PostEditReport:
    """Per-bead and document BLEU / chrF / TER (HTER) of ``mt`` against ``post_edited`` (target language ``lang``).

    Pass only the beads that were reviewed; a bead whose post-edit equals the MT scores BLEU/chrF 100, TER 0.
    """
    if len(mt) != len(post_edited):
        raise ValueError(f"{len(mt)} machine translations but {len(post_edited)} post-edits")
    m = Metrics(lang)
    per = [m.sentence(h, r) for h, r in zip(mt, post_edited, strict=True)]
    doc = m.corpus(mt, post_edited)
    edited = sum(h.strip() != r.strip() for h, r in zip(mt, post_edited, strict=True))
    return PostEditReport(per, doc, edited / len(mt) if mt else 0.0)


def reference_scores(mt: Sequence[str], reference: Sequence[str], lang: str) -> Scores:
    """Corpus BLEU / chrF / TER of ``mt`` against a human ``reference`` translation, segment for segment.

    The two lists must be parallel (e.g. the target side of beads aligned to the reference).
    """
    return Metrics(lang).corpus(mt, reference)


@dataclass(frozen=True)
class JoinedSegment:
    """Source sentences and the MT and reference sentences that translate them (0-based ids, in order)."""

    src: tuple[int, ...]
    mt: tuple[int, ...]
    ref: tuple[int, ...]


def _anchors(beads: Iterable[Bead]) -> list[tuple[Bead, int | None]]:
    """Each bead with the source sentence it hangs on: its first one; for a bead without a source side
    (content with no source counterpart) the last source sentence before it, or the first one after it
    at the start of the document. None when no bead has a source side."""
    out: list[tuple[Bead, int | None]] = []
    pending: list[Bead] = []
    last: int | None = None
    for b in beads:
        if b.src:
            out.extend((p, b.src[0]) for p in pending)
            pending = []
            out.append((b, b.src[0]))
            last = b.src[-1]
        elif last is None:
            pending.append(b)
        else:
            out.append((b, last))
    out.extend((p, None) for p in pending)
    return out


def join_on_source(mt: Sequence[Bead], ref: Sequence[Bead], n_src: int) -> list[JoinedSegment]:
    """Join two alignments of one source document (source↔MT and source↔reference) into segment groups.

    Union-find over source sentence ids: the sentences of any one bead of either alignment end up in
    one group, so every MT bead and every reference bead sharing a source sentence share a group.
    Beads with an empty source side join the group of the source sentence before them. Groups come
    in source order; every MT and every reference sentence of the beads is in exactly one group.
    """
    # A dozen lines of union-find: scipy's connected_components would need scipy as a dependency.
    parent = list(range(n_src))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for b in (*mt, *ref):
        if any(not 0 <= i < n_src for i in b.src):
            raise ValueError(f"bead {b} names a source sentence outside 0..{n_src - 1}")
        for i in b.src[1:]:
            ra, rb = find(b.src[0]), find(i)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)  # the root is the group's first sentence
    # Group key: the root source id; -1 holds beads of a document without any source sentence.
    groups: dict[int, tuple[list[int], list[int], list[int]]] = {}
    for i in range(n_src):
        groups.setdefault(find(i), ([], [], []))[0].append(i)
    for side, beads in ((1, mt), (2, ref)):
        for b, anchor in _anchors(beads):
            key = -1 if anchor is None else find(anchor)
            groups.setdefault(key, ([], [], []))[side].extend(b.tgt)
    return [JoinedSegment(tuple(src), tuple(sorted(m)), tuple(sorted(r))) for _, (src, m, r) in sorted(groups.items())]


def align_reference(src: Document, reference: Document, encoder: Encoder) -> Alignment:
    """The reference aligned to the source with the same aligner as the review (no flags needed)."""
    from align.pipeline import align_and_flag  # the aligner pulls in the encoders: only when needed

    return align_and_flag(src, reference, encoder, flags=False)


@dataclass(frozen=True)
class ReferenceReport:
    """Corpus scores of a machine translation against a human reference, and the segment pairs behind them."""

    scores: Scores
    #: The joined groups that have text on at least one side, in source order.
    segments: list[JoinedSegment]
    mt_texts: list[str]
    ref_texts: list[str]
    #: Sentence-level chrF per segment pair (where to look first).
    chrf: list[float]


def reference_pairs(mt: Alignment, ref: Alignment) -> tuple[list[JoinedSegment], list[str], list[str]]:
    """(groups, MT texts, reference texts) of two alignments of the same source document.

    Groups with no text on either side (source sentences neither translation covers) are left out;
    a group with text on one side only stays in and counts as an omission or an addition.
    """
    if mt.src.texts != ref.src.texts:
        raise ValueError("the MT and the reference alignments have different source documents")
    joined = join_on_source(mt.beads, ref.beads, len(mt.src))
    keep = [g for g in joined if g.mt or g.ref]
    return keep, [join_segments(mt.tgt, g.mt) for g in keep], [join_segments(ref.tgt, g.ref) for g in keep]


def reference_report(mt: Alignment, reference: Document, encoder: Encoder, lang: str | None = None) -> ReferenceReport:
    """Align ``reference`` to the source of ``mt`` and score the MT against it (target language ``lang``,
    by default the MT document's)."""
    ref = align_reference(mt.src, reference, encoder)
    return score_reference_pairs(mt, ref, lang)


def score_reference_pairs(mt: Alignment, ref: Alignment, lang: str | None = None) -> ReferenceReport:
    """Corpus BLEU / chrF / TER of ``mt`` against ``ref`` (both alignments of one source), joined on the source."""
    segments, hyps, refs = reference_pairs(mt, ref)
    if not segments:
        raise ValueError("neither the machine translation nor the reference has any text to compare")
    m = Metrics(lang or mt.tgt.lang)
    return ReferenceReport(
        scores=m.corpus(hyps, refs),
        segments=segments,
        mt_texts=hyps,
        ref_texts=refs,
        chrf=[m.chrf.sentence_score(h, [r]).score for h, r in zip(hyps, refs, strict=True)],
    )
