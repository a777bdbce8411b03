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
from playwright.sync_api import expect

from align.review_store import ReviewStore

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
    # Four versions side by side in a 1500 px window (before, the texts' widths pushed Japanese off the grid).
    assert _grid_headers(page) == ["en", "de", "⚑ de", "ru", "⚑ ru", "ja", "⚑ ja"]

    # The grid's toolbar offers no CSV of its own (not formula-safe): the set's exports are below it.
    grid = main.locator("[data-testid='stDataFrame']")
    grid.hover()
    assert grid.locator("[data-testid='stElementToolbar']").count() == 1
    assert page.locator("[aria-label='Download as CSV']").is_hidden()

    # A click on a cell chooses its row and version for the boxes below the grid. Columns: the row numbers
    # (~40 px), en (205 px, pinned), then per version its text (165 px) and flags (140 px); rows of 35 px.
    box = main.locator("[data-testid='stDataFrame']").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 40 + 205 + 165 + 140 + 80, box["y"] + 35 * 3 + 17)  # Russian, row 2
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
    page.mouse.click(box["x"] + 40 + 205 + 80, box["y"] + 35 * (row + 1) + 17)
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
    page.get_by_label("Open a version set").click()
    page.get_by_role("option", name="Porto — en, de, ru, ja", exact=False).click()
    main.locator("[data-testid='stDataFrame']").wait_for(timeout=60_000)
    _idle(page)
    with page.expect_download(timeout=60_000) as dl:
        main.get_by_test_id("stDownloadButton").get_by_role("button", name="Download").click()
    wide = pd.read_csv(dl.value.path(), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert dl.value.suggested_filename == "Porto-wide.csv"
    assert wide["status_de"][row] == "has_errors" and wide["comment_de"][row] == "240, not 420"
    assert wide["status_de"].drop(index=row).eq("unreviewed").all()
    store.close()
