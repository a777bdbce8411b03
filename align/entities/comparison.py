"""Entities one side of a bead has and the other lacks, checked against the whole documents."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from align.entities.extraction import NOUN_CAPITALISING, Entity, capital_is_name, document_names, extract_entities
from align.entities.full_names import unheard_full_names
from align.entities.index import TokenIndex
from align.entities.name_forms import known_name
from align.entities.tokens import fold, normalise
from align.entities.transliteration import CASED_SCRIPTS
from align.langid import CJK_LANGS as _CJK_LANGS
from align.langid import base_language, language_script


def _cross_script(src_lang: str, tgt_lang: str) -> bool:
    """Whether the two languages are written in different scripts, so names are matched by sound too.
    Chinese and Japanese share Han, and their Latin words are compared as between Latin languages."""
    src, tgt = base_language(src_lang), base_language(tgt_lang)
    if src in _CJK_LANGS and tgt in _CJK_LANGS:
        return False
    return language_script(src) != language_script(tgt)


#: Consonant classes an orphan name needs (Kowalski krsk, নোভাক nbk): shorter ones (Anna, মারিয়া) sound like
#: too many words.
_ORPHAN_KEY = 3


def _orphan(e: Entity, other_doc: TokenIndex, bead: TokenIndex) -> bool:
    """Whether a name candidate of a bead side (across scripts) has no counterpart anywhere: neither the bead's
    other side nor the other document has a word that is or sounds like it. A name checkable against the other
    document is handled by :meth:`EntityContext.compare` already; an orphan alone proves nothing (a name the
    translator translated, an uncommon word of a script without capitals), but one on each side of a bead is
    a name replaced by another. Thai candidates (every run of syllables) and lowercase Latin words are left out."""
    if e.kind != "name" or e.script == "Thai" or (e.script == "Latn" and not e.text[:1].isupper()):
        return False
    if max((len(r.key) for r in e.readings), default=0) < _ORPHAN_KEY:
        return False
    return not other_doc.has(e, True) and not bead.has(e, True) and not bead.has_related(e)


#: A capitalised word next to the name (Anna Kowalski, Мария Новак): the name is a person's or a firm's, which
#: other scripts write by sound, where a place often has a name of its own there (Munich, Μόναχο, 뮌헨).
_CAPITALISED_BEFORE = regex.compile(r"\p{Lu}[\p{L}\p{M}]+[ \u00a0]$")
_CAPITALISED_AFTER = regex.compile(r"^[ \u00a0]\p{Lu}[\p{L}\p{M}]+")


def _full_name(e: Entity, text: str) -> bool:
    t = normalise(text)
    return e.script in ("Latn", *CASED_SCRIPTS) and bool(
        _CAPITALISED_BEFORE.search(t[: e.start]) or _CAPITALISED_AFTER.match(t[e.end :])
    )


def _starts_alike(a: Entity, b: Entity) -> bool:
    """Whether two names start with one consonant class (Munich, ميونخ; Celsius, צלזיוס): maybe one name written
    two ways that the sound match missed."""
    return any(ra.key[:1] == rb.key[:1] for ra in a.readings for rb in b.readings)


def _replaced(
    src_own: list[Entity], src_text: str, src_unmatched: list[Entity],
    tgt_own: list[Entity], tgt_text: str, tgt_unmatched: list[Entity],
) -> tuple[list[Entity], list[Entity]]:  # fmt: skip
    """Orphan names of a bead that read as one name put in place of another: on one side a full name (a
    capitalised word beside it) in the side's own script that the other document does not know, and on the other
    a name missing or orphaned there that starts with another sound. ``*_own`` are a side's orphans in its own
    script, ``*_unmatched`` its missing names and orphans. Each alone is weak evidence (a translated name, a word
    the sound match misses, an uncommon word of a script without capitals); the two together are a replaced name.
    """
    src_out: set[Entity] = set()
    tgt_out: set[Entity] = set()
    for own, text, other, other_text, full_out, other_out in (
        (src_own, src_text, tgt_unmatched, tgt_text, src_out, tgt_out),
        (tgt_own, tgt_text, src_unmatched, src_text, tgt_out, src_out),
    ):
        full = [e for e in own if _full_name(e, text)]
        names = [o for o in other if o.kind == "name"]
        if not full or not names or any(_starts_alike(o, f) for o in names for f in full):
            continue
        full_out.update(full)
        # Of the other side's names, the one standing where the full name stands in its sentence: an orphan
        # may also be an ordinary uncommon word (বাসগুলো "the buses").
        where = full[0].start / max(len(text), 1)
        other_out.add(min(names, key=lambda o: abs(o.start / max(len(other_text), 1) - where)))
    return list(src_out), list(tgt_out)


#: A Latin gloss in brackets after a CJK term: 科尔布（Peter Kolb）, 雷达（Radar）, 空间转向”（spatial turn）. The
#: document gives the original once and names the thing in its own script from then on.
_CJK_BEFORE = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}"
_GLOSS = regex.compile(
    rf"(?<=[{_CJK_BEFORE}”」』》])[ \u00a0]*[（(][^（）(){_CJK_BEFORE}]*\p{{Latin}}[^（）(){_CJK_BEFORE}]*[）)]"
)


def _without_glosses(texts: Sequence[str], lang: str) -> list[str]:
    """A CJK document's texts with its Latin glosses blanked (see ``_GLOSS``): a word the document writes only as
    a gloss does not make the other document's beads that name it checkable, since the translation names it in
    Han or kana there (雷达 for every later "radars", 体重指数 for "BMI"). A word it also writes outside a gloss
    (SIM卡) stays checkable."""
    if base_language(lang) not in _CJK_LANGS:
        return list(texts)
    return [_GLOSS.sub(lambda m: " " * len(m.group()), t) for t in texts]


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
        src_indexed, tgt_indexed = _without_glosses(src_texts, src_lang), _without_glosses(tgt_texts, tgt_lang)
        return cls(
            base_language(src_lang),
            base_language(tgt_lang),
            TokenIndex.of(src_indexed, src_lang, names_only=True, sounds=cross, names=src_names),
            TokenIndex.of(tgt_indexed, tgt_lang, names_only=True, sounds=cross, names=tgt_names),
            src_names,
            tgt_names,
        )

    @property
    def cross_script(self) -> bool:
        return _cross_script(self.src_lang, self.tgt_lang)

    def _candidates(self, text: str, lang: str, names: frozenset[str], other_lang: str) -> tuple[list[Entity], bool]:
        """Entity candidates of a bead side, and whether any uncommon word was taken (see :meth:`_missing`)."""
        # A Latin-script side facing a CJK one: its names may be lowercased (machine translation),
        # so any uncommon word is a candidate; the CJK document decides whether it is a name.
        any_word = lang not in _CJK_LANGS and other_lang in _CJK_LANGS
        return extract_entities(text, lang, known_names=names, any_word=any_word), any_word

    def _missing(
        self, found: tuple[list[Entity], bool], lang: str, other: str, other_doc: TokenIndex
    ) -> tuple[list[Entity], list[Entity]]:
        """Checkable entities of a bead side (``found``: its :meth:`_candidates`) absent from ``other`` (the
        bead's other side), and, across scripts, its orphan names (see :func:`_orphan`)."""
        other_lang = self.tgt_lang if other_doc is self.tgt_doc else self.src_lang
        cands, any_word = found
        if not cands:
            return [], []
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
        orphans = [e for e in cands if self.cross_script and _orphan(e, other_doc, bead)]
        if not any(e.script == "Thai" for e in missing):
            return missing, orphans
        # Thai candidates overlap (every run of one to four syllables): one that overlaps a run found on the
        # other side is part of that name (เปตรอ "Pedro" in เปตรอวา "Petrova"), and of overlapping missing
        # ones the longest is reported.
        spans = [e for e in cands if e.script == "Thai" and e not in missing]
        found = [e for e in spans if any(_overlap(e, m) for m in missing) and bead.has(e, self.cross_script)]
        missing = [e for e in missing if not any(_overlap(e, f) for f in found)]
        longest = [e for e in missing if not any(_overlap(e, o) and o.end - o.start > e.end - e.start for o in missing)]
        return longest, orphans

    def _swapped_surnames(
        self, src_text: str, tgt_text: str, src_found: tuple[list[Entity], bool], tgt_found: tuple[list[Entity], bool]
    ) -> tuple[list[Entity], list[Entity]]:
        """In one script, a name after a first name both sides write (Anna Kowalski, Anna Novak) where neither
        document knows the other side's: a surname replaced by one named nowhere else. The checks by document
        need a name the other document knows, and a translated name (Estados Unidos, United States) shares no
        word, so only a name beside the same capitalised word counts."""
        # the bead sides' candidates as compare() found them, unless those took any uncommon word
        src_cands = src_found[0] if not src_found[1] else extract_entities(src_text, self.src_lang,
                                                                           known_names=self.src_names)  # fmt: skip
        tgt_cands = tgt_found[0] if not tgt_found[1] else extract_entities(tgt_text, self.tgt_lang,
                                                                           known_names=self.tgt_names)  # fmt: skip
        src = [e for e in src_cands if e.kind == "name"]
        tgt = [e for e in tgt_cands if e.kind == "name"]
        s_norm, t_norm = normalise(src_text), normalise(tgt_text)
        s_fold, t_fold = fold(s_norm), fold(t_norm)
        src_out: list[Entity] = []
        tgt_out: list[Entity] = []
        for x in src:
            before = _CAPITALISED_BEFORE.search(s_norm[: x.start])
            if before is None or self.tgt_doc.has(x, False) or x.folded in t_fold:
                continue
            first = fold(before.group().strip())
            for q in tgt:
                after = _CAPITALISED_BEFORE.search(t_norm[: q.start])
                if (
                    after is not None
                    and fold(after.group().strip()) == first
                    and first != x.folded
                    and not self.src_doc.has(q, False)
                    and q.folded not in s_fold
                    and q.folded[:1] != x.folded[:1]
                ):
                    src_out.append(x)
                    tgt_out.append(q)
        return src_out, tgt_out

    def compare(self, src_text: str, tgt_text: str) -> EntityComparison:
        """Entities of each side that are known in the other document but absent from the other side; and
        the orphan names (ones neither the other side nor the other document knows: Anna Kowalski translated
        as মারিয়া নোভাক, named nowhere else) where each side has a name missing or orphaned."""
        src_found = self._candidates(src_text, self.src_lang, self.src_names, self.tgt_lang)
        tgt_found = self._candidates(tgt_text, self.tgt_lang, self.tgt_names, self.src_lang)
        src_only, src_orphans = self._missing(src_found, self.src_lang, tgt_text, self.tgt_doc)
        tgt_only, tgt_orphans = self._missing(tgt_found, self.tgt_lang, src_text, self.src_doc)
        # A full name counts in the side's own script (Latin words in a Thai or Korean text are often a firm's
        # name left in Latin letters, whose other words the sound match cannot read).
        src_orphans_own = [e for e in src_orphans if e.script == language_script(self.src_lang)]
        tgt_orphans_own = [e for e in tgt_orphans if e.script == language_script(self.tgt_lang)]
        src_more, tgt_more = _replaced(src_orphans_own, src_text, src_only + src_orphans, tgt_orphans_own, tgt_text,
                                       tgt_only + tgt_orphans)  # fmt: skip
        if not self.cross_script:
            src_more, tgt_more = self._swapped_surnames(src_text, tgt_text, src_found, tgt_found)
        else:  # a full name no word of the other side says, common words included (জন স্মিথ for Peter Novak)
            src_more = [*src_more, *unheard_full_names(src_orphans, src_text, self.src_lang, tgt_text)]
            tgt_more = [*tgt_more, *unheard_full_names(tgt_orphans, tgt_text, self.tgt_lang, src_text)]
        src_only = sorted({*src_only, *src_more}, key=lambda e: e.start)
        tgt_only = sorted({*tgt_only, *tgt_more}, key=lambda e: e.start)
        return EntityComparison(src_only=src_only, tgt_only=tgt_only)
