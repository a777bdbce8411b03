"""Output order: ``group`` lists each group's documents together (by group, then in the order given), and the
wide versions table puts the pivot's columns first, then the other versions in the order given. A new user's
``group`` output went document by document, its groups interleaved; with ``--pivot`` naming a later file, the wide
table's columns still followed the files' (here: the languages') order."""

from __future__ import annotations

import shutil
from itertools import pairwise
from pathlib import Path

import pandas as pd
from conftest import ROOT, run_cli
from hypothesis import given
from hypothesis import strategies as st

from align.exporters.versions import WIDE_VERSION_COLUMNS, wide_table
from align.readers import read_document
from align.versions.grouping import GroupedDocument, by_group

SAME = ROOT / "tests" / "data" / "same_language"
MULTIWAY = ROOT / "tests" / "data" / "multiway"


def test_group_lists_each_groups_documents_together(tmp_path: Path) -> None:
    """Named so that path order interleaves the two articles: a law, b plant, c law, d plant."""
    for name, src in [("a.txt", "law.txt"), ("b.txt", "plant.txt"), ("c.txt", "law_2.txt"), ("d.txt", "plant_2.txt")]:
        shutil.copy(SAME / src, tmp_path / name)
    out = tmp_path / "groups.csv"
    run_cli("group", tmp_path, "-o", out, "-q", OMP_NUM_THREADS="1")
    table = pd.read_csv(out)
    assert [(g, Path(d).name) for g, d in zip(table["group"], table["doc"], strict=True)] == [
        (1, "a.txt"),
        (1, "c.txt"),
        (2, "b.txt"),
        (2, "d.txt"),
    ]


@given(st.lists(st.integers(1, 5), max_size=30))
def test_by_group_is_a_stable_sort_by_group(groups: list[int]) -> None:
    grouped = [GroupedDocument(g, f"doc{i}", "en", 0.5) for i, g in enumerate(groups)]
    out = by_group(grouped)
    assert sorted(out, key=lambda g: g.doc) == sorted(grouped, key=lambda g: g.doc)  # the same documents
    assert [g.group for g in out] == sorted(groups)
    for a, b in pairwise(out):  # within a group, the order given
        assert a.group < b.group or int(a.doc[3:]) < int(b.doc[3:])


def test_the_wide_versions_table_starts_with_the_pivot(tmp_path: Path) -> None:
    files = [MULTIWAY / f"{n}.txt" for n in ("de", "en", "ja", "zh")]
    out = tmp_path / "table.csv"
    run_cli("align", *files, "--presplit", "--pivot", files[2], "--no-flags", "-o", out, OMP_NUM_THREADS="1")
    columns = list(pd.read_csv(out, nrows=1).columns)
    texts = [c.removeprefix("text_") for c in columns if c.startswith("text_")]
    assert texts == ["ja", "de", "en", "zh"]
    assert columns[3:7] == [f"{c}_ja" for c in WIDE_VERSION_COLUMNS]


def test_the_wide_table_keeps_the_order_given_after_the_pivot() -> None:
    """The pivot given first: the order given, as before; the last: first, then the others as given."""
    from align.encoders import get_encoder
    from align.versions import align_versions

    docs = [read_document(MULTIWAY / f"{n}.txt", presplit=True) for n in ("en", "ja", "zh")]
    multi = align_versions(docs, get_encoder("bundled"), pivot=0, flags=False)
    assert [c for c in wide_table(multi).columns if c.startswith("text_")] == ["text_en", "text_ja", "text_zh"]
    multi = align_versions(docs, get_encoder("bundled"), pivot=2, flags=False)
    assert [c for c in wide_table(multi).columns if c.startswith("text_")] == ["text_zh", "text_en", "text_ja"]
