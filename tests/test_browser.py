"""The review app in a real headless Chromium against `streamlit run` on localhost.

A reviewer opens the sample, marks an error, the server process is killed and restarted, and the
CSV downloaded afterwards still has the error; a reviewer starts a review from two uploaded files
(a binary one is refused first). Screenshots go to artifacts/.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from app_server import BROWSER_MARKS, ROOT, Server, chromium_page, launch_chromium, seed_server, wait_idle
from playwright.sync_api import expect

from align.review_store import ReviewStore

ARTIFACTS = ROOT / "artifacts"


pytestmark = BROWSER_MARKS


@pytest.fixture
def server(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from seed_server(tmp_path, tmp_path_factory)


@pytest.fixture
def page() -> Iterator[object]:
    with chromium_page(height=1900, accept_downloads=True) as pg:
        yield pg


def _idle(page) -> None:  # type: ignore[no-untyped-def]
    wait_idle(page)


def test_review_in_a_real_browser_survives_a_server_restart(server: Server, page) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(server.url, wait_until="domcontentloaded")
    # the sample is on screen: bead 0 of the Japanese and Italian article, as plain text
    page.get_by_text("ニュース", exact=True).first.wait_for(timeout=60_000)
    page.get_by_text("notizia", exact=True).first.wait_for()
    rows = page.locator("[data-testid='stMain'] table tbody tr")
    rows.first.wait_for()
    _idle(page)
    page.screenshot(path=str(ARTIFACTS / "review-first-screen.png"), full_page=True)
    # a click on a row of the bead table opens that bead below it
    rows.nth(2).click()
    page.get_by_text("Bead 2 of").wait_for(timeout=30_000)
    _idle(page)
    rows.nth(0).click()
    page.get_by_text("Bead 0 of").wait_for(timeout=30_000)
    _idle(page)

    page.get_by_label("Your name (saved with every change)").fill("Browser Reviewer")
    page.get_by_label("Your name (saved with every change)").press("Enter")
    _idle(page)
    page.get_by_text("Add an error", exact=True).click()  # the error form opens when asked for
    _idle(page)
    page.get_by_label("Comment").fill("browser-marked omission")
    page.get_by_label("Comment").press("Enter")
    _idle(page)
    # In a window too short for table and panel together, the page must stay where the reviewer
    # works: redrawing the table after the save must not scroll it back up to the open bead's row.
    page.set_viewport_size({"width": 1500, "height": 700})
    page.get_by_role("button", name="Add error").click()
    page.get_by_text("Error saved.").wait_for(timeout=30_000)
    _idle(page)
    expect(page.get_by_role("button", name="Add error")).to_be_in_viewport()
    page.set_viewport_size({"width": 1500, "height": 1900})
    page.screenshot(path=str(ARTIFACTS / "review-error-marked.png"), full_page=True)

    store = ReviewStore(server.db)
    first = store.beads(store.list_reviews()[0].id)[0]
    assert [a.comment for a, _ in store.annotations(first.id)] == ["browser-marked omission"]
    store.close()

    server.kill()  # the annotation was confirmed on screen: it must survive a killed server
    server.start()
    page.goto(server.url, wait_until="domcontentloaded")
    page.get_by_text("browser-marked omission", exact=False).first.wait_for(timeout=60_000)
    _idle(page)
    page.get_by_text("Heat map", exact=True).click()
    page.locator("[data-testid='stVegaLiteChart'], [data-testid='stArrowVegaLiteChart']").first.wait_for(timeout=90_000)
    _idle(page)
    page.screenshot(path=str(ARTIFACTS / "review-heat-map.png"))
    page.get_by_text("Export", exact=True).click()
    _idle(page)
    with page.expect_download(timeout=30_000) as dl:
        page.get_by_role("button", name="Download CSV").click()
    data = Path(dl.value.path()).read_bytes()
    (ARTIFACTS / "review-export.csv").write_bytes(data)
    page.screenshot(path=str(ARTIFACTS / "review-export.png"), full_page=True)
    table = pd.read_csv(io.BytesIO(data), keep_default_na=False)
    row = table.iloc[0]
    assert (row["status"], row["comment"], row["reviewer"]) == (
        "has_errors",
        "browser-marked omission",
        "Browser Reviewer",
    )
    assert row["error_category"] == "accuracy/mistranslation" and row["severity"] == "major"
    assert (table["status"].iloc[1:] == "unreviewed").all()


def test_start_a_review_from_two_uploaded_files(server: Server, page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Two small real documents: the opening paragraphs of the seed pair, the Japanese one in Shift_JIS.
    pair = ROOT / "corpora" / "openai-exec-departures-2024-09"
    ja = "\n".join((pair / "ja.txt").read_text(encoding="utf-8").splitlines()[:6])
    it = "\n".join((pair / "it.txt").read_text(encoding="utf-8").splitlines()[:6])
    (tmp_path / "kiji.txt").write_bytes(ja.encode("cp932", errors="replace"))
    (tmp_path / "articolo.txt").write_text(it, encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)

    page.goto(server.url, wait_until="domcontentloaded")
    page.locator("[data-testid='stMain'] table tbody tr").first.wait_for(timeout=60_000)
    _idle(page)
    page.get_by_role("button", name="Start a new review…").click()
    _idle(page)
    page.get_by_text("upload two files").click()
    _idle(page)
    inputs = page.locator("[data-testid='stSidebar'] input[type='file']")
    # A binary file is refused with a message, and nothing is created.
    inputs.nth(0).set_input_files(str(tmp_path / "photo.png"))
    inputs.nth(1).set_input_files(str(tmp_path / "articolo.txt"))
    _idle(page)
    page.get_by_role("button", name="Align and start review").click()
    page.get_by_text("photo.png", exact=False).first.wait_for(timeout=30_000)
    _idle(page)
    store = ReviewStore(server.db)
    assert len(store.list_reviews()) == 1
    # Two text files (the new one replaces the refused one): the review is aligned, stored and opened.
    inputs.nth(0).set_input_files(str(tmp_path / "kiji.txt"))
    # The upload's run must be over before the click: a click racing it aligned the refused file again.
    page.locator("[data-testid='stSidebar']").get_by_text("kiji.txt").first.wait_for(timeout=30_000)
    _idle(page)
    page.get_by_role("button", name="Align and start review").click()
    main = page.locator("[data-testid='stMain']")
    # The progress ("Aligning kiji.txt ...") or, if the six lines were aligned within the fragment's second, the review.
    main.get_by_text("kiji.txt", exact=False).first.wait_for(timeout=60_000)
    # The alignment runs in the background: the open review stays on screen and usable (the page showed nothing
    # else while it aligned), and a click meanwhile (a new run of the page, which threw a page-bound alignment
    # away) neither stops nor restarts it. The six lines may be aligned before the click lands: it may open bead 2
    # of either review.
    main.locator("table tbody tr").nth(2).click()
    # Aligning with the real model and no embedding cache: ~40 s on a quiet 2-core machine, over 120 s when
    # the machine is busy; this test is about the flow, the time is benchmarks/review_speed.py's business.
    page.locator(".st-key-review_title").get_by_text("kiji.txt", exact=False).wait_for(timeout=300_000)
    _idle(page)
    page.screenshot(path=str(ARTIFACTS / "review-from-uploads.png"), full_page=True)
    reviews = store.list_reviews()
    assert len(reviews) == 2
    new = next(r for r in reviews if "kiji.txt" in r.name)
    assert (new.src_lang, new.tgt_lang) == ("ja", "it") and new.beads >= 3
    src, _ = store.documents(new.id)
    assert src.encoding is not None and src.encoding.lower().replace("_", "") in {"cp932", "shiftjis"}
    store.close()


def _open_bead(page, position: int) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label("Bead", exact=True).fill(str(position))
    page.get_by_label("Bead", exact=True).press("Enter")
    page.get_by_text(f"Bead {position} of").wait_for(timeout=30_000)
    _idle(page)


def test_a_click_on_the_heat_map_opens_that_bead(server: Server, page) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(server.url, wait_until="domcontentloaded")
    page.locator("[data-testid='stMain'] table tbody tr").first.wait_for(timeout=60_000)
    _idle(page)
    _open_bead(page, 7)
    page.get_by_text("Heat map", exact=True).click()
    chart = page.locator("[data-testid='stVegaLiteChart'], [data-testid='stArrowVegaLiteChart']").first
    chart.wait_for(timeout=90_000)
    _idle(page)
    # The boxes of the chosen alignment are the chart's second rect layer; Vega labels each with its bead.
    chart.locator("g.mark-rect path[aria-label*='bead: 12;']").first.click()
    _idle(page)
    page.screenshot(path=str(ARTIFACTS / "review-heat-map-click.png"))
    errors = page.locator("[data-testid='stException']")
    assert errors.count() == 0, errors.first.inner_text()  # was StreamlitWidgetAlreadyInstantiatedError
    page.get_by_text("Bead 12 of").wait_for(timeout=30_000)
    assert page.get_by_label("Bead", exact=True).input_value() == "12"
    page.get_by_role("button", name="▶").click()  # and the page goes on working
    page.get_by_text("Bead 13 of").wait_for(timeout=30_000)
    _idle(page)
    assert page.locator("[data-testid='stException']").count() == 0


def test_two_reviewers_in_two_browsers_are_credited_separately(server: Server) -> None:
    from playwright.sync_api import sync_playwright

    name_box = "Your name (saved with every change)"
    with sync_playwright() as p:
        browser = launch_chromium(p)
        pages = [browser.new_context(viewport={"width": 1500, "height": 1900}).new_page() for _ in range(2)]
        for pg, name, bead in zip(pages, ("Ana", "Ben"), (3, 4), strict=True):
            pg.goto(server.url, wait_until="domcontentloaded")
            pg.locator("[data-testid='stMain'] table tbody tr").first.wait_for(timeout=60_000)
            _idle(pg)
            pg.get_by_label(name_box).fill(name)
            pg.get_by_label(name_box).press("Enter")
            _idle(pg)
            _open_bead(pg, bead)
        # Ana reloads her page after Ben gave his name: she is still Ana, and her verdict is hers.
        ana = pages[0]
        ana.reload(wait_until="domcontentloaded")
        ana.locator("[data-testid='stMain'] table tbody tr").first.wait_for(timeout=60_000)
        _idle(ana)
        expect(ana.get_by_label(name_box)).to_have_value("Ana")
        _open_bead(ana, 3)
        for pg in pages:
            pg.get_by_role("button", name="✓ Correct, next").click()
            _idle(pg)
        ana.screenshot(path=str(ARTIFACTS / "review-two-reviewers-ana.png"))
        browser.close()
    store = ReviewStore(server.db)
    beads = store.beads(store.list_reviews()[0].id)
    assert (beads[3].status, beads[4].status) == ("correct", "correct")
    assert (beads[3].updated_by, beads[4].updated_by) == ("Ana", "Ben")
    store.close()


def _viewport_page(browser, server: Server, width: int, height: int, reviewer: str):  # type: ignore[no-untyped-def]
    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    page.goto(f"{server.url}/?reviewer={reviewer}", wait_until="domcontentloaded")
    page.locator("[data-testid='stMain'] table tbody tr").first.wait_for(timeout=60_000)
    _idle(page)
    return page


def _panel_box(page, side: str):  # type: ignore[no-untyped-def]
    """The open bead's source ("src") or target ("tgt") text as the panel shows it."""
    return page.locator(f".bead-text .text[data-side='{side}']")


def test_the_open_bead_fits_on_screen_at_1440x900_and_1280x720(server: Server) -> None:
    from playwright.sync_api import sync_playwright

    from align.editing import merge_with_next
    from align.types import Annotation

    ARTIFACTS.mkdir(exist_ok=True)
    store = ReviewStore(server.db)
    rid = store.list_reviews()[0].id
    # A long bead (the seed's longest pair merged with the four after it: over 600 characters) ...
    for _ in range(4):
        store.edit_alignment(store.beads(rid)[32].id, merge_with_next, expected_version=None, reviewer="Setup")
    long_bead = store.beads(rid)[32]
    frame = store.bead_frame(rid)
    assert len(frame["tgt_text"].iloc[32]) > 600
    # ... and a flagged one past the table's first screen, with an error.
    flagged = frame[frame["flags"].map(bool)].iloc[1]
    position, tgt_text = int(flagged["bead"]), str(flagged["tgt_text"])
    span = tgt_text.split()[1]
    start = tgt_text.index(span)
    ann = Annotation("accuracy/omission", "major", "a word is missing", "tgt", start, start + len(span))
    store.add_annotation(int(flagged["id"]), ann, reviewer="Setup")
    store.add_annotation(long_bead.id, Annotation("style", "minor", "long bead error"), reviewer="Setup")
    store.close()
    with sync_playwright() as p:
        browser = launch_chromium(p)
        for width, height in ((1440, 900), (1280, 720)):
            page = _viewport_page(browser, server, width, height, "Fit")
            _open_bead(page, position)
            page.screenshot(path=str(ARTIFACTS / f"review-screen-{width}x{height}.png"))
            # Everything a verdict needs, wholly inside the window, without scrolling the page.
            needed = [
                page.get_by_role("button", name="✓ Correct, next"),
                page.get_by_role("button", name="✗ Has errors"),
                page.get_by_role("button", name="↶ Undo"),
                page.get_by_role("button", name="◀"),
                page.get_by_role("button", name="▶"),
                page.get_by_role("button", name="Next unreviewed"),
                page.get_by_role("button", name="Next likely error"),
                page.get_by_text(f"Bead {position} of"),
                page.get_by_text(f"⚑ {flagged['flags'][0]}"),
                _panel_box(page, "src"),
                _panel_box(page, "tgt"),
                page.locator("[data-testid='stText']", has_text="a word is missing"),
                page.get_by_role("button", name="✕"),
                page.get_by_text("Add an error", exact=True),
            ]
            for locator in needed:
                expect(locator.first).to_be_in_viewport(ratio=1)
            error, remove = needed[-3].first.bounding_box(), needed[-2].first.bounding_box()
            assert error["y"] <= remove["y"] + remove["height"] / 2 <= error["y"] + error["height"]  # side by side
            # the error's words are highlighted in the panel and in the table's row
            expect(_panel_box(page, "tgt").locator("mark")).to_have_text(span)
            expect(page.locator(f"table tr[data-bead='{position}'] mark")).to_have_text(span)
            assert page.locator("[data-testid='stMain']").evaluate("e => e.scrollTop") == 0

            # The long bead with its error form and post-edit open: all of it on screen, the texts scroll
            # inside their boxes instead of pushing the form and the Save button below the window.
            _open_bead(page, 32)
            page.get_by_text("Add an error", exact=True).click()
            _idle(page)
            page.get_by_text("Post-edit", exact=True).click()
            _idle(page)
            page.screenshot(path=str(ARTIFACTS / f"review-long-bead-{width}x{height}.png"))
            for locator in [
                *needed[:7],
                page.get_by_text("Bead 32 of"),
                _panel_box(page, "src"),
                _panel_box(page, "tgt"),
                page.locator("[data-testid='stText']", has_text="long bead error"),
                page.get_by_label("Category"),
                page.get_by_label("Severity"),
                page.get_by_label("Span text", exact=True),
                page.get_by_label("Comment"),
                page.get_by_role("button", name="Add error"),
                page.get_by_label("Post-edit (your corrected translation of this pair)"),
                page.get_by_role("button", name="Save post-edit"),
            ]:
                expect(locator.first).to_be_in_viewport(ratio=1)
            assert page.locator("[data-testid='stMain']").evaluate("e => e.scrollTop") == 0
            page.context.close()
        browser.close()


def test_thirty_beads_reviewed_with_the_keyboard_alone(server: Server) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = _viewport_page(browser, server, 1440, 900, "Keys")
        page.get_by_text("Bead 0 of").wait_for()
        verdict = page.get_by_role("button", name="✓ Correct, next")
        where = verdict.bounding_box()
        for n in range(30):
            page.keyboard.press("a")  # correct, next
            page.get_by_text(f"Bead {n + 1} of").wait_for(timeout=30_000)
            _idle(page)
            assert verdict.bounding_box() == where  # the verdict button does not move from bead to bead
        page.keyboard.press("k")  # previous
        page.get_by_text("Bead 29 of").wait_for(timeout=30_000)
        _idle(page)
        page.keyboard.press("n")  # next unreviewed
        page.get_by_text("Bead 30 of").wait_for(timeout=30_000)
        _idle(page)
        page.keyboard.press("e")  # has errors: the error form opens; the error, once added, marks the bead
        page.get_by_label("Comment").wait_for(timeout=30_000)
        _idle(page)
        store = ReviewStore(server.db)
        rid = store.list_reviews()[0].id
        assert store.beads(rid)[30].status == "unreviewed"
        page.get_by_label("Comment").fill("a wrong word")
        page.get_by_label("Comment").press("Enter")
        _idle(page)
        page.get_by_role("button", name="Add error").click()
        page.get_by_text("Error saved.").wait_for(timeout=30_000)
        _idle(page)
        beads = store.beads(rid)
        assert [b.status for b in beads[:30]] == ["correct"] * 30 and {b.updated_by for b in beads[:30]} == {"Keys"}
        assert beads[30].status == "has_errors"
        unreviewed = store.bead_frame(rid).query("risk > 0 and status == 'unreviewed'")
        likely = int(unreviewed.sort_values(["risk", "bead"], ascending=[False, True])["bead"].iloc[0])
        store.close()
        page.keyboard.press("Escape")  # out of the comment box: keys are not shortcuts while typing
        page.locator("[data-testid='stMain'] table").first.click(position={"x": 5, "y": 5})
        page.keyboard.press("l")  # next likely error
        page.get_by_text(f"Bead {likely} of").wait_for(timeout=30_000)
        _idle(page)
        page.screenshot(path=str(ARTIFACTS / "review-keyboard.png"))
        browser.close()


def test_selecting_words_in_the_text_makes_the_error_span(server: Server, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server.url}/?reviewer=Sel", wait_until="domcontentloaded")
    page.locator("[data-testid='stMain'] table tbody tr").first.wait_for(timeout=60_000)
    _idle(page)
    _open_bead(page, 12)
    box = _panel_box(page, "tgt")
    b = box.bounding_box()
    # Drag across the first line of the target, as a reviewer selects words with the mouse.
    page.mouse.move(b["x"] + 12, b["y"] + 16)
    page.mouse.down()
    page.mouse.move(b["x"] + min(160, b["width"] - 20), b["y"] + 16, steps=8)
    page.mouse.up()
    _idle(page)
    field = page.get_by_label("Span text", exact=True)
    field.wait_for(timeout=30_000)  # the error form opened with the selection
    picked = field.input_value()
    text = box.inner_text()
    assert picked and text.startswith(picked.split()[0]) and picked in text
    page.get_by_label("Comment").fill("picked by selection")
    page.get_by_role("button", name="Add error").click()
    page.get_by_text("Error saved.").wait_for(timeout=30_000)
    _idle(page)
    expect(box.locator("mark")).to_have_text(picked)
    page.screenshot(path=str(ARTIFACTS / "review-span-selected.png"))
    store = ReviewStore(server.db)
    bead = store.beads(store.list_reviews()[0].id)[12]
    ((ann, _),) = store.annotations(bead.id)
    assert (ann.span_side, ann.comment) == ("tgt", "picked by selection")
    assert text[ann.span_start : ann.span_end] == picked
    # whole words: a selection that ends inside a word takes all of it
    assert ann.span_start == 0 or not text[ann.span_start - 1].isalnum()
    assert ann.span_end == len(text) or not text[ann.span_end].isalnum()
    store.close()


def test_a_conflict_between_two_browsers_is_shown_not_overwritten(server: Server) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        ana, ben = (_viewport_page(browser, server, 1440, 900, name) for name in ("Ana", "Ben"))
        for page in (ana, ben):
            _open_bead(page, 3)
            page.get_by_text("Post-edit", exact=True).click()
            page.get_by_label("Post-edit (your corrected translation of this pair)").wait_for(timeout=30_000)
            _idle(page)
        box = "Post-edit (your corrected translation of this pair)"
        ben.get_by_label(box).fill("Ben's post-edit")  # Ben types while Ana saves hers
        ana.get_by_label(box).fill("Ana's post-edit")
        ana.get_by_role("button", name="Save post-edit").click()
        ana.get_by_text("Post-edit saved.").wait_for(timeout=30_000)
        ben.get_by_role("button", name="Save post-edit").click()
        ben.get_by_text("post-edit was changed by Ana", exact=False).wait_for(timeout=30_000)
        _idle(ben)
        ben.screenshot(path=str(ARTIFACTS / "review-conflict.png"))
        expect(ben.get_by_label(box)).to_have_value("Ben's post-edit")  # his text is not lost
        expect(
            ben.get_by_text("post-edit was changed by Ana", exact=False)
        ).to_be_in_viewport()  # beside the button he clicked
        browser.close()
    store = ReviewStore(server.db)
    bead = store.beads(store.list_reviews()[0].id)[3]
    assert (bead.post_edit, bead.updated_by) == ("Ana's post-edit", "Ana")
    store.close()


_PE_BOX = "Post-edit (your corrected translation of this pair)"


def _key(page, key: str) -> None:  # type: ignore[no-untyped-def]
    """Press a shortcut with the focus out of every field (keys typed into a field are text, not shortcuts)."""
    page.locator("[data-testid='stMain'] table thead").first.click(position={"x": 5, "y": 5})
    page.keyboard.press(key)


def test_a_saved_post_edit_is_never_replaced_by_an_empty_draft(server: Server) -> None:
    """The reviewer's report: saved, the box closed, J and K, and the box came back empty as a "draft" that one
    click on Save then stored; after a merge and its undo too. Here every step checks what is stored and shown."""
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    store = ReviewStore(server.db)
    rid = store.list_reviews()[0].id
    bead = store.beads(rid)[5]
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = _viewport_page(browser, server, 1440, 900, "Pia")
        _open_bead(page, 5)
        page.get_by_text("Post-edit", exact=True).click()
        box = page.get_by_label(_PE_BOX)
        box.wait_for(timeout=30_000)
        _idle(page)
        box.fill("Testo rivisto da Pia.")
        page.get_by_role("button", name="Save post-edit").click()
        page.get_by_text("Post-edit saved.").wait_for(timeout=30_000)
        _idle(page)
        page.get_by_text("Post-edit", exact=True).click()  # the box closed
        _idle(page)
        for key, shown in (("j", 6), ("k", 5)):
            _key(page, key)
            page.get_by_text(f"Bead {shown} of").wait_for(timeout=30_000)
            _idle(page)
        expect(page.get_by_text("is not saved", exact=False)).to_have_count(0)
        expect(box).to_have_value("Testo rivisto da Pia.")  # the box opened by itself on the stored text
        expect(page.get_by_text("is a draft", exact=False)).to_have_count(0)
        page.get_by_role("button", name="Save post-edit").click()
        page.get_by_text("Post-edit saved.").wait_for(timeout=30_000)
        _idle(page)
        assert store.bead(bead.id).post_edit == "Testo rivisto da Pia."
        # merged with the next pair, then Z
        page.get_by_text("Fix the alignment", exact=True).click()
        _idle(page)
        page.get_by_role("button", name="Merge with next").click()
        page.get_by_text("Bead 5 of").wait_for(timeout=30_000)
        _idle(page)
        expect(page.get_by_text("is not saved", exact=False)).to_have_count(0)  # no false warning
        assert len(store.beads(rid)) == len(store.alignment(rid).beads)
        _key(page, "z")
        page.get_by_text("Undone: merge", exact=False).wait_for(timeout=30_000)
        _idle(page)
        assert store.beads(rid)[5].id == bead.id and store.beads(rid)[5].post_edit == "Testo rivisto da Pia."
        expect(box).to_have_value("Testo rivisto da Pia.")
        expect(page.get_by_text("is a draft", exact=False)).to_have_count(0)
        page.get_by_role("button", name="Save post-edit").click()
        _idle(page)
        page.screenshot(path=str(ARTIFACTS / "review-post-edit-kept.png"))
        browser.close()
    assert store.bead(bead.id).post_edit == "Testo rivisto da Pia."
    store.close()


def test_drafts_typed_on_one_bead_never_appear_on_another(server: Server) -> None:
    from playwright.sync_api import sync_playwright

    from align.types import join_segments

    ARTIFACTS.mkdir(exist_ok=True)
    store = ReviewStore(server.db)
    rid = store.list_reviews()[0].id
    beads = store.beads(rid)
    tgt_doc = store.documents(rid)[1]
    word = join_segments(tgt_doc, beads[12].tgt).split()[0]
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = _viewport_page(browser, server, 1440, 900, "Iva")
        _open_bead(page, 12)
        page.get_by_text("Add an error", exact=True).click()
        _idle(page)
        page.get_by_text("Post-edit", exact=True).click()
        page.get_by_label(_PE_BOX).wait_for(timeout=30_000)
        _idle(page)
        page.get_by_label("Comment").fill("a draft for 12")
        page.get_by_label("Span text", exact=True).fill(word)
        page.get_by_label(_PE_BOX).fill("post-edit draft for 12")
        page.get_by_role("button", name="▶").click()  # what was typed arrives with the click
        page.get_by_text("Bead 13 of").wait_for(timeout=30_000)
        _idle(page)
        page.screenshot(path=str(ARTIFACTS / "review-drafts-left-behind.png"))
        page.get_by_text("Your post-edit of bead 12 is not saved", exact=False).wait_for()
        page.screenshot(path=str(ARTIFACTS / "review-drafts-left-behind.png"))
        page.get_by_text("Add an error", exact=True).click()
        _idle(page)
        page.get_by_text("Post-edit", exact=True).click()
        page.get_by_label(_PE_BOX).wait_for(timeout=30_000)
        _idle(page)
        expect(page.get_by_label("Comment")).to_have_value("")
        expect(page.get_by_label("Span text", exact=True)).to_have_value("")
        expect(page.get_by_label(_PE_BOX)).to_have_value(join_segments(tgt_doc, beads[13].tgt))  # bead 13's MT
        page.get_by_role("button", name="Add error").click()
        page.get_by_text("Error saved.").wait_for(timeout=30_000)
        _idle(page)
        ((ann, _),) = store.annotations(beads[13].id)
        assert (ann.comment, ann.span_side) == ("", None)  # nothing of bead 12's draft
        page.get_by_role("button", name="◀").click()
        page.get_by_text("Bead 12 of").wait_for(timeout=30_000)
        _idle(page)
        expect(page.get_by_label("Comment")).to_have_value("a draft for 12")
        expect(page.get_by_label("Span text", exact=True)).to_have_value(word)
        expect(page.get_by_label(_PE_BOX)).to_have_value("post-edit draft for 12")
        page.get_by_role("button", name="Save post-edit").click()
        page.get_by_text("Post-edit saved.").wait_for(timeout=30_000)
        page.screenshot(path=str(ARTIFACTS / "review-drafts-back.png"))
        browser.close()
    assert store.bead(beads[12].id).post_edit == "post-edit draft for 12"
    assert store.annotations(beads[12].id) == [] and store.bead(beads[13].id).post_edit == ""
    store.close()


def test_keys_work_right_after_a_dropdown_is_used(server: Server) -> None:
    """Choosing in a select (the Flag filter) leaves the focus on the page: J, N, L work without a click."""
    from playwright.sync_api import sync_playwright

    store = ReviewStore(server.db)
    frame = store.bead_frame(store.list_reviews()[0].id)
    store.close()
    omitted = frame.loc[frame["flags"].map(lambda codes: "omission" in codes), "bead"].tolist()
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = _viewport_page(browser, server, 1280, 720, "Keys")
        page.get_by_label("Flag", exact=True).click()
        page.get_by_role("option", name="omission", exact=True).click()
        page.get_by_text(f"Bead {omitted[0]} of").wait_for(timeout=30_000)  # the filter hid bead 0: its first opens
        _idle(page)
        page.keyboard.press("j")
        page.get_by_text(f"Bead {omitted[1]} of").wait_for(timeout=30_000)
        _idle(page)
        page.get_by_label("Flag", exact=True).click()  # and with the keyboard: Enter picks "any"
        page.keyboard.press("Home")
        page.keyboard.press("Enter")
        _idle(page)
        page.keyboard.press("j")
        page.get_by_text(f"Bead {omitted[1] + 1} of").wait_for(timeout=30_000)
        browser.close()


def test_verdict_and_navigation_stay_put_and_a_flag_note_keeps_its_line(server: Server) -> None:
    """At 1280x720: "E"'s message, three errors, the error form, the post-edit and the alignment tools open
    never move the verdict and navigation rows nor scroll the page (the bead's part scrolls inside its box);
    a long flag note stays on its own line, under the header."""
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    store = ReviewStore(server.db)
    frame = store.bead_frame(store.list_reviews()[0].id)
    store.close()
    flagged = frame[frame["flags"].map(len) == 1]
    position = int(flagged.loc[flagged["flag_messages"].map(lambda m: len(m[0])).idxmax(), "bead"])
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = _viewport_page(browser, server, 1280, 720, "Rita")
        _open_bead(page, position)
        blocks = page.locator("[data-testid='stMain'] [data-testid='stMarkdownContainer']")
        header = blocks.filter(has_text=f"Bead {position} of").last.bounding_box()
        note = blocks.filter(has_text=str(frame.loc[position, "flag_messages"][0])).last.bounding_box()
        assert note["y"] >= header["y"] + header["height"] - 1, (header, note)  # drawn below the header line
        buttons = [page.get_by_role("button", name=n) for n in ("✓ Correct, next", "↶ Undo", "▶", "Next likely error")]
        where = [b.bounding_box() for b in buttons]
        _key(page, "e")
        page.get_by_label("Comment").wait_for(timeout=30_000)
        _idle(page)
        assert [b.bounding_box() for b in buttons] == where  # the hint appears below them, not between them
        for n in range(3):
            page.get_by_label("Comment").fill(f"error {n}")
            page.get_by_role("button", name="Add error").click()
            _idle(page)
        page.get_by_text("Post-edit", exact=True).click()
        _idle(page)
        page.get_by_text("Fix the alignment", exact=True).click()
        _idle(page)
        page.screenshot(path=str(ARTIFACTS / "review-everything-open-1280x720.png"))
        assert [b.bounding_box() for b in buttons] == where
        for b in buttons:
            expect(b).to_be_in_viewport(ratio=1)
        main = page.locator("[data-testid='stMain']")
        assert main.evaluate("e => e.scrollHeight <= e.clientHeight && e.scrollTop === 0")  # the page does not scroll
        body = page.locator(".st-key-bead_body")
        assert body.evaluate("e => e.scrollHeight > e.clientHeight")  # the bead's part scrolls in its box instead
        page.get_by_role("button", name="Save post-edit").scroll_into_view_if_needed()
        expect(page.get_by_role("button", name="Save post-edit")).to_be_in_viewport(ratio=1)
        assert [b.bounding_box() for b in buttons] == where
        browser.close()


def test_a_merge_and_a_split_say_what_they_did(server: Server) -> None:
    """At 1280x720, "Merge with next" on bead 9 and then "Split" say what happened, beside the tools, and the
    message is still there once the page has settled (the table and texts changed without a word before)."""
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = _viewport_page(browser, server, 1280, 720, "Mia")
        _open_bead(page, 9)
        page.get_by_text("Fix the alignment", exact=True).click()
        _idle(page)
        page.get_by_role("button", name="Merge with next").click()
        merged = page.get_by_text("Merged beads 9 and 10: now bead 9.", exact=False)
        merged.wait_for(timeout=30_000)
        _idle(page)
        page.wait_for_timeout(1000)
        expect(merged).to_be_in_viewport()
        page.screenshot(path=str(ARTIFACTS / "review-merge-message.png"))
        store = ReviewStore(server.db)
        bead = store.beads(store.list_reviews()[0].id)[9]
        store.close()
        src_at, tgt_at = len(bead.src) // 2, len(bead.tgt) // 2  # the split boxes' defaults
        page.get_by_role("button", name="Split", exact=True).click()
        split = page.get_by_text(
            f"Split bead 9 after source sentence {src_at} and target sentence {tgt_at}: now beads 9–10.", exact=False
        )
        split.wait_for(timeout=30_000)
        _idle(page)
        page.wait_for_timeout(1000)
        expect(split).to_be_in_viewport()
        expect(merged).to_have_count(0)  # one message, about the last action
        browser.close()


def test_long_review_names_are_shown_whole_in_the_sidebar_at_1280x720(server: Server) -> None:
    """The 250 px sidebar cut long review names (the progress list at 40 characters, the "Open review" list at
    its width): two reviews of one file with different endings could not be told apart."""
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    long = "Quarterly board minutes 2024-09 (Japanese to Italian), second pass by the legal team — draft B"
    store = ReviewStore(server.db)
    store.create_review(store.alignment(store.list_reviews()[0].id), long)
    store.close()
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = _viewport_page(browser, server, 1280, 720, "Noa")
        sidebar = page.locator("[data-testid='stSidebar']")
        label = sidebar.locator("[data-testid='stProgress'] p").filter(has_text="Quarterly")
        expect(label).to_have_text(f"{long}: 0%")
        assert label.evaluate("e => e.scrollWidth <= e.clientWidth")  # wrapped, not running out of the sidebar
        page.get_by_label("Open review").click()
        option = page.get_by_role("option").filter(has_text="Quarterly").locator("div").first
        expect(option).to_contain_text(long)
        page.screenshot(path=str(ARTIFACTS / "review-long-names-1280x720.png"))
        # The whole text inside the option's box: neither cut at its width nor at one line's height.
        assert option.evaluate("e => e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.parentElement.clientHeight")
        box, view = option.bounding_box(), page.viewport_size
        assert box["x"] >= 0 and box["x"] + box["width"] <= view["width"] and box["height"] > 40, box
        browser.close()


def test_a_refused_action_leaves_the_current_status_on_screen(server: Server) -> None:
    """Two browsers on bead 3: Ana marks it correct, then Ben, whose screen still shows it unreviewed, sets it
    back to unreviewed and then has another go with "Has errors"; Ana merges beads 5 and 6 and Ben clicks ▶ onto
    the old bead 5 and marks it correct. Each refused action leaves Ben's screen showing what is stored now."""
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = launch_chromium(p)
        ana, ben = (_viewport_page(browser, server, 1440, 900, name) for name in ("Ana", "Ben"))
        for page in (ana, ben):
            _open_bead(page, 3)
        _key(ana, "a")
        ana.get_by_text("Bead 4 of").wait_for(timeout=30_000)
        _idle(ana)
        expect(ben.get_by_text("○ unreviewed", exact=True)).to_have_count(1)  # Ben's screen is behind
        ben.get_by_role("button", name="○ Unreviewed").click()
        ben.get_by_text("Not saved", exact=False).first.wait_for(timeout=30_000)
        _idle(ben)
        ben.screenshot(path=str(ARTIFACTS / "review-refused-status.png"))
        header = ben.locator("[data-testid='stMain'] [data-testid='stMarkdownContainer']").filter(has_text="Bead 3 of")
        expect(header).to_contain_text("✓ correct")
        row = ben.locator("[data-testid='stMain'] table tbody tr[data-bead='3']")
        expect(row.locator("td").nth(2)).to_have_text("✓")
        # Ana merges 5 and 6 while Ben has bead 5 of the old alignment open.
        _open_bead(ben, 5)
        _open_bead(ana, 5)
        ana.get_by_text("Fix the alignment", exact=True).click()
        _idle(ana)
        ana.get_by_role("button", name="Merge with next").click()
        ana.get_by_text("Merged beads 5 and 6", exact=False).wait_for(timeout=30_000)
        ben.get_by_role("button", name="✓ Correct, next").click()
        ben.get_by_text("Not saved", exact=False).first.wait_for(timeout=30_000)
        _idle(ben)
        store = ReviewStore(server.db)
        beads = store.beads(store.list_reviews()[0].id)
        store.close()
        merged = beads[5]
        assert merged.status == "unreviewed"  # refused, not written over the merge
        header = ben.locator("[data-testid='stMain'] [data-testid='stMarkdownContainer']").filter(has_text="Bead 5 of")
        expect(header).to_contain_text(f"Bead 5 of {len(beads)} · {len(merged.src)}-{len(merged.tgt)}")
        ben.screenshot(path=str(ARTIFACTS / "review-refused-after-merge.png"))
        browser.close()


def test_correct_next_redraws_only_the_table_rows_that_changed(server: Server) -> None:
    """ "Correct, next" changes two rows of the bead table (the verdict of one, the open bead): the browser
    replaces those two and keeps the other rows' elements (setting the whole table again made it parse, style
    and lay out every row after each action: most of the table's share of the time per bead)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = _viewport_page(browser, server, 1440, 900, "Ida")
        _open_bead(page, 4)
        rows = page.locator("[data-testid='stMain'] table tbody tr")
        count = rows.count()
        assert count > 10
        rows.evaluate_all("rs => rs.forEach((r) => { r.__kept = true; })")
        _key(page, "a")
        page.get_by_text("Bead 5 of").wait_for(timeout=30_000)
        _idle(page)
        kept = rows.evaluate_all("rs => rs.map((r) => [Number(r.dataset.bead), r.__kept === true])")
        assert len(kept) == count
        assert [b for b, k in kept if not k] == [4, 5], kept
        expect(page.locator("[data-testid='stMain'] table tbody tr[data-bead='4'] td").nth(2)).to_have_text("✓")
        expect(page.locator("[data-testid='stMain'] table tbody tr.current")).to_have_attribute("data-bead", "5")
        # A click on a replaced row still opens its bead.
        page.locator("[data-testid='stMain'] table tbody tr[data-bead='4']").click()
        page.get_by_text("Bead 4 of").wait_for(timeout=30_000)
        browser.close()


def test_keys_work_right_after_enter_in_a_number_or_search_field(server: Server) -> None:
    """Enter in the Bead or Page box (or the search box) is the end of typing there: J, A, L work at once.

    A new user on a 1,000-sentence review typed a page number, pressed Enter and then J: nothing happened,
    the focus was still in the box (Streamlit's key shortcuts do not fire while typing in a field)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = _viewport_page(browser, server, 1440, 900, "Keys")
        bead = page.get_by_label("Bead", exact=True)
        bead.fill("5")
        bead.press("Enter")
        page.get_by_text("Bead 5 of").wait_for(timeout=30_000)
        _idle(page)
        page.keyboard.press("j")
        page.get_by_text("Bead 6 of").wait_for(timeout=30_000)
        _idle(page)
        pages = page.get_by_label("Page (of 3)", exact=True)
        pages.fill("2")
        pages.press("Enter")
        page.locator("[data-testid='stMain'] table tbody tr td").filter(has_text="50").first.wait_for(timeout=30_000)
        _idle(page)
        page.keyboard.press("j")
        page.get_by_text("Bead 7 of").wait_for(timeout=30_000)
        _idle(page)
        search = page.get_by_label("Search text (either side)", exact=True)
        search.fill("altman")
        search.press("Enter")
        _idle(page)
        header = page.get_by_text(re.compile(r"^Bead \d+ of \d+")).first
        before = header.inner_text().split(" · ")[0]
        page.keyboard.press("j")
        expect(header).not_to_contain_text(before + " ", timeout=30_000)
        browser.close()
