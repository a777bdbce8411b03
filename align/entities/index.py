"""What a text contains, in the forms entities are matched by (a bead side's or a whole document's)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from align.entities.extraction import Entity, bead_word, capital_is_name, document_names, name_like, sound_words
from align.entities.frequencies import is_common_word
from align.entities.katakana import (
    KATAKANA_WORD,
    katakana_names,
    katakana_to_latin,
    latin_spellings,
    phonetic_key,
    sounds_alike,
    spelling_sounds_alike,
)
from align.entities.name_forms import name_parts, related_forms
from align.entities.tokens import LATIN_WORD, common_prefix, fold, normalise
from align.entities.transliteration import (
    CASED_SCRIPTS,
    VOWEL_SCRIPTS,
    Reading,
    foreign_readings,
    latin_readings,
    min_sound_key,
    readings_alike,
    readings_related,
)
from align.langid import CJK_LANGS as _CJK_LANGS
from align.langid import base_language

_COMPOUND_SEP = re.compile(r"[-'’]")
_KANA_SEP = re.compile(r"ー?・")
_SPACE = re.compile(r"\s+")


@dataclass
class TokenIndex:
    """What a text (a bead side, or a whole document) contains, in the forms entities are matched by."""

    folded: set[str] = field(default_factory=set)
    #: first five letters → words (inflected forms: Zermatt / Zermatts)
    prefixes: dict[str, set[str]] = field(default_factory=dict)
    #: phonetic key → Latin words with that key (for katakana ↔ Latin matching)
    latin_by_key: dict[str, set[str]] = field(default_factory=dict)
    #: phonetic key → romanised katakana words with that key
    kana_by_key: dict[str, set[str]] = field(default_factory=dict)
    #: sound key → readings of the words with that key, each with its script (see :func:`readings_alike`)
    sounds: dict[str, set[tuple[Reading, str]]] = field(default_factory=dict)
    #: a document's index (names only, matched strictly) rather than a bead side's (all words, loosely)
    document: bool = False
    #: whether any word of a script other than Latin was indexed by sound
    foreign: bool = False
    raw: str = ""
    raw_compact: str = ""

    @classmethod
    def of(
        cls,
        texts: Iterable[str],
        lang: str = "",
        *,
        names_only: bool = False,
        sounds: bool = True,
        names: frozenset[str] | None = None,
    ) -> TokenIndex:
        """Index of ``texts``. ``names_only`` keeps, for cross-script matching, only words that are not
        common words of ``lang`` (and, for matching by sound, names of the document: ``names``, see
        :func:`document_names`): a document index answers "is this a name known there?". ``sounds``: index
        words for matching by sound to other scripts (not needed between two documents in one script)."""
        idx = cls(document=names_only)
        raws = []
        texts = list(texts)
        kana_names = katakana_names(texts) if names_only else frozenset()
        # Matched by sound, a Latin, Cyrillic or Greek word must be a name of the document (capitalised in
        # mid-sentence): sentence-initial words (Экспорт, Scientists) would sound like too many others.
        by_sound = names_only and sounds and base_language(lang) not in _CJK_LANGS
        if not by_sound:
            names = frozenset()
        elif names is None:
            names = document_names(texts, lang)
        for text in texts:
            t = normalise(text)
            raws.append(fold(t))
            for m in LATIN_WORD.finditer(t):
                # Compounds carry names: Makalu-Gebietes, Himalaya-Fahrten.
                for part in dict.fromkeys([m.group(), *_COMPOUND_SEP.split(m.group())]):
                    f = fold(part)
                    idx.folded.add(f)
                    idx.prefixes.setdefault(f[:5], set()).add(f)
                    if not names_only or not is_common_word(part, lang):  # unfolded: Brücke, not brucke
                        for v in latin_spellings(f):
                            idx.latin_by_key.setdefault(phonetic_key(v), set()).add(f)
                        if sounds and (
                            (not names_only and bead_word(part, "Latn", lang))
                            or (f in names and capital_is_name(part.lower(), lang))
                        ):
                            for r in latin_readings(f):
                                idx.sounds.setdefault(r.key, set()).add((r, "Latn"))
            for word, script, _, _ in sound_words(t, spans=sounds):
                f = fold(word)
                if script != "Thai":  # same-script names (ru ↔ uk) are matched as Latin ones are
                    idx.folded.add(f)
                    idx.prefixes.setdefault(f[:5], set()).add(f)
                if not sounds:
                    continue
                if names_only:
                    if not (name_like(word, script, lang) and (script not in CASED_SCRIPTS or f in names)):
                        continue
                elif not bead_word(word, script, lang):
                    continue
                for r in foreign_readings(word, script):
                    idx.sounds.setdefault(r.key, set()).add((r, script))
                    idx.foreign = True
            for m in KATAKANA_WORD.finditer(t):
                for part in _KANA_SEP.split(m.group()):
                    if names_only and part not in kana_names:
                        continue
                    r = katakana_to_latin(part)
                    idx.kana_by_key.setdefault(phonetic_key(r), set()).add(r)
        idx.raw = "\n".join(raws)
        idx.raw_compact = _SPACE.sub("", idx.raw)
        return idx

    def _inflected(self, f: str) -> bool:
        """An inflected form is here: same word up to its last letter or two (Zermatt / Zermatts)."""
        if len(f) < 5:
            return False
        for w in self.prefixes.get(f[:5], ()):
            short = min(len(w), len(f))
            if abs(len(w) - len(f)) <= 2 and common_prefix(w, f) >= short - 1:
                return True
        return False

    def has_related(self, e: Entity) -> bool:
        """Whether a word here is a related form of ``e`` (see :func:`related_forms`); for a bead side,
        where the pairing is already given and a stem is enough."""
        if e.kind not in ("name",):
            return False
        return any(related_forms(p, w) for p in name_parts(e.folded) if len(p) >= 4 for w in self.folded)

    def has(self, e: Entity, cross_script: bool) -> bool:
        """Whether ``e`` has a counterpart here: same token, an inflected form, or (across scripts) a
        word that sounds alike."""
        if e.kind in ("url", "email", "handle", "code"):
            # "K2" / "K 2": spacing inside a code is typography
            return e.folded in self.raw or _SPACE.sub("", e.folded) in self.raw_compact
        f = e.folded
        if e.kind != "katakana" and any(p in self.folded or self._inflected(p) for p in name_parts(f)):
            return True
        if not cross_script:
            return False
        if e.kind == "katakana":
            romaji = katakana_to_latin(e.text)
            k = phonetic_key(romaji)
            cands = self.latin_by_key.get(k, set()) | self.latin_by_key.get(k + "r", set())
            return any(sounds_alike(w, romaji) for w in cands)
        if e.script == "Latn":
            for v in latin_spellings(f):
                k = phonetic_key(v)
                cands = self.kana_by_key.get(k, set())
                if k.endswith("r"):
                    cands = cands | self.kana_by_key.get(k[:-1], set())
                if any(spelling_sounds_alike(v, r) for r in cands):
                    return True
        # A lowercase Latin word (a candidate only facing CJK text, see EntityContext) is not matched by sound:
        # ordinary words of other scripts sound like too many of them (risen / 올랐다).
        return (e.script != "Latn" or e.text[:1].isupper()) and self.sounds_like(e)

    def _alike(self, r: Reading, script: str, other: Reading, other_script: str) -> bool:
        scripts = (script, other_script)
        vowels = set(scripts) <= VOWEL_SCRIPTS
        if self.document:
            # Between two scripts without capitals nothing says "name" on either side: ordinary words of the
            # two languages would be matched to each other.
            if min_sound_key(script, "Latn") == 3 and min_sound_key(other_script, "Latn") == 3:
                return False
            return readings_alike(r, other, min_sound_key(*scripts), vowels, scripts)
        # Thai does not inflect names, so a bead side writes one as the document does, and the match is as strict
        # (Pedro is no เปตรอวา, Petrova).
        if readings_alike(r, other, 1, vowels, scripts, strict="Thai" in scripts):
            return True
        # An inflected or derived form (Берлинском, Kenyan); Thai candidates are already every run of syllables.
        n = min_sound_key(*scripts)
        return "Thai" not in scripts and (
            readings_related(r, other, n, vowels, scripts) or readings_related(other, r, n, vowels, scripts)
        )

    def sounds_like(self, e: Entity) -> bool:
        """Whether a word of another script here sounds like ``e``: in a document index by the same sound
        key (:func:`readings_alike`); in a bead side's also by a key one starts the other with
        (:func:`readings_related`: an inflected or derived form), except in Thai, whose candidates are
        already every run of syllables."""
        for r in e.readings:
            if self.document:
                cands: Iterable[tuple[Reading, str]] = self.sounds.get(r.key, ())
            else:
                cands = (c for group in self.sounds.values() for c in group)
            for other, script in cands:
                if script != e.script and self._alike(r, e.script, other, script):
                    return True
        return False
