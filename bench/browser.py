"""In headless Chromium, side by side with a one-button Streamlit script (``bench/one_button.py``):

- *Right → step on screen*: from the keydown of Right (or the mousedown on the reference's
  button), taken in the page, to the first animation frame in which the next step's status
  line and highlighted unit (the reference: its count) are in the page; medians of 30.
- *Server CPU per step*: the server process's user + system time (``/proc/<pid>/stat``) over
  30 quick steps (one per 200 ms) and over 10 steps at a reading pace (one per 1.5 s), the
  server's idle CPU over the same time subtracted; the reference clicked the same way.
- *Autoplay at 0.25 s per step*: every status line seen, in order.
- *Cold and warm first render*: from navigation to the first step drawn, in a fresh browser
  context (cold: nothing cached) and again in the same context (warm: plotly.js and KaTeX
  from the cache; the requests that still reach the server are counted).
- *Memory per session*: the server's RSS with 10 sessions open, and after they close.

Prints Markdown for BENCHMARKS.md. Needs Debian's chromium (scripts/ensure-chromium.sh).
"""

from __future__ import annotations

import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import numpy as np
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from backprop_core import Scenario, codec  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start_server(script: str, port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.headless=true",
         "--server.address=127.0.0.1", f"--server.port={port}", "--server.fileWatcherType=none",
         "--browser.gatherUsageStats=false", "--server.disconnectedSessionTTL=2"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(300):
        try:
            if urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1).read() == b"ok":
                return proc
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("server never became healthy")


def open_stage(context, url: str):
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function("() => window.__backpropStage?.shown !== undefined", timeout=60_000)
    page.wait_for_selector(".bp-plot .scatterlayer", state="attached", timeout=60_000)
    seconds = time.perf_counter() - start
    page.wait_for_selector(READY, timeout=60_000)
    return page, seconds


def open_reference(context, url: str):
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(".st-key-next button", timeout=60_000)
    page.wait_for_selector(READY, timeout=60_000)
    return page


# From the press (a listener on the document takes its time, as the old benchmark did) to the
# first animation frame in which the change is in the page: polled every frame ("raf").
CLOCK = """() => { window.__t0 = 0;
  for (const type of ['keydown', 'mousedown']) document.addEventListener(type, () => { window.__t0 = performance.now(); }, true); }"""
STAGE_CHANGED = """(before) => {
  const orange = [...document.querySelectorAll('.bp-plot .point')]
    .filter(p => (p.style.fill || '').replace(/\\s/g, '') === 'rgb(230,159,0)');
  if (document.querySelector('.bp-status').innerText === before || orange.length > 1) return false;
  window.__dt = performance.now() - window.__t0; return true; }"""
REFERENCE_CHANGED = """(before) => {
  const text = [...document.querySelectorAll('[data-testid=stMarkdownContainer]')].map(e => e.innerText).join('|');
  if (text === before) return false;
  window.__dt = performance.now() - window.__t0; return true; }"""
REFERENCE_TEXT = "[...document.querySelectorAll('[data-testid=stMarkdownContainer]')].map(e => e.innerText).join('|')"


def stage_latencies(page, n: int) -> list[float]:
    out = []
    last = page.evaluate("window.__backpropStage.meta.n") - 1
    for _ in range(n):
        if page.evaluate("window.__backpropStage.shown") >= last:
            page.keyboard.press("Home")
            page.wait_for_timeout(150)
        before = page.locator(".bp-status").inner_text()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(STAGE_CHANGED, arg=before, polling="raf", timeout=10_000)
        out.append(page.evaluate("window.__dt"))
        page.wait_for_timeout(150)
    return out


def reference_latencies(page, n: int) -> list[float]:
    out = []
    box = page.locator(".st-key-next button").bounding_box()
    for _ in range(n):
        before = page.evaluate(REFERENCE_TEXT)
        page.mouse.click(box["x"] + 5, box["y"] + 5)
        page.wait_for_function(REFERENCE_CHANGED, arg=before, polling="raf", timeout=10_000)
        out.append(page.evaluate("window.__dt"))
        page.wait_for_selector(READY)
        page.wait_for_timeout(150)
    return out


def cpu_per_step(pid: int, step, count: int, pause: float) -> float:
    """Server CPU seconds per step over ``count`` steps ``pause`` apart, idle CPU over as long subtracted."""
    time.sleep(1.0)
    idle0 = cpu_seconds(pid)
    time.sleep(count * pause)
    idle = cpu_seconds(pid) - idle0
    busy0 = cpu_seconds(pid)
    for _ in range(count):
        step()
        time.sleep(pause)
    time.sleep(0.5)
    busy = cpu_seconds(pid) - busy0
    return max(0.0, busy - idle * (count * pause + 0.5) / (count * pause)) / count


def big_query() -> str:
    rng = np.random.default_rng(0)
    sc = Scenario(layer_sizes=(4, 8, 8, 3), X=rng.uniform(0, 1, size=(4, 4)).round(2), Y=np.eye(3)[[0, 1, 2, 0]],
                  seed=0, epsilon=1.0)  # fmt: skip
    return "?" + urllib.parse.urlencode(codec.to_query(sc) | {"lang": "en"}, safe=",;-")


def main() -> None:
    app_port, ref_port = free_port(), free_port()
    app = start_server("streamlit_app.py", app_port)
    ref = start_server("bench/one_button.py", ref_port)
    base, ref_url = f"http://127.0.0.1:{app_port}/", f"http://127.0.0.1:{ref_port}/"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            context = browser.new_context(viewport={"width": 1280, "height": 720})
            open_stage(context, base + "?lang=en")  # warm the server
            context.close()

            # Step latency, interleaved in rounds of 10 so the machine's load falls on both alike.
            results = {"2-2-1 (default)": [], "4-8-8-3, m = 4": [], "one-button script": []}
            ctx = browser.new_context(viewport={"width": 1280, "height": 720})
            small, _ = open_stage(ctx, base + "?lang=en")
            big, _ = open_stage(ctx, base + big_query())
            reference = open_reference(ctx, ref_url)
            for pg in (small, big, reference):
                pg.evaluate(CLOCK)
            for _ in range(3):
                small.bring_to_front()
                results["2-2-1 (default)"] += stage_latencies(small, 10)
                big.bring_to_front()
                results["4-8-8-3, m = 4"] += stage_latencies(big, 10)
                reference.bring_to_front()
                results["one-button script"] += reference_latencies(reference, 10)
            floor = statistics.median(results["one-button script"])
            print("| Right → next step on screen | median | p90 | × one-button click |")
            print("|---|---|---|---|")
            for name, lat in results.items():
                print(f"| {name} | {statistics.median(lat):.0f} ms | {np.percentile(lat, 90):.0f} ms | "
                      f"{statistics.median(lat) / floor:.2f} × |")  # fmt: skip

            # Server CPU per step, quick and at a reading pace.
            small.bring_to_front()
            small.keyboard.press("Home")

            def stage_step():
                if small.evaluate("window.__backpropStage.shown") >= 12:
                    small.keyboard.press("Home")
                small.keyboard.press("ArrowRight")

            reference.bring_to_front()
            box = reference.locator(".st-key-next button").bounding_box()

            def reference_click():
                reference.mouse.click(box["x"] + 5, box["y"] + 5)

            rows = []
            for label, count, pause in (("quick (one step per 0.2 s)", 30, 0.2), ("reading (one per 1.5 s)", 10, 1.5)):
                small.bring_to_front()
                s = cpu_per_step(app.pid, stage_step, count, pause)
                reference.bring_to_front()
                r = cpu_per_step(ref.pid, reference_click, count, pause)
                rows.append((label, s, r))
            print("\n| server CPU per step | stage | one-button click | stage / click |")
            print("|---|---|---|---|")
            for label, s, r in rows:
                print(f"| {label} | {s * 1000:.2f} ms | {r * 1000:.1f} ms | {s / r:.3f} × |")

            # Autoplay at 0.25 s per step: every step, in order.
            small.bring_to_front()
            small.keyboard.press("Home")
            small.locator(".bp-speed").select_option("0.25")
            small.evaluate("""() => { window.__seen = []; new MutationObserver(() => {
                const t = document.querySelector('.bp-status').innerText; if (window.__seen.at(-1) !== t) window.__seen.push(t); })
                .observe(document.querySelector('.bp-status'), {subtree: true, childList: true, characterData: true}); }""")
            small.locator(".bp-play").click()
            small.wait_for_function("() => window.__backpropStage.shown === 12", timeout=20_000)
            seen = [int(m.group(1)) for t in small.evaluate("window.__seen") if (m := re.search(r"step (\d+) /", t))]
            print(f"\nAutoplay at 0.25 s per step: status lines seen {seen} "
                  f"({'every step, in order' if seen == list(range(2, 14)) else 'NOT every step'}).")  # fmt: skip
            ctx.close()

            # Cold and warm first render.
            cold, warm, warm_requests = [], [], []
            for _ in range(5):
                c = browser.new_context(viewport={"width": 1280, "height": 720})
                _, seconds = open_stage(c, base + "?lang=en")
                cold.append(seconds)
                pg = c.new_page()
                start = time.perf_counter()
                pg.goto(base + "?lang=en")
                pg.wait_for_function("() => window.__backpropStage?.shown !== undefined", timeout=60_000)
                warm.append(time.perf_counter() - start)
                fetched = pg.evaluate(
                    "performance.getEntriesByType('resource').filter(e => /assets\\/(plotly|katex)/.test(e.name))"
                    ".map(e => e.transferSize)"
                )
                warm_requests.append(sum(1 for size in fetched if size > 0))
                c.close()
            print(f"\nFirst render of the main page (warm server): cold median {statistics.median(cold) * 1000:.0f} ms "
                  f"(max {max(cold) * 1000:.0f}); warm, same browser, median {statistics.median(warm) * 1000:.0f} ms, "
                  f"plotly.js and KaTeX files fetched again: {max(warm_requests)}.")  # fmt: skip

            # Memory per session.
            time.sleep(4)
            start_rss = rss_mb(app.pid)
            sessions = []
            for _ in range(10):
                c = browser.new_context(viewport={"width": 1280, "height": 720})
                pg, _ = open_stage(c, base)
                for _ in range(3):
                    pg.keyboard.press("ArrowRight")
                sessions.append(c)
            time.sleep(1)
            full = rss_mb(app.pid)
            for c in sessions:
                c.close()
            time.sleep(8)
            after = rss_mb(app.pid)
            browser.close()
        print("\n| server RSS | MB |")
        print("|---|---|")
        print(f"| after the warm-up | {start_rss:.1f} |")
        print(f"| with 10 more sessions open | {full:.1f} (+{(full - start_rss) / 10:.2f} per session) |")
        print(f"| 8 s after they closed | {after:.1f} ({(after - start_rss) / start_rss * 100:+.1f} % of the start) |")
    finally:
        for proc in (app, ref):
            proc.terminate()
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
