"""Entities one side of a bead has and the other lacks, checked against the whole documents."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from align.entities.extraction import NOUN_CAPITALISING, Entity, capital_is_name, document_names, extract_entities
from align.entities.index import TokenIndex
from align.entities.name_forms import known_name
from align.langid import CJK_LANGS as _CJK_LANGS
from align.langid import base_language, language_script


def _cross_script(src_lang: str, tgt_lang: str) -> bool:
    """Whether the two languages are written in different scripts, so names are matched by sound too.
    Chinese and Japanese share Han, and their Latin words are compared as between Latin languages."""
    src, tgt = base_language(src_lang), base_language(tgt_lang)
    if src in _CJK_LANGS and tgt in _CJK_LANGS:
        return False
    return language_script(src) != language_script(tgt)


def _overlap(a: Entity, b: Entity) -> bool:
    return a.start < b.end and b.start < a.end


@dataclass(frozen=True)
class EntityComparison:
    """Checkable entities of each side with no counterpart on the other side of the bead."""

    src_only: list[Entity]
    tgt_only: list[Entity]

    @property
    def mismatch(self) -> bool:
        return bool(self.src_only or self.tgt_only)


@dataclass
class EntityContext:
    """Per document pair: each document's name index (for checkability) and its capitalised names.

    Build it once per alignment with :meth:`of`, then :meth:`compare` each bead.
    """

    src_lang: str
    tgt_lang: str
    src_doc: TokenIndex
    tgt_doc: TokenIndex
    src_names: frozenset[str]
    tgt_names: frozenset[str]

    @classmethod
    def of(cls, src_texts: Sequence[str], src_lang: str, tgt_texts: Sequence[str], tgt_lang: str) -> EntityContext:
        cross = _cross_script(src_lang, tgt_lang)
        src_names, tgt_names = document_names(src_texts, src_lang), document_names(tgt_texts, tgt_lang)
        return cls(
            base_language(src_lang),
            base_language(tgt_lang),
            TokenIndex.of(src_texts, src_lang, names_only=True, sounds=cross, names=src_names),
            TokenIndex.of(tgt_texts, tgt_lang, names_only=True, sounds=cross, names=tgt_names),
            src_names,
            tgt_names,
        )

    @property
    def cross_script(self) -> bool:
        return _cross_script(self.src_lang, self.tgt_lang)

    def _missing(self, text: str, lang: str, names: frozenset[str], other: str, other_doc: TokenIndex) -> list[Entity]:
        # A Latin-script side facing a CJK one: its names may be lowercased (machine translation),
        # so any uncommon word is a candidate; the CJK document decides whether it is a name.
        other_lang = self.tgt_lang if other_doc is self.tgt_doc else self.src_lang
        any_word = lang not in _CJK_LANGS and other_lang in _CJK_LANGS
        cands = extract_entities(text, lang, known_names=names, any_word=any_word)
        if not cands:
            return []
        # Sounds are compared across scripts: a bead side needs them only if this side has a candidate in
        # another script than Latin, or the other document has words in one.
        sounds = self.cross_script and (other_doc.foreign or any(e.script != "Latn" for e in cands))
        bead = TokenIndex.of([other], other_lang, sounds=sounds)
        if not self.cross_script:
            # Between Latin-script languages a name is checkable only if the other document writes it
            # capitalised in mid-sentence: German nouns are capitalised, their French translations not.
            other_names = self.tgt_names if other_doc is self.tgt_doc else self.src_names
            cands = [e for e in cands if e.kind != "name" or known_name(e.folded, other_names)]
        if self.cross_script and lang in NOUN_CAPITALISING:
            cands = [e for e in cands if e.kind != "name" or e.script != "Latn" or e.folded in other_doc.folded
                     or capital_is_name(e.text.lower(), lang)]  # fmt: skip
        if any_word:  # short keys (dirla ~ ドル) match too easily to make an uncapitalised word a name
            cands = [e for e in cands if e.kind != "name" or e.folded in other_doc.folded or len(e.key) >= 3]
        missing = [
            e
            for e in cands
            if other_doc.has(e, self.cross_script) and not bead.has(e, self.cross_script) and not bead.has_related(e)
        ]
        if not any(e.script == "Thai" for e in missing):
            return missing
        # Thai candidates overlap (every run of one to four syllables): one that overlaps a run found on the
        # other side is part of that name (เปตรอ "Pedro" in เปตรอวา "Petrova"), and of overlapping missing
        # ones the longest is reported.
        spans = [e for e in cands if e.script == "Thai" and e not in missing]
        found = [e for e in spans if any(_overlap(e, m) for m in missing) and bead.has(e, self.cross_script)]
        missing = [e for e in missing if not any(_overlap(e, f) for f in found)]
        return [e for e in missing if not any(_overlap(e, o) and o.end - o.start > e.end - e.start for o in missing)]

    def compare(self, src_text: str, tgt_text: str) -> EntityComparison:
        """Entities of each side that are known in the other document but absent from the other side."""
        return EntityComparison(
            src_only=self._missing(src_text, self.src_lang, self.src_names, tgt_text, self.tgt_doc),
            tgt_only=self._missing(tgt_text, self.tgt_lang, self.tgt_names, src_text, self.src_doc),
        )
