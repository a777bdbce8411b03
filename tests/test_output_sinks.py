"""``-o`` naming something that is not a regular file (``/dev/null``, a named pipe): written in place as a sink, in
the extension's format or CSV (as on standard output), never replaced by the temporary file a regular output is
renamed from (as root that rename turns ``/dev/null`` into a regular file for the whole machine). A new user's
``align a.txt b.txt -o /dev/null`` was refused: "unknown output format ''"."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from align.exporters import EXPORTERS, alignment_table, format_for, is_sink, table_bytes, write_table
from align.readers import read_document
from align.types import Alignment, Bead

NEWS = Path(__file__).resolve().parent / "data" / "news"
SAME = Path(__file__).resolve().parent / "data" / "same_language"


def _is_dev_null() -> bool:
    st = os.stat("/dev/null")
    return stat.S_ISCHR(st.st_mode) and (os.major(st.st_rdev), os.minor(st.st_rdev)) == (1, 3)


def _read_fifo(fifo: Path) -> subprocess.Popen[bytes]:
    """A reader of ``fifo`` (cat), as a shell's ``cat fifo`` or ``<(...)``: the writer's open waits for it."""
    return subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)


def _drain(reader: subprocess.Popen[bytes]) -> bytes:
    try:
        return reader.communicate(timeout=30)[0]
    except subprocess.TimeoutExpired:  # nothing ever opened the pipe for writing
        reader.kill()
        reader.communicate()
        return b""


def test_align_writes_to_dev_null() -> None:
    assert _is_dev_null()
    proc = run_cli("align", NEWS / "en.txt", NEWS / "fr.txt", "-o", "/dev/null", "--no-flags", OMP_NUM_THREADS="1")
    assert "→ /dev/null" in proc.stderr
    assert _is_dev_null()
    assert not list(Path("/dev").glob(".null.*.tmp"))  # no temporary file beside it


def test_align_writes_to_standard_output_named_as_a_file(tmp_path: Path) -> None:
    """``-o /proc/self/fd/1`` (what ``/dev/stdout`` links to) with standard output redirected to a file, appended
    to as with ``>>``: written through it, not replaced (it could not be: /proc takes no new file, so it was
    refused, "cannot write there"; as root ``/dev/stdout`` itself, a link, would have been replaced)."""
    log = tmp_path / "log.csv"
    log.write_text("before\n", encoding="utf-8")
    with log.open("ab") as out:
        proc = subprocess.run(
            [sys.executable, "-m", "align", "align", NEWS / "en.txt", NEWS / "fr.txt", "-o", "/proc/self/fd/1",
             "--no-flags", "-q"],
            stdout=out, stderr=subprocess.PIPE, text=True, cwd=ROOT, timeout=600,
            env={**os.environ, "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": "1"},
        )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    before, table = log.read_text(encoding="utf-8").split("\n", 1)
    assert before == "before" and table.startswith("bead,src_ids,tgt_ids,")
    assert is_sink("/dev/stdout") and is_sink("/proc/self/fd/1")  # whatever standard output is


@pytest.mark.parametrize("command", ["pair", "group"])
def test_pair_and_group_write_to_a_named_pipe(command: str, tmp_path: Path) -> None:
    """The same CSV as into a file, through the pipe, which stays a pipe."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("law.txt", "law_2.txt"):
        (folder / name).write_bytes((SAME / name).read_bytes())
    run_cli(command, folder, "-o", tmp_path / "file.csv", "-q", OMP_NUM_THREADS="1")
    fifo = tmp_path / "out"
    os.mkfifo(fifo)
    reader = _read_fifo(fifo)
    proc = run_cli(command, folder, "-o", fifo, "-q", check=False, OMP_NUM_THREADS="1")
    got = _drain(reader)
    assert proc.returncode == 0, proc.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert got == (tmp_path / "file.csv").read_bytes() and got.startswith(b"doc_a," if command == "pair" else b"group,")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "file.csv", "out"]  # no temporary file left


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_a_sink_gets_the_bytes_a_file_gets_in_its_extensions_format(fmt: str, tmp_path: Path) -> None:
    al = Alignment(read_document(NEWS / "en.txt"), read_document(NEWS / "fr.txt"), [Bead((0,), (0,), 0.9)])
    table = alignment_table(al)
    fifo = tmp_path / f"out{EXPORTERS[fmt].extensions[0]}"
    os.mkfifo(fifo)
    assert is_sink(fifo) and format_for(fifo) == fmt
    reader = _read_fifo(fifo)
    write_table(table, fifo)
    assert _drain(reader) == table_bytes(table, fmt)
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and [p.name for p in tmp_path.iterdir()] == [fifo.name]


def test_only_what_is_neither_a_file_nor_a_folder_is_a_sink(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("x")
    assert not is_sink(tmp_path / "a.csv") and not is_sink(tmp_path) and not is_sink(tmp_path / "missing")
    assert is_sink("/dev/null") and format_for("/dev/null") == "csv"
    (tmp_path / "null").symlink_to("/dev/null")  # followed, like open()
    assert is_sink(tmp_path / "null")
