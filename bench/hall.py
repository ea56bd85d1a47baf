"""The lecture hall (issue 21), side by side with a one-button Streamlit script (``bench/one_button.py``)
in one Chromium run on an emulated 390 × 844 phone (touch, a phone's User-Agent):

- *Cold load*: fresh browser contexts, the three pages interleaved (one round of warm-up first):
  the bytes on the wire (every response's encoded length and the websocket frames received, from
  Chromium's own network events) and the time from navigation to the first animation frame in
  which the page is usable: for the one-button script its button and count; for the students'
  light page and the main page the step's status line, its typeset card and the plotly figure.
- *Server CPU per student who joins*: the server process's user + system time over 10 joins that
  stay open, the idle CPU over as long subtracted; the reference: 10 sessions of the script.
- *Teacher step → student screen*: a teacher presenting in the main page and three phones on the
  light page; from the teacher's keydown of Right to the first frame in which a phone's status line
  shows that step (both clocks are the machine's: ``performance.timeOrigin + now()``); 3 × 30 steps.
  On one server, then through deploy/ (nginx, two replicas, Redis) with the teacher on replica 1 and
  the phones on replica 2, when nginx and Redis are installed.

Prints Markdown for BENCHMARKS.md. Needs Debian's chromium (scripts/ensure-chromium.sh).
"""

from __future__ import annotations

import base64
import json
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import numpy as np
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.browser import ARGS, READY, cpu_seconds, free_port, start_server  # noqa: E402

PHONE = {"width": 390, "height": 844}
# A phone as Chromium emulates one: its viewport, touch, and a phone's User-Agent (which the main
# page reads to fold the examples' table).
PHONE_CONTEXT = {
    "viewport": PHONE,
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 3,
    "user_agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/156.0.0.0 Mobile Safari/537.36",
}
ROUNDS = 6
# The first frame in which the step is usable: status line, typeset card, figure drawn.
STAGE_DRAWN = """() => { const s = document.querySelector('.bp-status');
  return Boolean(s && /\\d/.test(s.textContent) && document.querySelector('.bp-card .katex')
    && document.querySelector('.bp-plot .scatterlayer .trace')); }"""
BUTTON_DRAWN = """() => Boolean(document.querySelector('.st-key-next button')
  && [...document.querySelectorAll('[data-testid=stMarkdownContainer]')].some(e => e.innerText.includes('clicks')))"""


def new_room(base: str, query: str = "p=xor", lang: str = "en") -> dict:
    req = urllib.request.Request(
        f"{base}/api/classes",
        data=json.dumps({"query": query, "lang": lang}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read())


def cold_load(browser, url: str, drawn: str) -> tuple[float, int]:
    """(seconds to the first usable frame, bytes on the wire) of ``url`` in a fresh context."""
    context = browser.new_context(**PHONE_CONTEXT)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    sizes: list[int] = []
    cdp.on("Network.loadingFinished", lambda e: sizes.append(int(e["encodedDataLength"])))

    def frame(e: dict) -> None:
        response = e["response"]
        data = response.get("payloadData", "")
        sizes.append(len(base64.b64decode(data)) if response.get("opcode") == 2 else len(data.encode()))

    cdp.on("Network.webSocketFrameReceived", frame)
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function(drawn, polling="raf", timeout=60_000)
    seconds = time.perf_counter() - start
    page.wait_for_timeout(1500)  # what still arrives once it is usable (fonts, the socket's first messages)
    context.close()
    return seconds, sum(sizes)


def cold_loads(browser, urls: dict[str, tuple[str, str]]) -> dict[str, tuple[list[float], list[int]]]:
    out: dict[str, tuple[list[float], list[int]]] = {name: ([], []) for name in urls}
    for url, drawn in urls.values():  # warm-up: the servers' caches, Chromium's own start
        cold_load(browser, url, drawn)
    for _ in range(ROUNDS):
        for name, (url, drawn) in urls.items():
            seconds, size = cold_load(browser, url, drawn)
            out[name][0].append(seconds)
            out[name][1].append(size)
    return out


def cpu_per_join(pid: int, join, count: int = 10) -> float:
    """Server CPU seconds per join over ``count`` joins that stay open, idle CPU subtracted."""
    time.sleep(1.5)
    idle0, t0 = cpu_seconds(pid), time.perf_counter()
    time.sleep(3.0)
    idle_rate = (cpu_seconds(pid) - idle0) / (time.perf_counter() - t0)
    busy0, t0 = cpu_seconds(pid), time.perf_counter()
    opened = [join() for _ in range(count)]
    time.sleep(1.0)
    busy = cpu_seconds(pid) - busy0 - idle_rate * (time.perf_counter() - t0)
    for context in opened:
        context.close()
    return max(0.0, busy) / count


# Each phone notes when its status line first shows a step (after the frame is drawn).
PHONE_CLOCK = """() => { window.__seen = {}; const status = document.querySelector('.bp-status');
  new MutationObserver(() => { const m = status.textContent.match(/(\\d+) \\/ \\d+/); if (!m) return;
    const k = +m[1]; if (window.__seen[k] !== undefined) return; window.__seen[k] = -1;
    requestAnimationFrame(() => { window.__seen[k] = performance.timeOrigin + performance.now(); }); })
  .observe(status, {subtree: true, childList: true, characterData: true}); }"""
TEACHER_CLOCK = """() => { window.__pressed = [];
  document.addEventListener('keydown', (e) => { if (e.key === 'ArrowRight') window.__pressed.push(performance.timeOrigin + performance.now()); }, true); }"""


def step_latencies(browser, teacher_base: str, phone_base: str, steps: int = 30) -> list[float]:
    """Milliseconds from the teacher's Right to each phone's frame with that step."""
    made = new_room(teacher_base, "p=xor", "en")
    contexts = [browser.new_context(viewport={"width": 1280, "height": 720})] + [
        browser.new_context(**PHONE_CONTEXT) for _ in range(3)
    ]
    try:
        teacher = contexts[0].new_page()
        teacher.goto(teacher_base + "/" + made["teacher_url"].split("/", 3)[3])
        teacher.wait_for_function("() => window.__backpropStage?.lecture?.room", timeout=60_000)
        teacher.evaluate("window.__backpropStage.lecture.toggleJoin(false)")
        phones = []
        for context in contexts[1:]:
            page = context.new_page()
            page.goto(phone_base + "/" + made["student_url"].split("/", 3)[3])
            page.wait_for_function("() => window.__backpropStage?.lecture?.room", timeout=60_000)
            phones.append(page)
        deadline = time.monotonic() + 20
        while teacher.evaluate("window.__backpropStage.lecture.room.students") < 3 and time.monotonic() < deadline:
            time.sleep(0.1)
        for page in phones:
            page.evaluate(PHONE_CLOCK)
        teacher.bring_to_front()
        teacher.evaluate(TEACHER_CLOCK)
        for _ in range(steps):
            teacher.keyboard.press("ArrowRight")
            time.sleep(0.4)
        time.sleep(1.0)
        pressed = teacher.evaluate("window.__pressed")
        out = []
        for page in phones:
            seen = page.evaluate("window.__seen")
            for i, at in enumerate(pressed):
                shown = seen.get(str(i + 2))  # the first press shows step 2
                if shown is not None and shown > 0:
                    out.append(shown - at)
        return out
    finally:
        for context in contexts:
            context.close()


def main() -> None:
    app_port, ref_port = free_port(), free_port()
    app = start_server("streamlit_app.py", app_port)
    ref = start_server("bench/one_button.py", ref_port)
    base, ref_url = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{ref_port}/"
    try:
        room = new_room(base)
        student = base + "/" + room["student_url"].split("/", 3)[3]
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            loads = cold_loads(
                browser,
                {
                    "one-button script": (ref_url, BUTTON_DRAWN),
                    "students' page (XOR, en)": (student, STAGE_DRAWN),
                    "main page (XOR, en)": (base + "/?p=xor&lang=en", STAGE_DRAWN),
                },
            )
            ref_s, ref_b = (statistics.median(v) for v in loads["one-button script"])
            print(f"Cold load on a {PHONE['width']} × {PHONE['height']} phone, medians of {ROUNDS} (range):\n")
            print("| page | until usable | × one-button | bytes on the wire | × one-button |")
            print("|---|---|---|---|---|")
            for name, (secs, sizes) in loads.items():
                s, b = statistics.median(secs), statistics.median(sizes)
                print(f"| {name} | {s:.2f} s ({min(secs):.2f}–{max(secs):.2f}) | {s / ref_s:.2f} × "
                      f"| {b / 1e6:.2f} MB | {b / ref_b:.2f} × |")  # fmt: skip

            def join_student():
                context = browser.new_context(**PHONE_CONTEXT)
                page = context.new_page()
                page.goto(student)
                page.wait_for_function("() => window.__backpropStage?.lecture?.room", timeout=60_000)
                return context

            def join_reference():
                context = browser.new_context(**PHONE_CONTEXT)
                page = context.new_page()
                page.goto(ref_url)
                page.wait_for_selector(READY, timeout=60_000)
                return context

            rows = []
            for _ in range(2):
                rows.append((cpu_per_join(app.pid, join_student), cpu_per_join(ref.pid, join_reference)))
            print("\n| server CPU per phone that joins | students' page | one-button session | ratio |")
            print("|---|---|---|---|")
            for i, (s, r) in enumerate(rows, 1):
                print(f"| run {i} (10 joins) | {s * 1000:.0f} ms | {r * 1000:.0f} ms | {s / r:.2f} × |")

            lat = step_latencies(browser, base, base)
            print("\n| teacher step → phone's screen | median | p95 | samples |")
            print("|---|---|---|---|")
            print(f"| one server | {statistics.median(lat):.0f} ms | {np.percentile(lat, 95):.0f} ms | {len(lat)} |")
            deploy_latencies(browser)
            browser.close()
    finally:
        for proc in (app, ref):
            proc.terminate()
            proc.wait(timeout=10)


def deploy_latencies(browser) -> None:
    import shutil

    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()) or not shutil.which("redis-server"):
        print("| through deploy/ | not measured: nginx or redis-server is not installed | | |")
        return
    from tests.load.test_load import deployed

    with tempfile.TemporaryDirectory() as tmp, deployed(Path(tmp)) as target:
        lat = step_latencies(browser, target.direct[0], target.direct[1])
    print(f"| through deploy/, phones on the other replica | {statistics.median(lat):.0f} ms "
          f"| {np.percentile(lat, 95):.0f} ms | {len(lat)} |")  # fmt: skip


if __name__ == "__main__":
    main()
