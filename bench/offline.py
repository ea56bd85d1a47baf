"""The walk as one file (issue 26): its size, the time the app takes to make it, and the time it takes
to open to its first step from a local disk with the network off, side by side in one Chromium run
with the students' light page (the lightest page the app serves, from a local server).

- *Size*: the XOR walk's file in fa and en, and the largest walk one file holds (4-8-8-3, four
  examples, ``walk.FILE_UNIT_STEPS``). Budget: the XOR file at most 3 MB.
- *Making it*: one core's CPU time for ``offline.page`` with its caches and the walk's cleared
  (a link the server has not seen), and warm. "About a second of one core", like every page.
- *Opening it*: fresh browser contexts, the pages interleaved (one round of warm-up first), from
  navigation to the first animation frame with the step's status line, its typeset card and the
  plotly figure; at 1280 × 720 and on an emulated 390 × 844 phone. Budget: the file at most 1 s.

Prints Markdown for BENCHMARKS.md. Needs Debian's chromium (scripts/ensure-chromium.sh).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from backprop_core import PRESETS, Scenario  # noqa: E402
from backprop_ui.exports import offline  # noqa: E402
from backprop_ui.stage import walk  # noqa: E402
from bench.browser import ARGS, free_port, start_server  # noqa: E402
from bench.hall import PHONE_CONTEXT, new_room  # noqa: E402

ROUNDS = 6
# The first frame in which the step is usable: its status line (in any digits), typeset card, figure drawn.
STAGE_DRAWN = """() => { const s = document.querySelector('.bp-status');
  return Boolean(s && s.textContent.trim() && document.querySelector('.bp-card .katex')
    && document.querySelector('.bp-plot .scatterlayer .trace')); }"""
DESKTOP = {"viewport": {"width": 1280, "height": 720}}


def largest() -> Scenario:
    rng = np.random.default_rng(0)
    return Scenario(layer_sizes=(4, 8, 8, 3), X=rng.uniform(0, 1, (4, 4)).round(2), Y=np.eye(3)[[0, 1, 2, 0]], seed=0)


def make_seconds(scenario: Scenario, lang: str) -> tuple[float, float]:
    """(cold, warm) CPU seconds of one core to make the file: its first (the assets read and encoded, the
    walk built) and again."""
    for cache in (offline._packed, offline._styles, offline._scripts, offline._import_map, walk._build):
        cache.cache_clear()  # as on a server that has made no file and not seen this link
    walk._SIZES.clear()
    t0 = time.process_time()
    offline.page(scenario, lang)
    cold = time.process_time() - t0
    t0 = time.process_time()
    offline.page(scenario, lang)
    return cold, time.process_time() - t0


def open_seconds(browser, url: str, context_args: dict, offline_mode: bool) -> float:
    context = browser.new_context(offline=offline_mode, **context_args)
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function(STAGE_DRAWN, polling="raf", timeout=60_000)
    seconds = time.perf_counter() - start
    context.close()
    return seconds


def main() -> None:
    print("| file | size |")
    print("|---|---|")
    for name, sc in (("XOR, fa", PRESETS["xor"]), ("XOR, en", PRESETS["xor"]), ("4-8-8-3, m = 4, fa", largest())):
        lang = name.rsplit(", ", 1)[1]
        steps, units = walk.size(sc)
        size = len(offline.page(sc, lang).encode())
        print(f"| {name} ({steps} steps × {units} units) | {size / 1e6:.2f} MB |")
    print("\n| making the file (one core's CPU) | cold | warm |")
    print("|---|---|---|")
    for name, sc in (("XOR, fa", PRESETS["xor"]), ("4-8-8-3, m = 4, fa", largest())):
        cold, warm = make_seconds(sc, "fa")
        print(f"| {name} | {cold:.2f} s | {warm * 1000:.0f} ms |")

    port = free_port()
    app = start_server("streamlit_app.py", port)
    base = f"http://127.0.0.1:{port}"
    try:
        room = new_room(base, "p=xor", "fa")
        student = base + "/" + room["student_url"].split("/", 3)[3]
        with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
            path = Path(tmp) / "backprop-xor-2-2-1.html"
            path.write_text(offline.page(PRESETS["xor"], "fa"), encoding="utf-8")
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            pages = {
                "the file, from disk, network off": (path.as_uri(), True),
                "students' page, from a local server": (student, False),
            }
            print(f"\nOpening the XOR walk (fa) to its first step, medians of {ROUNDS} cold opens (range):\n")
            print("| page | 1280 × 720 | 390 × 844 phone |")
            print("|---|---|---|")
            times: dict[str, dict[str, list[float]]] = {name: {"desk": [], "phone": []} for name in pages}
            for url, off in pages.values():  # warm-up: the server's caches, Chromium's own start
                open_seconds(browser, url, DESKTOP, off)
            for _ in range(ROUNDS):
                for name, (url, off) in pages.items():
                    times[name]["desk"].append(open_seconds(browser, url, DESKTOP, off))
                    times[name]["phone"].append(open_seconds(browser, url, PHONE_CONTEXT, off))
            for name, t in times.items():
                cells = [f"{statistics.median(v):.2f} s ({min(v):.2f}–{max(v):.2f})" for v in (t["desk"], t["phone"])]
                print(f"| {name} | {cells[0]} | {cells[1]} |")
            browser.close()
    finally:
        app.terminate()
        app.wait(timeout=10)


if __name__ == "__main__":
    main()
