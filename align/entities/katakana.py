"""Katakana names matched to Latin spelling through a compact kana table and a loose phonetic key (vowels
dropped, l/r merged, doubled letters collapsed), so アルトマン matches altman. The table is written here because
the maintained converter (pykakasi) is GPL and far larger than the katakana-only case needs."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from align.entities.tokens import edit_distance, fold, normalise

# A katakana word, with the parts of a foreign name joined by ・ (U+30FB, outside ァ-ヺ): サム・アルトマン.
KATAKANA_WORD = re.compile(r"[ァ-ヺー]+(?:・[ァ-ヺー]+)*")


_KANA: dict[str, str] = {}
for _row, _cons in [
    ("アイウエオ", ""), ("カキクケコ", "k"), ("ガギグゲゴ", "g"), ("サシスセソ", "s"), ("ザジズゼゾ", "z"),
    ("タチツテト", "t"), ("ダヂヅデド", "d"), ("ナニヌネノ", "n"), ("ハヒフヘホ", "h"), ("バビブベボ", "b"),
    ("パピプペポ", "p"), ("マミムメモ", "m"), ("ラリルレロ", "r"), ("ァィゥェォ", ""),
]:  # fmt: skip
    for _kana, _vowel in zip(_row, "aiueo", strict=True):
        _KANA[_kana] = _cons + _vowel
_KANA.update({"シ": "shi", "チ": "chi", "ツ": "tsu", "フ": "fu", "ジ": "ji", "ヤ": "ya", "ユ": "yu", "ヨ": "yo"})
_KANA.update({"ワ": "wa", "ヲ": "o", "ン": "n", "ヴ": "bu", "ー": "", "ッ": ""})
_SMALL_Y = {"ャ": "a", "ュ": "u", "ョ": "o"}


def katakana_to_latin(s: str) -> str:
    """Rough Hepburn romanisation of katakana (アルトマン → arutoman, ジョブズ → jobuzu, ティ → ti).

    Characters that are not katakana are dropped.
    """
    out: list[str] = []
    for c in s:
        if out and c in _SMALL_Y and out[-1].endswith("i"):  # キャ → kya, ジョ → jo
            prev = out[-1][:-1]
            out[-1] = prev + ("" if prev.endswith(("sh", "ch", "j")) else "y") + _SMALL_Y[c]
        elif out and c in "ァィゥェォ" and len(out[-1]) > 1:  # ティ → ti, ファ → fa
            out[-1] = out[-1][:-1] + _KANA[c]
        else:
            out.append(_KANA.get(c, ""))
    return "".join(out)


_MC = re.compile(r"^mc")
_VOWEL_R = re.compile(r"(?<=[aeiou])r(?![aeiouy])")


# Pure functions of one word, asked for every word of every bead while flagging: remembered (bounded caches).
@lru_cache(maxsize=1 << 14)
def latin_spellings(word: str) -> tuple[str, ...]:
    """``word`` and the spellings katakana may have heard instead: English loanwords drop a vowel's
    r (information → インフォメーション), Mc- is マク or マ (McGrew → マグルー), and J can be ヤ (Jan)."""
    out = [word, word.replace("j", "y"), _MC.sub("m", word), _VOWEL_R.sub("", word)]
    return tuple(dict.fromkeys(out))


def sounds_alike(latin: str, romaji: str) -> bool:
    """Whether a Latin word and a romanised katakana word may be the same name.

    Equal phonetic keys alone are too loose for short keys (molto / muratei), so the spellings
    must also be close.
    """
    return any(spelling_sounds_alike(v, romaji) for v in latin_spellings(latin))


def spelling_sounds_alike(latin: str, romaji: str) -> bool:
    lk, rk = phonetic_key(latin), phonetic_key(romaji)
    if not lk or (lk != rk and not (lk.endswith("r") and lk[:-1] == rk)):
        return False
    a, b = _skeleton(latin), _skeleton(romaji)
    return edit_distance(a, b) <= 0.5 * max(len(a), len(b))


_NOT_AZ = re.compile(r"[^a-z]")
_SOFT_C = re.compile(r"c(?=[eiy])")
_HWY = re.compile(r"[hwy]")
_DOUBLED = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiou]")


def _skeleton(latin: str) -> str:
    """Spelling with the consonant distinctions katakana loses merged (l/r, v/b, c/k, ...), vowels kept."""
    s = _NOT_AZ.sub("", fold(latin))
    # -tion is ション in every English loanword; romaji never spells "tion".
    s = s.replace("tion", "shon").replace("ph", "f").replace("ck", "k").replace("qu", "k").replace("x", "ks")
    s = _SOFT_C.sub("s", s).replace("c", "k")
    s = s.replace("l", "r").replace("v", "b").replace("z", "s").replace("j", "g")
    s = _HWY.sub("", s)
    return _DOUBLED.sub(r"\1", s)


@lru_cache(maxsize=1 << 14)
def phonetic_key(latin: str) -> str:
    """Loose key that survives katakana round trips: altman, アルトマン → rtmn; mcgrew, マクグルー → mkgr."""
    return _DOUBLED.sub(r"\1", _VOWELS.sub("", _skeleton(latin)))


_NAME_SUFFIX = re.compile(r"^(?:氏|さん|様|社|君|ちゃん)")


def katakana_names(texts: Iterable[str]) -> frozenset[str]:
    """Katakana words a Japanese document uses as names somewhere: joined by ・ (サム・アルトマン) or
    followed by an honorific or 社 (アルトマン氏, アップル社). Loanwords (チーム, リソース) never are."""
    names: set[str] = set()
    for text in texts:
        t = normalise(text)
        for m in KATAKANA_WORD.finditer(t):
            parts = [p for p in re.split(r"ー?・", m.group()) if len(p) >= 2]
            if "・" in m.group():
                names.update(parts)
            elif parts and _NAME_SUFFIX.match(t[m.end() :]):
                names.add(parts[-1])
    return frozenset(names)
