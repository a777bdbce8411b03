"""Translation quality figures with sacrebleu: BLEU, chrF and TER, per bead and per document.

Two uses: post-editing (HTER — the edit rate between the machine translation and its post-edit;
BLEU/chrF of the MT against the post-edit) and an attached human reference (corpus scores of the MT
against it). Every figure comes with sacrebleu's signature so it can be reproduced and compared.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sacrebleu.metrics import BLEU, CHRF, TER

_CJK = frozenset({"ja", "zh", "ko"})


def bleu_tokenizer(lang: str) -> str:
    """sacrebleu tokenizer for a target language: ja → ja-mecab, zh → zh, ko → ko-mecab, else 13a.

    Never the 'flores' SentencePiece tokenizers: they download their model. ja-mecab and ko-mecab
    run offline with the dictionaries of the sacrebleu[ja,ko] extras.
    """
    base = (lang or "").lower().split("-")[0].split("_")[0]
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
