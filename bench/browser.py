"""In headless Chromium: Right → highlighted unit latency, cold first render, memory per session.

- *Step latency*: from the keydown of Right to the frame in which the orange (current) unit
  of the figure has moved, on the default scenario and on 4-8-8-3 with 4 examples (budget
  ≤ 250 ms, median).
- *Cold first render*: from navigation to the figure drawn and the script idle, in a fresh
  browser context each time (the server is warm).
- *Memory per session*: the server's RSS after one warm-up session, with 10 more sessions
  open (each stepped a few times), and after they close. The server runs with
  ``--server.disconnectedSessionTTL=2`` so closed sessions are dropped in seconds instead of
  the default two minutes (kept for reconnects).

Prints Markdown for BENCHMARKS.md. Needs Debian's chromium (scripts/ensure-chromium.sh).
"""

from __future__ import annotations

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
from backprop_core import PRESETS, Scenario  # noqa: E402

READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
ORANGE = """() => [...document.querySelectorAll('.js-plotly-plot .point')]
  .filter(p => (p.style.fill || '').replace(/\\s/g, '') === 'rgb(230,159,0)').map(p => p.getAttribute('transform'))"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start_server(port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.headless=true",
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


def open_page(browser, url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(".bp-next", timeout=60_000)
    page.wait_for_function("() => window.__backpropKeys?.listening === true", timeout=60_000)
    page.wait_for_selector(".js-plotly-plot .scatterlayer", timeout=60_000)
    page.wait_for_selector(READY, timeout=60_000)
    return context, page, time.perf_counter() - start


def _step(page) -> int:
    """The 0-based step the status line shows ("… step 7 / 13")."""
    text = page.locator(".bp-status").inner_text()
    return int(re.search(r"step (\d+) /", text).group(1)) - 1


def step_latencies(page, trace, presses: int) -> list[float]:
    """Press Right through the walk; time each press after which the current unit moves."""
    page.evaluate(
        """() => { window.__t0 = null;
        document.addEventListener('keydown', e => { if (e.key === 'ArrowRight') window.__t0 = performance.now(); }, true); }"""
    )
    samples = []
    for _ in range(presses * 6):  # bounded: a benchmark never hangs
        if len(samples) >= presses:
            break
        index = _step(page)
        if index == len(trace) - 1:
            page.keyboard.press("Home")
            page.wait_for_function("() => /step 1 \\//.test(document.querySelector('.bp-status').innerText)")
            page.wait_for_selector(READY)
            continue
        now, then = trace[index].highlight.target, trace[index + 1].highlight.target
        before = page.evaluate(ORANGE)
        page.keyboard.press("ArrowRight")
        if now is None or then is None or now == then or len(before) != 1:
            page.wait_for_function(
                "(i) => !new RegExp(`step ${i} /`).test(document.querySelector('.bp-status').innerText)",
                arg=index + 1,
            )
            page.wait_for_selector(READY)
            continue
        page.wait_for_function(
            f"""(before) => {{ const now = ({ORANGE})();
               if (now.length === 1 && now[0] !== before) {{ window.__dt = performance.now() - window.__t0; return true; }}
               return false; }}""",
            arg=before[0],
            polling="raf",
            timeout=10_000,
        )
        samples.append(page.evaluate("window.__dt"))
        page.wait_for_selector(READY)
    return samples


def big_scenario() -> Scenario:
    rng = np.random.default_rng(0)
    return Scenario(
        layer_sizes=(4, 8, 8, 3),
        X=rng.uniform(0, 1, size=(4, 4)).round(2),
        Y=np.eye(3)[[0, 1, 2, 0]],
        seed=0,
        epsilon=1.0,
        name="custom",
    )


def main() -> None:
    port = free_port()
    server = start_server(port)
    base = f"http://127.0.0.1:{port}/"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            context, page, _ = open_page(browser, base + "?lang=en")  # warm-up
            context.close()
            cold = []
            for _ in range(5):
                context, page, seconds = open_page(browser, base + "?lang=en")
                cold.append(seconds)
                context.close()
            print("| scenario | Right → highlighted unit (median) | p90 | samples |")
            print("|---|---|---|---|")
            big = big_scenario()
            big_query = "?" + urllib.parse.urlencode(big.to_query() | {"lang": "en"}, safe=",;-")
            for name, query, sc in (
                ("2-2-1 (default)", "?lang=en", PRESETS["tiny"]),
                ("4-8-8-3, m = 4", big_query, big),
            ):
                context, page, _ = open_page(browser, base + query)
                lat = step_latencies(page, sc.trace(), 30)
                context.close()
                print(f"| {name} | {statistics.median(lat):.0f} ms | {np.percentile(lat, 90):.0f} ms | {len(lat)} |")
            print(f"\nCold first render of the main page (fresh context, warm server): median {statistics.median(cold) * 1000:.0f} ms, "
                  f"max {max(cold) * 1000:.0f} ms over {len(cold)} loads.\n")  # fmt: skip
            time.sleep(4)
            start = rss_mb(server.pid)
            sessions = []
            for _ in range(10):
                context, page, _ = open_page(browser, base)
                for _ in range(3):
                    page.keyboard.press("ArrowRight")
                    page.wait_for_timeout(200)
                sessions.append(context)
            page.wait_for_selector(READY)
            time.sleep(1)
            full = rss_mb(server.pid)
            for context in sessions:
                context.close()
            time.sleep(8)  # TTL 2 s, then the session manager's sweep
            after = rss_mb(server.pid)
            browser.close()
        print("| server RSS | MB |")
        print("|---|---|")
        print(f"| after one warm-up session | {start:.1f} |")
        print(f"| with 10 more sessions open | {full:.1f} (+{(full - start) / 10:.2f} per session) |")
        print(f"| 8 s after they closed | {after:.1f} ({(after - start) / start * 100:+.1f} % of the start) |")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
