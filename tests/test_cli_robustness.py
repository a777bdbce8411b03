"""The command line when something is wrong: refused before the expensive part, or finished work kept.

Real files, the real bundled model, real subprocesses (in-process only where a failure is injected).
"""

from __future__ import annotations

import io
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import CORPORA, ROOT, SEED_PAIR
from hypothesis import given, settings
from hypothesis import strategies as st

from align import cli
from align.cli import corpus as cli_corpus
from align.exporters import alignment_table, write_table
from align.pairing import PairConfig, margin_floor, parallel_score
from align.readers import read_document
from align.types import Alignment, Bead

NO_MODEL = ("--model", "no-such-org/no-such-model")  # loading it fails: an error about it means it was reached


def run(*args: str | Path, timeout: float = 600, umask: int | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "align", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        timeout=timeout,
        preexec_fn=(lambda: os.umask(umask)) if umask is not None else None,
    )


def one_line_error(proc: subprocess.CompletedProcess[str], *words: str) -> str:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    # `pair` first says which files of a folder it leaves out ("skipped: …"): notices, not errors.
    lines = [line for line in proc.stderr.splitlines() if line.strip() and not line.startswith("skipped:")]
    assert len(lines) == 1 and lines[0].startswith("error:"), proc.stderr
    for w in words:
        assert w in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    """The seed article's two sides, copied where a test may overwrite them."""
    ja, it = tmp_path / "ja.txt", tmp_path / "it.txt"
    shutil.copy(SEED_PAIR / "ja.txt", ja)
    shutil.copy(SEED_PAIR / "it.txt", it)
    return ja, it


# --- Settings --------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["0", "-1", "7"])
def test_max_bead_out_of_range_is_a_one_line_error(pair: tuple[Path, Path], tmp_path: Path, value: str) -> None:
    ja, it = pair
    one_line_error(run("align", ja, it, "--max-bead", value, "-o", tmp_path / "x.csv"), "--max-bead", value)
    assert not (tmp_path / "x.csv").exists()


def test_settings_that_cannot_work_are_refused_before_the_model_loads(pair: tuple[Path, Path], tmp_path: Path) -> None:
    ja, it = pair
    one_line_error(run("align", ja, it, "--no-flags", "--sort", "risk", *NO_MODEL), "--no-flags")
    one_line_error(run("pair", SEED_PAIR, "--threshold", "1.5", *NO_MODEL), "--threshold")


# --- The output file -------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["tgt", "src", "same-file-other-name"])
def test_output_naming_an_input_file_is_refused(pair: tuple[Path, Path], which: str) -> None:
    """``-o it.txt`` used to overwrite the target document with bead ids (.txt is the beads format)."""
    ja, it = pair
    out = {"tgt": it, "src": ja, "same-file-other-name": ja.parent / "." / ".." / ja.parent.name / "it.txt"}[which]
    before = it.read_bytes(), ja.read_bytes()
    one_line_error(run("align", ja, it, "-o", out, *NO_MODEL), "input file")
    assert (it.read_bytes(), ja.read_bytes()) == before


@pytest.mark.parametrize("case", ["missing-folder", "directory", "unknown-format"])
def test_output_problems_are_reported_before_the_model_loads(
    pair: tuple[Path, Path], tmp_path: Path, case: str
) -> None:
    """An output that cannot be written used to fail after the whole alignment; with a model that cannot
    load, the error names the output, so nothing was loaded or aligned first."""
    ja, it = pair
    out, words = {
        "missing-folder": (tmp_path / "no" / "x.csv", ("does not exist",)),
        "directory": (tmp_path, ("is a directory",)),
        "unknown-format": (tmp_path / "x.docx", ("unknown output format",)),
    }[case]
    one_line_error(run("align", ja, it, "-o", out, *NO_MODEL), *words)


def test_pair_output_naming_an_input_file_is_refused(tmp_path: Path) -> None:
    shutil.copytree(CORPORA, tmp_path / "corpora")
    target = tmp_path / "corpora" / "openai-exec-departures-2024-09" / "ja.txt"
    before = target.read_bytes()
    one_line_error(run("pair", tmp_path / "corpora", "-o", target, *NO_MODEL), "input file")
    assert target.read_bytes() == before


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_outputs_respect_the_umask_and_a_replaced_file_keeps_its_mode(pair: tuple[Path, Path], tmp_path: Path) -> None:
    """Exports were written through mkstemp: mode 0600 whatever the umask, unreadable to a team."""
    ja, it = pair
    out = tmp_path / "pairs.csv"
    proc = run("align", ja, it, "-o", out, "--no-flags", "--quiet", umask=0o022)
    assert proc.returncode == 0, proc.stderr
    assert _mode(out) == 0o644
    al = Alignment(read_document(ja), read_document(it), [Bead((0,), (0,), 0.9)])
    old = os.umask(0o027)
    try:
        write_table(alignment_table(al), tmp_path / "new.jsonl")
        out.chmod(0o604)  # an existing file's mode is the owner's choice: a rewrite keeps it
        write_table(alignment_table(al), out)
    finally:
        os.umask(old)
    assert _mode(tmp_path / "new.jsonl") == 0o640
    assert _mode(out) == 0o604
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left


# --- A failure late in the run ---------------------------------------------------------------------


def test_failed_flagging_still_writes_the_alignment(
    pair: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Flagging that runs out of memory after a long alignment must not throw the alignment away."""
    import align.flagging

    ja, it = pair
    plain = tmp_path / "plain.csv"
    assert cli.main(["align", str(ja), str(it), "-o", str(plain), "--no-flags", "--quiet"]) == 0

    def out_of_memory(*args: object, **kwargs: object) -> None:
        raise MemoryError("Unable to allocate 347. GiB for an array with shape (305412, 305412)")

    monkeypatch.setattr(align.flagging, "flag_alignment", out_of_memory)  # align.pipeline imports it when it flags
    out = tmp_path / "pairs.csv"
    capsys.readouterr()
    assert cli.main(["align", str(ja), str(it), "-o", str(out), "--sort", "risk"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "flagging failed" in err and "MemoryError" in err and str(out) in err
    got = pd.read_csv(out, keep_default_na=False, dtype=str)
    want = pd.read_csv(plain, keep_default_na=False, dtype=str)
    pd.testing.assert_frame_equal(got, want)  # the whole alignment, in document order
    # One fixed set of columns whatever the data: the flag columns are there, empty.
    assert (got["flags"] == "").all() and (got["flag_notes"] == "").all() and (got["risk"] == "").all()


# --- pair: one bad document among good ones --------------------------------------------------------


def test_pair_skips_missing_and_unreadable_documents(tmp_path: Path) -> None:
    corpus = tmp_path / "corpora"
    shutil.copytree(CORPORA, corpus)
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (corpus / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    (tmp_path / "empty-folder").mkdir()
    proc = run("pair", corpus, tmp_path / "missing.txt", tmp_path / "empty-folder", "-o", tmp_path / "pairs.csv")
    assert proc.returncode == 0, proc.stderr
    table = pd.read_csv(tmp_path / "pairs.csv")
    assert {Path(table.loc[0, "doc_a"]).name, Path(table.loc[0, "doc_b"]).name} == {"ja.txt", "it.txt"}
    skipped = [line for line in proc.stderr.splitlines() if line.startswith("skipped:")]
    for name in ("binary.txt", "gone.txt", "missing.txt", "empty-folder"):
        assert sum(name in line for line in skipped) == 1, proc.stderr


def test_pair_skips_an_oversized_document(tmp_path: Path) -> None:
    """A book-length document used to be encoded whole (hours) and scored n × m against its candidates
    (hundreds of GiB against another one): it is left out with a message, the rest are paired."""
    corpus = tmp_path / "corpora"
    shutil.copytree(CORPORA, corpus)
    big = corpus / "book.txt"
    big.write_text(
        "".join(f"Kapitel {i}: der Weg führt weiter nach Norden.\n" for i in range(cli_corpus.MAX_PAIR_SEGMENTS + 1))
    )
    proc = run("pair", corpus, "-o", tmp_path / "pairs.csv", timeout=300)
    assert proc.returncode == 0, proc.stderr
    table = pd.read_csv(tmp_path / "pairs.csv")
    assert {Path(table.loc[0, "doc_a"]).name, Path(table.loc[0, "doc_b"]).name} == {"ja.txt", "it.txt"}
    (line,) = [line for line in proc.stderr.splitlines() if line.startswith("skipped:") and "book.txt" in line]
    assert "book.txt" in line and f"{cli_corpus.MAX_PAIR_SEGMENTS + 1:,} sentences" in line


def _dense_score(a: np.ndarray, b: np.ndarray, cfg: PairConfig) -> float:
    """The whole-matrix computation the chunked one replaced (n × m memory)."""
    from align.pairing import _longest_monotonic_chain

    sim = a @ b.T
    ka, kb = min(cfg.k, sim.shape[1]), min(cfg.k, sim.shape[0])
    nn_a = -np.sort(-sim, axis=1)[:, :ka].mean(axis=1)
    nn_b = -np.sort(-sim, axis=0)[:kb, :].mean(axis=0)
    margin = sim / ((nn_a[:, None] + nn_b[None, :]) / 2)
    best_b, best_a = margin.argmax(axis=1), margin.argmax(axis=0)
    rows = np.flatnonzero(best_a[best_b] == np.arange(len(a)))
    keep = margin[rows, best_b[rows]] >= margin_floor(len(a), len(b), cfg)
    return float(2 * _longest_monotonic_chain(rows[keep], best_b[rows][keep]) / (len(a) + len(b)))


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 40), st.integers(1, 40), st.integers(1, 6), st.integers(0, 2**32 - 1))
def test_chunked_pair_score_equals_the_whole_matrix(n: int, m: int, chunk_rows: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    a = rng.normal(size=(n, 16)).astype(np.float32)
    # Half the target rows translate a source row (plus noise): scores well above zero happen too.
    b = rng.normal(size=(m, 16)).astype(np.float32)
    b[: min(n, m) // 2] += 3 * a[: min(n, m) // 2]
    a /= np.linalg.norm(a, axis=1, keepdims=True)
    b /= np.linalg.norm(b, axis=1, keepdims=True)
    cfg = PairConfig()
    assert parallel_score(a, b, cfg, chunk_bytes=4 * m * chunk_rows) == pytest.approx(_dense_score(a, b, cfg))


def test_pair_takes_each_file_once_and_no_copy_and_lists_what_it_leaves_out(tmp_path: Path) -> None:
    """The same file named twice (``./d/../d/pl.txt``), a copy with the same text, a file inside ``.git/``
    and a hidden file are not paired; folders read .txt/.text/.md/extensionless names in any case, and
    every file left out is named."""
    from test_cli_languages import NEWS, write_lines

    d = tmp_path / "d"
    (d / ".git").mkdir(parents=True)
    write_lines(d / "en.TXT", NEWS["en"])
    write_lines(d / "en_copy.txt", NEWS["en"])
    write_lines(d / "ja", NEWS["ja"])
    write_lines(d / ".git" / "zh.txt", NEWS["zh"])
    write_lines(d / ".hidden_zh.txt", NEWS["zh"])
    write_lines(d / "notes.docx", NEWS["zh"])
    same = f"{d}/../d/ja"
    proc = run("pair", d, same, "-o", tmp_path / "pairs.csv")
    assert proc.returncode == 0, proc.stderr
    pairs = pd.read_csv(tmp_path / "pairs.csv")
    assert [(Path(a).name, Path(b).name) for a, b in zip(pairs["doc_a"], pairs["doc_b"], strict=True)] == [
        ("en.TXT", "ja")
    ]
    skipped = [line for line in proc.stderr.splitlines() if line.startswith("skipped:")]
    assert f"skipped: {same}: the same file as {d}/ja" in skipped
    assert f"skipped: {d}/en_copy.txt: the same text as {d}/en.TXT (a copy is no translation)" in skipped
    assert f"skipped: {d}: hidden, left out: .git/, .hidden_zh.txt" in skipped
    assert f"skipped: {d}: not .txt/.text/.md or extensionless, left out: notes.docx" in skipped
    assert "unpaired:" not in proc.stderr


def test_a_folders_readme_is_left_out_as_a_read_me_not_as_an_other_extension(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """README.md is a .md file: left out because it describes the folder's documents, and the message and the
    --help of pair and group say so (they said "not .txt/.text/.md", which a .md file plainly is)."""
    (tmp_path / "sub").mkdir()
    for name in ("README.md", "sub/readme.MD", "en.txt", "notes.md", "x.docx"):
        (tmp_path / name).write_text("Text.\n", encoding="utf-8")
    files = cli_corpus.corpus_files([str(tmp_path)])
    assert sorted(Path(f).name for f in files) == ["en.txt", "notes.md"]
    skipped = capsys.readouterr().err.splitlines()
    assert f"skipped: {tmp_path}: not .txt/.text/.md or extensionless, left out: x.docx" in skipped
    assert f"skipped: {tmp_path}: README.md: a folder's read-me, not a document" in skipped
    assert f"skipped: {tmp_path}: sub/readme.MD: a folder's read-me, not a document" in skipped
    for command in ("pair", "group"):
        with pytest.raises(SystemExit):
            cli.main([command, "--help"])
        assert "README.md files, a folder's read-me, not a document" in " ".join(capsys.readouterr().out.split())


# --- The model -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "words"),
    [
        ("bundld", ("unknown model 'bundld'", "did you mean 'bundled'?")),
        ("E5-ONNX", ("unknown model 'E5-ONNX'", "did you mean 'e5-onnx'?")),
        ("./no/such/folder", ("model folder './no/such/folder' does not exist",)),
    ],
)
def test_unknown_model_fails_fast_with_a_suggestion(
    pair: tuple[Path, Path], model: str, words: tuple[str, ...]
) -> None:
    """A mistyped --model took 18-27 s (sentence-transformers and torch loaded) before failing, and said
    nothing of the names it knows. Now it is refused before either is imported, naming the closest one."""
    ja, it = pair
    one_line_error(run("align", ja, it, "--model", model), *words)
    probe = (
        "import sys\nfrom align.encoders import get_encoder\nfrom align.errors import ModelError\n"
        f"try:\n    get_encoder({model!r})\nexcept ModelError:\n    pass\n"
        "print(sorted(m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT,
        env={**os.environ, "HF_HUB_OFFLINE": "1"}, timeout=120,
    )  # fmt: skip
    assert proc.stdout.strip() == "[]", proc.stdout + proc.stderr


# --- Noise on stderr -------------------------------------------------------------------------------

_RIVERTON_EN = (ROOT / "tests" / "data" / "riverton" / "en.txt").read_text(encoding="utf-8").splitlines()[:3]
_RIVERTON = {
    "sw": [
        "Baraza la jiji la Riverton liliidhinisha mpango mpya wa usafiri wa umma siku ya Jumanne.",
        "Mpango huo unaongeza njia kumi na mbili za basi na kurefusha mtandao wa tramu kwa kilomita nane.",
        "Meya Anna Kowalski alisema mabasi ya kwanza yataanza kazi mwezi Septemba.",
    ],
    "sr-Latn": [
        "Gradsko veće Rivertona usvojilo je u utorak novi plan javnog prevoza.",
        "Plan dodaje dvanaest autobuskih linija i produžava tramvajsku mrežu za osam kilometara.",
        "Gradonačelnica Ana Kovalski rekla je da će prvi autobusi krenuti u septembru.",
    ],
}


@pytest.mark.parametrize("lang", sorted(_RIVERTON))
def test_no_word_list_notices_on_stderr(tmp_path: Path, lang: str) -> None:
    """wordfreq printed "You asked for word frequencies in language 'sw'. Using the nearest match, which is 'en'"
    (and 'sh' for sr-Latn) on the first run: noise to the user, and for Swahili the English list answered. Now
    a language without its own list (within the same language) has none, and nothing is printed."""
    src, tgt = tmp_path / "en.txt", tmp_path / f"{lang}.txt"
    src.write_text("\n".join(_RIVERTON_EN) + "\n", encoding="utf-8")
    tgt.write_text("\n".join(_RIVERTON[lang]) + "\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "align", "align", str(src), str(tgt), "--src-lang", "en", "--tgt-lang", lang, "-q"],
        capture_output=True, text=True, cwd=ROOT, timeout=600,
        env={**os.environ, "HF_HUB_OFFLINE": "1", "ALIGN_CACHE_DIR": str(tmp_path / "cache")},  # nothing cached yet
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == "", proc.stderr
    assert len(pd.read_csv(io.StringIO(proc.stdout))) == 3


def test_aligning_a_file_with_a_copy_of_itself_warns_even_with_quiet(tmp_path: Path) -> None:
    """`align en.txt copy_of_en.txt` gave its beads and exit 0 with no word that both sides are the same text."""
    src = SEED_PAIR / "it.txt"
    copy = tmp_path / "copy.txt"
    copy.write_text(src.read_text(encoding="utf-8").replace("\n", "\r\n"), encoding="utf-8")  # same text, CRLF
    proc = run("align", src, copy, "-o", tmp_path / "out.csv", "--no-flags", "-q")
    assert proc.returncode == 0, proc.stderr
    warnings = [line for line in proc.stderr.splitlines() if "same text" in line]
    assert len(warnings) == 1 and warnings[0].startswith("warning: "), proc.stderr
    other = run("align", src, SEED_PAIR / "ja.txt", "-o", tmp_path / "out2.csv", "--no-flags", "-q")
    assert other.returncode == 0 and "same text" not in other.stderr, other.stderr
