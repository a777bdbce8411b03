"""What a new user gives the command line besides two ordinary files: an unusable cache folder, link loops,
pipes and standard input, oversized files, punctuation alone, a folder of several versions, stray characters,
an output name ending in a slash, an unreadable folder, a mistyped command.

Real subprocesses with the real bundled model; where a permission must be refused and the tests run as root,
the CLI runs without root's power to override file permissions (``setpriv``), as an ordinary user would.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT
from test_cli_languages import NEWS, write_lines
from test_cli_robustness import NO_MODEL, one_line_error

from align.readers import document_from_bytes
from align.readers.base import MAX_BYTES

#: Root reads and writes whatever the permissions say; without these capabilities it is refused like a user.
AS_USER = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"] if os.geteuid() == 0 else []


def run(
    *args: str | Path, env: dict[str, str] | None = None, as_user: bool = False, **kw: object
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [*(AS_USER if as_user else []), sys.executable, "-m", "align", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "HF_HUB_OFFLINE": "1", **(env or {})},
        timeout=kw.pop("timeout", 300),
        **kw,
    )


@pytest.fixture
def news(tmp_path: Path) -> tuple[Path, Path]:
    return write_lines(tmp_path / "en.txt", NEWS["en"]), write_lines(tmp_path / "zh.txt", NEWS["zh"])


def aligned(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, keep_default_na=False, dtype=str)


# --- 1. The embedding cache folder ------------------------------------------------------------------


def _unusable_cache(tmp_path: Path, kind: str) -> Path:
    """A cache folder that cannot be used, of the given kind."""
    if kind == "a file":
        (tmp_path / "file.txt").write_text("not a folder\n")
        return tmp_path / "file.txt"
    if kind == "under a file":
        (tmp_path / "file.txt").write_text("not a folder\n")
        return tmp_path / "file.txt" / "cache"
    if kind == "database is a folder":
        (tmp_path / "cache" / "embeddings.sqlite3").mkdir(parents=True)
        return tmp_path / "cache"
    assert kind == "not SQLite"
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "embeddings.sqlite3").write_bytes(b"this is no database, but a text file\n" * 100)
    return tmp_path / "cache"


KINDS = ["a file", "under a file", "database is a folder", "not SQLite"]


@pytest.mark.parametrize("kind", KINDS)
def test_an_unusable_cache_dir_option_is_a_one_line_error_before_any_work(
    news: tuple[Path, Path], tmp_path: Path, kind: str
) -> None:
    cache = _unusable_cache(tmp_path, kind)
    out = tmp_path / "x.csv"
    # NO_MODEL: an error about the model instead would mean the cache was opened only after loading it
    one_line_error(run("align", *news, "--cache-dir", cache, "-o", out, *NO_MODEL), "--cache-dir", str(cache))
    assert not out.exists()


@pytest.mark.parametrize("kind", ["a file", "not SQLite"])
def test_an_unusable_default_cache_warns_and_aligns_without_it(
    news: tuple[Path, Path], tmp_path: Path, kind: str
) -> None:
    cache = _unusable_cache(tmp_path, kind)
    before = cache.read_bytes() if cache.is_file() else (cache / "embeddings.sqlite3").read_bytes()
    out = tmp_path / "x.csv"
    proc = run("align", *news, "-o", out, "--quiet", env={"ALIGN_CACHE_DIR": str(cache)})
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    (warning,) = [line for line in proc.stderr.splitlines() if "embedding cache" in line]
    assert warning.startswith("warning:") and str(cache) in warning
    assert aligned(out)["src_ids"].tolist() == ["0", "1", "2", "3"]
    assert (cache.read_bytes() if cache.is_file() else (cache / "embeddings.sqlite3").read_bytes()) == before


def test_a_read_only_cache_folder_as_a_user(news: tuple[Path, Path], tmp_path: Path) -> None:
    """sqlite3.OperationalError from the cache used to end the run with a traceback (exit 1)."""
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        one_line_error(run("align", *news, "--cache-dir", ro, *NO_MODEL, as_user=True), "--cache-dir", str(ro))
        out = tmp_path / "x.csv"
        proc = run("align", *news, "-o", out, "-q", env={"ALIGN_CACHE_DIR": str(ro)}, as_user=True)
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
        assert any(line.startswith("warning:") and str(ro) in line for line in proc.stderr.splitlines())
        assert len(aligned(out)) == 4 and not any(ro.iterdir())
    finally:
        ro.chmod(0o755)


# --- 2. Links --------------------------------------------------------------------------------------


def test_a_link_loop_is_a_one_line_error(news: tuple[Path, Path], tmp_path: Path) -> None:
    (tmp_path / "loop_a.txt").symlink_to(tmp_path / "loop_b.txt")
    (tmp_path / "loop_b.txt").symlink_to(tmp_path / "loop_a.txt")
    en, _ = news
    out = tmp_path / "x.csv"
    one_line_error(run("align", en, tmp_path / "loop_a.txt", "-o", out, *NO_MODEL), "loop_a.txt", "a link to nothing")
    one_line_error(run("align", tmp_path / "loop_a.txt", en, *NO_MODEL), "loop_a.txt", "a link to nothing")
    assert not out.exists()


# --- 3. Pipes and standard input ------------------------------------------------------------------


def test_standard_input_fifo_and_process_substitution_are_read(news: tuple[Path, Path], tmp_path: Path) -> None:
    en, zh = news
    run("align", en, zh, "-o", tmp_path / "files.csv", "-q")
    files = aligned(tmp_path / "files.csv")

    proc = run("align", en, "-", "-o", tmp_path / "stdin.csv", "-q", input=zh.read_text())
    assert proc.returncode == 0, proc.stderr
    pd.testing.assert_frame_equal(aligned(tmp_path / "stdin.csv"), files)

    fifo = tmp_path / "zh.fifo"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(zh.read_bytes()), daemon=True)
    writer.start()
    proc = run("align", en, fifo, "-o", tmp_path / "fifo.csv", "-q")
    writer.join(10)
    assert proc.returncode == 0, proc.stderr
    pd.testing.assert_frame_equal(aligned(tmp_path / "fifo.csv"), files)

    # bash's <(cat zh.txt): a pipe named /dev/fd/N
    r, w = os.pipe()
    with os.fdopen(w, "wb") as pipe_in:
        pipe_in.write(zh.read_bytes())  # small enough for the pipe's buffer
    try:
        proc = run("align", en, f"/dev/fd/{r}", "-o", tmp_path / "fd.csv", "-q", pass_fds=(r,))
    finally:
        os.close(r)
    assert proc.returncode == 0, proc.stderr
    pd.testing.assert_frame_equal(aligned(tmp_path / "fd.csv"), files)


def test_standard_input_for_both_sides_or_too_much_of_it_is_refused(news: tuple[Path, Path]) -> None:
    one_line_error(run("align", "-", "-", *NO_MODEL, input="text\n"), "standard input")
    en, _ = news
    proc = run("align", en, "-", *NO_MODEL, input="a" * (MAX_BYTES + 1))
    one_line_error(proc, "-: input is more than 50 MiB", "the limit is 50 MiB")


# --- 4. The size limit ----------------------------------------------------------------------------


def test_an_oversized_second_file_is_refused_before_the_first_is_read(tmp_path: Path) -> None:
    """The first file is a FIFO nobody writes to: reading it would hang; the size of the second is checked first."""
    fifo = tmp_path / "first.fifo"
    os.mkfifo(fifo)
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(MAX_BYTES + 1)  # sparse: no 50 MiB written
    line = one_line_error(run("align", fifo, big, *NO_MODEL, timeout=60), "big.txt")
    # 50 MiB and a byte is not "50 MiB": rounded up, it never reads as the limit itself
    assert "file is 50.1 MiB; the limit is 50 MiB" in line
    with big.open("wb") as f:
        f.truncate(int(50.2 * 2**20))
    one_line_error(run("align", fifo, big, *NO_MODEL, timeout=60), "file is 50.2 MiB")


# --- 5. Punctuation alone ---------------------------------------------------------------------------


def test_a_document_without_letters_or_digits_is_refused_like_an_empty_one(
    news: tuple[Path, Path], tmp_path: Path
) -> None:
    punct = tmp_path / "punct.txt"
    punct.write_text("... !!! ??? ,,, ;;; --- ()()\n\u3002\u3002\u3002 \u00a1\u00bf \u00ab\u00bb \u2014\n")
    en, _ = news
    one_line_error(run("align", en, punct, *NO_MODEL), "punct.txt", "has no words", "--allow-empty")
    out = tmp_path / "x.csv"
    proc = run("align", en, punct, "--allow-empty", "--tgt-lang", "pl", "-o", out, "-q")
    assert proc.returncode == 0, proc.stderr
    table = aligned(out)
    assert table["src_ids"].tolist() == ["0", "1", "2", "3"] and (table["tgt_ids"] == "").all()


# --- 6. pair on a folder of several versions ----------------------------------------------------------


def test_pair_says_when_its_unpaired_documents_are_versions_of_one_text(tmp_path: Path) -> None:
    corpus = tmp_path / "article"
    corpus.mkdir()
    for lang in ("en", "de", "ru"):
        shutil.copy(ROOT / "tests" / "data" / "multiway" / f"{lang}.txt", corpus / f"{lang}.txt")
    proc = run("pair", corpus, "-o", tmp_path / "pairs.csv")
    assert proc.returncode == 0, proc.stderr
    assert len(pd.read_csv(tmp_path / "pairs.csv")) == 1  # a couple; the third is left over
    (note,) = [line for line in proc.stderr.splitlines() if "versions of one text" in line]
    assert note.startswith("note: 3 documents") and all(f"{lang}.txt" in note for lang in ("en", "de", "ru"))
    assert "python -m align align" in note and "python -m align group" in note


def test_pair_says_when_its_couples_are_versions_of_one_text(tmp_path: Path) -> None:
    """Four versions of one article: pair makes two couples, whichever two of them (every two match), and said
    nothing of it; the note names all four."""
    corpus = tmp_path / "article"
    corpus.mkdir()
    for lang in ("en", "de", "fr", "ja"):
        shutil.copy(ROOT / "tests" / "data" / "news" / f"{lang}.txt", corpus / f"{lang}.txt")
    proc = run("pair", corpus, "-o", tmp_path / "pairs.csv")
    assert proc.returncode == 0, proc.stderr
    assert len(pd.read_csv(tmp_path / "pairs.csv")) == 2
    (note,) = [line for line in proc.stderr.splitlines() if "versions of one text" in line]
    assert note.startswith("note: 4 documents") and all(f"{lang}.txt" in note for lang in ("en", "de", "fr", "ja"))
    assert "any two of them would do" in note


# --- 7. Small things ----------------------------------------------------------------------------------


def test_a_byte_order_mark_inside_the_text_is_dropped_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    data = b"Pierwsze zdanie tutaj.\n" + "\ufeffDrugie zdanie jest tu.\n".encode()
    with caplog.at_level(logging.WARNING, logger="align"):
        doc = document_from_bytes(data, "pl", name="midbom.txt")
    assert "\ufeff" not in doc.text and [s.text for s in doc.segments][1] == "Drugie zdanie jest tu."
    assert any("midbom.txt" in r.getMessage() and "U+FEFF" in r.getMessage() for r in caplog.records)


def test_vertical_tab_and_form_feed_are_read_as_line_breaks() -> None:
    doc = document_from_bytes(b"First line here.\vSecond line here.\fThird page starts.\n", "en", presplit=True)
    assert doc.text == "First line here.\nSecond line here.\nThird page starts.\n"
    assert [s.text for s in doc.segments] == ["First line here.", "Second line here.", "Third page starts."]


def test_an_output_name_ending_in_a_slash_is_refused(news: tuple[Path, Path], tmp_path: Path) -> None:
    one_line_error(run("align", *news, "-o", f"{tmp_path / 'x.csv'}/", *NO_MODEL), "x.csv/", "give an output file")
    assert not (tmp_path / "x.csv").exists()


def test_pair_says_a_folder_it_may_not_read_is_unreadable(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    write_lines(locked / "en.txt", NEWS["en"])
    locked.chmod(0)
    try:
        proc = run("pair", locked, *NO_MODEL, as_user=True)
    finally:
        locked.chmod(0o755)
    one_line_error(proc, "need at least two readable documents")
    (skipped,) = [line for line in proc.stderr.splitlines() if line.startswith("skipped:")]
    assert "cannot read this folder" in skipped and "ermission denied" in skipped, skipped


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["alig", "a.txt"], ["unknown command 'alig'", "did you mean 'align'"]),
        (["frobnicate"], ["unknown command 'frobnicate'", "one of: align, pair"]),
        (["users", "ad", "x"], ["unknown action 'ad'", "did you mean 'add'"]),
    ],
)
def test_an_unknown_command_is_one_error_line(argv: list[str], words: list[str]) -> None:
    proc = run(*argv)
    assert "usage:" not in proc.stderr
    one_line_error(proc, *words)


def test_a_language_guessed_from_a_word_is_said_even_quiet(tmp_path: Path) -> None:
    """A file holding just "Hallo!" was aligned as it (its partner "Hello!" as br) and nothing said it was a guess;
    now each side says so on stderr, even with -q, and naming the languages silences it."""
    de = write_lines(tmp_path / "de.txt", ["Hallo!"])
    en = write_lines(tmp_path / "en.txt", ["Hello!"])
    out = tmp_path / "x.csv"
    proc = run("align", de, en, "-q", "--no-flags", "-o", out)
    assert proc.returncode == 0, proc.stderr
    said = proc.stderr.splitlines()
    assert [line.split(": language guessed as ")[0] for line in said] == [f"warning: {de}", f"warning: {en}"]
    assert all("from only 5 letters; pass --src-lang/--tgt-lang" in line for line in said), said
    proc = run("align", de, en, "-q", "--no-flags", "--src-lang", "de", "--tgt-lang", "en", "-o", out)
    assert proc.returncode == 0 and proc.stderr == ""
    assert set(aligned(out)["src_lang"]) == {"de"}
