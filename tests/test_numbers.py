"""Quantity extraction and value comparison across ja, zh, it, de, fr, en, es."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.numbers import (
    compare_quantities,
    extract_quantities,
    is_reference,
    kanji_number,
    literal_readings,
    quantities_differ,
)

SEED = Path(__file__).resolve().parent.parent / "corpora" / "openai-exec-departures-2024-09"


def values(text: str, lang: str) -> list[set[float]]:
    return [set(q.readings) for q in extract_quantities(text, lang)]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("投資後の評価額は1,500億ドルに達した", "ja", 1.5e11),
        ("la valutazione ammontava a 150 miliardi di dollari", "it", 1.5e11),
        ("年間経常収益が34億米ドルに達した", "ja", 3.4e9),
        ("hanno raggiunto i 3,4 miliardi di dollari", "it", 3.4e9),
        ("Umsatz von 3,4 Milliarden Euro", "de", 3.4e9),
        ("un chiffre de 3,4 milliards", "fr", 3.4e9),
        ("revenue of 3.4 billion dollars", "en", 3.4e9),
        ("ingresos de 3.400 millones de dólares", "es", 3.4e9),
        ("ingresos de 3,4 mil millones", "es", 3.4e9),
        ("营收达到34亿美元", "zh", 3.4e9),
        ("１，６００名以上", "ja", 1600),
        ("1 600 employés", "fr", 1600),
        ("1\u202f600 employés", "fr", 1600),
        ("1'600 Meter", "de", 1600),
        ("1万2千人", "ja", 12000),
        ("一億二千万人", "ja", 1.2e8),
        ("二十五个人", "zh", 25),
        ("三千万円", "ja", 3e7),
        ("1.600.000 abitanti", "it", 1.6e6),
        ("1,600.5 km", "en", 1600.5),
        ("1.600,5 km", "de", 1600.5),
    ],
)
def test_single_quantity_value(text: str, lang: str, expected: float) -> None:
    qs = extract_quantities(text, lang)
    assert len(qs) == 1, qs
    assert expected in qs[0].readings


def test_italian_decimal_comma_and_grouping_dot() -> None:
    assert literal_readings("3,4", "it") == [3.4]
    assert literal_readings("1.600", "it") == [1600.0, 1.6]  # grouping first, decimal kept as a reading
    assert literal_readings("2.5", "it") == [2.5]
    assert literal_readings("1,600", "en") == [1600.0, 1.6]
    assert literal_readings("1,5", "de") == [1.5]


def test_kanji_numbers() -> None:
    assert kanji_number("八") == 8
    assert kanji_number("十") == 10
    assert kanji_number("二十五") == 25
    assert kanji_number("千五百") == 1500
    assert kanji_number("二〇二四") == 2024
    assert kanji_number("abc") is None


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("quasi otto anni", "it", 8),
        ("vingt-trois personnes", "fr", 23),
        ("dreiundzwanzig Leute", "de", 23),
        ("twenty-three people", "en", 23),
        ("veintitrés personas", "es", 23),
        ("mille persone", "it", 1000),
        ("8年近く働いた", "ja", 8),
        ("三つのチーム", "ja", 3),
    ],
)
def test_number_words(text: str, lang: str, expected: float) -> None:
    assert values(text, lang) == [{expected}]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("十分な資金が与えられていなかった", "ja"),  # 十分 = enough, not ten minutes
        ("一方で、一部の従業員は", "ja"),  # 一 without a counter
        ("数百万ドル相当の株式", "ja"),  # vague amount
        ("fino a milioni di dollari", "it"),  # plural scale word with no number
        ("in primo luogo e in secondo luogo", "it"),  # ordinals
        ("il nuovo modello gpt-4o e l'A320", "it"),  # digits inside names belong to entities
        ("it may be", "en"),  # the modal verb is not a month
    ],
)
def test_not_quantities(text: str, lang: str) -> None:
    assert extract_quantities(text, lang) == []


def test_percent_and_months() -> None:
    (q,) = extract_quantities("l'84 per cento", "it")
    assert q.kind == "percent" and q.readings == {84.0}
    (q,) = extract_quantities("2,5 %", "de")
    assert q.kind == "percent" and q.readings == {2.5}
    assert [q.readings for q in extract_quantities("nel maggio di quest'anno", "it")] == [{5.0}]
    assert [q.readings for q in extract_quantities("September 27, 2024", "en")] == [{9.0}, {27.0}, {2024.0}]


def test_times_read_as_hour_and_minute() -> None:
    assert values("um 14.30 Uhr", "de") == values("à 14 h 30", "fr") == values("at 14:30", "en") == [{14.0}, {30.0}]


@pytest.mark.parametrize(
    ("src", "src_lang", "tgt", "tgt_lang"),
    [
        ("投資後の評価額は1,500億ドルにも達し", "ja", "la valutazione ammontava a 150 miliardi di dollari", "it"),
        ("年間経常収益が34億米ドルに達した", "ja", "le entrate hanno raggiunto i 3,4 miliardi di dollari", "it"),
        ("現在この数は 1,600 名以上に達しています", "ja", "questo numero ha raggiunto più di 1.600", "it"),
        ("openaiで8年近く働いてきた", "ja", "aveva lavorato presso openai per quasi otto anni", "it"),
        ("5月、jan leike氏が辞任を発表した", "ja", "a maggio, jan leike ha annunciato le sue dimissioni", "it"),
        ("元リーダーの1人である", "ja", "uno degli ex leader", "it"),  # a lone 1 is not reported
        ("Le 3 mai, 1 600 personnes", "fr", "Am 3. Mai waren es 1.600 Personen", "de"),
        ("Revenue rose 15% to $2.5 billion.", "en", "I ricavi sono saliti del 15% a 2,5 miliardi di dollari.", "it"),
        ("Revenue rose 15% to $2.5 billion.", "en", "Los ingresos subieron un 15% hasta 2.500 millones.", "es"),
        ("营收达到34亿美元", "zh", "Der Umsatz erreichte 3,4 Milliarden Dollar", "de"),
    ],
)
def test_equal_quantities_are_not_a_mismatch(src: str, src_lang: str, tgt: str, tgt_lang: str) -> None:
    cmp = quantities_differ(src, src_lang, tgt, tgt_lang)
    assert not cmp.mismatch, (cmp.src_only, cmp.tgt_only)


@pytest.mark.parametrize(
    ("src", "src_lang", "tgt", "tgt_lang", "src_only", "tgt_only"),
    [
        (
            "年間経常収益が34億米ドルに達した",
            "ja",
            "le entrate hanno raggiunto i 4,3 miliardi di dollari",
            "it",
            ["34億"],
            ["4,3 miliardi"],
        ),
        ("1,600 名以上", "ja", "più di 1.500", "it", ["1,600"], ["1.500"]),
        ("8年近く働いた", "ja", "per quasi nove anni", "it", ["8"], ["nove"]),
        ("Die Hütte liegt auf 2'450 m.", "de", "La cabane est à 2 540 m.", "fr", ["2'450"], ["2 540"]),
        ("Revenue rose 15%.", "en", "Los ingresos subieron un 51%.", "es", ["15%"], ["51%"]),
        ("3 Tage", "de", "trois jours et deux nuits", "fr", [], ["deux"]),
    ],
)
def test_different_quantities_are_a_mismatch(
    src: str, src_lang: str, tgt: str, tgt_lang: str, src_only: list[str], tgt_only: list[str]
) -> None:
    cmp = quantities_differ(src, src_lang, tgt, tgt_lang)
    assert [q.text for q in cmp.src_only] == src_only
    assert [q.text for q in cmp.tgt_only] == tgt_only


def test_matching_is_one_to_one() -> None:
    # Two 3s on one side and one on the other: one 3 is left over.
    cmp = compare_quantities(extract_quantities("3 Tage und 3 Nächte", "de"), extract_quantities("3 jours", "fr"))
    assert [q.text for q in cmp.src_only] == ["3"]


def test_seed_pair_paragraph_quantities_all_match() -> None:
    """The seed article pair is parallel by paragraph; every quantity there is equal in value."""
    ja = [p for p in (SEED / "ja.txt").read_text(encoding="utf-8").split("\n\n") if p.strip()]
    it = [p for p in (SEED / "it.txt").read_text(encoding="utf-8").split("\n\n") if p.strip()]
    assert len(ja) == len(it)
    n_quantities = 0
    for a, b in zip(ja, it, strict=True):
        cmp = quantities_differ(a, "ja", b, "it")
        assert not cmp.mismatch, (a[:60], cmp.src_only, cmp.tgt_only)
        n_quantities += len(extract_quantities(a, "ja"))
    assert n_quantities >= 20


# Free human translation (Text+Berg, de–fr): the same amount written another way is no mismatch.
@pytest.mark.parametrize(
    ("src", "tgt"),
    [
        # German peak classes are written as numbers in French
        ("Obwohl noch kein Achttausender , ist er bestimmt ein sehr harter Brocken .",
         "Bien que n' atteignant pas les 8000 , c' est certainement un dur morceau ."),
        ("diesen « billigen » Siebentausender", "ce facile « 7000 » fut laissé longtemps en repos ."),
        # counts inside German compounds
        ("Dann aber hielt eine zehntägige Schlechtwetterperiode die Bergsteiger im Hauptlager fest .",
         "Ensuite , le mauvais temps retint les alpinistes au camp de base pendant dix jours ."),
        ("den Hauptgipfel des viergipfligen Sia-Kangri-Massivs", "le point culminant du groupe qui a quatre sommets"),
        # implied amounts: a century, both
        ("seit hundert Jahren bekannten Bergen", "sommités connues depuis un siècle"),
        ("beim Abstieg mussten beide Seilschaften biwakieren", "Les deux cordées durent bivouaquer à la descente"),
        # Roman numerals, fractions, ranges of years
        ("Diese Strecke zwischen Camp 2 und 3 war ein böses Stück", "Le parcours entre le camp II et le camp III"),
        ("Hier war das Wasser etwa 1 ½ m tief", "L' eau , à cet endroit , était profonde de 1,50 m"),
        ("1952 und 1953 L. G. C.Pugh physiologisch", "1952/53 , L.G.C.Pugh en physiologie"),
        # a repeated month is often left implicit; "milles" are miles, not thousands
        ("Erst am Abend des 10. Juli klarte es auf , und am 11. Juli , morgens , traten sie zum Angriff an .",
         "Le soir du 10 juillet le ciel s' éclaircit enfin , et le 11 au matin ils repartent à l' attaque ."),
        ("eine Zone von 50 Meilen ( gut 76 km ) Tiefe", "une zone de 50 milles de largeur ( 76 km )"),
    ],
)  # fmt: skip
def test_free_translation_equal_amounts(src: str, tgt: str) -> None:
    cmp = quantities_differ(src, "de", tgt, "fr")
    assert not cmp.mismatch, (cmp.src_only, cmp.tgt_only)


def test_compound_and_implied_amounts_still_catch_changes() -> None:
    # a -tausender is a firm amount: another number against it is reported on both sides
    cmp = quantities_differ("der dritte Achttausender", "de", "le troisième « 7000 »", "fr")
    assert [q.text for q in cmp.src_only] == ["Achttausender"] and [q.text for q in cmp.tgt_only] == ["7000"]
    # an implied amount matches, but never stands in for a written one that changed
    cmp = quantities_differ("seit hundert Jahren", "de", "depuis un siècle et 3 ans", "fr")
    assert [q.text for q in cmp.tgt_only] == ["3"]
    # an implied amount left unmatched is not reported
    assert not quantities_differ("eine zehntägige Reise", "de", "un long voyage", "fr").mismatch
    (q,) = extract_quantities("eine zehntägige Reise", "de")
    assert q.soft and q.readings == {10.0}


def test_digits_do_not_swallow_number_words() -> None:
    assert values("wenn nun 1956 drei Touristen", "de") == [{1956.0}, {3.0}]
    cmp = quantities_differ("wenn nun 1956 drei Touristen", "de", "lorsque trois touristes", "fr")
    assert [q.text for q in cmp.src_only] == ["1956"] and cmp.tgt_only == []
    assert values("3 millions de francs", "fr") == [{3e6}]  # a scale word still joins its digits


def test_roman_numerals_are_soft_and_whole_words() -> None:
    assert [(q.text, q.soft) for q in extract_quantities("Gasherbrum VI und Louis XIV", "de")] == [
        ("VI", True),
        ("XIV", True),
    ]
    assert extract_quantities("MIX CIVIL Vive", "fr") == []


def test_page_references() -> None:
    text = "( « Die Alpen » 1956 , S. 81 )"
    assert [(q.text, is_reference(q, text)) for q in extract_quantities(text, "de")] == [("1956", False), ("81", True)]
    text = "voir Alpine Journal , n° 293 , p. 279-295"
    assert [is_reference(q, text) for q in extract_quantities(text, "fr")] == [True, True, True]
    text = "it's 81 metres"
    assert [is_reference(q, text) for q in extract_quantities(text, "en")] == [False]
