"""Unrelated documents and unrelated sentences are told from translations (align/relatedness.py), with the real
bundled model: the aligner's confidence alone cannot, since it only compares paths."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.encoders import Encoder, get_encoder
from align.pipeline import align_and_flag
from align.readers import document_from_text, read_document
from align.relatedness import MARGIN_K, MARGIN_WIDTH, Relatedness, margin_scores, measure_relatedness
from align.types import Bead

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "corpora"
SEED = CORPORA / "openai-exec-departures-2024-09"
SHORT = Path(__file__).resolve().parent / "data" / "short_unrelated"


@pytest.fixture(scope="module")
def bundled() -> Encoder:
    return get_encoder("bundled")


def _low(alignment: object) -> list[int]:
    return [k for k, fl in enumerate(alignment.flags) if any(f.code == "low_similarity" for f in fl)]  # type: ignore[attr-defined]


def test_seed_translation_is_related_and_a_same_story_article_is_not(bundled: Encoder) -> None:
    """The seed pair is a translation; another Japanese article on the same company and story, aligned with the
    seed's Italian, is not (before: median confidence high, no flag, no warning)."""
    it = read_document(SEED / "it.txt")
    same = align_and_flag(read_document(SEED / "ja.txt"), it, bundled)
    rel = Relatedness.from_meta(same.meta["relatedness"])
    assert rel is not None and not rel.unrelated
    assert not any("do not look like translations" in f.message for fl in same.flags for f in fl)

    other = align_and_flag(read_document(CORPORA / "openai-departures-report-2024-09" / "ja.txt"), it, bundled)
    rel = Relatedness.from_meta(other.meta["relatedness"])
    assert rel is not None and rel.unrelated
    full = [k for k, b in enumerate(other.beads) if b.src and b.tgt]
    assert set(full) <= set(_low(other))


@pytest.mark.parametrize(
    ("src", "tgt", "unrelated"),
    [
        ("brno_en", "brno_cs", False),  # a ten-sentence news item and its Czech translation
        ("brno_en", "tallinn_en", True),  # two articles written on one template (same language, numbers, names)
        ("brno_cs", "tallinn_en", True),
        ("brno_cs", "recepta_ca", True),  # news against a recipe
    ],
)
def test_short_documents_are_told_apart_by_their_margins(bundled: Encoder, src: str, tgt: str, unrelated: bool) -> None:
    """Ten sentences against five: too few beads for the long documents' threshold (their picks stand out more by
    chance), so short documents have their own (before: every unrelated pair here passed as a translation, the
    template twins with confidence 0.93-0.99 and no flag)."""
    a, b = (read_document(SHORT / f"{name}.txt") for name in (src, tgt))
    al = align_and_flag(a, b, bundled)
    rel = Relatedness.from_meta(al.meta["relatedness"])
    assert rel is not None and rel.unrelated is unrelated, rel
    full = {k for k, bd in enumerate(al.beads) if bd.src and bd.tgt}
    assert (full <= set(_low(al))) if unrelated else not (set(_low(al)) & full)


def test_one_sentence_pairs_are_judged_by_the_encoders_figure(bundled: Encoder) -> None:
    """Too short for margins: a one-sentence pair of unrelated sentences is flagged, a translation is not, and in
    a two-sentence pair only the unrelated second pair is (before: confidence 0.99–1.0, no flag)."""
    cat_en = "The cat sleeps on the warm windowsill."
    cat_it = "Il gatto dorme sul davanzale caldo."
    oil_fr = "Le prix du pétrole a augmenté de trois pour cent hier."
    ok = align_and_flag(document_from_text(cat_en, "en"), document_from_text(cat_it, "it"), bundled)
    assert _low(ok) == []
    bad = align_and_flag(document_from_text(cat_en, "en"), document_from_text(oil_fr, "fr"), bundled)
    assert _low(bad) == [0]
    two = align_and_flag(
        document_from_text(cat_en + "\nStock markets fell sharply on Monday.", "en"),
        document_from_text(cat_it + "\nLa squadra ha vinto la partita ieri sera.", "it"),
        bundled,
    )
    assert [(b.src, b.tgt) for b in two.beads] == [((0,), (0,)), ((1,), (1,))]
    assert _low(two) == [1]


def test_cli_warns_about_unrelated_documents_even_when_quiet(tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    args = [sys.executable, "-m", "align", "align", "-q", "-o", str(out)]
    unrelated = subprocess.run(
        [*args, str(CORPORA / "openai-board-crisis-2023-11" / "ja.txt"), str(SEED / "it.txt")],
        capture_output=True, text=True, cwd=ROOT, check=True,
    )  # fmt: skip
    assert "do not look like translations of each other" in unrelated.stderr
    related = subprocess.run([*args, str(SEED / "ja.txt"), str(SEED / "it.txt")], capture_output=True, text=True,
                             cwd=ROOT, check=True)  # fmt: skip
    assert "translations of each other" not in related.stderr


def test_a_cached_encoder_answers_with_its_inner_encoders_figure(tmp_path: Path) -> None:
    """The CLI wraps the model in its embedding cache by default: the one-sentence check must still see the
    model's figure for unrelated sentences (the wrapper used to answer None, so nothing was flagged)."""
    a, b = tmp_path / "a.en", tmp_path / "b.fr"
    a.write_text("The cat sleeps on the warm windowsill.\n")
    b.write_text("Le prix du pétrole a augmenté de trois pour cent hier.\n")
    out = tmp_path / "x.csv"
    proc = subprocess.run(
        [sys.executable, "-m", "align", "align", "-q", str(a), str(b), "-o", str(out), "--cache-dir", str(tmp_path)],
        capture_output=True, text=True, cwd=ROOT, check=True,
    )  # fmt: skip
    assert "do not look like translations of each other" in proc.stderr
    assert "low_similarity" in out.read_text()


def _reference_margins(beads: list[Bead], s: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Cell by cell: each full bead's cosine over the mean of each side's MARGIN_K best neighbours' cosines."""
    full = [b for b in beads if b.src and b.tgt]

    def pooled(rows: np.ndarray, ids: tuple[int, ...]) -> np.ndarray:
        v = rows[list(ids)].sum(axis=0)
        return v / max(float(np.linalg.norm(v)), 1e-12)

    S = [pooled(s, b.src) for b in full]
    T = [pooled(t, b.tgt) for b in full]
    out = []
    for i in range(len(full)):
        near = [j for j in range(i - MARGIN_WIDTH, i + MARGIN_WIDTH + 1) if j != i and 0 <= j < len(full)]
        a = sorted((float(S[i] @ T[j]) for j in near), reverse=True)[:MARGIN_K]
        b = sorted((float(T[i] @ S[j]) for j in near), reverse=True)[:MARGIN_K]
        out.append(float(S[i] @ T[i]) / ((np.mean(a) + np.mean(b)) / 2))
    return np.array(out)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(2, 40), chunk=st.integers(1, 9), seed=st.integers(0, 2**16), empty=st.integers(0, 5))
def test_margins_equal_the_cell_by_cell_definition_whatever_the_chunk(
    n: int, chunk: int, seed: int, empty: int
) -> None:
    """Chunked margins (memory linear in the chunk) equal the definition computed pair by pair; beads with an
    empty side are left out of the neighbourhoods."""
    rng = np.random.default_rng(seed)
    s = rng.normal(size=(2 * n, 6)).astype(np.float32)
    t = rng.normal(size=(2 * n, 6)).astype(np.float32)
    sizes = rng.integers(1, 3, n)
    starts = np.concatenate([[0], np.cumsum(sizes)])
    beads = [Bead(tuple(range(starts[i], starts[i + 1])), (i,), 1.0) for i in range(n)]
    for k in rng.integers(0, n, empty):
        beads.insert(int(k), Bead((), (), 1.0) if k % 2 else Bead((), (int(k),), 1.0))
    got = margin_scores(beads, s, t, chunk=chunk)
    np.testing.assert_allclose(got, _reference_margins(beads, s, t), rtol=1e-4)


def test_relatedness_survives_the_meta_round_trip() -> None:
    beads = [Bead((i,), (i,), 1.0) for i in range(12)]
    rng = np.random.default_rng(0)
    s = rng.normal(size=(12, 8)).astype(np.float32)
    rel = measure_relatedness(beads, s, s + 0.1 * rng.normal(size=s.shape).astype(np.float32))
    assert rel is not None and not rel.unrelated
    back = Relatedness.from_meta(rel.as_meta())
    assert back is not None and back.unrelated == rel.unrelated and back.beads == rel.beads
    assert back.median_margin == pytest.approx(rel.median_margin, abs=1e-4)
    short = measure_relatedness(beads[:2], s, s[::-1].copy(), prior=0.81)
    assert short is not None and np.isnan(short.median_margin) and short.unrelated
    again = Relatedness.from_meta(short.as_meta())
    assert again is not None and again.unrelated and again.prior == 0.81
    assert measure_relatedness(beads[:2], s, s) is None  # too short and no prior: cannot tell


#: A clean ten-sentence news item on one topic (a snowstorm) in English, Japanese and Korean: its sentences are so
#: alike that each pair stood out from its neighbours by a median margin of only 1.071-1.074.
SNOW = {
    "en": [
        "Heavy snow closes schools and roads across northern Japan",
        "Heavy snow fell across northern Japan on Monday.",
        "Hundreds of schools were closed in Aomori and Akita.",
        "Several highways were shut because of poor visibility.",
        "Trains between Tokyo and Sapporo were delayed for hours.",
        "Some towns received more than a metre of snow in one day.",
        "Two people were injured while clearing snow from roofs.",
        "The weather agency warned of avalanches in the mountains.",
        "More snow is expected on Tuesday and Wednesday.",
        "Officials asked residents to stay at home if possible.",
    ],
    "ja": [
        "北日本で大雪、休校や通行止め相次ぐ",
        "月曜日、北日本の広い範囲で大雪となった。",
        "青森県と秋田県では数百の学校が休校した。",
        "視界不良のため、複数の高速道路が通行止めになった。",
        "東京と札幌を結ぶ列車は数時間遅れた。",
        "一日で1メートル以上の雪が積もった町もあった。",
        "屋根の雪下ろし中に2人がけがをした。",
        "気象庁は山間部での雪崩に注意を呼びかけた。",
        "火曜日と水曜日も雪が降る見込みだ。",
        "当局は住民にできるだけ外出を控えるよう求めた。",
    ],
    "ko": [
        "일본 북부 폭설…학교·도로 폐쇄 잇따라",
        "월요일 일본 북부 전역에 폭설이 내렸다.",
        "아오모리와 아키타에서는 수백 개 학교가 문을 닫았다.",
        "시야가 나빠 여러 고속도로가 통제됐다.",
        "도쿄와 삿포로를 잇는 열차가 몇 시간씩 지연됐다.",
        "하루에 1미터가 넘는 눈이 쌓인 마을도 있었다.",
        "지붕에서 눈을 치우던 두 사람이 다쳤다.",
        "기상청은 산간 지역의 눈사태를 경고했다.",
        "화요일과 수요일에도 눈이 더 내릴 것으로 예상된다.",
        "당국은 주민들에게 가능하면 집에 머물러 달라고 당부했다.",
    ],
}


@pytest.mark.parametrize(("src", "tgt"), [("en", "ja"), ("ja", "en"), ("en", "ko"), ("ko", "en")])
def test_a_one_topic_news_item_is_a_translation_with_no_flag(bundled: Encoder, src: str, tgt: str) -> None:
    """Every bead of this clean item was flagged low_similarity ("the documents do not look like translations")
    with a warning: short documents' margin threshold (1.075) missed it. Its pairs are each other's best match
    (9-10 of 10), which unrelated short documents never reach (0-50 %). 'Hundreds of schools' against 数百/수백 (no
    amount on either side) was a number_mismatch."""
    al = align_and_flag(
        document_from_text("\n".join(SNOW[src]), src), document_from_text("\n".join(SNOW[tgt]), tgt), bundled
    )
    rel = Relatedness.from_meta(al.meta["relatedness"])
    assert rel is not None and not rel.unrelated and rel.mutual_best >= 0.9, rel
    assert [b.src for b in al.beads] == [(i,) for i in range(10)] and al.flags == [[] for _ in range(10)]


def test_relatedness_stored_before_the_mutual_share_still_reads() -> None:
    old = {"median_margin": 1.071, "median_cosine": 0.85, "prior": 0.81, "beads": 10, "unrelated": True}
    rel = Relatedness.from_meta(old)
    assert rel is not None and rel.unrelated and np.isnan(rel.mutual_best)
    short = Relatedness(1.071, 0.85, 0.81, 10, 0.9)
    assert not short.unrelated and Relatedness.from_meta(short.as_meta()) == short
    assert Relatedness(1.071, 0.85, 0.81, 10, 0.5).unrelated  # margin low and pairs not each other's best
