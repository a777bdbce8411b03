"""How common a word is in its language (wordfreq's offline lists): common words are vocabulary, not names."""

from __future__ import annotations

import functools
import math
import unicodedata

from align.langid import base_language

#: Words at least this frequent in their language (Zipf scale: 4 ≈ once per 100,000 words) are
#: ordinary vocabulary, not names: "molto", German "Berg".
COMMON_WORD_ZIPF = 4.0


#: The rarest words :func:`word_zipf` tells apart (Zipf 3: once per million words). Every caller asks whether a
#: word is at least 3.0, 4.0 or 5.5 common; rarer words read as 0, like words wordfreq does not list.
ZIPF_FLOOR = 3.0
#: wordfreq files its words in buckets of one centibel: bucket i holds frequency 10^(-i/100), Zipf 9 - i/100.
_FLOOR_BUCKET = round((9 - ZIPF_FLOOR) * 100)


#: Largest langcodes distance at which wordfreq's list of another code still serves ``lang``: Serbian, Croatian and
#: Bosnian (sr, hr, bs) → Serbo-Croatian (sh, 5–9), Norwegian → Bokmål (1). wordfreq itself accepts up to 60 and
#: so answered Swahili from the English list (34), Georgian and Amharic too (44), Basque from Spanish (20).
_SAME_LANGUAGE_DISTANCE = 10


@functools.lru_cache(maxsize=64)
def wordlist_language(lang: str) -> str | None:
    """The wordfreq list that serves ``lang`` (a BCP 47 code): its own, or one within
    :data:`_SAME_LANGUAGE_DISTANCE`, or one of the same language in another script (zh-Hant → zh); None when
    wordfreq has none. Asking wordfreq for that list by its own code also keeps its "Using the nearest match"
    notice off the user's terminal."""
    import langcodes
    import wordfreq

    try:
        best, distance = langcodes.closest_match(lang, list(wordfreq.available_languages("best")), max_distance=60)
        same = langcodes.Language.get(best).language == langcodes.Language.get(lang).language
    except (ValueError, LookupError):  # not a language code langcodes can read
        return None
    return best if best != "und" and (distance <= _SAME_LANGUAGE_DISTANCE or same) else None


@functools.lru_cache(maxsize=64)
def frequent_words(lang: str) -> dict[str, int]:
    """wordfreq's words of ``lang`` at or above :data:`ZIPF_FLOOR` → their bucket.

    wordfreq's own lookup indexes its whole list on first use (634,502 German words: 0.3–0.6 s in every process)
    to answer for a few hundred words; 39,858 German words are above the floor. They are kept in the cache
    folder (see :mod:`align.datacache`), read in milliseconds."""
    import wordfreq

    from align.datacache import cached_data, package_version

    listed = wordlist_language(lang)
    if listed is None:  # no list for this language: every word reads as 0
        return {}

    def build() -> dict[str, int]:
        buckets = wordfreq.get_frequency_list(listed)
        bucket_of = {w: i for i, bucket in enumerate(buckets) for w in bucket}
        return {w: i for w, i in bucket_of.items() if i <= _FLOOR_BUCKET}  # a word listed twice keeps its last

    return cached_data("wordfreq", (listed, package_version("wordfreq"), str(_FLOOR_BUCKET)), build)


def _listed_zipf(word: str, lang: str) -> float:
    """wordfreq's ``zipf_frequency(word, lang)`` where it is at least :data:`ZIPF_FLOOR`, else 0 (its lookup,
    on :func:`frequent_words`: tokens, digits read as wordfreq reads them, 1/f = Σ 1/f_token, 3 digits)."""
    import wordfreq
    from wordfreq.numbers import digit_freq, smash_numbers

    buckets = frequent_words(lang)
    if not buckets:  # no list: no need to tokenise (wordfreq warns of Thai, which it cannot tokenise)
        return 0.0
    tokens = wordfreq.lossy_tokenize(word, lang)
    if not tokens:
        return 0.0
    one_over = 0.0
    for token in tokens:
        smashed = smash_numbers(token)
        if smashed not in buckets:
            return 0.0  # rarer than the floor, and so is the whole word (rarer than its rarest token)
        freq = wordfreq.cB_to_freq(-buckets[smashed])
        if smashed != token:
            freq *= digit_freq(token)
        one_over += 1.0 / freq
    freq = 1.0 / one_over
    freq = round(freq, math.floor(-math.log(freq, 10)) + 3)
    zipf = round(wordfreq.freq_to_zipf(freq), 2)
    return zipf if zipf >= ZIPF_FLOOR else 0.0


# A pure function of one word, asked for every word of every bead: remembered (this cache serves
# :func:`_listed_zipf` too).
@functools.lru_cache(maxsize=65536)
def word_zipf(word: str, lang: str) -> float:
    """Zipf frequency of one word in ``lang`` (wordfreq's offline lists), at least :data:`ZIPF_FLOOR`; 0 for
    rarer words and where wordfreq has no list.

    wordfreq tokenises its argument first, and for Chinese, Japanese and Korean that needs jieba or
    MeCab, optional packages of its own. A single word looked up here is already a token (a Latin word
    in Chinese text, say), so for those languages the frequency list answers directly.
    """
    import wordfreq

    lang = base_language(lang)
    try:
        if wordfreq.get_language_info(lang)["tokenizer"] in ("jieba", "mecab"):
            bucket = frequent_words(lang).get(unicodedata.normalize("NFKC", word).casefold())
            return 0.0 if bucket is None else round(wordfreq.freq_to_zipf(wordfreq.cB_to_freq(-bucket)), 2)
        return _listed_zipf(word, lang)
    except LookupError:  # a language wordfreq does not know: no evidence either way
        return 0.0


def is_common_word(word: str, lang: str) -> bool:
    """Whether ``word`` is ordinary vocabulary of ``lang`` (see :func:`word_zipf`)."""
    return word_zipf(word.lower(), lang) >= COMMON_WORD_ZIPF
