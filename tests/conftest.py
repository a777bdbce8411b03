"""Shared fixtures: real data paths and one embedding cache for the whole session."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
SEED_PAIR = CORPORA / "openai-exec-departures-2024-09"
TEXT_BERG = ROOT.parent / "shared" / "benchmarks" / "text+berg"
JA_EN_FACTS = ROOT / "benchmarks" / "data" / "ja_en_facts.tsv"


def ja_en_pairs(n: int) -> list[tuple[str, str]]:
    """The first ``n`` hand-written Japanese–English sentence pairs (the flag benchmark's data)."""
    with JA_EN_FACTS.open(encoding="utf-8") as f:
        return [(r["ja"], r["en"]) for r in csv.DictReader(f, delimiter="\t")][:n]


def moved_last(lines: list[str], k: int) -> list[str]:
    """``lines`` with line ``k`` put last: a translation that moved one sentence elsewhere."""
    return [*lines[:k], *lines[k + 1 :], lines[k]]


@pytest.fixture(scope="session", autouse=True)
def _session_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """A fresh embedding cache for the run: real encoding, but each text encoded once across tests."""
    if "ALIGN_CACHE_DIR" not in os.environ:
        os.environ["ALIGN_CACHE_DIR"] = str(tmp_path_factory.mktemp("embedding-cache"))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="session")
def text_berg() -> Path:
    if not (TEXT_BERG / "test4.gold").exists():
        pytest.skip(f"Text+Berg benchmark not found at {TEXT_BERG}")
    return TEXT_BERG
