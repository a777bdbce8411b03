"""Export formats on a real alignment of the seed article: CSV (spreadsheet-safe), JSONL, TMX, gold beads."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
from conftest import SEED_PAIR
from hypothesis import given, settings
from hypothesis import strategies as st

from align import AlignError, Alignment, Bead, read_document
from align.evaluating import parse_beads
from align.exporters import (
    CORE_COLUMNS,
    TABLE_COLUMNS,
    Rows,
    alignment_rows,
    alignment_table,
    sort_table,
    table_bytes,
    write_table,
)
from align.types import Flag

#: Every column of an alignment export, in order, whatever the data.
HEADER = [
    "bead",
    "src_ids",
    "tgt_ids",
    "src_text",
    "tgt_text",
    "score",
    "src_lang",
    "tgt_lang",
    "flags",
    "flag_notes",
    "risk",
]


@pytest.fixture(scope="module")
def alignment() -> Alignment:
    """A hand-built alignment over the real seed documents (exporters need no model)."""
    src, tgt = read_document(SEED_PAIR / "ja.txt"), read_document(SEED_PAIR / "it.txt")
    beads = [Bead((0,), (0,), 0.9), Bead((1, 2), (1,), 0.5), Bead((), (2,), 0.2), Bead((3,), (), 0.3)]
    return Alignment(src, tgt, beads, model="test")


def test_csv_has_core_columns_ids_and_texts(alignment: Alignment, tmp_path: Path) -> None:
    out = tmp_path / "pairs.csv"
    write_table(alignment_table(alignment), out)
    table = pd.read_csv(out, keep_default_na=False, dtype=str)
    assert list(table.columns) == HEADER
    assert set(table["flags"]) == set(table["flag_notes"]) == set(table["risk"]) == {""}  # not flagged
    assert table["src_ids"].tolist() == ["0", "1 2", "", "3"]
    assert table["tgt_ids"].tolist() == ["0", "1", "2", ""]
    assert table.loc[1, "src_text"] == alignment.src.segments[1].text + " " + alignment.src.segments[2].text
    assert set(table["src_lang"]) == {"ja"} and set(table["tgt_lang"]) == {"it"}
    assert not out.read_bytes().startswith(b"\xef\xbb\xbf")


def test_excel_csv_has_bom_and_no_cell_runs_as_formula(alignment: Alignment) -> None:
    table = alignment_table(alignment)
    table.loc[0, "src_text"] = '=HYPERLINK("http://x","click")'
    table.loc[1, "tgt_text"] = "+1+2"
    table.loc[2, "tgt_text"] = "-cmd"
    table.loc[3, "src_text"] = "@SUM(A1)"
    data = table_bytes(table, "csv", excel=True)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False, dtype=str)
    for col in ("src_text", "tgt_text"):
        assert not back[col].str.match(r"^[=+\-@]").any()
    assert back.loc[0, "src_text"] == '\'=HYPERLINK("http://x","click")'


def test_jsonl_round_trips_ids_as_lists(alignment: Alignment) -> None:
    lines = table_bytes(alignment_table(alignment), "jsonl").decode("utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    assert [r["src_ids"] for r in rows] == [[0], [1, 2], [], [3]]
    assert rows[0]["src_text"] == alignment.src.segments[0].text  # not \\u-escaped


def test_tmx_is_valid_xml_with_languages_and_only_complete_pairs(alignment: Alignment) -> None:
    root = ET.fromstring(table_bytes(alignment_table(alignment), "tmx"))
    assert root.tag == "tmx" and root.get("version") == "1.4"
    assert root.find("header").get("srclang") == "ja"
    tus = root.findall("body/tu")
    assert len(tus) == 2  # the two beads with both sides
    langs = [tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in tus[1].findall("tuv")]
    assert langs == ["ja", "it"]
    assert tus[1].find("tuv/seg").text == alignment.src_text(alignment.beads[1])


def test_beads_format_is_the_gold_format(alignment: Alignment, tmp_path: Path) -> None:
    out = tmp_path / "a.beads"
    write_table(alignment_table(alignment), out)
    assert out.read_text().splitlines() == ["[0]:[0]", "[1, 2]:[1]", "[]:[2]", "[3]:[]"]
    assert [(b.src, b.tgt) for b in parse_beads(out.read_text())] == [(b.src, b.tgt) for b in alignment.beads]


def test_unknown_extension_and_missing_folder_are_clear_errors(alignment: Alignment, tmp_path: Path) -> None:
    with pytest.raises(AlignError, match="unknown output format"):
        write_table(alignment_table(alignment), tmp_path / "pairs.xlsx")
    with pytest.raises(AlignError, match="does not exist"):
        write_table(alignment_table(alignment), tmp_path / "nope" / "pairs.csv")
    assert list(tmp_path.iterdir()) == []  # nothing half-written


def test_the_columns_do_not_depend_on_the_flags(alignment: Alignment) -> None:
    assert TABLE_COLUMNS == HEADER and HEADER[: len(CORE_COLUMNS)] == CORE_COLUMNS
    flagged = Alignment(alignment.src, alignment.tgt, alignment.beads, flags=[[] for _ in alignment.beads])
    some = Alignment(
        alignment.src, alignment.tgt, alignment.beads, flags=[[Flag("length", "too long", 0.5)], [], [], []]
    )
    for al in (alignment, flagged, some):
        for fmt in ("csv", "jsonl"):
            data = table_bytes(alignment_table(al), fmt)
            table = pd.read_csv(io.BytesIO(data)) if fmt == "csv" else pd.read_json(io.BytesIO(data), lines=True)
            assert list(table.columns) == HEADER, (fmt, al.flags)
    table = alignment_table(some)
    assert table["flags"].tolist() == ["length", "", "", ""]
    assert table["risk"].tolist() == [0.5, 0.0, 0.0, 0.0]
    rows = [json.loads(line) for line in table_bytes(alignment_table(alignment), "jsonl").decode().splitlines()]
    assert (rows[0]["flags"], rows[0]["risk"]) == ([], None)  # not flagged: no codes, no risk figure


def test_tmx_keeps_the_whole_language_tag_and_names_this_tool(tmp_path: Path) -> None:
    """--src-lang sr-Latn --tgt-lang zh-Hant were written as sr / zh, and the header credited Translate Toolkit."""
    from importlib.metadata import version

    sr, zh = tmp_path / "sr.txt", tmp_path / "zh.txt"
    sr.write_text("Gradsko veće je odobrilo budžet.\nNovi tramvaji stižu 2027. godine.\n", encoding="utf-8")
    zh.write_text("市議會批准了預算。\n新電車將於2027年抵達。\n", encoding="utf-8")
    src, tgt = read_document(sr, "sr-latn"), read_document(zh, "zh_Hant")  # as users type them
    assert (src.lang, src.language_tag, tgt.lang, tgt.language_tag) == ("sr", "sr-Latn", "zh", "zh-Hant")
    alignment = Alignment(src, tgt, [Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.9)], model="test")
    table = alignment_table(alignment)
    assert set(table["src_lang"]) == {"sr-Latn"} and set(table["tgt_lang"]) == {"zh-Hant"}
    root = ET.fromstring(table_bytes(table, "tmx"))
    header = root.find("header")
    assert header.get("srclang") == "sr-Latn"
    assert header.get("creationtool") == "Align Workbench"
    assert header.get("creationtoolversion") == version("align-workbench")
    langs = {tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in root.iter("tuv")}
    assert langs == {"sr-Latn", "zh-Hant"}
    # a plain code stays as it is
    assert read_document(sr, "SR").language_tag == "sr"


def _units(data: bytes) -> list[ET.Element]:
    """The TMX's units, after checking it is well-formed XML that translate-toolkit reads back, with every unit's
    notes and props before its tuvs (TMX 1.4: ``tu ((note|prop)*, tuv+)``)."""
    from translate.storage.tmx import tmxfile

    tus = ET.fromstring(data).findall("body/tu")
    for tu in tus:
        tags = [child.tag for child in tu]
        assert tags == sorted(tags, key=lambda t: t == "tuv") and tags.count("tuv") == 2, tags
    parsed = tmxfile.parsestring(data).units
    assert [[u.source, u.target] for u in parsed] == [[seg.text for seg in tu.iter("seg")] for tu in tus]
    return tus


def test_tmx_units_carry_the_flags_risk_and_score(alignment: Alignment) -> None:
    """A translator importing the TMX lost the workbench's findings: each unit now carries its flag codes, risk
    and score as x-align props and the flag messages as a note; a clean flagged unit says risk 0, no flags."""
    flags = [
        [Flag("number_mismatch", "3 <社> vs tre & more", 0.7), Flag("length", "target too short", 0.5)],
        [],
        [],
        [],
    ]
    flagged = Alignment(alignment.src, alignment.tgt, alignment.beads, flags=flags)
    tus = _units(table_bytes(alignment_table(flagged), "tmx"))
    props = [{p.get("type"): p.text for p in tu.findall("prop")} for tu in tus]
    assert props[0] == {"x-align-flags": "number_mismatch;length", "x-align-risk": "0.850", "x-align-score": "0.9000"}
    assert tus[0].find("note").text == "number_mismatch: 3 <社> vs tre & more | length: target too short"
    assert props[1] == {"x-align-risk": "0.000", "x-align-score": "0.5000"} and tus[1].find("note") is None
    unflagged = _units(table_bytes(alignment_table(alignment), "tmx"))  # --no-flags: only the score
    assert [{p.get("type") for p in tu.findall("prop")} for tu in unflagged] == [{"x-align-score"}] * 2


def test_review_tmx_carries_flags_and_the_review_verdict(seeded_db: str, store_backend: str) -> None:
    from align.review_store import ReviewStore
    from align.types import Annotation

    store = ReviewStore(seeded_db)
    try:
        (info,) = store.list_reviews()
        beads = store.beads(info.id)
        table = store.review_table(info.id)
        pairs = [i for i in range(len(table)) if table["src_text"][i].strip() and table["tgt_text"][i].strip()]
        flagged = next(i for i in pairs if table["flags"][i])
        clean = next(i for i in pairs if not table["flags"][i])
        store.set_status(beads[clean].id, "correct", expected_version=beads[clean].version)
        bead = beads[flagged]
        _, v = store.add_annotation(
            bead.id, Annotation("accuracy/mistranslation", "major"), expected_version=bead.version
        )
        store.set_post_edit(bead.id, "Una traduzione rivista.", expected_version=v)
        tus = _units(table_bytes(store.tmx_table(info.id), "tmx"))
    finally:
        store.close()
    props = {tu.findall("tuv/seg")[1].text: {p.get("type"): p.text for p in tu.findall("prop")} for tu in tus}
    edited = props["Una traduzione rivista."]
    assert edited["x-align-flags"] == table["flags"][flagged] and edited["x-align-review"] == "post-edited"
    assert float(edited["x-align-score"]) == pytest.approx(float(table["score"][flagged]), abs=1e-4)
    (approved,) = [p for text, p in props.items() if text != "Una traduzione rivista."]
    assert approved["x-align-review"] == "correct" and "x-align-flags" not in approved


# The command line writes plain Rows (no pandas in its process); the app and the review store write DataFrames.
# Either kind of table must give the same file.

_CELL_TEXT = st.text(alphabet=st.sampled_from([*'ab,"\n\r\t=+-@ 日é;|', "\u2028"]), max_size=12)


def _pandas_csv(frame: pd.DataFrame, *, excel: bool) -> bytes:
    """What the CSV export wrote when it was built on pandas (``to_csv`` after neutralising formulas)."""
    safe = frame.copy()
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_START) else v)
    text = io.StringIO()
    safe.to_csv(text, index=False, lineterminator="\n")
    return text.getvalue().encode("utf-8-sig" if excel else "utf-8")


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@st.composite
def _frames(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(0, 6))
    texts = st.lists(st.one_of(_CELL_TEXT, st.none()), min_size=n, max_size=n)
    floats = st.lists(st.one_of(st.floats(allow_infinity=False, width=64), st.none()), min_size=n, max_size=n)
    return pd.DataFrame(
        {
            "bead": list(range(n)),
            "src_text": draw(texts),
            "score": pd.Series(draw(floats), dtype=float),
            "flags": draw(texts),
            "done": draw(st.lists(st.booleans(), min_size=n, max_size=n)),
        }
    )


@settings(max_examples=200, deadline=None)
@given(frame=_frames(), excel=st.booleans())
def test_property_csv_reads_back_cell_for_cell_and_is_what_pandas_wrote(frame: pd.DataFrame, excel: bool) -> None:
    data = table_bytes(frame, "csv", excel=excel)
    assert table_bytes(Rows.from_frame(frame), "csv", excel=excel) == data
    back = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert back[0] == list(frame.columns)
    expected = [
        ["" if pd.isna(v) else ("'" + v if isinstance(v, str) and v.startswith(FORMULA_START) else str(v)) for v in row]
        for row in frame.itertuples(index=False, name=None)
    ]
    assert back[1:] == expected  # every row whole: a carriage return in a cell does not end the row
    if not any(isinstance(v, str) and "\r" in v for v in frame.to_numpy().ravel()):
        assert data == _pandas_csv(frame, excel=excel)  # the files pandas wrote, byte for byte


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "tmx", "beads"])
def test_rows_and_dataframe_of_one_alignment_export_the_same(alignment: Alignment, fmt: str) -> None:
    flagged = Alignment(alignment.src, alignment.tgt, alignment.beads, model="test")
    flagged.flags = [[Flag("number_mismatch", "3 vs 4")], [], [], [Flag("omission", "no target")]]
    for aligned in (alignment, flagged):
        rows = alignment_rows(aligned)
        assert rows.columns == TABLE_COLUMNS
        assert table_bytes(rows, fmt) == table_bytes(alignment_table(aligned), fmt)


def test_sorting_rows_by_risk_matches_sorting_the_dataframe(alignment: Alignment) -> None:
    flagged = Alignment(alignment.src, alignment.tgt, alignment.beads, model="test")
    flagged.flags = [[], [Flag("omission", "x")], [Flag("number_mismatch", "3 vs 4")], [Flag("omission", "y")]]
    rows, frame = alignment_rows(flagged), alignment_table(flagged)
    by_risk = sort_table(rows, "risk")
    assert isinstance(by_risk, Rows)
    assert by_risk.column("bead") == sort_table(frame, "risk")["bead"].tolist()
    assert by_risk.column("bead")[-1] == 0  # the clean bead last; equal risks in document order
    with pytest.raises(AlignError, match="no flags"):
        sort_table(alignment_rows(alignment), "risk")
