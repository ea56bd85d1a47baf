"""A lecture hall of 300: a teacher and 300 students in a live class through deploy/ (nginx, two
replicas, Redis), a replica killed during a question and Redis during the revote.

Ten students are phones on the students' light page (``/join/CODE``), each in a browser context
of its own (its own cookie, so nginx spreads them over both replicas, and its own voter id); the
others are websocket clients that follow, answer and reconnect as the stage does, through the same
nginx. All 300 arrive within 30 s. Figures, written to shots/class-load-results.md for
RELIABILITY.md:

- *joining*: how long until the room counted all 300; the CPU time of both replicas and Redis
  over the joins, per student; the replicas' memory (RSS) per student once everyone is in;
- *teacher's step → student*: from the teacher's key press (Date.now() in the teacher's page) to
  the moment each websocket student received the room's new step, and each phone's stage showed it
  (one machine, one clock). p50 / p95 / max, over every student and every step; every student must
  land on every step, p95 ≤ 250 ms;
- *server CPU per follower step*: both replicas and Redis while the teacher stepped;
- *a replica killed* (SIGKILL) when half the room has answered a question: the students it served
  reconnect through nginx and send an unacknowledged answer again; every answer is counted once;
- *Redis killed* half-way through the revote: run.sh starts it again from its append-only file;
  again, exactly one answer per student.

Run with `make load`. CLASS_STUDENTS=n and CLASS_BROWSERS=k change the numbers.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import statistics
import time
import urllib.request
from pathlib import Path

import pytest
import redis
import websockets
from playwright.async_api import async_playwright

from backprop_core import practice
from backprop_ui.live import classroom
from tests.helpers import ROOT

from .test_load import CHROMIUM, CHROMIUM_ARGS, cpu_s, deployed, rss_mb

pytestmark = pytest.mark.load

STUDENTS = int(os.environ.get("CLASS_STUDENTS", "300"))
# Of them, real browser tabs (the rest are websocket clients that do what the stage does: follow,
# answer, reconnect). Many tabs rendering every step on this machine's 2 cores measure the cores,
# not the class (RELIABILITY.md, section 7).
BROWSERS = int(os.environ.get("CLASS_BROWSERS", "10"))
ARRIVAL_S = 30.0  # the whole hall arrives within this
STEPS = 12  # the teacher's presses while everyone follows
PRESS_EVERY_S = 1.5
P95_MS = 250.0
RESULTS = ROOT / "shots" / "class-load-results.md"
PHONE = {"width": 390, "height": 844}

# In every student page: when each room state arrived (by step) and when the stage showed each step.
PROBE_JS = r"""
(() => {
  const probe = (window.__class = { recv: {}, shown: {} });
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      if (String(args[0]).includes("/api/classes/")) this.addEventListener("message", (ev) => {
        try { const m = JSON.parse(ev.data); if (m.t === "state") probe.recv[m.step] ??= Date.now(); } catch (e) {}
      });
    }
  };
  const tick = () => {
    const s = window.__backpropStage;
    if (s && s.shown !== undefined) probe.shown[s.shown] ??= Date.now();
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
"""


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def post_class(url: str) -> dict:
    req = urllib.request.Request(
        f"{url}/api/classes",
        data=b'{"query": "p=xor", "lang": "en"}',
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read())


async def wait_stage(page) -> None:
    await page.wait_for_function(
        "() => window.__backpropStage?.shown !== undefined && window.__backpropStage.lecture?.room",
        polling=500,
        timeout=600_000,
    )


async def join(browser, url: str, index: int, pages: list) -> None:
    await asyncio.sleep(index * ARRIVAL_S / max(1, BROWSERS))  # the phones arrive among the others
    context = await browser.new_context(viewport=PHONE)
    await context.add_init_script(PROBE_JS)
    page = await context.new_page()
    pages.append(page)
    await page.goto(url, timeout=600_000, wait_until="domcontentloaded")
    await wait_stage(page)


async def steps_of(pages, what: str) -> list[dict]:
    return [await p.evaluate(f"window.__class.{what}") for p in pages]


async def all_at(pages, step: int, timeout: float) -> float:
    """Seconds until every student's stage shows ``step``."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        shown = [await p.evaluate("window.__backpropStage?.shown") for p in pages]
        if all(s == step for s in shown):
            return time.monotonic() - start
        await asyncio.sleep(0.5)
    behind = [k for k, s in enumerate(shown) if s != step]
    for k in behind:
        with contextlib.suppress(Exception):
            await pages[k].screenshot(path=ROOT / "shots" / f"class-load-behind-{k}.png")
            state = await pages[k].evaluate(
                "JSON.stringify({shown: window.__backpropStage?.shown, room: window.__backpropStage?.lecture?.room, following: window.__backpropStage?.lecture?.following, down: window.__backpropStage?.lecture?.down, url: location.href})"
            )
            print("behind", k, state)
    raise AssertionError(f"{len(behind)} students not on step {step} after {timeout} s: {shown}")


def test_a_lecture_hall_follows_and_survives_a_replica_and_redis(tmp_path):
    lines: list[str] = []
    try:
        asyncio.run(asyncio.wait_for(_lecture(tmp_path, lines), 1500))
    finally:
        text = f"# Live class load test (`make load`, {time.strftime('%Y-%m-%d')})\n\n" + "\n".join(lines) + "\n"
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.write_text(text)
        print("\n" + text)


class Socket:
    """A student without a browser: the room's websocket, as assets/class.js uses it."""

    def __init__(self, ws_url: str, index: int):
        self.url, self.voter = ws_url, f"socket-student-{index:04d}"
        self.recv: dict[int, float] = {}
        self.room: dict | None = None
        self.answer: str | None = None
        self.acked = False  # this round's answer
        self.ws = None
        self.reconnects = -1

    async def send_answer(self) -> None:
        q = (self.room or {}).get("q")
        if self.answer is None or self.acked or not q or q["phase"] != "open" or self.ws is None:
            return
        with contextlib.suppress(Exception):
            await self.ws.send(json.dumps({"t": "answer", "q": q["id"], "round": q["round"], "value": self.answer}))

    async def run(self, stop: asyncio.Event, delay: float = 0.0) -> None:
        await asyncio.sleep(delay)  # its arrival in the hall
        while not stop.is_set():
            try:
                async with websockets.connect(self.url, open_timeout=20) as ws:
                    self.ws = ws
                    self.reconnects += 1
                    await ws.send(json.dumps({"t": "hello", "role": "student", "voter": self.voter}))
                    async for raw in ws:
                        m = json.loads(raw)
                        if m["t"] == "state":
                            self.recv.setdefault(m["step"], time.time() * 1000)
                            self.room = m
                            await self.send_answer()  # not acknowledged before the connection dropped
                        elif m["t"] == "ack" and m.get("round") == ((self.room or {}).get("q") or {}).get("round"):
                            self.acked = True
                        elif m["t"] == "refused" and m["why"] == "unavailable":
                            await asyncio.sleep(1)
                            await self.send_answer()
            except (TimeoutError, OSError, websockets.WebSocketException):
                pass
            self.ws = None
            await asyncio.sleep(0.5)


async def answer_all(answerers: list, value: str, kill, what: str) -> tuple[int, float]:
    """Every student answers ``value``; ``kill()`` when half have. Returns (counted, seconds after the kill)."""
    killed_at = time.monotonic()
    for k, who in enumerate(answerers):
        if k == len(answerers) // 2:
            kill()
            killed_at = time.monotonic()
        if isinstance(who, Socket):
            who.answer, who.acked = value, False
            await who.send_answer()
        else:
            await who.fill(".bp-q-input", value)
            await who.click(".bp-q-check")
    return killed_at


async def counted(teacher, killed_at: float, round_: int) -> tuple[int, float]:
    answered, took = 0, 0.0
    while time.monotonic() - killed_at < 120:
        room = await teacher.evaluate("window.__backpropStage.lecture.room")
        q = (room or {}).get("q") or {}
        answered = q.get("answered", 0) if q.get("round") == round_ else 0
        took = time.monotonic() - killed_at
        if answered >= STUDENTS:
            break
        await asyncio.sleep(0.5)
    await asyncio.sleep(3)  # any answer counted twice would show by now
    room = await teacher.evaluate("window.__backpropStage.lecture.room")
    return room["q"]["answered"], took


async def _lecture(tmp_path: Path, lines: list[str]) -> None:
    with deployed(tmp_path) as target:
        run = tmp_path / "deploy"
        created = post_class(target.url)
        code = created["code"]
        teacher_url = target.url + "/" + created["teacher_url"].split("/", 3)[3]
        student_url = target.url + "/" + created["student_url"].split("/", 3)[3]
        assert "/join/" in student_url  # the light page
        ws_url = target.url.replace("http://", "ws://") + f"/api/classes/{code}/ws"
        stop = asyncio.Event()
        sockets = [Socket(ws_url, k) for k in range(STUDENTS - BROWSERS)]
        tasks = []
        servers = [*target.pids, int((run / "redis.pid").read_text())]
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            teacher_context = await browser.new_context(viewport={"width": 1280, "height": 720})
            teacher = await teacher_context.new_page()
            await teacher.goto(teacher_url, timeout=180_000)
            await wait_stage(teacher)
            await teacher.evaluate("window.__backpropStage.lecture.toggleJoin(false)")

            # -- the hall arrives: 300 within 30 s --
            await asyncio.sleep(3)
            rss0, cpu0, start = rss_mb(target.pids), cpu_s(servers), time.monotonic()
            pages: list = []
            spread = ARRIVAL_S / max(1, len(sockets))
            tasks = [asyncio.create_task(sock.run(stop, k * spread)) for k, sock in enumerate(sockets)]
            await asyncio.gather(*(join(browser, student_url, k, pages) for k in range(BROWSERS)))
            room = {}
            while time.monotonic() - start < ARRIVAL_S + 60:
                room = await teacher.evaluate("window.__backpropStage.lecture.room")
                if room["students"] == STUDENTS:
                    break
                await asyncio.sleep(0.25)
            joined = time.monotonic() - start
            assert room["students"] == STUDENTS, room
            await asyncio.sleep(2)
            cpu_join, rss1 = cpu_s(servers) - cpu0, rss_mb(target.pids)
            lines.append(
                f"- students: {STUDENTS} through nginx, arriving over {ARRIVAL_S:g} s: {BROWSERS} phones on the light "
                f"page (each its own browser context) and {STUDENTS - BROWSERS} websocket clients; all counted "
                f"{joined:.1f} s after the first arrived"
            )
            lines.append(
                f"- joining: server CPU (2 replicas + Redis) {cpu_join:.1f} s, {1000 * cpu_join / STUDENTS:.1f} ms per "
                f"student; the replicas' memory {rss0:.0f} → {rss1:.0f} MB, {1024 * (rss1 - rss0) / STUDENTS:.0f} kB "
                f"per student"
            )
            assert joined <= ARRIVAL_S + 10, joined

            # -- following: the teacher steps, every student follows --
            await asyncio.sleep(2)
            cpu0 = cpu_s(servers)
            pressed = {}
            for _ in range(STEPS):
                before = await teacher.evaluate("window.__backpropStage.step")
                pressed[before + 1] = await teacher.evaluate("Date.now()")
                await teacher.keyboard.press("ArrowRight")
                await asyncio.sleep(PRESS_EVERY_S)
            last = max(pressed)
            await all_at(pages, last, 60)
            cpu = cpu_s(servers) - cpu0
            shown = await steps_of(pages, "shown")
            drawn = [d[str(s)] - t for d in shown for s, t in pressed.items() if str(s) in d]
            socks = [sock.recv[s] - t for sock in sockets for s, t in pressed.items() if s in sock.recv]
            every = drawn + socks
            lines.append(f"- the teacher stepped {STEPS} times, one press every {PRESS_EVERY_S:g} s")
            for name, values, total in (
                ("a websocket student has it", socks, len(sockets) * STEPS),
                ("a phone's stage shows it", drawn, BROWSERS * STEPS),
                ("every student (both)", every, STUDENTS * STEPS),
            ):
                lines.append(
                    f"- teacher's press → {name}: p50 {statistics.median(values):.0f} ms, p95 {pct(values, 0.95):.0f} ms, "
                    f"max {max(values):.0f} ms ({len(values)} of {total})"
                )
            lines.append(
                f"- server CPU (2 replicas + Redis) while following: {cpu:.1f} s, per follower step "
                f"{1000 * cpu / (STEPS * STUDENTS):.2f} ms"
            )
            assert len(every) == STUDENTS * STEPS, "a student missed a step"
            assert pct(every, 0.95) <= P95_MS, pct(every, 0.95)

            # -- a question; replica 2 killed when half the room has answered --
            counts = redis.Redis(port=target.redis_port).hgetall("bp:students:" + code)
            split = sorted(int(v.decode().split(":")[0]) for v in counts.values())
            lines.append(f"- students per replica (their room's socket): {' / '.join(map(str, split))}")
            assert len(split) == 2, "every student on one replica: the kill would prove nothing"
            trace = classroom.trace_of("p=xor")
            step = next(k for k, s in enumerate(trace) if k > last and practice.question(s))
            await teacher.evaluate(f"window.__backpropStage.go({step})")
            await teacher.keyboard.press("q")
            await all_at(pages, step, 60)
            value = f"{practice.question(trace[step]).value:.4f}"
            answerers = [*pages, *sockets]
            victim = int((run / "replica-2.pid").read_text())
            killed_at = await answer_all(answerers, value, lambda: os.kill(victim, signal.SIGKILL), "replica")
            answered, took = await counted(teacher, killed_at, 1)
            lines.append(
                f"- replica 2 killed (SIGKILL) after {len(answerers) // 2} of {STUDENTS} answers: all {answered} "
                f"counted {took:.1f} s after the kill, each exactly once "
                f"({sum(max(0, s.reconnects) for s in sockets)} socket reconnects)"
            )
            assert answered == STUDENTS

            # -- the revote; Redis killed half-way --
            await teacher.keyboard.press("r")  # reveal
            await teacher.click(".bp-c-revote")
            for page in pages:
                await page.wait_for_selector(".bp-q-input", state="visible", timeout=60_000)
            redis_pid = int((run / "redis.pid").read_text())
            killed_at = await answer_all(answerers, value, lambda: os.kill(redis_pid, signal.SIGKILL), "Redis")
            answered, took = await counted(teacher, killed_at, 2)
            restarted = int((run / "redis.pid").read_text()) != redis_pid
            lines.append(
                f"- Redis killed (SIGKILL) after {len(answerers) // 2} of {STUDENTS} revotes: started again by run.sh: "
                f"{restarted}; all {answered} counted {took:.1f} s after the kill, each exactly once"
            )
            assert restarted and answered == STUDENTS
            stop.set()
            for task in tasks:
                task.cancel()
            await browser.close()
