"""The new-review form in Chromium while an alignment runs: what is drawn matters here (a button that looks
clickable is one a reviewer clicks again)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from app_server import BROWSER_MARKS, ROOT, Server, chromium_page, seed_server, wait_idle

from align.review_store import ReviewStore

pytestmark = BROWSER_MARKS


@pytest.fixture
def server(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from seed_server(tmp_path, tmp_path_factory)


def test_the_start_button_is_disabled_while_the_alignment_runs(server: Server, tmp_path: Path) -> None:
    """'Align and start review' stayed clickable all through the alignment: a second click started it again."""
    pair = ROOT / "corpora" / "openai-exec-departures-2024-09"
    for lang, name in (("ja", "kiji.txt"), ("it", "articolo.txt")):
        lines = (pair / f"{lang}.txt").read_text(encoding="utf-8").splitlines()
        (tmp_path / name).write_text("\n".join(lines[-8:]), encoding="utf-8")  # not the lines other tests upload
    with chromium_page(height=1400) as page:
        page.goto(server.url + "?reviewer=Tester", wait_until="domcontentloaded")
        page.locator("[data-testid='stMain'] table tbody tr").first.wait_for(timeout=60_000)
        wait_idle(page)
        page.get_by_role("button", name="Start a new review…").click()
        wait_idle(page)
        page.get_by_text("upload two files").click()
        wait_idle(page)
        inputs = page.locator("[data-testid='stSidebar'] input[type='file']")
        inputs.nth(0).set_input_files(str(tmp_path / "kiji.txt"))
        inputs.nth(1).set_input_files(str(tmp_path / "articolo.txt"))
        wait_idle(page)
        start = page.get_by_role("button", name="Align and start review")
        start.click()
        page.locator("[data-testid='stMain']").get_by_text("Aligning kiji.txt").wait_for(timeout=60_000)
        assert start.is_disabled()  # while it runs (it is seconds to minutes with the real model)
        sidebar = page.locator("[data-testid='stSidebar']")
        assert sidebar.get_by_text("wait for it to finish before starting another").is_visible()
        page.locator("[data-testid='stMain']").get_by_text("kiji.txt").first.wait_for(timeout=300_000)
        page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=300_000)
        wait_idle(page, 300_000)
        assert not page.locator("[data-testid='stMain']").get_by_text("Aligning kiji.txt").count()
    store = ReviewStore(server.db)
    assert sorted("kiji.txt" in r.name for r in store.list_reviews()) == [False, True]  # started once
    store.close()
