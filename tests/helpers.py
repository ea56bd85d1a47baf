"""Helpers shared by the test folders (as Streamlit's own e2e_playwright/shared/)."""

from __future__ import annotations

import json
import math
import re
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
MAIN = str(ROOT / "streamlit_app.py")
PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))  # every .py there is a page
# A page's name in its address and in the menu, as Streamlit derives it: pages/2_Gradient_check.py → Gradient_check.
PAGE_NAMES = [re.sub(r"^\d*[_ -]*", "", Path(p).stem) for p in PAGES]
_LATIN = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_STEP = re.compile(r"(?:step|گام)\s*(\d+)\s*(?:/|از)\s*(\d+)")


def latin(text: str) -> str:
    """Persian and Arabic-Indic digits as Latin ones."""
    return str(text).translate(_LATIN)


def find_step(line: str) -> tuple[int, int] | None:
    """(step, steps) from a status line in English ("… step 3 / 13") or Persian ("… گام ۳ از ۱۳"), or None."""
    match = _STEP.search(latin(line))
    return (int(match.group(1)), int(match.group(2))) if match else None


def step_of(line: str) -> tuple[int, int]:
    """(step, steps) from a status line that must have them (see :func:`find_step`)."""
    found = find_step(line)
    assert found, line
    return found


def status(page) -> str:
    """The stage's status line in a browser page."""
    return page.locator(".bp-status").inner_text()


def choice(widgets, name: str):
    """The choice widget ``name`` among ``widgets`` (e.g. ``at.radio``).

    A choice's key carries the language (and the preset box whether its scenario was edited),
    because the browser keeps a choice's value as its label: ``loss_fa``, ``preset_en_edited``.
    """
    found = [w for w in widgets if w.key == name or (w.key or "").startswith(name + "_")]
    assert len(found) == 1, [w.key for w in widgets]
    return found[0]


# ---- the stage in a browser page (Playwright's ``page``) ---------------------------------------------------------

SETTLED = "() => window.__backpropStage?.settled === true"
TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"
_MEASURE = """() => { const m = document.querySelector('[data-testid=stMain]');
  const bottom = (sel) => Math.round(document.querySelector(sel).getBoundingClientRect().bottom);
  const cut = [...document.querySelectorAll('.bp-card .bp-math, .bp-card p, .bp-btn, .bp-scroll, .bp-vectors')]
    .filter(e => e.offsetParent && e.scrollWidth > e.clientWidth + 1).map(e => e.className);
  return {overflow: m.scrollHeight - m.clientHeight, card: bottom('.bp-card'), figure: bottom('.bp-figure'),
          height: window.innerHeight, cut, sidebar: !!document.querySelector('[data-testid=stSidebar]')?.offsetParent}; }"""


def settle_stage(page, timeout: float = 10_000) -> None:
    """Wait until the step on screen is whole (the stage's own signal: drawn, matrices written, card fitted, no
    animation) and the fonts have arrived."""
    page.wait_for_function(SETTLED, timeout=timeout)
    page.evaluate("document.fonts.ready.then(() => true)")


def go(page, i: int) -> None:
    """Jump to 0-based step ``i`` (as the phase bar or End does) and wait until it is settled."""
    page.evaluate(f"window.__backpropStage.go({i})")
    page.wait_for_function(f"() => window.__backpropStage.shown === {i}")
    settle_stage(page)


def fits_screen(page) -> dict:
    """What sticks out once the step is settled: the main area's scrollbar, and the stage's parts beyond the
    screen's bottom or cut at their right (a formula or matrix wider than its box). Streamlit's own layout can
    still move after the stage is done, so it is read again two frames later until two reads agree."""
    settle_stage(page)
    last = None
    for _ in range(30):
        box = page.evaluate(_MEASURE)
        if box == last:
            return box
        last = box
        page.evaluate(TWO_FRAMES)
    raise AssertionError(f"the layout never settled: {last}")


# ---- AppTest: every session starts from the real entry script, as a browser session does ----------------


def new_session(query: dict | None = None) -> AppTest:
    """A fresh session on the main page, opened with a link's ``query`` if given, run once without exception."""
    from streamlit.testing.v1 import AppTest  # here, not above: core and ui tests import this module without streamlit

    at = AppTest.from_file(MAIN, default_timeout=60)
    if query:
        at.query_params.update(query)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def stage(at: AppTest) -> dict:
    """What the main page handed the stage component: its data, with the walk decoded."""
    found = [e for e in at.main if getattr(e, "key", None) == "stage"]
    assert len(found) == 1, "the stage is not on the page"
    data = json.loads(found[0].proto.json)
    data["walk"] = json.loads(data["walk"])
    return data


def steps(at: AppTest) -> list[dict]:
    """Every step record of the stage's walk (a small walk is sent whole)."""
    windows = stage(at)["walk"]["windows"]
    return [s for w in windows for s in w["steps"]]


def examples_key(at: AppTest) -> str:
    """The examples table's key in a session: its version and the page's language (see sidebar.examples_key)."""
    return f"examples_{at.session_state['editor_version']}_{at.session_state['_lang']}"


def editor_state(edited=None, added=None, deleted=None) -> dict:
    """A data editor's edits as its browser sends them."""
    return {"edited_rows": edited or {}, "added_rows": added or [], "deleted_rows": deleted or []}


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(app):
    """An ASGI app on a real server (uvicorn, a thread, a free loopback port): yields "127.0.0.1:<port>"."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    yield f"127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


def start_redis(port: int, workdir: Path):
    """Debian's redis-server on a loopback port, returned once it answers PING (the tests start
    their own, the way they start Streamlit; it keeps an append-only file in ``workdir``)."""
    import shutil
    import subprocess
    import time

    import redis

    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    proc = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "yes",
            "--appendfsync",
            "always",
            "--dir",
            str(workdir),
            "--protected-mode",
            "yes",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port, socket_connect_timeout=0.5)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if client.ping():
                return proc
        except redis.RedisError:
            if proc.poll() is not None:
                raise RuntimeError(f"redis-server exited with {proc.returncode}") from None
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("redis-server did not answer")


def until(check, timeout: float = 5.0, what: str = "the condition") -> float:
    """Poll ``check`` until it is true; returns the seconds it took, or fails naming ``what``."""
    import time

    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if check():
            return time.monotonic() - start
        time.sleep(0.02)
    raise AssertionError(f"{what} not reached in {timeout} s")


class FakeListener:
    """A room's listener (hub.Listener) without a socket: counts how often the hub woke it."""

    count = 0

    def __init__(self, teacher: bool = False, voter: str | None = None):
        FakeListener.count += 1
        self.teacher = teacher
        self.voter = None if teacher else voter or f"browser-{FakeListener.count:06d}"  # each its own browser
        self.woken = 0

    def wake(self) -> None:
        self.woken += 1


# ---- a student who works the lesson's formulas by hand (an oracle independent of backprop_core.practice) ----
def r4(v: float) -> float:
    """As printed: 4 significant figures."""
    return float(f"{v:.4g}") if v else 0.0


def g(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


def exact(trace, key: tuple) -> float:
    """The walk's own value under a Question key."""
    c = trace[0].context
    kind = key[0]
    if kind == "a":
        _, layer, t, i = key
        return float(c.a(layer, t)[i - 1])
    if kind == "delta":
        _, layer, t, i = key
        return float(c.delta(layer, t)[i - 1])
    if kind == "Delta":
        _, layer, t, i, j = key
        return float(c.Delta_after(layer, t)[i - 1, j])
    _, layer, i, j = key
    return float(c.D(layer)[i - 1, j])


def student(trace, boxes, pick=None) -> list[float]:
    """One student's answers, box by box: each worked from the printed numbers and their own earlier answers (each
    of which ``pick`` sets anywhere a right answer may be), then rounded to 4 significant figures. Without ``pick``
    (a guided sheet) every value comes from the numbers printed."""
    c = trace[0].context
    mine: dict[tuple, float] = {}

    def v(key: tuple) -> float:
        """A value as the student has it: their own answer if a box asked it, else as printed (x, a bias unit: 1)."""
        if key[0] == "a" and key[1] == 1:
            return r4(float(c.a(1, key[2])[key[3] - 1]))
        if key[0] == "Delta" and key[2] == 0:
            return 0.0
        return mine[key] if key in mine else r4(exact(trace, key))

    answers = []
    for box in boxes:
        key = box.question.key
        if key[0] == "a":
            _, layer, t, i = key
            theta = c.theta(layer - 1)[i - 1]
            z = r4(theta[0]) + sum(r4(theta[k]) * v(("a", layer - 1, t, k)) for k in range(1, len(theta)))
            worked = g(z)
        elif key[0] == "delta" and key[1] == c.network.L:
            _, layer, t, i = key
            a, y = v(("a", layer, t, i)), r4(float(c.y(t)[i - 1]))
            worked = a - y if c.loss == "cross_entropy" else (a - y) * a * (1 - a)
        elif key[0] == "delta":
            _, layer, t, i = key
            Theta = c.theta(layer)
            back = sum(r4(Theta[k, i]) * v(("delta", layer + 1, t, k + 1)) for k in range(Theta.shape[0]))
            a = v(("a", layer, t, i))
            worked = back * a * (1 - a)
        elif key[0] == "Delta":
            _, layer, t, i, j = key
            a_j = 1.0 if j == 0 else v(("a", layer, t, j))
            worked = v(("Delta", layer, t - 1, i, j)) + v(("delta", layer + 1, t, i)) * a_j
        else:
            _, layer, i, j = key
            m = c.backprop.m
            worked = v(("Delta", layer, m, i, j)) / m
            if j != 0:
                worked += r4(c.lam) * r4(float(c.theta(layer)[i - 1, j])) / m
        answers.append(r4(worked))
        if pick is not None:
            mine[key] = pick(box)
    return answers
