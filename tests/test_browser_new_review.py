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


# Whether the progress is shown, the start button's disabled state (None: not drawn) and the sidebar's reason.
_STATE_JS = """() => {
  const main = document.querySelector("[data-testid='stMain']");
  const side = document.querySelector("[data-testid='stSidebar']");
  const button = [...side.querySelectorAll("button")].find((b) => b.innerText.includes("Align and start review"));
  return [
    !!main && main.innerText.includes("Aligning kiji.txt"),
    button ? button.disabled : null,
    side.innerText.includes("wait for it to finish before starting another"),
  ];
}"""


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
        page.get_by_role("button", name="Align and start review").click()
        main = page.locator("[data-testid='stMain']")
        main.get_by_text("Aligning kiji.txt").wait_for(timeout=60_000)
        # While it runs (in the background, seconds with the real model): the button is drawn disabled and the
        # sidebar says why. Read in one go, each time, as the job may end between two reads.
        states = []
        while True:
            aligning, disabled, said = page.evaluate(_STATE_JS)
            if not aligning:
                break
            states.append((disabled, said))
            page.wait_for_timeout(100)
        assert states and all(disabled is not False for disabled, _ in states), states
        assert any(said for _, said in states), states
        # Done: the new review is open, the progress gone.
        page.locator(".st-key-review_title").get_by_text("kiji.txt", exact=False).wait_for(timeout=300_000)
        wait_idle(page, 300_000)
        assert not main.get_by_text("Aligning kiji.txt").count()
    store = ReviewStore(server.db)
    assert sorted("kiji.txt" in r.name for r in store.list_reviews()) == [False, True]  # started once
    store.close()
