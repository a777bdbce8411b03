"""`streamlit run streamlit_app.py` as a child process, and Debian's Chromium under Playwright.

Shared by the browser test and benchmarks/review_speed.py so both run the app the same way.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
# Playwright cannot download its own browser here; Debian's Chromium with the network chatter off.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# CI sets ALIGN_REQUIRE_BROWSER=1: there a missing browser is a failure, not a skip.
NO_BROWSER = not Path(CHROMIUM).exists() and os.environ.get("ALIGN_REQUIRE_BROWSER") != "1"
#: The marks of every browser test module (``pytestmark = BROWSER_MARKS``).
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(NO_BROWSER, reason=f"{CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk"),
]


def launch_chromium(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@contextmanager
def chromium_page(width: int = 1500, height: int = 1400, **context: Any) -> Iterator[Any]:
    """A page of a fresh headless Chromium (its own profile), closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        ctx = browser.new_context(viewport={"width": width, "height": height}, **context)
        try:
            yield ctx.new_page()
        finally:
            ctx.close()
            browser.close()


def wait_idle(page: Any, timeout_ms: int = 60_000) -> None:
    """Wait until Streamlit has finished the current script run."""
    page.wait_for_timeout(300)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout_ms)
    page.wait_for_timeout(300)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """`streamlit run streamlit_app.py` (or ``script``) as a child process that can be killed and started again."""

    def __init__(self, db: Path, cache_dir: Path, log: Path, script: str = "streamlit_app.py") -> None:
        self.port = free_port()
        self.db, self.cache_dir, self.log, self.script = db, cache_dir, log, script
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {**os.environ, "ALIGN_DB": str(self.db), "ALIGN_CACHE_DIR": str(self.cache_dir)}
        cmd = [
            sys.executable, "-m", "streamlit", "run", str(ROOT / self.script),
            "--server.headless", "true", "--server.port", str(self.port), "--server.address", "127.0.0.1",
            "--browser.gatherUsageStats", "false",
        ]  # fmt: skip
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=self.log.open("ab"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.proc.returncode}; see {self.log}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"streamlit did not open port {self.port} within 60 s; see {self.log}")

    def kill(self) -> None:
        """SIGKILL: no shutdown handlers, like a crashed or killed server."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)


def seed_server(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The app over a fresh copy of the seed review database (for a fixture: ``yield from seed_server(...)``)."""
    from seed_review import copy_seed_db, session_cache_dir

    base = tmp_path_factory.getbasetemp()
    srv = Server(copy_seed_db(base, tmp_path / "browser.sqlite3"), session_cache_dir(base), tmp_path / "streamlit.log")
    srv.start()
    try:
        yield srv
    finally:
        srv.kill()
