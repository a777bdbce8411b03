"""Two documents in one language are paired or grouped only when they are versions of one text (align/pairing.py,
``PairConfig.same_language_min_margin``), with the real bundled model on real files.

``tests/data/same_language``: two short English news articles written for this test (a parliament's vote on a
data protection law, a power plant's opening; ten sentences each) and, for each, a second English translation of
the same original (``*_2.txt``: other words, same sentences). A new user's ``pair`` and ``group`` on the two
articles alone proposed them as one pair (score 0.4) and one group."""

from __future__ import annotations

import shutil
from itertools import combinations
from pathlib import Path

import pandas as pd
import pytest
from conftest import run_cli
from hypothesis import given
from hypothesis import strategies as st

from align.encoders import Encoder, get_encoder
from align.pairing import PairConfig, margin_floor, propose_pairs
from align.readers import read_document
from align.versions import group_documents

DATA = Path(__file__).resolve().parent / "data"
SAME = DATA / "same_language"
#: English articles of the test data that are no version of each other (several written on one template: a city
#: council approves a plan, the mayor is quoted, a cost, critics): the hardest same-language negatives at hand.
OTHER_ENGLISH = ["news/en.txt", "multiway/en.txt", "riverton/en.txt", "tram/article.en.txt", "council/en.txt",
                 "quake/en.txt", "two_articles/B_en.txt", "news_brno/en.txt"]  # fmt: skip


@pytest.fixture(scope="module")
def bundled() -> Encoder:
    return get_encoder("bundled")


@pytest.fixture
def two_articles(tmp_path: Path) -> Path:
    for name in ("law.txt", "plant.txt"):
        shutil.copy(SAME / name, tmp_path / name)
    return tmp_path


def test_pair_and_group_keep_two_unrelated_english_articles_apart(two_articles: Path) -> None:
    """The new user's folder: before, ``pair`` wrote law.txt and plant.txt as a pair (0.4), ``group`` one group."""
    proc = run_cli("pair", two_articles, "-o", two_articles / "pairs.csv", OMP_NUM_THREADS="1")
    assert pd.read_csv(two_articles / "pairs.csv").empty
    assert proc.stderr.count("unpaired:") == 2
    run_cli("group", two_articles, "-o", two_articles / "groups.csv", OMP_NUM_THREADS="1")
    table = pd.read_csv(two_articles / "groups.csv")
    assert sorted(table["group"]) == [1, 2]
    assert (table["score"] < PairConfig().threshold).all()


def test_two_translations_in_one_language_are_still_versions(bundled: Encoder) -> None:
    """Each article with its second English translation: two pairs and two groups, nothing across."""
    docs = [read_document(p) for p in sorted(SAME.glob("*.txt"))]
    result = propose_pairs(docs, bundled)
    assert sorted(sorted(Path(x).stem for x in (p.doc_a, p.doc_b)) for p in result.pairs) == [
        ["law", "law_2"],
        ["plant", "plant_2"],
    ]
    assert all(p.score > 0.9 for p in result.pairs)
    group = {Path(g.doc).stem: g.group for g in group_documents(docs, bundled)}
    assert group["law"] == group["law_2"] != group["plant"] == group["plant_2"]


def test_no_two_different_english_articles_of_the_test_data_are_paired(bundled: Encoder) -> None:
    """Ten English articles, none a version of another: no pair, no group of two (before: 4 pairs, 0.33-0.56,
    the highest two articles written on one template)."""
    docs = [read_document(DATA / f) for f in OTHER_ENGLISH]
    docs += [read_document(SAME / f) for f in ("law.txt", "plant.txt")]
    result = propose_pairs(docs, bundled)
    assert result.pairs == [] and len(result.unpaired) == len(docs)
    assert len({g.group for g in group_documents(docs, bundled)}) == len(docs)


@given(st.integers(0, 60), st.integers(0, 60))
def test_the_same_language_floor_is_never_below_the_cross_language_one(n: int, m: int) -> None:
    cfg = PairConfig()
    floor = margin_floor(n, m, cfg, same_language=True)
    assert floor >= max(margin_floor(n, m, cfg), cfg.same_language_min_margin)
    assert floor == margin_floor(m, n, cfg, same_language=True)
    assert margin_floor(n, m, PairConfig(same_language_min_margin=0.0), same_language=True) == margin_floor(n, m, cfg)


def test_the_data_holds_what_the_tests_say() -> None:
    """Every article named is English and different from every other (no copy the pairing would drop)."""
    docs = [read_document(DATA / f) for f in OTHER_ENGLISH] + [read_document(p) for p in sorted(SAME.glob("*.txt"))]
    assert {d.lang for d in docs} == {"en"}
    assert all(" ".join(a.text.split()) != " ".join(b.text.split()) for a, b in combinations(docs, 2))
