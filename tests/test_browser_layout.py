"""The review screen's layout at 1280x720 in a real Chromium: nothing cut, nothing drawn over anything else.

A reviewer found at that size the alignment tools' labels cut ("Detach first so…"), the export view's notice
drawn over the line above it, and the page title touching the "Search text" box. These tests measure the
boxes Playwright reports (for text: the box of its lines, which can run out of the element that holds it).
Screenshots go to artifacts/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from app_server import BROWSER_MARKS, ROOT, Server, launch_chromium, seed_server, wait_idle

ARTIFACTS = ROOT / "artifacts"

pytestmark = BROWSER_MARKS

#: Each element of the main area with the box of what it draws: its own box joined with its text's lines
#: (markdown pulled up by a negative margin draws its last line below its own box). Elements inside another
#: one's box are left out (a column of the filters inside its row), and so is what is not drawn.
_BOXES_JS = """
(root) => {
  const all = [...root.querySelectorAll("[data-testid='stElementContainer']")];
  const out = [];
  for (const el of all) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    let top = r.top, bottom = r.bottom, left = r.left, right = r.right;
    const text = el.querySelector("[data-testid='stMarkdownContainer'], [data-testid='stAlertContentInfo'], "
      + "[data-testid='stAlertContentWarning'], [data-testid='stCaptionContainer']");
    if (text && !el.querySelector("[data-testid='stWidgetLabel']")) {
      const range = document.createRange();
      range.selectNodeContents(text);
      const t = range.getBoundingClientRect();
      if (t.height > 0) {
        top = Math.min(top, t.top); bottom = Math.max(bottom, t.bottom);
        left = Math.min(left, t.left); right = Math.max(right, t.right);
      }
    }
    const what = (el.innerText || el.firstElementChild?.dataset.testid || "").slice(0, 50);
    out.push({el, top, bottom, left, right, what});
  }
  const overlaps = [];
  for (let i = 0; i < out.length; i++) {
    for (let j = i + 1; j < out.length; j++) {
      const a = out[i], b = out[j];
      if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
      const across = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const down = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (across > 1 && down > 1) overlaps.push([a.what, b.what, Math.round(down)]);
    }
  }
  return overlaps;
}
"""

#: Where an element's text lines end (they can run out of its box).
_TEXT_BOTTOM_JS = (
    "e => { const r = document.createRange(); r.selectNodeContents(e); return r.getBoundingClientRect().bottom; }"
)

#: The alignment tools' buttons, as the reviewer reads them.
_TOOLS = [
    "Merge with previous",
    "Merge with next",
    "Split",
    *(
        f"{what} {side}{where}"
        for side in ("source", "target")
        for what, where in (
            ("First", " → previous pair"),
            ("Last", " → next pair"),
            ("Detach first", ""),
            ("Detach last", ""),
        )
    ),
]


@pytest.fixture
def server(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from seed_server(tmp_path, tmp_path_factory)


def _overlaps(page: Any) -> list[list[Any]]:
    return page.locator("[data-testid='stMain']").evaluate(_BOXES_JS)


def _inside(inner: dict[str, float], outer: dict[str, float]) -> bool:
    return (
        inner["x"] >= outer["x"] - 0.5
        and inner["y"] >= outer["y"] - 0.5
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 0.5
    )


def test_nothing_is_cut_or_drawn_over_at_1280x720(server: Server) -> None:
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
        page.goto(f"{server.url}/?reviewer=Lea", wait_until="domcontentloaded")
        page.locator("[data-testid='stMain'] table tbody tr").first.wait_for(timeout=60_000)
        wait_idle(page)
        screen = {"x": 0, "y": 0, "width": 1280, "height": 720}

        # The review title's lines end above the "Search text" label (they touched it: the title on two lines).
        title = page.locator("[data-testid='stMain'] [data-testid='stMarkdownContainer']").filter(has_text="reviewed,")
        title_bottom = title.first.evaluate(_TEXT_BOTTOM_JS)
        search = page.get_by_text("Search text (either side)", exact=True).bounding_box()
        assert title_bottom <= search["y"], (title_bottom, search)
        assert _overlaps(page) == []

        # The alignment tools: every label whole (not cut with "…"), every button on screen, none over another.
        page.get_by_text("Fix the alignment", exact=True).click()
        wait_idle(page)
        buttons = [page.get_by_role("button", name=name, exact=True) for name in _TOOLS]
        buttons[-1].scroll_into_view_if_needed()  # the bead's part scrolls in its own box; the page does not
        wait_idle(page)
        page.screenshot(path=str(ARTIFACTS / "review-alignment-tools-1280x720.png"))
        boxes = []
        for name, button in zip(_TOOLS, buttons, strict=True):
            expect(button).to_be_in_viewport(ratio=1)
            cut = button.evaluate("e => [e, ...e.querySelectorAll('*')].some(x => x.scrollWidth > x.clientWidth + 1)")
            assert not cut, f"{name!r} is cut"
            box = button.bounding_box()
            assert _inside(box, screen), (name, box)
            boxes.append(box)
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                apart = (
                    a["x"] + a["width"] <= b["x"] + 0.5
                    or b["x"] + b["width"] <= a["x"] + 0.5
                    or a["y"] + a["height"] <= b["y"] + 0.5
                    or b["y"] + b["height"] <= a["y"] + 0.5
                )
                assert apart, (a, b)
        assert _overlaps(page) == []

        # The export view: its notice under the "TMX" line, not over it; nothing else drawn over anything.
        page.get_by_text("Export", exact=True).click()
        page.get_by_text("The same from a script:").wait_for(timeout=30_000)
        wait_idle(page)
        page.screenshot(path=str(ARTIFACTS / "review-export-1280x720.png"))
        tmx = page.locator("[data-testid='stMarkdownContainer']").filter(has_text="TMX: the pairs marked correct")
        tmx_bottom = tmx.first.evaluate(_TEXT_BOTTOM_JS)
        notice = page.locator("[data-testid='stMain'] [data-testid='stAlert']").first.bounding_box()
        assert tmx_bottom <= notice["y"], (tmx_bottom, notice)
        assert _overlaps(page) == []
        browser.close()


def test_the_status_filter_shows_its_choices_whole(server: Server) -> None:
    """Two statuses chosen in the Status filter (as in the address ?status=...), at 1440x900 and 1280x720: each
    chip's label whole, inside the filter's box, and nothing drawn over anything. They were cut to "○ u…" and
    the second scrolled out of sight (a new user, and a known nit from an earlier round)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        for width, height in ((1440, 900), (1280, 720)):
            page = browser.new_context(viewport={"width": width, "height": height}).new_page()
            page.goto(f"{server.url}/?reviewer=Lea&status=unreviewed,has_errors", wait_until="domcontentloaded")
            page.locator("[data-testid='stMain'] table tbody tr").first.wait_for(timeout=60_000)
            wait_idle(page)
            page.screenshot(path=str(ARTIFACTS / f"review-status-filter-{width}x{height}.png"))
            # The chips' box clips what does not fit (it scrolled sideways): each chip must be whole inside it.
            box = page.locator(".st-key-f_status [data-testid='stMultiSelectTagsContainer']").bounding_box()
            chips = page.locator(".st-key-f_status [data-testid='stMultiSelectTagsContainer'] span:has(> button)")
            assert chips.count() == 2
            for i in range(2):
                chip = chips.nth(i)
                label = chip.locator("span").first
                assert label.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), (width, label.inner_text())
                assert _inside(chip.bounding_box(), box), (width, chip.bounding_box(), box)
            whole = page.locator(".st-key-f_status").bounding_box()
            for button in page.locator(".st-key-f_status button").all():  # the chips' ×, the list's arrow
                if button.is_visible():
                    assert _inside(button.bounding_box(), whole), (width, button.bounding_box(), whole)
            assert _overlaps(page) == []
            page.context.close()
        browser.close()


def test_approving_the_shown_beads_leaves_the_bead_list_in_place(server: Server) -> None:
    """At 1280x720, "✓ Approve N" → "Mark N beads correct": the message ("N beads marked correct; ↶ Undo (Z) puts
    them back") is shown under the verdict buttons, as every action's is. It was shown in the narrow column beside
    the Page and Bead boxes, five lines high, and pushed them and the bead list 150 px down (two reviewers'
    session)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
        page.goto(f"{server.url}/?reviewer=Lea", wait_until="domcontentloaded")
        table = page.locator("[data-testid='stMain'] table").first
        table.wait_for(timeout=60_000)
        page.get_by_text("Bead 0 of").wait_for(timeout=30_000)
        wait_idle(page)
        before = table.bounding_box()
        page.get_by_role("button", name=re.compile(r"^✓ Approve \d+")).click()
        wait_idle(page)
        page.get_by_role("button", name=re.compile(r"^Mark \d+ beads correct$")).click()
        message = page.get_by_text(re.compile(r"^\d+ beads marked correct; ↶ Undo \(Z\) puts them back"))
        message.wait_for(timeout=30_000)
        wait_idle(page)
        page.screenshot(path=str(ARTIFACTS / "review-approved-1280x720.png"))
        assert table.bounding_box()["y"] == before["y"]
        verdict = page.get_by_role("button", name=re.compile(r"^✓ Correct, next")).bounding_box()
        assert message.bounding_box()["x"] >= verdict["x"] - 1  # in the panel, not beside the Page box
        assert _overlaps(page) == []
        browser.close()
