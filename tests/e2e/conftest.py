"""Real-browser tests: one `streamlit run` per session on a free loopback port, Debian's Chromium.

Playwright's own browser download cannot work here, so pytest-playwright is pointed at
/usr/bin/chromium (override with CHROMIUM=...).
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.helpers import ROOT

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    """`streamlit run` of the app on a loopback port, returned once it answers its health check."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "streamlit_app.py",
            "--server.headless=true",
            "--server.address=127.0.0.1",
            f"--server.port={port}",
            "--server.fileWatcherType=none",
            "--browser.gatherUsageStats=false",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1).read() == b"ok":
                return proc
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited: {proc.stderr.read()[-2000:]}") from None
            time.sleep(0.2)
    stop_server(proc)
    raise RuntimeError("streamlit never became healthy")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def server():
    """The app on a free loopback port, healthy before any test runs; stopped at the end."""
    port = _free_port()
    proc = start_server(port)
    yield f"http://127.0.0.1:{port}"
    stop_server(proc)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run `bash scripts/ensure-chromium.sh` (apt-get install chromium)"
        )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 720}}


def wait_ready(page, timeout: float = 30_000) -> None:
    """Wait until the script has finished its run and no element is still marked stale."""
    page.wait_for_selector(READY, timeout=timeout)
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=timeout)


STAGE_READY = "() => window.__backpropStage && window.__backpropStage.shown !== undefined"


def open_app(page, server: str, path: str = "") -> None:
    """Open a page and wait for its first full run (the state attribute alone is set before the run starts)."""
    page.goto(f"{server}/{path.lstrip('/')}")
    # Every page starts with a title (the stage's page keeps it in the DOM while presenting).
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', state="attached", timeout=30_000)
    wait_ready(page)
    if page.locator(".st-key-stage").count():
        wait_stage(page)
    page.evaluate("document.fonts.ready.then(() => true)")


def wait_stage(page, timeout: float = 30_000) -> None:
    """The stage has loaded plotly.js and KaTeX and drawn its first step."""
    page.wait_for_function(STAGE_READY, timeout=timeout)
    page.wait_for_selector(".bp-plot .scatterlayer", state="attached", timeout=timeout)


def stage_step(page) -> int:
    """The step the stage shows, 0-based."""
    return page.evaluate("window.__backpropStage.shown")
