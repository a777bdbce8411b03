"""Shared fixtures: real data paths and one embedding cache for the whole session."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
SEED_PAIR = CORPORA / "openai-exec-departures-2024-09"
SHARED = ROOT.parent / "shared"
TEXT_BERG = SHARED / "benchmarks" / "text+berg"
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


def shared_required() -> bool:
    """Whether the benchmark data in ../shared must be there: in CI (``CI=true``, or ``ALIGN_REQUIRE_SHARED=1``,
    which .ci/run sets), where a test that quietly skipped for want of it would leave it untested."""
    flag = os.environ.get("ALIGN_REQUIRE_SHARED", "").strip().lower()
    if flag:
        return flag not in ("0", "false", "no")
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def shared_path(path: Path) -> Path:
    """``path`` (data under ../shared); where it is missing the test skips, or fails where it is required."""
    if not path.exists():
        msg = f"{path} not found: tests on the shared data (benchmarks, seeds) need ../shared next to the project"
        if shared_required():
            pytest.fail(f"{msg} (required here: CI or ALIGN_REQUIRE_SHARED=1)", pytrace=False)
        pytest.skip(msg)
    return path


@pytest.fixture(scope="session")
def text_berg() -> Path:
    shared_path(TEXT_BERG / "test4.gold")
    return TEXT_BERG


@pytest.fixture(scope="session")
def shared_seeds() -> Path:
    return shared_path(SHARED / "seeds")


def run_cli(*args: str | Path, check: bool = True, **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m align ARGS`` as a user runs it, offline; ``env`` adds variables (OMP_NUM_THREADS="1")."""
    proc = subprocess.run(
        [sys.executable, "-m", "align", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "HF_HUB_OFFLINE": "1", **env},
        timeout=600,
    )
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


#: A Thai news item written for the tests, one sentence per entry (Thai ends a sentence with a space).
THAI_NEWS = [
    "รัฐบาลไทยประกาศแผนลงทุนด้านพลังงานแสงอาทิตย์มูลค่าหนึ่งหมื่นล้านบาทเมื่อวันจันทร์",
    "โครงการนี้จะติดตั้งแผงโซลาร์บนหลังคาโรงเรียนและโรงพยาบาลทั่วประเทศ",
    "กระทรวงพลังงานคาดว่าจะลดค่าไฟฟ้าของหน่วยงานรัฐได้ถึงร้อยละสามสิบ",
    "การติดตั้งระยะแรกจะเริ่มในจังหวัดเชียงใหม่และขอนแก่น",
    "นักวิชาการหลายคนแสดงความเห็นว่าแผนนี้มาช้าเกินไป",
    "รัฐบาลจะเปิดรับฟังความคิดเห็นจากประชาชนจนถึงสิ้นเดือนนี้",
]


# -- the review store's back ends -----------------------------------------------------------------------------

#: The databases every store test runs on: an SQLite file, and a real PostgreSQL server the tests start.
STORE_BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def pg_server():  # type: ignore[no-untyped-def]
    """One PostgreSQL server for the session (see tests/pg_server.py); skips, or fails where required."""
    from pg_server import shared_server

    return shared_server()


@pytest.fixture(params=STORE_BACKENDS)
def store_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def new_db(store_backend: str, tmp_path: Path, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """A maker of new, empty review databases on the test's back end: ``new_db()`` → a ``--db`` value."""
    names = iter(range(1_000_000))

    def make(migrated: bool = True) -> str:
        """``migrated``: on a server, copied from a database the store already made (fast); else truly empty."""
        if store_backend == "sqlite":
            return str(tmp_path / f"review-{next(names)}.sqlite3")
        server = request.getfixturevalue("pg_server")
        from pg_server import empty_db

        return empty_db() if migrated else server.create_database()

    return make


@pytest.fixture
def seeded_db(store_backend: str, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, request):  # type: ignore[no-untyped-def]
    """A new review database holding the aligned seed review (built once per session and back end)."""
    from seed_review import copy_seed_db, seed_db

    from align.review_store import ReviewStore

    base = tmp_path_factory.getbasetemp()
    if store_backend == "sqlite":
        return str(copy_seed_db(base, tmp_path / "review.sqlite3"))

    def build(url: str) -> None:
        # The same review as the SQLite seed: copied row by row would be a second code path; build it alike.
        from seed_review import session_cache_dir

        from align.embedding_cache import EmbeddingCache
        from align.review_start import cached_encoder, ensure_seed_review

        seed_db(base)  # the SQLite seed first: its embeddings are cached, so this one encodes nothing
        store = ReviewStore(url)
        cache = EmbeddingCache(session_cache_dir(base) / "embeddings.sqlite3")
        ensure_seed_review(store, cached_encoder(None, cache))
        store.close()
        cache.close()

    return request.getfixturevalue("pg_server").from_template("seed", build)
