"""The versions grid in a real headless Chromium against `streamlit run`: a reviewer starts a multi-version
review from uploaded files with the app's form, sees the grid, chooses the versions to show and opens a cell's
bead in that version's review, marks an error there, and the set's wide CSV downloaded afterwards has it.
Screenshots go to artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from app_server import BROWSER_MARKS, ROOT, Server, chromium_page, seed_server, wait_idle
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from align.review_store import ReviewStore
from review_app.versions_view import FLAG_WIDTH, PIVOT_WIDTH, ROW_HEIGHT, TEXT_WIDTH

ARTIFACTS = ROOT / "artifacts"
DATA = ROOT / "tests" / "data" / "multiway"

pytestmark = BROWSER_MARKS


@pytest.fixture
def server(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from seed_server(tmp_path, tmp_path_factory)


@pytest.fixture
def page() -> Iterator[object]:
    with chromium_page(height=1400, accept_downloads=True) as pg:
        yield pg


def _idle(page) -> None:  # type: ignore[no-untyped-def]
    wait_idle(page, 300_000)


def _grid_headers(page) -> list[str]:  # type: ignore[no-untyped-def]
    """The grid's column headers as the browser has them (the data grid's accessible table; not the index)."""
    cells = page.locator("[data-testid='stDataFrame'] table thead th")
    return [t.strip() for t in cells.all_inner_texts() if t.strip()]


def _choose_versions(page, labels: list[str], shown: int) -> None:  # type: ignore[no-untyped-def]
    """Pick ``labels`` in the box of versions to show, each once its chip is there, then wait for the run that
    shows ``shown`` versions. A click on an option of the dropdown just opened was at times dropped under load (no
    chip, no run; the pick of ko lost, the grid then showed zh alone), and a run could start after ``_idle`` had
    returned: each pick is checked by its chip and made again if it did not take, and the end waits for the run's
    caption, not for a time."""
    main = page.locator("[data-testid='stMain']")
    versions = main.get_by_role("combobox", name="Versions to show beside the pivot en")
    for label in labels:
        chip = _chip(main, label)
        for _ in range(3):
            if chip.count():  # taken, if late: its option is no longer offered
                break
            versions.click()
            page.get_by_role("option", name=label, exact=True).click()
            try:
                chip.wait_for(timeout=5_000)
                break
            except PlaywrightTimeoutError:
                continue
        expect(chip).to_be_visible()
        _idle(page)
    page.keyboard.press("Escape")
    expect(main.get_by_text(f"{shown} of 9 versions shown")).to_be_visible(timeout=300_000)
    _idle(page)


def _chip(main, label: str):  # type: ignore[no-untyped-def]
    """The chosen version's chip in the versions box, by its remove button: not by role, as the chips are hidden
    from the accessibility tree while the dropdown is open."""
    return main.locator(f"[data-testid='stMultiSelectTagsContainer'] button[aria-label='Remove {label}']")


def _headers_once_drawn(page, first: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The grid's headers once the grid of the last run is drawn (its first version's column is there): the data
    grid is drawn after the run that replaced it ends."""
    expect(page.locator("[data-testid='stDataFrame'] table thead th", has_text=first).first).to_be_attached()
    return _grid_headers(page)


def _row_y(box: dict[str, float], row: int) -> float:
    """The middle of a grid row on screen (a row among the first four, which the grid shows unscrolled)."""
    return box["y"] + 35 + ROW_HEIGHT * row + ROW_HEIGHT / 2


def test_a_version_review_started_from_the_form_in_a_real_browser(server: Server, page) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    # The reviewer's name from the address: without one the app saves no change (dc59b3b).
    page.goto(f"{server.url}/?reviewer=Vera", wait_until="domcontentloaded")
    page.locator("[data-testid='stMain'] table tbody tr").first.wait_for(timeout=60_000)
    _idle(page)
    page.get_by_role("button", name="Start a version review…").click()
    _idle(page)
    page.get_by_text("upload files", exact=True).click()
    _idle(page)
    files = [str(DATA / f"{n}.txt") for n in ["en", "de_planted", "ru", "ja"]]
    page.locator("[data-testid='stSidebar'] input[type='file']").set_input_files(files)
    _idle(page)
    pivot = page.get_by_label("Pivot (the others are aligned to it)")
    pivot.click()
    page.get_by_role("option", name="en.txt").click()
    _idle(page)
    page.get_by_label("Name", exact=True).fill("Porto")
    page.get_by_label("Name", exact=True).press("Enter")
    _idle(page)
    page.get_by_role("button", name="Align the versions").click()
    page.locator("[data-testid='stMain'] [data-testid='stDataFrame']").wait_for(timeout=600_000)
    _idle(page)
    page.screenshot(path=str(ARTIFACTS / "versions-grid.png"), full_page=True)

    store = ReviewStore(server.db)
    (info,) = store.list_review_sets()
    assert info.name == "Porto" and info.labels == ["en", "de", "ru", "ja"] and info.pivot == 0
    multi = store.set_alignment(info.id)
    main = page.locator("[data-testid='stMain']")
    main.get_by_text("Porto", exact=False).first.wait_for()
    # The pivot and three versions (the first three: the default) in a 1500 px window, the last flags column
    # past the right edge (the grid scrolls sideways; before, the texts' widths pushed Japanese off the grid).
    assert _grid_headers(page)[:6] == ["en", "de", "⚑ de", "ru", "⚑ ru", "ja"]

    # The grid's toolbar offers no CSV of its own (not formula-safe): the set's exports are below it.
    grid = main.locator("[data-testid='stDataFrame']")
    grid.hover()
    assert grid.locator("[data-testid='stElementToolbar']").count() == 1
    assert page.locator("[aria-label='Download as CSV']").is_hidden()

    # A click on a cell chooses its row and version for the boxes below the grid. Columns: the row numbers
    # (~50 px), en (pinned), then per version its text and flags; a header of 35 px, then the rows.
    box = main.locator("[data-testid='stDataFrame']").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 40 + PIVOT_WIDTH + TEXT_WIDTH + FLAG_WIDTH + 80, _row_y(box, 2))  # Russian, row 2
    _idle(page)
    expect(main.get_by_label("Row", exact=True)).to_have_value("2")
    expect(main.get_by_label("Version", exact=True)).to_have_value("ru")

    # Choose the columns: drop Russian and Japanese.
    for label in ["ru", "ja"]:
        main.get_by_role("button", name=f"Remove {label}").click()
        _idle(page)
    assert _grid_headers(page) == ["en", "de", "⚑ de"]
    page.keyboard.press("Escape")  # the versions' list stays open over the grid after a removal
    _idle(page)

    # Open the German cell of the row with the planted 240 million in the German review.
    row = next(r for r, jr in enumerate(multi.rows) if "240" in multi.text(jr, 1))
    page.mouse.click(box["x"] + 40 + PIVOT_WIDTH + 80, _row_y(box, row))
    _idle(page)
    expect(main.get_by_label("Row", exact=True)).to_have_value(str(row))
    expect(main.get_by_label("Version", exact=True)).to_have_value("de")
    main.locator("[data-testid='stCaptionContainer']", has_text="consensus_number").first.wait_for(timeout=30_000)
    main.get_by_role("button", name="Open this cell's review").click()
    bead = multi.rows[row].beads[1][0]
    page.get_by_text(f"Bead {bead} of").wait_for(timeout=60_000)
    _idle(page)
    page.screenshot(path=str(ARTIFACTS / "versions-cell-review.png"), full_page=True)
    assert main.get_by_text("Porto — de", exact=False).first.is_visible()
    assert "240" in main.locator(".st-key-bead_body").inner_text()

    # The reviewer marks an error there; back in the set, the wide CSV downloaded has it on the German cell.
    page.get_by_text("Add an error", exact=True).click()
    _idle(page)
    page.get_by_label("Comment").fill("240, not 420")
    page.get_by_label("Comment").press("Enter")
    _idle(page)
    page.get_by_role("button", name="Add error").click()
    page.get_by_text("Error saved.").wait_for(timeout=30_000)
    _idle(page)
    # The set stayed open (address, sidebar) while the cell's review was; its back button returns to the row.
    assert f"set={info.id}" in page.url and f"set_row={row}" in page.url
    main.get_by_role("button", name="← back to the set grid").click()
    _idle(page)
    page.screenshot(path=str(ARTIFACTS / "versions-back-to-grid.png"), full_page=True)
    main.locator("[data-testid='stDataFrame']").wait_for(timeout=60_000)
    _idle(page)
    expect(main.get_by_label("Row", exact=True)).to_have_value(str(row))
    expect(main.get_by_label("Version", exact=True)).to_have_value("de")
    with page.expect_download(timeout=60_000) as dl:
        main.get_by_test_id("stDownloadButton").get_by_role("button", name="Download").click()
    wide = pd.read_csv(dl.value.path(), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert dl.value.suggested_filename == "Porto-wide.csv"
    assert wide["status_de"][row] == "has_errors" and wide["comment_de"][row] == "240, not 420"
    assert wide["error_reviewer_de"][row] == "Vera"
    assert wide["status_de"].drop(index=row).eq("unreviewed").all()
    store.close()


#: Ten versions of the news set's first twelve sentences (benchmarks/data/news_multilingual.tsv), English the pivot.
TEN = ["en", "de", "fr", "es", "ru", "el", "ja", "zh", "ar", "ko"]


@pytest.fixture
def ten_server(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, int]]:
    """The app over a database holding one review set of ten versions (and nothing else), and the set's id."""
    import csv

    from seed_review import session_cache_dir

    from align.encoders import get_encoder
    from align.readers import document_from_text
    from align.versions import align_versions

    with (ROOT / "benchmarks" / "data" / "news_multilingual.tsv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))[:12]
    docs = [document_from_text("\n".join(r[x] for r in rows), x, presplit=True, name=f"{x}.txt") for x in TEN]
    db = tmp_path / "ten.sqlite3"
    store = ReviewStore(db)
    set_id = store.create_review_set(align_versions(docs, get_encoder("bundled")), "News in ten languages")
    store.close()
    srv = Server(db, session_cache_dir(tmp_path_factory.getbasetemp()), tmp_path / "streamlit.log")
    srv.start()
    try:
        yield srv, set_id
    finally:
        srv.kill()


def _text_lines(png: bytes) -> int:
    """Lines of text in the first grid row of a screenshot that starts at its top: bands of pixel rows holding
    ink (darker than the background) above the first row line (a pixel row all light grey)."""
    import io

    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("L")
    lines, inked = 0, False
    for y in range(img.height):
        row = [img.getpixel((x, y)) for x in range(img.width)]
        if all(190 <= v <= 245 for v in row):  # the line below the row
            break
        ink = any(v < 180 for v in row)
        lines += ink and not inked
        inked = ink
    return lines


def server_rows(server: Server, set_id: int) -> int:
    store = ReviewStore(server.db)
    try:
        return len(store.set_alignment(set_id).rows)
    finally:
        store.close()


def _on_screen(page, locator) -> bool:  # type: ignore[no-untyped-def]
    box = locator.bounding_box()
    view = page.viewport_size
    return (
        box is not None
        and box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= view["width"]
        and (box["y"] + box["height"] <= view["height"])
    )


@pytest.mark.parametrize("size", [(1440, 900), (1280, 720)])
def test_ten_versions_are_readable_with_the_pivot_on_screen(
    ten_server: tuple[Server, int], size: tuple[int, int]
) -> None:
    """With ten versions every cell was cut after about 25 characters and most columns lay off screen. Now the
    cells wrap their text, the pivot and the versions chosen are shown (three at first), the grid fits the window,
    and scrolled sideways it keeps the pivot at the left. The grid's columns as the browser has them are the ones
    it draws (its accessible table holds the visible columns only)."""
    server, set_id = ten_server
    ARTIFACTS.mkdir(exist_ok=True)
    width, height = size
    with chromium_page(width=width, height=height) as page:
        page.goto(f"{server.url}/?reviewer=Vera&set={set_id}", wait_until="domcontentloaded")  # a bookmark
        main = page.locator("[data-testid='stMain']")
        grid = main.locator("[data-testid='stDataFrame']")
        grid.wait_for(timeout=120_000)
        _idle(page)
        assert _on_screen(page, grid)
        # A cell shows its whole sentence, wrapped: the pivot's first (103 characters) on three lines.
        box = grid.bounding_box()
        assert box is not None
        first = {"x": box["x"] + 60, "y": box["y"] + 37, "width": PIVOT_WIDTH - 16, "height": ROW_HEIGHT + 4}
        assert _text_lines(page.screenshot(clip=first)) == 3
        assert _grid_headers(page)[:2] == ["en", "de"] and main.get_by_text("3 of 9 versions shown").is_visible()
        page.screenshot(path=str(ARTIFACTS / f"versions-ten-{width}x{height}.png"))

        # Choose Korean and Chinese instead of the first three: the pivot, then they, all on screen.
        for label in ["de", "fr", "es"]:
            main.get_by_role("button", name=f"Remove {label}").click()
            expect(_chip(main, label)).to_have_count(0)
            _idle(page)
        _choose_versions(page, ["ko", "zh"], shown=2)
        assert _headers_once_drawn(page, "⚑ zh") == ["en", "ko", "⚑ ko", "zh", "⚑ zh"]
        assert _on_screen(page, grid)
        page.screenshot(path=str(ARTIFACTS / f"versions-ten-chosen-{width}x{height}.png"))

        # Five versions do not fit: scrolled to the right end, the pivot stays, the first version is gone.
        _choose_versions(page, ["ar", "el", "ja"], shown=5)
        assert _headers_once_drawn(page, "ko")[:2] == ["en", "ko"] and "⚑ ja" not in _grid_headers(page)
        box = grid.bounding_box()
        assert box is not None
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 150)
        page.mouse.wheel(5000, 0)
        page.wait_for_timeout(800)
        scrolled = _grid_headers(page)
        assert scrolled[0] == "en" and scrolled[-1] == "⚑ ja" and "ko" not in scrolled, scrolled
        page.screenshot(path=str(ARTIFACTS / f"versions-ten-scrolled-{width}x{height}.png"))

        # A row typed in the Row box is brought into view (the grid stayed at its top: the last row was off screen).
        last = server_rows(server, set_id) - 1
        main.get_by_label("Row", exact=True).fill(str(last))
        main.get_by_label("Row", exact=True).press("Enter")
        _idle(page)
        page.wait_for_timeout(500)
        top, seen = page.evaluate(
            "(() => { const s = document.querySelector('.st-key-set_grid .dvn-scroller');"
            " return [s.scrollTop, s.clientHeight]; })()"
        )
        assert 35 + (last + 1) * ROW_HEIGHT > seen, "the grid shows every row: nothing to test"
        assert top <= last * ROW_HEIGHT and 35 + (last + 1) * ROW_HEIGHT <= top + seen + 1, (top, seen, last)
        page.screenshot(path=str(ARTIFACTS / f"versions-ten-row-{last}-{width}x{height}.png"))


def test_the_grid_fills_the_window(ten_server: tuple[Server, int]) -> None:
    """In 1440 x 900 the grid showed four rows with the window's lower part empty; now it takes the window's
    height: at least ten rows are on screen (nine whole, the tenth begun), the grid within the window."""
    server, set_id = ten_server
    ARTIFACTS.mkdir(exist_ok=True)
    with chromium_page(width=1440, height=900) as page:
        page.goto(f"{server.url}/?reviewer=Vera&set={set_id}", wait_until="domcontentloaded")
        grid = page.locator("[data-testid='stMain'] [data-testid='stDataFrame']")
        grid.wait_for(timeout=120_000)
        _idle(page)
        page.screenshot(path=str(ARTIFACTS / "versions-grid-1440x900.png"))
        box = grid.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 900
        rows_on_screen = (box["height"] - 35) / ROW_HEIGHT
        assert rows_on_screen >= 9.5, rows_on_screen
        # The grid draws them: the last of the ten is in its accessible table (it holds the rows drawn).
        drawn = page.locator("[data-testid='stDataFrame'] table tbody tr").count()
        assert drawn >= 10, drawn
