"""The command line as a user runs it: real files, the real bundled model, real subprocesses."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import CORPORA, ROOT, SEED_PAIR, ja_en_pairs, moved_last, run_cli

from align.evaluating import read_beads, score_alignment
from align.readers import read_document

run = run_cli


def test_every_command_explains_its_options() -> None:
    assert "align" in run("--help").stdout
    for cmd, options in {
        "align": ["--presplit", "--src-lang", "--tgt-lang", "--model", "--excel", "--allow-empty", "--quiet"],
        "pair": ["--threshold", "--model", "-o"],
        "eval": ["--gold", "--test"],
    }.items():
        out = run(cmd, "--help").stdout
        for opt in options:
            assert opt in out, (cmd, opt)


def test_align_seed_article_to_csv(tmp_path: Path) -> None:
    out = tmp_path / "pairs.csv"
    proc = run("align", SEED_PAIR / "ja.txt", SEED_PAIR / "it.txt", "-o", out)
    table = pd.read_csv(out, keep_default_na=False, dtype=str)
    for col in ("bead", "src_ids", "tgt_ids", "src_text", "tgt_text", "score", "src_lang", "tgt_lang"):
        assert col in table.columns
    assert set(table["src_lang"]) == {"ja"} and set(table["tgt_lang"]) == {"it"}
    # Every sentence of both documents appears exactly once; source sentences in order (a target
    # sentence may be out of order only in a moved pair).
    src_ids = [int(i) for cell in table["src_ids"] for i in cell.split()]
    tgt_ids = [int(i) for cell in table["tgt_ids"] for i in cell.split()]
    assert src_ids == sorted(set(src_ids)) and len(tgt_ids) == len(set(tgt_ids))
    scores = table["score"].astype(float)
    assert scores.between(0, 1).all()
    # The dated line and the 1,500億ドル / 150 miliardi sentence pair up.
    date_row = table[table["src_text"] == "2024-09-27"]
    assert date_row["tgt_text"].tolist() == ["2024-09-27"]
    money = table[table["src_text"].str.contains("1,500億ドル")]
    assert money["tgt_text"].str.contains("150 miliardi").all()
    assert "beads" in proc.stderr


@pytest.mark.parametrize("suffix", [".tmx", ".jsonl", ".beads"])
def test_align_output_format_follows_extension(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"pairs{suffix}"
    run("align", SEED_PAIR / "ja.txt", SEED_PAIR / "it.txt", "-o", out, "--quiet")
    head = out.read_text(encoding="utf-8")[:200]
    assert {".tmx": "<tmx", ".jsonl": '{"bead":0', ".beads": "[0]:["}[suffix] in head


def test_pair_finds_exactly_the_translation_pair(tmp_path: Path) -> None:
    out = tmp_path / "pairs.csv"
    proc = run("pair", CORPORA, "-o", out)
    table = pd.read_csv(out)
    assert list(table.columns) == ["doc_a", "doc_b", "score"]
    assert len(table) == 1
    # The two seed files, named by their paths as given (the folder was given absolute).
    assert {table.loc[0, "doc_a"], table.loc[0, "doc_b"]} == {str(SEED_PAIR / "ja.txt"), str(SEED_PAIR / "it.txt")}
    assert proc.stderr.count("unpaired:") == 3


def test_pair_on_the_original_seed_files(shared_seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "pairs.csv"
    run("pair", shared_seeds, "-o", out)
    table = pd.read_csv(out)
    assert len(table) == 1
    assert sorted(Path(p).name[:3] for p in (table.loc[0, "doc_a"], table.loc[0, "doc_b"])) == ["000", "002"]
    assert table.loc[0, "doc_a"].startswith(str(shared_seeds))  # paths as given


def test_eval_scores_gold_against_itself_and_a_real_alignment(text_berg: Path, tmp_path: Path) -> None:
    gold = text_berg / "test4.gold"
    out = run("eval", "--gold", gold, "--test", gold).stdout.splitlines()
    assert [line.split() for line in out[1:]] == [["strict", *["1.0000"] * 3], ["lax", *["1.0000"] * 3]]
    quiet = run("eval", "--gold", gold, "--test", gold, "-q")  # -q, as every other command takes it
    assert quiet.stdout.splitlines() == out and quiet.stderr == ""
    beads = tmp_path / "test4.beads"
    run("align", text_berg / "test4.de", text_berg / "test4.fr", "--presplit", "-o", beads, "--quiet")
    scored = json.loads(run("eval", "--gold", gold, "--test", beads, "--json").stdout)
    # The figures of the bead file the aligner wrote, and those of a good alignment (measured: strict
    # F1 0.88, lax 0.98; the same file without --presplit scored 0.52 before eval refused it).
    assert scored == dataclasses.asdict(score_alignment(read_beads(beads), read_beads(gold)))
    assert scored["strict_f1"] > 0.8 and scored["lax_f1"] > 0.9, scored


def test_eval_refuses_beads_that_number_other_segments(text_berg: Path, tmp_path: Path) -> None:
    """An alignment made without --presplit splits test6's lines its own way (203 German sentences for
    197 lines): its ids are not gold's. (test4's running text now splits exactly as its lines, so eval
    rightly scores that one.)"""
    beads = tmp_path / "test6.beads"
    run("align", text_berg / "test6.de", text_berg / "test6.fr", "-o", beads, "--quiet")
    proc = run("eval", "--gold", text_berg / "test6.gold", "--test", beads, check=False)
    assert proc.returncode == 2 and proc.stdout == "", proc.stdout
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "--presplit" in lines[0], proc.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", r"bad\.beads: no beads: nothing to score"),
        (b"\n  \n", r"bad\.beads: no beads: nothing to score"),
        (b"[0]:[0]\n[1]:[1\n", r"bad\.beads:2: not a bead"),
        (b"\xff\xfe\x00[", r"bad\.beads: cannot read"),
    ],
)
def test_eval_bad_test_file_is_one_line_error(text_berg: Path, tmp_path: Path, content: bytes, message: str) -> None:
    bad = _write(tmp_path / "bad.beads", content)
    proc = run("eval", "--gold", text_berg / "test4.gold", "--test", bad, check=False)
    assert proc.returncode == 2 and proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and re.search(message, lines[0]), proc.stderr


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("missing", "no such file"),
        ("directory", "is a directory"),
        ("empty", "empty"),
        ("binary", "binary"),
        ("blank", "no text"),
        ("model", "unknown model"),
    ],
)
def test_bad_input_is_one_line_error_without_traceback(tmp_path: Path, case: str, message: str) -> None:
    good = SEED_PAIR / "ja.txt"
    bad = {
        "missing": tmp_path / "missing.txt",
        "directory": tmp_path,
        "empty": _write(tmp_path / "empty.txt", b""),
        "binary": _write(tmp_path / "x.txt", bytes(range(256)) * 64),
        "blank": _write(tmp_path / "blank.txt", b"\n \n\t\n"),
        "model": SEED_PAIR / "it.txt",  # a real pair: only the model is wrong
    }[case]
    extra = ["--model", "no-such-org/no-such-model"] if case == "model" else []
    proc = run("align", good, bad, "-o", tmp_path / "out.csv", *extra, check=False)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:") and message in lines[0], proc.stderr
    assert not (tmp_path / "out.csv").exists()


def test_one_empty_side_aligns_only_when_allowed(tmp_path: Path) -> None:
    empty = _write(tmp_path / "empty.txt", b"")
    refused = run("align", SEED_PAIR / "it.txt", empty, "-o", tmp_path / "x.csv", check=False)
    assert refused.returncode != 0 and "--allow-empty" in refused.stderr
    out = tmp_path / "allowed.csv"
    run("align", SEED_PAIR / "it.txt", empty, "-o", out, "--allow-empty", "--tgt-lang", "ja", "--quiet")
    table = pd.read_csv(out, keep_default_na=False, dtype=str)
    assert (table["tgt_ids"] == "").all()
    # One 1-0 bead per sentence of it.txt, in order.
    assert table["src_ids"].tolist() == [str(i) for i in range(len(read_document(SEED_PAIR / "it.txt", "it")))]


def test_export_a_review_from_the_workbench_database(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    from seed_review import copy_seed_db

    from align.review_store import ReviewStore
    from align.types import Annotation

    db = copy_seed_db(tmp_path_factory.getbasetemp(), tmp_path / "reviews.sqlite3")
    store = ReviewStore(db)
    (review,) = store.list_reviews()
    beads = store.beads(review.id)
    store.add_annotation(
        beads[5].id,
        Annotation("accuracy/mistranslation", "major", comment="=wrong tense"),
        expected_version=beads[5].version,
        reviewer="Aiko",
    )
    store.set_status(beads[0].id, "correct", expected_version=beads[0].version, reviewer="Aiko")
    store.set_post_edit(beads[2].id, "2024-09-27 (venerdì)", expected_version=beads[2].version, reviewer="Aiko")
    store.close()

    listing = run("export", "--db", db, "--list").stdout
    assert review.name in listing
    out = tmp_path / "review.csv"
    run("export", "--db", db, "-o", out, "--excel")
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False, dtype=str)
    for col in ("bead", "src_ids", "tgt_ids", "src_text", "tgt_text", "score", "status", "error_category",
                "severity", "comment", "post_edit", "reviewer", "updated_at"):  # fmt: skip
        assert col in table.columns
    assert table.loc[5, "error_category"] == "accuracy/mistranslation"
    assert table.loc[5, "severity"] == "major"
    assert table.loc[5, "comment"] == "'=wrong tense"  # never a live formula
    assert table.loc[5, "status"] == "has_errors"  # an annotation marks the bead
    assert table.loc[0, "status"] == "correct" and table.loc[0, "reviewer"] == "Aiko"

    tmx = tmp_path / "approved.tmx"
    run("export", "--db", db, "--review", str(review.id), "-o", tmx)
    text = tmx.read_text(encoding="utf-8")
    assert text.count("<tu>") == 2 and "2024-09-27 (venerdì)" in text

    missing = run("export", "--db", tmp_path / "nope.sqlite3", "-o", out, check=False)
    assert missing.returncode != 0 and "no review database" in missing.stderr


def test_align_pairs_a_moved_sentence_unless_monotonic(tmp_path: Path) -> None:
    rows = ja_en_pairs(12)
    (tmp_path / "ja.txt").write_text("\n".join(j for j, _ in rows) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n".join(moved_last([e for _, e in rows], 4)) + "\n", encoding="utf-8")
    for extra, expect_moved in (((), True), (("--monotonic",), False)):
        out = tmp_path / f"out{len(extra)}.csv"
        run("align", tmp_path / "ja.txt", tmp_path / "en.txt", "--presplit", *extra, "-o", out)
        table = pd.read_csv(out, keep_default_na=False, dtype=str)
        moved = table[table["flags"].str.contains("moved")]
        if expect_moved:
            assert moved[["src_ids", "tgt_ids"]].values.tolist() == [["4", "11"]]
        else:
            assert moved.empty
            tgt_ids = [int(i) for cell in table["tgt_ids"] for i in cell.split()]
            assert tgt_ids == sorted(tgt_ids)


def test_unknown_model_is_one_line_even_without_the_offline_variable(tmp_path: Path) -> None:
    # A user who never heard of HF_HUB_OFFLINE: with no route to the hub the hub client would retry
    # and log every attempt; the encoder checks the route first and reads only the local cache.
    env = {k: v for k, v in os.environ.items() if k != "HF_HUB_OFFLINE"}
    args = [
        SEED_PAIR / "ja.txt",
        SEED_PAIR / "it.txt",
        "--model",
        "no-such-org/no-such-model",
        "-o",
        tmp_path / "out.csv",
    ]
    proc = subprocess.run(
        [sys.executable, "-m", "align", "align", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=600,
    )
    assert proc.returncode != 0
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:") and "no-such-org/no-such-model" in lines[0], proc.stderr
    assert not (tmp_path / "out.csv").exists()
