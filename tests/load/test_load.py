"""A class at once: 20 browser sessions walk the default example together, against one server and through deploy/.

Each session, in its own browser context of one Chromium: opens the main page in English, presses
Right through the whole walk (13 steps), goes to the lesson's formulas with the sidebar menu and back.
It must end on the last step with no exception element, console error or page error.

Figures (printed and written to shots/load-results.md, for RELIABILITY.md):

- *press → step shown*: from the keydown of Right to the DOM mutation that puts the new step in the
  status line, measured inside the page (performance.now), p50 / p95 / max over all presses.
  A sanity bound only, no budget: here 20 tabs and the servers share 2 cores, and the tabs use most
  of them, so this is far slower than what a student sees on their own machine.
- *server CPU*: CPU time of the Streamlit processes while the sessions ran, in all and per session:
  the figure to size a deployment with (one core serves that many sessions' walks per second).
- *server RSS*, summed over the Streamlit processes: warm (each server has run every page of the walk
  once), at the peak while the sessions run, and after their contexts close. The servers drop a closed
  session after ``server.disconnectedSessionTTL``, set to 2 s here instead of the default 120 s.
- *through deploy/*: deploy/run.sh (nginx + two replicas). Its nginx access log and the X-Upstream
  header show which replica served what: both must get students, and every request of one browser,
  websocket included, must go to one replica.

Run with `make load` (excluded from `make test`). LOAD_SESSIONS=n changes the number of sessions.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections import defaultdict
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.async_api import async_playwright

from tests.helpers import ROOT, find_step

pytestmark = pytest.mark.load

SHOTS = ROOT / "shots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SESSIONS = int(os.environ.get("LOAD_SESSIONS", "20"))
STEPS = 13  # the default example's walk
TTL = 2  # s: server.disconnectedSessionTTL, so that closed sessions are gone within seconds
ARRIVAL_S = 0.25  # students do not all click in the same millisecond; 20 of them arrive within 5 s
# A student reads each step before the next press. Without this pause 20 tabs press as fast as
# Chromium can render and the figures only measure this 2-core machine's saturation.
THINK_S = (1.0, 2.5)

# Hard bounds: nothing here may hang. They are generous because the harness is heavy: for the
# 20 walks Chromium used ~200-260 CPU-seconds (a page load ~3.5 s, each step's render ~0.3 s:
# React, Plotly, KaTeX) against ~27 for the server, so on 2 cores the sessions alone take
# minutes, more when the machine is shared.
WAIT_MS = 90_000  # any single wait in a page
SESSION_S = 300  # one student, from arrival to the end of the walk
RUN_S = 420  # one setup: warm-up, the sessions, closing and the RSS check
START_S = 90  # a server or the deployment to become healthy
SETTLE_S = 30  # after close: how long RSS may take to come back down
RSS_BOUND = 1.15  # after close, at most 15 % above the warm start
P95_SANITY_MS = 30_000  # only catches a broken setup (a third of WAIT_MS), not slowness

# The step's time is taken by the page's own MutationObserver (PROBE_JS), so the waits need not
# poll on every animation frame (wait_for_function's default), which keeps 20 tabs a little busier.
POLL_MS = 100

READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
EXCEPTION = '[data-testid="stException"]'
CHROMIUM_ARGS = [  # as in tests/e2e/conftest.py
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Installed before the app's own scripts, in every page of a context: the time of each Right press and
# the first time each step number appears in the status line. A MutationObserver sees the change when
# it lands in the DOM, however busy Python's side of the test is; textContent does not force a layout.
PROBE_JS = r"""
(() => {
  const probe = (window.__load = { pressed: [], shown: {} });
  document.addEventListener("keydown", (e) => {
    if (e.key === "ArrowRight") probe.pressed.push(performance.now());
  }, true);
  const digits = (s) => s.replace(/[۰-۹]/g, (d) => "۰۱۲۳۴۵۶۷۸۹".indexOf(d));
  new MutationObserver(() => {
    const line = document.querySelector(".bp-status");
    const m = line && /(?:step|گام)\s*([0-9۰-۹]+)\s*(?:\/|از)/.exec(line.textContent);
    if (m) probe.shown[digits(m[1])] ??= performance.now();
  }).observe(document, { subtree: true, childList: true, characterData: true });
})();
"""
# Resolves once step n is on screen: how long after the last Right press it appeared.
SHOWN_JS = """(n) => { const p = window.__load, t = p.shown[n];
  return t === undefined ? false : { dt: t - p.pressed.at(-1) }; }"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pids: list[int]) -> float:
    total_kb = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total_kb += int(line.split()[1])
    return total_kb / 1024


def cpu_s(pids: list[int]) -> float:
    """CPU seconds (user + system) the processes have used so far."""
    total = 0
    for pid in pids:
        stat = Path(f"/proc/{pid}/stat").read_text()
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) ": field 3 onwards
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def wait_healthy(url: str, proc: subprocess.Popen, log: Path, timeout: float = START_S) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(url, timeout=2).read() == b"ok":
                return
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(f"exited while starting: {log.read_text()[-2000:]}") from None
            time.sleep(0.3)
    raise RuntimeError(f"not healthy after {timeout} s: {url}")


def stop(proc: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 20) -> int:
    """Stop a process we started in its own session: politely, then its whole group by force."""
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            return proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
    return proc.wait(timeout=10)


@dataclass
class Target:
    name: str
    url: str  # where the students go
    direct: list[str]  # each Streamlit process's own address, for the warm-up
    pids: list[int]  # the Streamlit processes whose RSS is summed
    proc: subprocess.Popen
    access_log: Path | None = None  # nginx's, when there is one
    redis_port: int | None = None  # deploy/'s Redis, which holds the live class's rooms


@contextmanager
def one_server(tmp_path: Path):
    port = free_port()
    log = tmp_path / "server.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.headless=true",
             "--server.address=127.0.0.1", f"--server.port={port}", "--server.fileWatcherType=none",
             "--browser.gatherUsageStats=false", f"--server.disconnectedSessionTTL={TTL}"],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(f"{url}/_stcore/health", proc, log)
        yield Target("one server", url, [url], [proc.pid], proc)
    finally:
        stop(proc)


@contextmanager
def deployed(tmp_path: Path):
    """deploy/run.sh on free ports, as a teacher would start it, with the short session TTL."""
    port, *replica_ports = free_port(), free_port(), free_port()
    run = tmp_path / "deploy"
    log = tmp_path / "run.log"
    env = {
        **os.environ,
        "PORT": str(port),
        "REPLICA_PORTS": " ".join(map(str, replica_ports)),
        "RUNTIME_DIR": str(run),
        "REDIS_PORT": str(redis_port := free_port()),
        "PYTHON": sys.executable,
    }
    with log.open("w") as out:
        proc = subprocess.Popen(
            ["bash", "deploy/run.sh", f"--server.disconnectedSessionTTL={TTL}"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(f"{url}/_stcore/health", proc, log, timeout=START_S * 2)
        pids = [int((run / f"replica-{i}.pid").read_text()) for i in (1, 2)]
        yield Target(
            "deploy/ (nginx + 2 replicas)",
            url,
            [f"http://127.0.0.1:{p}" for p in replica_ports],
            pids,
            proc,
            run / "logs" / "access.log",
            redis_port,
        )
    finally:
        stop(proc)


@dataclass
class Student:
    index: int
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    final: str = ""
    upstreams: set[str] = field(default_factory=set)  # X-Upstream of every HTTP response
    route: str | None = None  # the affinity cookie nginx gave this browser


async def wait_ready(page) -> None:
    """The script has finished its run and nothing is still marked stale (as tests/e2e/conftest.py)."""
    await page.wait_for_selector(READY)
    await page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", polling=POLL_MS)


async def wait_stage(page) -> None:
    """The main page is fully there and its stage has drawn a step (see open_app in tests/e2e/conftest.py)."""
    await page.wait_for_selector(".bp-status")
    await wait_ready(page)
    await page.wait_for_function("() => window.__backpropStage?.shown !== undefined", polling=POLL_MS)


async def no_exception(page, student: Student, where: str) -> None:
    if n := await page.locator(EXCEPTION).count():
        text = await page.locator(EXCEPTION).first.inner_text()
        student.errors.append(f"{n} exception element(s) {where}: {text[:300]}")


async def walk(browser, url: str, student: Student, contexts: list) -> None:
    think = random.Random(student.index)  # the same pauses on every run
    context = await browser.new_context(viewport={"width": 1280, "height": 720})
    contexts.append(context)  # closed by the caller, all at once, after the peak is measured
    context.set_default_timeout(WAIT_MS)
    await context.add_init_script(PROBE_JS)
    page = await context.new_page()
    page.on("console", lambda m: student.errors.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: student.errors.append(f"pageerror: {e}"))
    page.on("response", lambda r: student.upstreams.add(r.headers["x-upstream"]) if "x-upstream" in r.headers else None)

    await page.goto(f"{url}/?lang=en")
    await wait_stage(page)
    await no_exception(page, student, "on load")
    first = find_step(await page.locator(".bp-status").inner_text())
    assert first == (1, STEPS), f"opened on {first}"
    for n in range(2, STEPS + 1):
        await page.keyboard.press("ArrowRight")
        shown = await page.wait_for_function(SHOWN_JS, arg=n, polling=POLL_MS)
        student.latencies_ms.append((await shown.json_value())["dt"])
        await wait_ready(page)
        await asyncio.sleep(think.uniform(*THINK_S))
    await no_exception(page, student, "after the walk")

    # To the lesson's formulas and back with the sidebar menu: a page switch within the session.
    await page.locator('[data-testid="stSidebar"] a[href*="Lesson"]').click()
    await page.wait_for_url(re.compile(r"/Lesson\b"))
    await page.wait_for_selector('[data-testid="stMainBlockContainer"] h1')
    await wait_ready(page)
    await no_exception(page, student, "on Lesson")
    # The menu's first entry is the main page (backprop_ui/page.py PAGES); its href is "".
    await page.locator('[data-testid="stSidebar"] a[data-testid="stPageLink-NavLink"]').first.click()
    await wait_stage(page)
    await no_exception(page, student, "back on the main page")
    student.final = await page.locator(".bp-status").inner_text()
    student.route = next((c["value"] for c in await context.cookies() if c["name"] == "streamlit_replica"), None)


async def student_session(browser, url: str, index: int, contexts: list) -> Student:
    student = Student(index)
    await asyncio.sleep(index * ARRIVAL_S)
    try:
        await asyncio.wait_for(walk(browser, url, student, contexts), SESSION_S)
    except Exception as exc:  # one student's failure is reported with the others, not raised alone
        student.errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
        with suppress(Exception):
            await contexts[-1].pages[0].screenshot(path=SHOTS / f"load-fail-{index}.png")
    return student


async def warm_up(browser, direct: list[str]) -> None:
    """Each Streamlit process runs the walk's pages once, so that "start" RSS includes their imports and caches."""
    for url in direct:
        context = await browser.new_context(viewport={"width": 1280, "height": 720})
        context.set_default_timeout(WAIT_MS)
        page = await context.new_page()
        await page.goto(f"{url}/?lang=en")
        await wait_stage(page)
        await page.keyboard.press("ArrowRight")
        await page.wait_for_function(
            "() => /step 2 \\//.test(document.querySelector('.bp-status').textContent)", polling=POLL_MS
        )
        await wait_ready(page)
        await page.goto(f"{url}/Lesson?lang=en")
        await page.wait_for_selector('[data-testid="stMainBlockContainer"] h1')
        await wait_ready(page)
        await context.close()


async def settle_rss(pids: list[int], bound: float) -> tuple[float, float]:
    """RSS once closed sessions have been dropped: wait TTL plus a margin, then up to SETTLE_S for `bound`."""
    start = time.monotonic()
    await asyncio.sleep(TTL + 8)
    rss = rss_mb(pids)
    while rss > bound and time.monotonic() - start < SETTLE_S:
        await asyncio.sleep(1)
        rss = rss_mb(pids)
    return rss, time.monotonic() - start


@dataclass
class Run:
    students: list[Student]
    rss_start: float
    rss_peak: float
    rss_after: float
    after_s: float
    seconds: float
    server_cpu_s: float  # the Streamlit processes' CPU time while the sessions ran


async def drive(target: Target) -> Run:
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            await asyncio.wait_for(warm_up(browser, target.direct), 60)
            await asyncio.sleep(TTL + 3)  # the warm-up sessions are dropped
            rss_start = peak = rss_mb(target.pids)

            async def sample() -> None:
                nonlocal peak
                while True:
                    peak = max(peak, rss_mb(target.pids))
                    await asyncio.sleep(0.25)

            sampler = asyncio.create_task(sample())
            contexts: list = []
            began, cpu_began = time.monotonic(), cpu_s(target.pids)
            students = await asyncio.gather(
                *(student_session(browser, target.url, i, contexts) for i in range(SESSIONS))
            )
            seconds, server_cpu = time.monotonic() - began, cpu_s(target.pids) - cpu_began
            sampler.cancel()
            with suppress(asyncio.CancelledError):
                await sampler
            peak = max(peak, rss_mb(target.pids))
            for context in contexts:
                with suppress(Exception):
                    await asyncio.wait_for(context.close(), 30)
            rss_after, after_s = await settle_rss(target.pids, rss_start * RSS_BOUND)
        finally:
            with suppress(Exception):
                await asyncio.wait_for(browser.close(), 30)
    return Run(students, rss_start, peak, rss_after, after_s, seconds, server_cpu)


def replica_spread(access_log: Path, students: list[Student]) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """Per replica: (students whose session lives there, websockets), from nginx's log; and every way a
    browser did not stick to one replica ("a, b" in $upstream_addr is a retry on another replica)."""
    served: dict[str, set[str]] = defaultdict(set)  # affinity cookie -> every upstream that answered it
    sockets: dict[str, list[str]] = defaultdict(list)  # upstream -> cookie of each websocket it held
    line_re = re.compile(r"route=(\S+) upstream=(.*?) status=\d+ .*\"\S+ (\S+)\"$")
    for line in access_log.read_text().splitlines():
        if m := line_re.search(line):
            route, upstream, uri = m.groups()
            served[route].add(upstream)
            if uri.startswith("/_stcore/stream"):
                sockets[upstream].append(route)
    problems = []
    for s in students:
        upstreams = served.get(s.route or "", set())
        if s.route is None:
            problems.append(f"session {s.index}: no affinity cookie")
        elif len(upstreams) != 1 or upstreams != s.upstreams:
            problems.append(f"session {s.index}: nginx log {sorted(upstreams)}, X-Upstream {sorted(s.upstreams)}")
    counts = {u: (len(set(routes)), len(routes)) for u, routes in sorted(sockets.items())}
    return counts, problems


def check_and_record(target: Target, run: Run, record) -> None:
    latencies = sorted(ms for s in run.students for ms in s.latencies_ms)
    p50 = statistics.median(latencies) if latencies else float("nan")
    p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))] if latencies else float("nan")
    finals = [find_step(s.final) for s in run.students]
    ok = sum(1 for s, f in zip(run.students, finals) if not s.errors and f == (STEPS, STEPS))
    persian = sum(1 for s in run.students if "گام" in s.final)

    spread, problems = ({}, [])
    if target.access_log is not None:
        spread, problems = replica_spread(target.access_log, run.students)
    per_replica = ", ".join(f"{u.removeprefix('127.0.0.1:')}: {n} / {ws}" for u, (n, ws) in spread.items()) or "–"
    note = f"- {target.name}: {SESSIONS} sessions in {run.seconds:.0f} s."
    if persian:  # an app bug seen here, reported rather than failed on (not what this test is about)
        note += f" {persian} of them came back from the lesson page in Persian although opened with ?lang=en."
    record(
        f"| {target.name} | {SESSIONS} | {ok} | {len(latencies)} | {p50:.0f} ms | {p95:.0f} ms "
        f"| {max(latencies, default=float('nan')):.0f} ms | {run.server_cpu_s:.0f} s ({run.server_cpu_s / SESSIONS:.1f} s) "
        f"| {run.rss_start:.0f} MB | {run.rss_peak:.0f} MB | {run.rss_after:.0f} MB ({run.after_s:.0f} s) | {per_replica} |",
        note,
    )

    failures = [f"session {s.index}: {e}" for s in run.students for e in s.errors]
    failures += [
        f"session {s.index}: ended on {f} ({s.final!r})" for s, f in zip(run.students, finals) if f != (STEPS, STEPS)
    ]
    assert not failures, "\n".join(failures[:40])
    assert len(latencies) == SESSIONS * (STEPS - 1)
    assert p95 < P95_SANITY_MS, f"p95 {p95:.0f} ms: the setup is broken, not merely slow"
    assert run.rss_after <= run.rss_start * RSS_BOUND, (
        f"RSS after close {run.rss_after:.0f} MB > {RSS_BOUND:.2f} × start {run.rss_start:.0f} MB"
    )
    if target.access_log is not None:
        assert not problems, "sessions did not stick to one replica:\n" + "\n".join(problems)
        if SESSIONS >= 10:  # each browser picks a replica at random: with 10, all on one is a 1-in-500 event
            assert len(spread) == 2 and all(n > 0 for n, _ in spread.values()), (
                f"not spread over both replicas: {spread}"
            )


def test_one_server(tmp_path, record):
    with one_server(tmp_path) as target:
        run = asyncio.run(asyncio.wait_for(drive(target), RUN_S))
    check_and_record(target, run, record)


def test_through_deploy(tmp_path, record):
    with deployed(tmp_path) as target:
        run = asyncio.run(asyncio.wait_for(drive(target), RUN_S))
        # Stopping is part of deploy/run.sh's job: TERM ends nginx and both replicas, exit status 0.
        status = stop(target.proc)
        leftovers = [pid for pid in target.pids if Path(f"/proc/{pid}").exists()]
    check_and_record(target, run, record)
    assert status == 0, f"deploy/run.sh exited with {status} on TERM"
    assert not leftovers, f"replicas still running after deploy/run.sh stopped: {leftovers}"
