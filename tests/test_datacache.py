"""Tables derived from installed packages are computed once and read back from the cache folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from align.datacache import cached_arrays, cached_data, data_dir

ROOT = Path(__file__).resolve().parent.parent


def _never() -> dict[str, object]:
    raise AssertionError("built again although the cache folder holds it")


def test_a_table_is_built_once_and_read_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path))
    value = {"zwei": 2, "drei": {3, 30}, "vier": (4.0, "x"), "frozen": frozenset({"a"})}
    assert cached_data("demo", ("de", "1.0"), lambda: value) == value
    assert cached_data("demo", ("de", "1.0"), _never) == value
    # another key (a new version, another language) is another table
    assert cached_data("demo", ("de", "1.1"), lambda: {"neu": 1}) == {"neu": 1}
    files = list(data_dir().iterdir())
    assert len(files) == 2 and all(f.stat().st_mode & 0o777 == 0o644 for f in files)  # others sharing it read them


def test_a_damaged_table_is_built_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path))
    cached_data("demo", ("k",), lambda: {"a": 1})
    [f] = data_dir().glob("demo-*")
    f.write_bytes(f.read_bytes()[:3])  # a truncated file
    assert cached_data("demo", ("k",), lambda: {"a": 2}) == {"a": 2}
    assert cached_data("demo", ("k",), _never) == {"a": 2}


def test_an_unwritable_cache_folder_still_gives_the_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(blocker))  # data/ cannot be made under a file
    assert cached_data("demo", ("k",), lambda: [1, 2]) == [1, 2]
    arrays = cached_arrays("demo", ("k",), lambda: {"a": np.arange(3)})
    assert arrays["a"].tolist() == [0, 1, 2]


def test_arrays_read_back_equal_with_their_types(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path))
    built = {
        "f16": np.linspace(0, 1, 12, dtype=np.float16).reshape(3, 4),
        "u32": np.array([1, 2**32 - 1], np.uint32),
        "names": np.array(["de", "fr", "zh"]),
    }
    cached_arrays("demo", ("k",), lambda: built)
    got = cached_arrays("demo", ("k",), _never)  # type: ignore[arg-type]
    assert got.keys() == built.keys()
    for k, a in built.items():
        assert got[k].dtype == a.dtype and np.array_equal(got[k], a)


_COUNT_BUILDS = """
import json, sys
import num2words, py3langid.modelio, unicode_rbnf, wordfreq
calls = {"langid model": 0, "num2words": 0, "wordfreq list": 0, "CLDR rule sets": 0}
def counting(name, f):
    def g(*a, **k):
        calls[name] += 1
        return f(*a, **k)
    return g
py3langid.modelio.load_model = counting("langid model", py3langid.modelio.load_model)
import py3langid.langid
py3langid.langid._load_model_file = py3langid.modelio.load_model
num2words.num2words = counting("num2words", num2words.num2words)
wordfreq.get_frequency_list = counting("wordfreq list", wordfreq.get_frequency_list)
unicode_rbnf.RbnfEngine.for_language = counting("CLDR rule sets", unicode_rbnf.RbnfEngine.for_language)
from align.langid import detect_language
from align.numbers import extract_quantities
from align.entities import is_common_word
answers = [detect_language("Die Expedition erreichte den Gipfel nach drei Tagen."),
           detect_language("Elle atteignit le sommet.", ["de", "fr"]),
           [q.value for q in extract_quantities("Zweiundzwanzig Männer und drei Frauen", "de")],
           is_common_word("Berg", "de"), is_common_word("Nanga", "de")]
print(json.dumps({"calls": calls, "answers": answers}))
"""


def test_a_second_process_reads_the_language_tables_instead_of_building_them(tmp_path: Path) -> None:
    # Each process used to decompress the language identifier (68 MB from LZMA), spell 300 numbers per language,
    # load CLDR's Chinese, Japanese and Korean rule sets (for any language) and index wordfreq's whole list
    # (634,502 German words): about a second and a half of every CLI run.
    env = {**os.environ, "ALIGN_CACHE_DIR": str(tmp_path)}

    def run() -> dict[str, object]:
        done = subprocess.run(
            [sys.executable, "-c", _COUNT_BUILDS], capture_output=True, text=True, env=env, cwd=ROOT, check=True
        )
        return json.loads(done.stdout)

    first, second = run(), run()
    assert all(n > 0 for n in first["calls"].values())  # type: ignore[attr-defined]
    assert second["calls"] == {"langid model": 0, "num2words": 0, "wordfreq list": 0, "CLDR rule sets": 0}
    assert second["answers"] == first["answers"]
    assert first["answers"][:2] == ["de", "fr"] and first["answers"][3:] == [True, False]  # type: ignore[index]
