"""Batch alignment (issue 13): manifests, a real batch on Ray with the bundled model, resume, broken documents.

Ray is started once for the module with one CPU (the runner uses it and leaves it running: it did not start
it) and shut down at the end; every batch kills its actors when it ends.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from align.accounts import assigned_to
from align.batch.driver import run_batch
from align.batch.ledger import Ledger
from align.batch.plan import DocSpec, Group, assign_round_robin, group_key, read_manifest
from align.batch.runner import RayOptions
from align.errors import InputError
from align.review_store import ReviewStore

DATA = Path(__file__).resolve().parent / "data"
SEED = Path(__file__).resolve().parent.parent / "corpora" / "openai-exec-departures-2024-09"
#: Four small real pairs (6-13 sentences a side).
PAIRS = [
    ("riverton/en.txt", "riverton/bn.txt"),
    ("news/en.txt", "news/de.txt"),
    ("multiway/en.txt", "multiway/ru.txt"),
    ("riverton/en.txt", "riverton/ta.txt"),
]


def _manifest_jsonl(path: Path, pairs: list[tuple[str, str]], **extra: object) -> Path:
    lines = [json.dumps({"group": f"g{i}", "files": [str(DATA / a), str(DATA / b)], **extra}) for i, (a, b) in
             enumerate(pairs)]  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# -- manifests (no Ray) -----------------------------------------------------------------------------


def test_csv_and_jsonl_manifests_list_the_same_groups(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    csv = tmp_path / "m.csv"
    csv.write_text(
        "group,file,lang,reviewer\nx,a/en.txt,en,anna\ny,/abs/de.txt,,\nx,a/de.txt,de,anna\ny,/abs/fr.txt,fr,\n",
        encoding="utf-8",
    )
    jsonl = tmp_path / "m.jsonl"
    jsonl.write_text(
        "# two groups\n"
        '{"group": "x", "files": ["a/en.txt", "a/de.txt"], "langs": ["en", "de"], "reviewer": "anna"}\n'
        "\n"
        '{"group": "y", "files": ["/abs/de.txt", "/abs/fr.txt"], "langs": [null, "fr"]}\n',
        encoding="utf-8",
    )
    want = [
        Group("x", (DocSpec(str(tmp_path / "a/en.txt"), "en"), DocSpec(str(tmp_path / "a/de.txt"), "de")), "anna"),
        Group("y", (DocSpec("/abs/de.txt", None), DocSpec("/abs/fr.txt", "fr"))),
    ]
    assert read_manifest(csv) == want
    assert read_manifest(jsonl) == want


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("m.csv", "group,path\nx,a.txt\n", "m.csv:1: the header must name the columns group and file"),
        ("m.csv", "group,file,colour\nx,a.txt,red\n", "(unknown: colour)"),
        ("m.csv", "group,file\nx,a.txt\nx\n", "m.csv:3: 1 fields, the header has 2"),
        ("m.csv", "group,file\nx,a.txt\ny,b.txt\ny,c.txt\n", "m.csv:2: group 'x' has 1 document"),
        ("m.csv", "group,file\nx,a.txt\nx,./a.txt\n", "m.csv:2: group 'x' names"),
        ("m.csv", "group,file,reviewer\nx,a.txt,anna\nx,b.txt,bob\n", "m.csv:3: group 'x' has two reviewers"),
        ("m.csv", "group,file\n,a.txt\n", "m.csv:2: empty group"),
        ("m.csv", "group,file\n", "the manifest lists no groups"),
        ("m.jsonl", '{"files": ["a.txt", "b.txt"]}\n{"files": ["c.txt", \n', "m.jsonl:2: not JSON"),
        ("m.jsonl", '["a.txt", "b.txt"]\n', "m.jsonl:1: a line is one JSON object per group, not list"),
        ("m.jsonl", '{"files": "a.txt b.txt"}\n', 'm.jsonl:1: "files" must be a list of file names'),
        ("m.jsonl", '{"files": ["a.txt", "b.txt"], "lang": ["en"]}\n', "m.jsonl:1: unknown key(s) lang"),
        ("m.jsonl", '{"files": ["a.txt", "b.txt"], "langs": ["en"]}\n', "one code (or null) per file"),
        ("m.jsonl", '{"group": 1, "files": ["a", "b"]}\n{"group": "1", "files": ["c", "d"]}\n', "listed twice"),
        ("m.jsonl", '{"files": ["a.txt", "b.txt"], "reviewer": 3}\n', 'm.jsonl:1: "reviewer" must be a string'),
        ("m.txt", "a.txt b.txt\n", "a manifest is .csv or .jsonl, not .txt"),
    ],
)
def test_a_bad_manifest_is_one_line_naming_file_and_line(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_manifest(path)
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_a_bad_manifest_stops_the_command_before_ray_starts(tmp_path: Path) -> None:
    from conftest import run_cli

    bad = tmp_path / "m.jsonl"
    bad.write_text('{"files": ["a.txt"]}\n', encoding="utf-8")
    proc = run_cli("batch", bad, "--db", tmp_path / "db.sqlite3", check=False)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [f"error: {bad}:1: group '1' has 1 document; a group needs two or more"]
    assert not (tmp_path / "db.sqlite3").exists()


def test_group_key_follows_the_contents_not_the_path(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("One.\n", encoding="utf-8")
    b.write_text("Eins.\n", encoding="utf-8")
    group = Group("g", (DocSpec(str(a)), DocSpec(str(b))))
    key = group_key(group)
    moved = tmp_path / "moved"
    moved.mkdir()
    shutil.copy(a, moved / "x.txt")
    shutil.copy(b, moved / "y.txt")
    assert group_key(Group("other label", (DocSpec(str(moved / "x.txt")), DocSpec(str(moved / "y.txt"))))) == key
    assert group_key(Group("g", (DocSpec(str(b)), DocSpec(str(a))))) != key  # source and target swapped
    assert group_key(Group("g", (DocSpec(str(a), "en"), DocSpec(str(b))))) != key
    assert group_key(group, presplit=True) != key
    b.write_text("Zwei.\n", encoding="utf-8")
    assert group_key(group) != key


def test_round_robin_assignment_keeps_a_manifest_reviewer() -> None:
    groups = [Group(str(i), (DocSpec("a"), DocSpec("b")), "zoe" if i == 1 else "") for i in range(4)]
    assert [g.reviewer for g in assign_round_robin(groups, ["anna", "bob"])] == ["anna", "zoe", "bob", "anna"]
    assert assign_round_robin(groups, []) == groups


# -- real batches on Ray ------------------------------------------------------------------------------


def _ray_processes() -> set[int]:
    """Ray's own processes started from this test process (raylet, GCS, workers), by pid."""
    out = subprocess.run(["ps", "-eo", "pid,ppid,stat,args"], capture_output=True, text=True, check=True).stdout
    rows = [line.split(None, 3) for line in out.splitlines()[1:]]
    return {
        int(r[0])
        for r in rows
        if len(r) == 4 and not r[2].startswith("Z") and ("ray::" in r[3] or "/ray/core/src/ray/" in r[3])
    }


@pytest.fixture(scope="module")
def ray_local() -> Iterator[None]:
    ray = pytest.importorskip("ray")
    before = _ray_processes()
    ray.init(num_cpus=1, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    try:
        yield
    finally:
        ray.shutdown()
        left = _ray_processes() - before
        # The agents the raylet starts take a moment to notice it is gone.
        for _ in range(50):
            if not left:
                break
            time.sleep(0.2)
            left = _ray_processes() - before
        assert not left, f"Ray processes left behind: {sorted(left)}"


ONE = RayOptions(workers=1)


def test_a_batch_makes_the_reviews_align_would_make(ray_local: None, tmp_path: Path) -> None:
    from align.encoders import get_encoder
    from align.pipeline import align_and_flag
    from align.readers import read_document

    manifest = _manifest_jsonl(tmp_path / "m.jsonl", PAIRS[:3])
    store = ReviewStore(tmp_path / "db.sqlite3")
    lines: list[str] = []
    summary = run_batch(read_manifest(manifest), store, ONE, say=lines.append, assign=["anna", "bob"])
    assert summary.ok and len(summary.created) == 3 and summary.already_done == 0
    assert summary.workers == 1 and summary.sentences > 0
    assert all(x > 0 for x in (summary.timings.encode, summary.timings.align, summary.timings.store))
    assert sum(line.startswith("[") for line in lines) == 3  # a progress line per group
    reviews = {r.id: r for r in store.list_reviews()}
    assert sorted(reviews) == sorted(summary.created)
    # Each review is what `python -m align align` gives for its pair: same beads, same flags.
    encoder = get_encoder()
    for k, (review_id, (a, b), who) in enumerate(zip(summary.created, PAIRS, ["anna", "bob", "anna"], strict=False)):
        src, tgt = read_document(DATA / a), read_document(DATA / b)
        want = align_and_flag(src, tgt, encoder)
        got = store.alignment(review_id)
        assert [(x.src, x.tgt) for x in got.beads] == [(x.src, x.tgt) for x in want.beads]
        assert [[f.code for f in fl] for fl in got.flags or [[]] * len(got.beads)] == [
            [f.code for f in fl] for fl in want.flags
        ]
        assert got.meta["batch"]["assigned_to"] == who
        assert assigned_to(store, review_id) == who  # what the app's accounts read
        assert reviews[review_id].name == f"g{k}: {Path(a).name} ({src.lang}) ↔ {Path(b).name} ({tgt.lang})"


class Crash(BaseException):
    """What a killed driver looks like to the code after the commit: nothing more runs."""


def test_a_rerun_after_a_crash_makes_only_the_missing_reviews(ray_local: None, tmp_path: Path, new_db) -> None:  # type: ignore[no-untyped-def]
    """On each store back end (the ledger reads review ids: SQLite may give a deleted one out again, PostgreSQL
    never)."""
    groups = read_manifest(_manifest_jsonl(tmp_path / "m.jsonl", PAIRS[1:4]))
    store = ReviewStore(new_db())

    def crash(review_id: int, _outcome: object) -> None:
        raise Crash

    with pytest.raises(Crash):
        run_batch(groups, store, ONE, on_commit=crash)
    first = store.list_reviews()
    assert len(first) == 1  # the first group finished before the crash and is kept

    again = run_batch(groups, store, ONE)
    assert again.ok and again.already_done == 1 and len(again.created) == 2
    keys = [group_key(g) for g in groups]
    assert sorted(store.alignment(r.id).meta["batch"]["key"] for r in store.list_reviews()) == sorted(keys)

    # A crash between the review's commit and the ledger's: the index still says pending, the review is found
    # by its key, and nothing is made twice; a deleted review's group is made again.
    store.set_setting(f"batch:{keys[0]}", "pending:0")
    store.delete_review(Ledger(store).done(keys[1]) or 0)
    third = run_batch(groups, store, ONE)
    assert third.already_done == 2 and len(third.created) == 1
    assert Ledger(store).done(keys[0]) is not None
    assert len(store.list_reviews()) == 3


def test_broken_documents_are_reported_and_the_batch_goes_on(ray_local: None, tmp_path: Path) -> None:
    """A folder: two pairs, three versions of one article (a review set), a binary file and an empty one (one
    failure line each, exit status 1), and a re-run that skips what is done."""
    from align.cli import main

    folder = tmp_path / "docs"
    folder.mkdir()
    for lang in ("de", "ru", "zh"):
        shutil.copy(DATA / "multiway" / f"{lang}.txt", folder / f"multi_{lang}.txt")
    for lang in ("en", "bn"):
        shutil.copy(DATA / "riverton" / f"{lang}.txt", folder / f"riv_{lang}.txt")
    for lang in ("it", "ja"):  # the seed article's opening
        lines = (SEED / f"{lang}.txt").read_text(encoding="utf-8").splitlines()[:30]
        (folder / f"oa_{lang}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "empty.txt").write_bytes(b"")
    db = tmp_path / "db.sqlite3"
    args = ["batch", str(folder), "--db", str(db), "--workers", "1", "--no-cache"]

    for run in range(2):
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            assert main(args) == 1
        lines = err.getvalue().splitlines()
        failed = [line for line in lines if line.startswith("failed:")]
        assert len(failed) == 2
        assert any("binary.txt" in line and "binary" in line.split("binary.txt", 1)[1] for line in failed)
        assert any("empty.txt: file is empty" in line for line in failed)
        assert not [line for line in lines if line.startswith("skipped:")]
        made = "2 review(s) created, 1 review set(s) created, 0 already done" if run == 0 else (
            "0 review(s) created, 3 already done")  # fmt: skip
        assert lines[-1].startswith(f"batch: {made}, 2 failed")
    store = ReviewStore(db)
    (info,) = store.list_review_sets()
    assert info.name == "multi_de.txt (de) + 2 versions" and info.labels == ["de", "ru", "zh"]
    names = sorted(r.name for r in store.list_reviews() if r.id not in info.reviews.values())
    assert names == ["oa_it.txt (it) ↔ oa_ja.txt (ja)", "riv_bn.txt (bn) ↔ riv_en.txt (en)"]


MULTI = ["multiway/en.txt", "multiway/de_planted.txt", "multiway/ru.txt", "multiway/ja.txt"]


def test_a_group_of_versions_becomes_a_review_set_and_resumes(ray_local: None, tmp_path: Path) -> None:
    """A manifest with four versions of one article (the planted German among them) and a pair: the versions
    make one review set, what python -m align align makes of them (rows, flags); a crash after its commit, or
    between the commit and the ledger, makes nothing twice; a deleted set's group is made again."""
    from align.encoders import get_encoder
    from align.readers import read_document
    from align.versions import align_versions

    lines = [json.dumps({"group": "porto", "files": [str(DATA / f) for f in MULTI], "reviewer": "anna"})]
    lines.append(json.dumps({"group": "pair", "files": [str(DATA / f) for f in PAIRS[1]]}))
    (tmp_path / "m.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    groups = read_manifest(tmp_path / "m.jsonl")
    store = ReviewStore(tmp_path / "db.sqlite3")

    def crash(_made: int, _outcome: object) -> None:
        raise Crash

    with pytest.raises(Crash):
        run_batch(groups, store, ONE, on_commit=crash)
    (info,) = store.list_review_sets()  # the set was committed whole before the crash
    assert info.labels == ["en", "de", "ru", "ja"] and info.pivot == 0 and len(info.reviews) == 3
    assert info.name == "porto: en.txt (en) + 3 versions"
    want = align_versions([read_document(DATA / f) for f in MULTI], get_encoder())
    got = store.set_alignment(info.id)
    assert got.rows == want.rows
    assert [[sorted(f.code for f in c) for c in r] for r in got.flags] == [
        [sorted(f.code for f in c) for c in r] for r in want.flags
    ]
    assert any(f.code == "consensus_number" for r in got.flags for f in r[1])  # the planted German
    assert {assigned_to(store, rid) for rid in info.reviews.values()} == {"anna"}

    lines2: list[str] = []
    again = run_batch(groups, store, ONE, say=lines2.append)
    assert again.ok and again.already_done == 1 and len(again.created) == 1 and not again.sets
    assert len(store.list_review_sets()) == 1

    # A crash between the set's commit and the ledger's: found by its key, not made twice.
    key = group_key(groups[0])
    store.set_setting(f"batch:{key}", "pending:0:0")
    assert Ledger(store).done(key) == info.id and store.get_setting(f"batch:{key}") == f"set:{info.id}"
    # A deleted set's group is made again.
    store.delete_review_set(info.id)
    third = run_batch(groups, store, ONE)
    assert third.already_done == 1 and len(third.sets) == 1 and not third.created
    assert len(store.list_review_sets()) == 1


def test_an_unknown_assignee_and_unpaired_documents_are_warned_about(ray_local: None, tmp_path: Path) -> None:
    """With accounts on, --assign zoe (no account) was silent, and a batch whose only problem was unpaired
    documents ended with no word beyond the unpaired lines (exit 0, kept)."""
    from align.accounts import add_account
    from align.cli import main

    folder = tmp_path / "docs"
    folder.mkdir()
    for lang in ("en", "bn"):
        shutil.copy(DATA / "riverton" / f"{lang}.txt", folder / f"riv_{lang}.txt")
    shutil.copy(DATA / "multiway" / "de.txt", folder / "alone_de.txt")  # no other version of its article here
    db = tmp_path / "db.sqlite3"
    store = ReviewStore(db)
    add_account(store, "anna", "admin", "anna's long password")
    store.close()
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["batch", str(folder), "--db", str(db), "--workers", "1", "--no-cache", "--assign", "zoe", "anna"])
    lines = err.getvalue().splitlines()
    assert code == 0, lines
    assert [line for line in lines if "'zoe'" in line and line.startswith("warning: reviewer 'zoe' has no account")]
    assert not [line for line in lines if "'anna'" in line]
    assert lines[-1].startswith("warning: 1 document unpaired"), lines
    assert [line for line in lines if line.startswith("unpaired:") and "alone_de.txt" in line]
    store = ReviewStore(db)
    (review,) = store.list_reviews()
    assert assigned_to(store, review.id) == "zoe"  # still assigned: the account may come later
    store.close()


# -- stopping a batch (Ctrl-C, kill) -------------------------------------------------------------------------

#: Ten pairs of one short news item (6 sentences a side): with one worker taking one group at a time, the batch
#: is still running when the first progress line comes.
NEWS_LANGS = ["de", "el", "es", "fi", "fr", "it", "ja", "ko", "pt", "ru"]


def _stop_batch(tmp_path: Path, signum: int, *, group: bool) -> tuple[int, list[str], Path, Path]:
    """Start ``python -m align batch`` on the ten news pairs, send ``signum`` (to the process group, as a
    terminal's Ctrl-C does, or to the driver alone) once the first group is stored. Started with SIGINT ignored,
    as a shell without job control starts a background job (``batch ... &`` in a script): that is how a user's
    batch ran on to the end after `kill -INT`. → exit status, stderr lines, manifest, database."""
    import os
    import signal
    import sys

    manifest = tmp_path / "m.jsonl"
    manifest.write_text(
        "".join(
            json.dumps({"group": f"g{lang}", "files": [str(DATA / "news/en.txt"), str(DATA / f"news/{lang}.txt")]})
            + "\n"
            for lang in NEWS_LANGS
        ),
        encoding="utf-8",
    )
    db = tmp_path / "db.sqlite3"
    cmd = [sys.executable, "-m", "align", "batch", str(manifest), "--db", str(db), "--no-cache"]
    proc = subprocess.Popen(
        [*cmd, "--workers", "1", "--groups-per-batch", "1"],
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": "1"},
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),  # SIGINT ignored, as `batch &` in a script
    )
    assert proc.stderr is not None
    lines: list[str] = []
    try:
        for line in proc.stderr:
            lines.append(line.rstrip("\n"))
            if line.startswith("[1/"):
                os.killpg(proc.pid, signum) if group else proc.send_signal(signum)
        code = proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    return code, lines, manifest, db


def test_ctrl_c_stops_the_batch_and_a_rerun_does_the_rest(tmp_path: Path) -> None:
    """SIGINT to the process group: the batch ran on to the end and said nothing (all 9 groups of a user's batch
    10.6 s after the signal). Now: exit 130, one line saying how to go on, every stored group whole (its review,
    its ledger entry), and a re-run makes the rest, each group once, with a line per group already done."""
    import signal

    from conftest import run_cli

    pytest.importorskip("ray")
    code, lines, manifest, db = _stop_batch(tmp_path, signal.SIGINT, group=True)
    assert code == 130, lines
    assert lines[-1].startswith("interrupted (SIGINT): ") and "re-run the same command" in lines[-1], lines
    assert not [x for x in lines if x.startswith("batch:") or "Traceback" in x]
    done = [x for x in lines if x.startswith("[")]
    store = ReviewStore(db)
    reviews = store.list_reviews()
    assert 1 <= len(reviews) == len(done) < len(NEWS_LANGS), lines  # stopped soon, nothing stored unsaid
    ledger = Ledger(store)
    for r in reviews:
        assert ledger.done(store.alignment(r.id).meta["batch"]["key"]) == r.id  # stored whole: indexed too
    store.close()

    again = run_cli("batch", manifest, "--db", db, "--no-cache", "--workers", "1", OMP_NUM_THREADS="1")
    out = again.stderr.splitlines()
    skipped = [x for x in out if x.endswith(", skipped") and ": already done (review " in x]
    assert len(skipped) == len(reviews) and skipped[0].startswith(f"[1/{len(NEWS_LANGS)}] "), out
    assert next(x for x in out if x.startswith("batch: ")).startswith(
        f"batch: {len(NEWS_LANGS) - len(reviews)} review(s) created, {len(reviews)} already done, 0 failed"
    )
    store = ReviewStore(db)
    keys = [store.alignment(r.id).meta["batch"]["key"] for r in store.list_reviews()]
    assert len(keys) == len(set(keys)) == len(NEWS_LANGS)  # each group once


def test_kill_stops_the_batch_with_one_line(tmp_path: Path) -> None:
    """SIGTERM to the driver: it stopped, but with Ray's C++ stack trace (`logging.cc: *** SIGTERM received`,
    several lines) and exit 1 or an abort. Now one line and exit 143, what was finished stored."""
    import signal

    pytest.importorskip("ray")
    code, lines, _manifest, db = _stop_batch(tmp_path, signal.SIGTERM, group=False)
    assert code == 128 + signal.SIGTERM, lines
    assert lines[-1].startswith("interrupted (SIGTERM): "), lines
    assert not [x for x in lines if "SIGTERM received" in x or "logging.cc" in x or "Traceback" in x], lines
    store = ReviewStore(db)
    assert 1 <= len(store.list_reviews()) == len([x for x in lines if x.startswith("[")]) < len(NEWS_LANGS)
