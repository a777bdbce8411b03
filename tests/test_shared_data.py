"""The tests on the benchmark data in ../shared skip without it on a developer's machine, and fail in CI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

_USES_DATA = """
def test_gold(text_berg):
    assert (text_berg / "test4.gold").exists()
"""


def _run_without_shared(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """pytest on a project copy (this conftest, one test on Text+Berg) with no ../shared beside it."""
    tests = tmp_path / "project" / "tests"
    tests.mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "conftest.py", tests / "conftest.py")
    (tests / "test_uses_data.py").write_text(_USES_DATA, encoding="utf-8")
    base = {k: v for k, v in os.environ.items() if k not in ("CI", "ALIGN_REQUIRE_SHARED")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", str(tests)],
        capture_output=True,
        text=True,
        cwd=tests.parent,
        env={**base, **env},
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "required"),
    [
        ({}, False),
        ({"ALIGN_REQUIRE_SHARED": "1"}, True),
        ({"CI": "true"}, True),
        ({"CI": "true", "ALIGN_REQUIRE_SHARED": "0"}, False),
    ],
)
def test_missing_shared_data_fails_only_where_required(tmp_path: Path, env: dict[str, str], required: bool) -> None:
    assert not (tmp_path / "shared").exists()
    proc = _run_without_shared(tmp_path, **env)
    out = proc.stdout
    assert "benchmarks/text+berg/test4.gold not found" in out, out
    if required:
        assert proc.returncode == 1 and "1 error" in out and "skipped" not in out, out
    else:
        assert proc.returncode == 0 and "1 skipped" in out, out
