"""Language identification, offline (py3langid ships its model), with script rules first.

Script rules settle the cases a character-n-gram model gets wrong on short or mixed text:
any kana means Japanese, Hangul means Korean, Thai script Thai (Lao, Khmer and Burmese likewise).
Language codes as users type them (BCP 47 tags:
``zh-CN``, ``zh-Hant``, ``pt_BR``, ``ENG``) are read with langcodes into the base language the
pipeline keys on.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING

import regex

from align.errors import InputError
from align.invisible import visible

if TYPE_CHECKING:
    import numpy as np

#: Languages written without spaces between words (sentence ends, word counts, tokenisers differ).
CJK_LANGS = frozenset({"ja", "zh", "ko"})


def base_language(code: str) -> str:
    """``"ja-JP"`` / ``"zh_TW"`` / ``"IT"`` → ``"ja"`` / ``"zh"`` / ``"it"``."""
    return (code or "").lower().split("-")[0].split("_")[0]


#: Codes that are valid tags but name no language a document can be in.
_NOT_A_LANGUAGE = frozenset({"und", "mis", "mul", "zxx"})


@lru_cache(maxsize=256)
def _standard_base(code: str) -> str | None:
    """The base language of a well-formed, registered tag (macrolanguage preferred: cmn → zh), else None."""
    import langcodes  # here, not at the top: its tables take ~0.07 s to load, and a CLI run starts its model first

    try:
        tag = langcodes.Language.get(code.strip())
    except (langcodes.LanguageTagError, ValueError):
        return None
    if not tag.is_valid() or not tag.language or tag.language.startswith(("x-", "i-")):
        return None
    lang = tag.prefer_macrolanguage().language
    if lang is None or lang in _NOT_A_LANGUAGE or "qaa" <= lang <= "qtz":  # qaa-qtz: reserved for private use
        return None
    return lang


def normalise_language(code: str) -> str:
    """A language code as a user types it → the base language code the pipeline uses.

    ``zh-CN`` / ``zh-Hant`` / ``ZH`` / ``zho`` → ``zh``, ``en-US`` → ``en``, ``pt_BR`` → ``pt``.
    Sentence splitting, the flags and the word lists only tell languages apart, so region and script
    are dropped (both Chinese scripts split and flag alike). Raises :class:`InputError` for anything
    that is not a language, so a typo stops the run before any work.
    """
    lang = _standard_base(code or "")
    if lang is None:
        raise InputError(f"{code!r} is not a language code (use an ISO 639 code or BCP 47 tag: en, zh-Hans, pt-BR)")
    return lang


def language_tag(code: str) -> str:
    """The BCP 47 tag a user typed, normalised but whole (``sr-latn`` → ``sr-Latn``, ``zh_TW`` → ``zh-TW``,
    ``ZH`` → ``zh``): what the document and the TMX record, while the pipeline works with
    :func:`normalise_language`'s base code. Raises :class:`InputError` as that does."""
    import langcodes

    normalise_language(code)
    try:
        return str(langcodes.standardize_tag(code.replace("_", "-")))
    except (langcodes.LanguageTagError, ValueError):
        return normalise_language(code)


@lru_cache(maxsize=256)
def language_script(lang: str) -> str:
    """The ISO 15924 script ``lang`` is usually written in (CLDR's likely subtags, via langcodes): en → Latn,
    ru → Cyrl, th → Thai, ko → Kore, ja → Jpan, zh → Hans. Latn for a code langcodes cannot read."""
    import langcodes

    try:
        return langcodes.Language.get(base_language(lang) or "und").maximize().script or "Latn"
    except (langcodes.LanguageTagError, ValueError):
        return "Latn"


#: Scripts written without spaces between words, each by one language here (Thai, Lao, Khmer, Burmese): like
#: kana and Hangul, the script alone says the language, and no word can be split off on spaces.
UNSPACED_SCRIPTS = {"Thai": "th", "Laoo": "lo", "Khmr": "km", "Mymr": "my"}
#: Unicode scripts (ISO 15924) a language's usual script (see :func:`language_script`) is made of.
_UNICODE_SCRIPTS = {"Kore": ("Hang", "Hani"), "Jpan": ("Hira", "Kana", "Hani"), "Hans": ("Hani",), "Hant": ("Hani",)}
_LETTER = regex.compile(r"[\p{L}\p{M}]")


@lru_cache(maxsize=64)
def _script_letters(script: str) -> regex.Pattern[str] | None:
    codes = _UNICODE_SCRIPTS.get(script, (script,))
    try:
        return regex.compile("[" + "".join(rf"\p{{sc={c}}}" for c in codes) + "]")
    except regex.error:  # a script the regex module does not know: nothing is counted in it
        return None


def script_share(text: str, lang: str) -> float:
    """Share of the letters (and vowel signs) of ``text`` written in ``lang``'s usual script: 1.0 for Thai
    text and th, about 0 for an English sentence and ru."""
    rx = _script_letters(language_script(lang))
    # Most texts hold no letter of the script asked about: then the letters need no counting (detecting a
    # document's language asks about four scripts; counting its letters each time took 40 ms a document).
    ours = len(rx.findall(text)) if rx is not None else 0
    if not ours:
        return 0.0
    letters = len(_LETTER.findall(text))
    return ours / letters if letters else 0.0


_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _model_arrays() -> dict[str, np.ndarray]:
    """py3langid's model as arrays, decompressed once into the cache folder (see :mod:`align.datacache`): read
    from its LZMA file it costs 0.5 s, more than the rest of the language work of a run."""
    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    model = MODEL_DIR / MODEL_FILE

    def read() -> dict[str, np.ndarray]:
        from py3langid.modelio import load_model

        ptc, pc, classes, nextmove, row, output = load_model(model)
        return {
            "ptc": np.asarray(ptc),
            "pc": np.asarray(pc),
            "classes": np.array(classes),
            # the state machine's tables are stdlib arrays (fast to index one item at a time); kept with their type
            "nextmove": np.frombuffer(nextmove, np.dtype(nextmove.typecode)),
            "row": np.frombuffer(row, np.dtype(row.typecode)),
            "output": np.array(output, np.int64),
        }

    from align.datacache import cached_arrays, package_version, source_digest

    return cached_arrays("langid", (package_version("py3langid"), source_digest(str(model), __file__)), read)


def _as_array(a: np.ndarray) -> memoryview:
    """``a`` as py3langid indexes its automaton's tables, an item at a time: a memoryview of the memory-mapped file
    (as fast to index as the stdlib array its own reader makes, without copying the 39 MB table in every process)."""
    import numpy as np

    return memoryview(np.ascontiguousarray(a)).cast("B").cast({2: "H", 4: "I", 8: "Q"}[a.itemsize])


@lru_cache(maxsize=1)
def _shared_features_class():  # type: ignore[no-untyped-def]
    """py3langid's identifier, scoring a text from feature counts it shares with its restricted copies.

    Most of the cost of identifying a text is the walk over its bytes that counts its n-gram features
    (py3langid's ``visit_counts``); scoring those counts against a set of languages is a small matrix product.
    Flagging asks about one text up to three times (its two languages, eleven candidates, then a
    probability), each time through another restricted copy (see :func:`_identifier`): the counts of the last
    few texts are kept (:func:`_feature_counts`), so each text is walked once. Scores are py3langid's own:
    only where the counts come from changes (``_raw_score``, the step of ``_decide`` that walks the text)."""
    from py3langid.langid import LanguageIdentifier

    class SharedFeatures(LanguageIdentifier):  # type: ignore[misc]
        __slots__ = ()

        def _raw_score(self, text: bytes):  # type: ignore[no-untyped-def]
            if (scores := _batch_score(text, self.nb_classes)) is not None:
                return scores + self.nb_pc
            visits = _feature_counts(text)
            if visits:
                return self._sparse_score(visits, self.nb_ptc)
            return super()._raw_score(text)  # no features: py3langid's own answer for that

    return SharedFeatures


#: The current :func:`language_batch`: the model's columns it scored (sorted), and each encoded text's scores in
#: them less the languages' priors; None outside one.
_BATCH: tuple[np.ndarray, dict[bytes, np.ndarray]] | None = None
#: Longer texts are walked one by one: the batch takes a numpy step per byte of its longest text.
_BATCH_MAX_BYTES = 2000


@contextmanager
def language_batch(texts: Iterable[str], langs: Iterable[str]) -> Iterator[None]:
    """Within the block, identifying any of ``texts`` among languages of ``langs`` reads its features from one walk
    over all of them.

    Flagging identifies two texts per bead; py3langid walks each text's bytes through its n-gram automaton in a
    Python loop (most of the cost of identifying a sentence), then scores the counts against every language. Here
    the automaton steps every text at once, a numpy call per byte position, and the counts of all of them are
    scored together against ``langs`` only. The scores are py3langid's own (the counts' log1p against its table),
    summed in another order (float32: ~1e-6)."""
    global _BATCH
    outer = _BATCH
    cols = _columns(frozenset(c for lang in langs if (c := _model_code(lang)) is not None))
    encode = _full_identifier()._encode
    # Keyed by what the identifier is handed (see _detect, language_probability): the visible text. A text longer
    # than the 20,000-character sample is far beyond the batch's byte limit, so one form serves both.
    encoded = {e for t in texts if 0 < len(e := encode(visible(t))) <= _BATCH_MAX_BYTES}
    _BATCH = (cols, _batch_scores(sorted(encoded), cols))
    try:
        yield
    finally:
        _BATCH = outer


def _batch_score(text: bytes, classes: list[str]) -> np.ndarray | None:
    """``text``'s scores (before the priors) in the columns of a restriction to ``classes``, when the current
    batch has them."""
    if _BATCH is None:
        return None
    cols, scores = _BATCH
    got = scores.get(text)
    if got is None:
        return None
    want = _columns(frozenset(classes))
    at = cols.searchsorted(want)
    if at.max(initial=0) >= len(cols) or (cols[at] != want).any():
        return None  # a language the batch did not score
    return got[at]


def _batch_scores(encoded: list[bytes], cols: np.ndarray) -> dict[bytes, np.ndarray]:
    """py3langid's feature scores in columns ``cols`` (the counts' log1p times its table, before the language
    priors) of each encoded text that has features, walking the automaton over all of them at once."""
    import numpy as np

    if not encoded or not len(cols):
        return {}
    nextmove, rowbase, output, ptc = _automaton()
    lens = np.fromiter(map(len, encoded), np.int64, len(encoded))
    order = np.argsort(-lens, kind="stable")  # longest first: the texts still walking are a prefix
    starts = np.concatenate([[0], np.cumsum(lens[order])[:-1]])
    flat = np.frombuffer(b"".join(encoded[i] for i in order), np.uint8)
    walking = np.searchsorted(-lens[order], -np.arange(int(lens.max())), side="left")  # texts longer than t
    state = np.zeros(len(encoded), np.int64)
    texts, features = [], []
    for t, k in enumerate(walking.tolist()):
        state[:k] = nextmove[rowbase[state[:k]] + flat[starts[:k] + t]]
        f = output[state[:k]]
        hit = np.flatnonzero(f >= 0)
        texts.append(hit)
        features.append(f[hit])
    n_features = len(ptc)
    keys, counts = np.unique(np.concatenate(texts) * n_features + np.concatenate(features), return_counts=True)
    text, feature = keys // n_features, keys % n_features
    weighted = np.log1p(counts.astype(np.float32))[:, None] * ptc[feature[:, None], cols].astype(np.float32)
    first = np.flatnonzero(np.r_[True, text[1:] != text[:-1]])
    sums = np.add.reduceat(weighted, first, axis=0)
    return {encoded[int(order[i])]: row for i, row in zip(text[first].tolist(), sums, strict=True)}


@lru_cache(maxsize=1)
def _automaton() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The model's automaton (next state by row base + byte, each state's row base, its feature or -1) and its
    feature table, as arrays."""
    import numpy as np

    m = _model_arrays()  # memory-mapped; plain arrays index faster, a step at a time
    plain = {k: m[k].view(np.ndarray) for k in ("nextmove", "output", "ptc")}
    return plain["nextmove"], m["row"].astype(np.int64) << 8, plain["output"], plain["ptc"]


@lru_cache(maxsize=64)
def _columns(classes: frozenset[str]) -> np.ndarray:
    """The columns of the full model a restriction to ``classes`` keeps (py3langid's ``set_languages``)."""
    import numpy as np

    return np.array([i for i, c in enumerate(_model_arrays()["classes"].tolist()) if c in classes], np.int64)


@lru_cache(maxsize=16)
def _feature_counts(encoded: bytes):  # type: ignore[no-untyped-def]
    """py3langid's feature counts of an encoded text (its ``_encode``), None when it has none; the model's
    tables are the same in every restricted copy, so the full identifier's serve. Read only by callers."""
    from py3langid.langid import visit_counts

    ident = _full_identifier()
    return visit_counts(ident.tk_nextmove, ident._rowbase, ident.tk_output, encoded)


@lru_cache(maxsize=1)
def _full_identifier():  # type: ignore[no-untyped-def]
    import numpy as np

    m = _model_arrays()
    return _shared_features_class()(
        np.asarray(m["ptc"]),  # memory-mapped: restricting to a few languages reads only their columns
        np.array(m["pc"]),
        m["classes"].tolist(),
        _as_array(m["nextmove"]),
        m["output"].tolist(),
        norm_probs=True,
        tk_row=_as_array(m["row"]),
    )


@lru_cache(maxsize=8)
def _identifier(langs: tuple[str, ...] | None):  # type: ignore[no-untyped-def]
    """The identifier, restricted to ``langs``. The model is read once per process (see :func:`_model_arrays`); a
    restriction is a shallow copy that selects its columns (``set_languages`` keeps the full model and subsets
    from it)."""
    ident = _full_identifier()
    if langs:
        ident = copy.copy(ident)
        ident.set_languages(list(langs))
    return ident


@lru_cache(maxsize=256)
def _model_code(lang: str) -> str | None:
    """py3langid's code for ``lang`` (its inventory has ``no`` for ``nb``, ``tl`` for ``fil``); None when
    the model does not know the language (it refuses unknown codes outright)."""
    known = set(_identifier(None).nb_classes)
    if lang in known:
        return lang
    import langcodes

    match, _distance = langcodes.closest_match(lang, sorted(known), max_distance=9)
    return None if match == "und" else match


def _from_model(code: str) -> str:
    """A py3langid answer in the codes :func:`normalise_language` gives (``tl`` → ``fil``)."""
    return _standard_base(code) or code


#: Serbian, Croatian and Bosnian: one language in three standards (wordfreq has one list for them, "sh").
SERBO_CROATIAN = frozenset({"sr", "hr", "bs"})
#: The ijekavian reflex of old ě (mjesto, vrijeme, gdje) after a consonant other than the palatal n, l: where
#: Serbian (ekavian: mesto, vreme, gde) writes e.
_IJE = re.compile(r"(?<=[bcčćdđfghkmprstvzž])i?je")
#: Words of a standard's reflex a text needs, and how many times the other's, to be told that standard.
_REFLEX_WORDS = 2


@lru_cache(maxsize=1)
def _reflexes() -> dict[str, bool]:
    """Frequent Serbo-Croatian words that differ only in the reflex of ě (mjesto / mesto, riječ / reč), from the
    wordfreq list: word → True where ekavian (Serbian), False where ijekavian (Croatian, Bosnian)."""
    from align.entities.frequencies import frequent_words

    words = frequent_words("sr")
    out: dict[str, bool] = {}
    for w in words:
        for m in _IJE.finditer(w):
            e = w[: m.start()] + "e" + w[m.end() :]
            if len(e) >= 3 and e in words:
                out[w], out[e] = False, True
    return out


def _serbo_croatian(text: str, guess: str) -> str:
    """Which standard a Latin-script Serbo-Croatian ``text`` is in: py3langid tells them apart badly (Serbian
    Latin read as Bosnian), but Serbian is ekavian where Croatian and Bosnian are ijekavian, so a text whose words
    are clearly ekavian is Serbian; otherwise the model's ``guess`` stands."""
    reflexes = _reflexes()
    found = [r for w in regex.findall(r"\p{L}+", text.lower()) if (r := reflexes.get(w)) is not None]
    ekavian = sum(found)
    if ekavian >= _REFLEX_WORDS and ekavian >= _REFLEX_WORDS * (len(found) - ekavian):
        return "sr"
    ijekavian = len(found) - ekavian
    if guess == "sr" and ijekavian >= _REFLEX_WORDS and ijekavian >= _REFLEX_WORDS * ekavian:
        return "bs"  # ijekavian Latin text is not Serbia's standard; Bosnian shares Serbian's vocabulary most
    return guess


def detect_language(text: str, candidates: Iterable[str] | None = None) -> str:
    """ISO 639-1 code of ``text``'s language; ``candidates`` restricts the answer."""
    cands = None if candidates is None else tuple(candidates)
    lang = _detect(text, cands)
    if lang in SERBO_CROATIAN and (cands is None or set(cands) >= SERBO_CROATIAN):
        sample = text[:20000]
        if script_share(sample, "hr") > 0.5:  # Latin script (Cyrillic is Serbian's own)
            return _serbo_croatian(sample, lang)
    return lang


def _by_script(sample: str, cands: tuple[str, ...] | None) -> str | None:
    """The language the script rules settle (see the module's docstring), or None where the model must decide."""
    kana, hangul, han = len(_KANA.findall(sample)), len(_HANGUL.findall(sample)), len(_HAN.findall(sample))
    cjk = kana + hangul + han
    # letters counted only where there is CJK to weigh (flagging asks about every sentence of a bead)
    cjk_cands = cands is None or {"ja", "ko", "zh"} & set(cands)
    if cjk and cjk_cands and cjk / (sum(ch.isalpha() for ch in sample) or 1) > 0.2:
        if kana > 0.02 * (kana + han) and (cands is None or "ja" in cands):
            return "ja"
        if hangul > han and (cands is None or "ko" in cands):
            return "ko"
        if cands is None or "zh" in cands:
            return "zh"
    for lang in UNSPACED_SCRIPTS.values():
        if (cands is None or lang in cands) and script_share(sample, lang) > 0.5:
            return lang
    return None


def _detect(text: str, candidates: Iterable[str] | None = None) -> str:
    cands = tuple(sorted(candidates)) if candidates else None
    sample = visible(text[:20000])  # a zero-width space inside words reads as another language's spelling
    if (lang := _by_script(sample, cands)) is not None:
        return lang
    if cands is None:
        return _from_model(str(_identifier(None).classify(sample)[0]))
    by_model = {m: c for c in cands if (m := _model_code(c)) is not None}
    unknown = [c for c in cands if _model_code(c) is None]
    if not unknown:
        return by_model[str(_identifier(tuple(sorted(by_model))).classify(sample)[0])]
    # A candidate the model cannot recognise: text it takes for none of the others is that one.
    lang = str(_identifier(None).classify(sample)[0])
    return by_model.get(lang, unknown[0])


#: Fewer letters than this and a detected language is a guess whatever the model says. Measured on 29,400 snippets
#: of 1-12 words from the news articles of 20 languages (tests/data/news): py3langid was wrong on 29 % under 10
#: letters, 8-15 % at 10-19, under 5 % from 20.
_SURE_LETTERS = 20
#: ... and one the model gives less than this probability: 91 % of its wrong answers on those snippets (4 % of the
#: right ones from 20 letters); whole articles get 0.83 or more.
_SURE_PROBABILITY = 0.5


def language_doubt(text: str, lang: str) -> str:
    """Why ``lang``, detected for ``text`` by :func:`detect_language`, is a guess ("from only 5 letters", "the model
    gives it only 31%"); "" when it is not. A language the script settles is no guess (kana, Hangul, Thai; Han alone
    from 20 letters); Serbo-Croatian's three standards count as one (the model splits its probability among them)."""
    sample = visible(text[:20000])
    by_script = _by_script(sample, None) == lang
    if by_script and lang != "zh":  # kana, Hangul, Thai... settle it at once; Han alone may be Japanese (東京)
        return ""
    letters = sum(ch.isalpha() for ch in sample)
    if letters < _SURE_LETTERS:
        return f"from only {letters} letter" + "s" * (letters != 1)
    if by_script:
        return ""
    ranked = dict(_identifier(None).rank(sample))
    same = SERBO_CROATIAN if lang in SERBO_CROATIAN else {lang}
    p = sum(ranked.get(code, 0.0) for c in same if (code := _model_code(c)) is not None)
    return "" if p >= _SURE_PROBABILITY else f"the model gives it only {p:.0%}"


def language_name(lang: str) -> str:
    """English name of ``lang`` from CLDR (Babel): cs → Czech."""
    from babel import Locale

    return str(Locale("en").languages.get(lang, lang))


def language_probability(text: str, lang: str, candidates: Iterable[str]) -> float:
    """Probability that ``text`` is in ``lang`` when it must be one of ``candidates`` (those the
    identification model knows; 0 for a ``lang`` it does not)."""
    model_langs = {m for c in candidates if (m := _model_code(c)) is not None}
    target = _model_code(lang)
    if target is None or not model_langs:
        return 0.0
    ranked = dict(_identifier(tuple(sorted(model_langs | {target}))).rank(visible(text)))
    return float(ranked.get(target, 0.0))
