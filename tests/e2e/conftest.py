"""Real-browser tests: one `streamlit run` per session on a free loopback port, Debian's Chromium.

Playwright's own browser download cannot work here, so pytest-playwright is pointed at
/usr/bin/chromium (override with CHROMIUM=...).
"""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from backprop_core import PRESETS
from backprop_core.practice import asks, question
from backprop_ui import i18n
from backprop_ui.stage.walk import cell
from tests.helpers import ROOT, TWO_FRAMES, status, step_of

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'


# The files whose tests share what one test leaves to the next (a class's room, kept for the module) or
# measure time against a server they stop: each runs whole, in order, on one worker (pytest -n 2 --dist
# loadgroup); every other browser test goes to whichever worker is free.
TOGETHER = {"test_class.py": "class", "test_faults.py": "faults"}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            group = TOGETHER.get(item.fspath.basename)
            if group:
                item.add_marker(pytest.mark.xdist_group(group))


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


@pytest.fixture(scope="session")
def shared_context(browser, browser_context_args):
    """One browser profile for the tests' pages, as a student's browser is one: its cache keeps the app's scripts,
    plotly.js and KaTeX between tests (a new profile per test paid for them every time). Each test still gets a
    page of its own, so a tab's sessionStorage and the app's session start fresh; a test that needs another
    profile (a second student, a phone, reduced motion) makes one with ``browser.new_context``."""
    context = browser.new_context(**browser_context_args)
    yield context
    context.close()


@pytest.fixture
def page(shared_context):
    page = shared_context.new_page()
    yield page
    page.close()


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


def open_hall(page, server: str, path: str) -> None:
    """Open the students' light page of a class (no Streamlit there) and wait for its first step, drawn."""
    page.goto(f"{server}/{path.lstrip('/')}")
    wait_stage(page)
    page.evaluate("document.fonts.ready.then(() => true)")


def axe_serious(page) -> list:
    """axe-core, WCAG 2 A/AA: the serious and critical findings on the page, named."""
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    )
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def wait_stage(page, timeout: float = 30_000) -> None:
    """The stage has loaded plotly.js and KaTeX and drawn its first step."""
    page.wait_for_function(STAGE_READY, timeout=timeout)
    page.wait_for_selector(".bp-plot .scatterlayer", state="attached", timeout=timeout)


def stage_step(page) -> int:
    """The step the stage shows, 0-based."""
    return page.evaluate("window.__backpropStage.shown")


# ---- typing into the app as a user does, and waiting for exactly what it caused ----------------------------
# Glide data grid (the table editors, drawn on a canvas): a cell is selected with clicks and
# arrow keys (see select_cell), Enter opens its editor, the payload is typed, and a click
# outside the table commits it. Enter right after the last key press can commit the value of
# glide's previous render (it reads the edited value from React state in its keydown handler;
# about half of such commits were lost), so two frames pass before the commit; and a click
# outside sends the edit to the server at once, where Enter waits out a 150 ms debounce.

OUTSIDE = "http://198.51.100.7"  # TEST-NET-2: nothing answers there; any request to it is a leak
INVALID = i18n.t("sc.invalid", "en")  # the app's own message for input it refused
ROW = 35  # glide data grid's header and row height in Streamlit, in pixels
# Counters the tests wait on, installed before any page script runs: rerun requests sent
# (a BackMsg whose first field is 11, rerun_script: first byte 0x5a) and script runs
# finished (a ForwardMsg with field 6, script_finished, other than "finished early for a
# rerun"). The app root's run-state attribute cannot be counted on: React may render a
# quick run's "running" and "notRunning" as one update.
PROBES = """
(() => {
  if (window.__probes) return;
  window.__probes = true;
  window.__reruns = 0;
  window.__runsDone = 0;
  const bytesOf = (data) => ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    : data instanceof ArrayBuffer ? new Uint8Array(data) : null;
  const finished = (b) => {  // top-level protobuf fields of a ForwardMsg
    let i = 0;
    const varint = () => { let v = 0, s = 0, x; do { x = b[i++]; v += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80); return v; };
    while (i < b.length) {
      const tag = varint(), field = Math.floor(tag / 8), type = tag % 8;
      if (type === 0) { const v = varint(); if (field === 6) return v !== 2; }
      else if (type === 2) { const n = varint(); i += n; }
      else if (type === 1) i += 8;
      else if (type === 5) i += 4;
      else return false;
    }
    return false;
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        const b = bytesOf(e.data);
        if (b && finished(b)) window.__runsDone += 1;
      });
    }
    send(data) {
      const b = bytesOf(data);
      if (b && b.length && b[0] === 0x5a) window.__reruns += 1;
      return super.send(data);
    }
  };
})();
"""
INJECTED = """() => ({
  pwned: window.__pwned ?? null,
  img: document.querySelectorAll('img[src="x"]').length,
  svg: document.querySelectorAll('svg[onload]').length,
  handlers: [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(
    a => a.name.startsWith('on') && /alert|__pwned/.test(a.value))).length,
  scripts: [...document.scripts].filter(s => s.textContent.includes('__pwned')).length,
  exceptions: document.querySelectorAll('[data-testid="stException"]').length,
})"""
CLEAN = {"pwned": None, "img": 0, "svg": 0, "handlers": 0, "scripts": 0, "exceptions": 0}


@dataclass(frozen=True)
class Field:
    """One input: how to reach it, what kind of widget it is, what it gets."""

    id: str
    kind: str  # "text", "number", "cell" (glide data grid), "select"
    key: str  # the element key (for tables the key's prefix: it carries a version)
    original: str  # what it shows on opening (read back after a wait: a number box first shows 0)
    payloads: tuple[str, ...]
    query: str = "?step=3&lang=en"  # a step other than the first, so that a reset would show
    column: int = 0  # cells: glide's column index (0 is the row marker or the index)
    last: int = 3  # cells: the index of the table's last column
    training: bool = False  # on the Training page (reached from the main page, same session)


def widget(field: Field) -> str:
    """The CSS selector of a field's widget (a choice's key carries the language, see tests/helpers.py)."""
    return f'[class*="st-key-{field.key}_"]' if field.kind == "select" else f".st-key-{field.key}"


def go_to(page, path: str) -> None:
    """Another page of the same session, from the sidebar's menu (by address: labels are translated)."""
    page.locator(f'[data-testid="stSidebar"] a[data-testid="stPageLink-NavLink"][href="{path}"]').first.click()
    page.wait_for_url(re.compile(rf"/{path}(\?|$)"))
    wait_ready(page)


def watch(page, server: str) -> tuple[list, list]:
    """Record every dialog (and dismiss it) and every request that leaves the server."""
    dialogs, outside = [], []
    page.add_init_script(PROBES)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.route(f"{OUTSIDE}/**", lambda route: (outside.append(route.request.url), route.abort()))
    page.on(
        "request",
        lambda r: None if r.url.startswith((server, f"blob:{server}", "data:", OUTSIDE)) else outside.append(r.url),
    )
    return dialogs, outside


def assert_inert(page, dialogs: list, outside: list, what: str) -> None:
    assert dialogs == [], what
    assert outside == [], what
    assert page.evaluate(INJECTED) == CLEAN, what


def settle(page, action) -> int:
    """Do ``action`` and wait for the script run it caused, if any; return how many reruns it sent."""
    reruns, done = page.evaluate("[window.__reruns, window.__runsDone]")
    action()
    page.evaluate(TWO_FRAMES)
    sent = page.evaluate("window.__reruns") - reruns
    if sent:
        page.wait_for_function("n => window.__runsDone >= n", arg=done + 1, timeout=30_000)
        page.evaluate(TWO_FRAMES)  # the app renders the finished run after this listener saw it
    wait_ready(page)
    return sent


def click_outside(page) -> None:
    """A click on the page's title: outside every input (a plain mouse click, no waiting)."""
    box = page.locator('[data-testid="stMainBlockContainer"] h1').first.bounding_box()
    page.mouse.click(box["x"] + 10, box["y"] + box["height"] / 2)


def clear_and_type(page, text: str) -> None:
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Delete")
    if len(text) > 200:
        page.keyboard.insert_text(text)  # as a paste would: one input event, not 10 000 key presses
    elif text:
        page.keyboard.type(text)


def select_cell(page, field: Field) -> str:
    """Select the field's cell in the first row; return its text.

    Glide moves focus in its own time, so every step waits two frames before reading the
    active cell. A click on an unfocused grid only focuses it and gives the focus back to the
    cell selected before (after a rerun glide may even have dropped that selection while the
    cell keeps the focus); a click on a focused grid selects the cell under it, or opens the
    editor if that cell was selected already. So: the grid loses the focus, a click on another
    cell of the first row (the anchor) focuses it, Escape clears its selection, a second click
    selects the anchor, and arrow keys lead to the field's cell.
    """
    grid = page.locator(f'[class*="st-key-{field.key}"] [data-testid="stDataFrameResizable"]')
    active = "() => document.activeElement?.id ?? ''"
    inside = "g => g.contains(document.activeElement) && /^glide-cell-/.test(document.activeElement.id)"
    # The last column, or for a field in the last column the one before it (the grid's middle).
    anchor = field.last if field.column != field.last else field.last - 1
    grid.scroll_into_view_if_needed()
    if grid.evaluate("g => g.contains(document.activeElement)"):
        page.evaluate("() => document.activeElement.blur()")
        page.evaluate(TWO_FRAMES)
    box = grid.bounding_box()
    x = box["x"] + (box["width"] - 8 if anchor == field.last else box["width"] / 2)
    y = box["y"] + ROW * 1.5
    page.mouse.click(x, y)
    try:
        page.wait_for_function(inside, arg=grid.element_handle(), timeout=3_000)
    except PlaywrightTimeoutError:
        # A grid drawn again with new column settings (a language switch) takes the first click
        # on its canvas as focus only; the second selects a cell.
        page.mouse.click(x, y)
        page.wait_for_function(inside, arg=grid.element_handle(), timeout=10_000)
    page.evaluate(TWO_FRAMES)
    page.keyboard.press("Escape")  # whatever glide kept selected (or closes an editor), now nothing is
    page.evaluate(TWO_FRAMES)
    page.mouse.click(x, y)  # a focused grid without a selection: this selects the anchor
    page.wait_for_function(f"id => ({active})() === id", arg=f"glide-cell-{anchor}-0", timeout=10_000)
    page.evaluate(TWO_FRAMES)
    for _ in range(abs(anchor - field.column)):
        page.keyboard.press("ArrowLeft" if anchor > field.column else "ArrowRight")
        page.evaluate(TWO_FRAMES)  # glide moves from the selection of its last render
    page.wait_for_function(f"id => ({active})() === id", arg=f"glide-cell-{field.column}-0", timeout=10_000)
    return page.evaluate("document.activeElement.textContent")


def open_editor(page, field: Field):
    """Select the field's cell and open its editor with Enter.

    Under load glide can take the key before it has taken the selection, and then nothing
    opens: Enter is pressed again (the cell is still the selected one), at most three times.
    """
    select_cell(page, field)
    editor = page.locator(".gdg-input")
    for _ in range(3):
        page.keyboard.press("Enter")
        try:
            editor.wait_for(state="visible", timeout=3_000)
            return editor
        except PlaywrightTimeoutError:
            assert page.evaluate("document.activeElement?.id") == f"glide-cell-{field.column}-0"
    raise AssertionError(f"{field.id}: the cell editor did not open")


def first_row(page, field: Field) -> dict[str, str]:
    """The texts of a table's first row, by glide cell id (its accessible copy of the canvas)."""
    cells = page.locator(f'[class*="st-key-{field.key}"] [data-testid^="glide-cell-"][data-testid$="-0"]')
    # An accepted edit reruns the page twice (the second says what changed), and the table's accessible
    # copy is written again meanwhile: read the row once it is there.
    cells.first.wait_for(state="attached", timeout=10_000)
    return {cell.get_attribute("data-testid"): cell.text_content() for cell in cells.all()}


def expect_value(page, field: Field, text: str) -> None:
    if field.kind == "cell":
        assert select_cell(page, field) == text
    else:
        expect(page.locator(f"{widget(field)} input")).to_have_value(text)


def value(page, field: Field) -> str:
    if field.kind == "cell":
        # Selected, the cell reads what it holds now; glide's accessible copy of the table can
        # still show the value before the last edit.
        return select_cell(page, field)
    return page.locator(f"{widget(field)} input").input_value()


def enter(page, field: Field, text: str) -> int:
    """Type ``text`` into the field as a user would and commit it; wait for what it caused."""

    def action():
        if field.kind == "cell":
            editor = open_editor(page, field)
            clear_and_type(page, text)
            page.evaluate(TWO_FRAMES)  # glide commits the value of its last render
            click_outside(page)  # commits, and sends the edit at once
            expect(editor).to_have_count(0)
        elif field.kind == "select":
            page.locator(f"{widget(field)} input").click()
            clear_and_type(page, text)
            page.keyboard.press("Enter")
            page.keyboard.press("Escape")
        else:
            box = page.locator(f"{widget(field)} input")
            box.focus()
            clear_and_type(page, text)
            box.press("Enter")

    return settle(page, action)


def app_error(page) -> bool:
    return page.locator('[data-testid="stAlertContentError"]', has_text=INVALID).count() > 0


def shown(page) -> int:
    """The step number (1-based) in the status line."""
    return step_of(status(page))[0]


def expect_step(page, n: int, timeout: float = 5_000) -> None:
    """The stage shows step n (1-based), and its status line says so."""
    page.wait_for_function(f"() => window.__backpropStage?.shown === {n - 1}", timeout=timeout)
    assert shown(page) == n


def reruns(page) -> int:
    return page.evaluate("window.__reruns")


# ---- practice: what a student types, and where the core asks ----
_FA_DIGITS = str.maketrans("0123456789.", "۰۱۲۳۴۵۶۷۸۹٫")


def typed(value: float, lang: str) -> str:
    """A value as a student would type it off the screen: 4 significant figures, Persian digits in fa."""
    text = cell(value).replace("×10", "e").translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-"))
    return text.translate(_FA_DIGITS) if lang == "fa" else text


def answer(page, text: str) -> None:
    box = page.locator(".bp-q-input")
    box.fill(text)
    box.press("Enter")


def asked_steps(name: str, level: str = "all") -> list:
    """(1-based step, question) of every step the level asks, from the core."""
    return [(s.index + 1, q) for s in PRESETS[name].trace() if asks(q := question(s), level)]


# ---- the walk as one file (exports/offline.py) ----
def save_file(server: str, query: str, folder: Path) -> Path:
    """The app's one-file export of a link's walk, saved as a browser would save the download."""
    with urllib.request.urlopen(f"{server}/export/walk.html?{query}") as r:
        name = r.headers["Content-Disposition"].split('filename="')[1].rstrip('"')
        path = folder / name
        path.write_bytes(r.read())
    return path


@contextmanager
def file_tab(browser, path: Path, fragment: str = "", **context_args):
    """The file opened from disk in a profile of its own with the network off; every request but the file's
    own is refused and recorded. Yields (page, requests that were not the file, the page's errors and dialogs)."""
    context = browser.new_context(offline=True, **({"viewport": {"width": 1280, "height": 720}} | context_args))
    url = path.as_uri()
    others, errors = [], []

    def refuse(route) -> None:  # the file itself is let through (from disk; the network is off anyway)
        if route.request.url.split("#")[0] == url:
            route.continue_()
        else:
            others.append(route.request.url)
            route.abort()

    context.route("**/*", refuse)
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (errors.append("dialog: " + d.message), d.dismiss()))
    page.goto(url + (f"#{fragment}" if fragment else ""))
    wait_stage(page)
    page.evaluate("document.fonts.ready.then(() => true)")
    try:
        yield page, others, errors
    finally:
        context.close()


FIREFOX = os.environ.get("FIREFOX", "/usr/bin/firefox-esr")
KEYS = {
    "Enter": "\ue007",
    "ArrowRight": "\ue014",
    "ArrowLeft": "\ue012",
    "Home": "\ue011",
    "End": "\ue010",
    "Escape": "\ue00c",
    " ": " ",
}


class Firefox:
    """Debian's firefox-esr, headless, driven over WebDriver BiDi (its own protocol; Playwright's patched
    Firefox cannot be downloaded here): navigate, evaluate, press keys, wait for a condition."""

    def __init__(self, ws) -> None:
        self.ws, self.n = ws, 0
        self.call("session.new", {"capabilities": {}})
        self.context = self.call("browsingContext.getTree", {})["contexts"][0]["context"]

    def call(self, method: str, params: dict) -> dict:
        self.n += 1
        self.ws.send(json.dumps({"id": self.n, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv(timeout=30))
            if msg.get("id") == self.n:
                if msg.get("type") == "error":
                    raise RuntimeError(f"{method}: {msg.get('error')}: {msg.get('message')}")
                return msg["result"]

    def goto(self, url: str) -> None:
        self.call("browsingContext.navigate", {"context": self.context, "url": url, "wait": "complete"})

    def reload(self) -> None:
        self.call("browsingContext.reload", {"context": self.context, "wait": "complete"})

    def js(self, expression: str):
        found = self.call(
            "script.evaluate", {"expression": expression, "target": {"context": self.context}, "awaitPromise": True}
        )
        if found.get("type") == "exception":
            raise RuntimeError(found["exceptionDetails"]["text"])
        return found["result"].get("value")

    def wait(self, expression: str, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while not self.js(expression):
            if time.monotonic() > deadline:
                raise TimeoutError(expression)
            time.sleep(0.05)

    def press(self, key: str) -> None:
        value = KEYS.get(key, key)
        actions = [{"type": "keyDown", "value": value}, {"type": "keyUp", "value": value}]
        self.call(
            "input.performActions",
            {"context": self.context, "actions": [{"type": "key", "id": "keys", "actions": actions}]},
        )


@contextmanager
def firefox(tmp_path: Path):
    """A headless Firefox of its own profile, preferences set so that it fetches nothing of its own."""
    from websockets.sync.client import connect

    if not Path(FIREFOX).exists():
        pytest.fail(
            f"Firefox not found at {FIREFOX}: run `bash scripts/ensure-firefox.sh` (apt-get install firefox-esr)"
        )
    profile = tmp_path / "firefox-profile"
    profile.mkdir()
    port = _free_port()
    proc = subprocess.Popen(
        [FIREFOX, "--headless", "--no-remote", "--profile", str(profile), f"--remote-debugging-port={port}",
         "--window-size=1280,720"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                ws = connect(f"ws://127.0.0.1:{port}/session", max_size=None, open_timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        with ws:
            yield Firefox(ws)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
