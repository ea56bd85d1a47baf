"""What a walk costs the server: its JSON size and build time (issue 9's size budgets).

The default walk is sent whole (budget 60 KB), 4-8-8-3 with m = 4 whole (1 MB); the
largest (10 × 32, m = 50) sends its meta and first window, then windows on demand: their
size and build time are what the browser waits for when it fetches ahead. Prints Markdown.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from backprop_core import PRESETS, Scenario
from backprop_ui.stage import walk


def scenarios():
    rng = np.random.default_rng(0)
    yield "2-2-1 (default)", 1, PRESETS["tiny"], 60_000
    yield "2-2-1 XOR", 4, PRESETS["xor"], None
    yield "3-5-3 gradient check", 5, PRESETS["gradcheck"], None
    big = Scenario(layer_sizes=(4, 8, 8, 3), X=rng.uniform(0, 1, (4, 4)).round(2), Y=np.eye(3)[[0, 1, 2, 0]], seed=0)
    yield "4-8-8-3", 4, big, 1_000_000
    X = rng.uniform(0, 1, (50, 32)).round(2)
    largest = Scenario(layer_sizes=(32,) * 10, X=X, Y=(rng.uniform(0, 1, (50, 32)) > 0.5).astype(float), seed=0)
    yield "10 × 32", 50, largest, None


def main() -> None:
    print("| network | m | steps | sent first | windows | a window | build (first) | build (a window) | budget |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, m, sc, budget in scenarios():
        walk._build.cache_clear()
        start = time.perf_counter()
        text = walk.walk_json(sc, "fa")
        first = time.perf_counter() - start
        doc = json.loads(text)
        meta = doc["meta"]
        size = len(text.encode())
        window, build_window = "—", "—"
        if meta["windows"] > 1:
            trace = sc.trace()
            times, sizes = [], []
            for k in (1, meta["windows"] // 2, meta["windows"] - 1):
                t0 = time.perf_counter()
                body = json.dumps(
                    walk.window(trace, "fa", k, meta["window"]), ensure_ascii=False, separators=(",", ":")
                )
                times.append(time.perf_counter() - t0)
                sizes.append(len(body.encode()))
            window = f"{statistics.median(sizes) / 1000:.0f} KB ({meta['window']} steps)"
            build_window = f"{statistics.median(times) * 1000:.0f} ms"
        verdict = "—" if budget is None else (f"≤ {budget / 1000:.0f} KB: " + ("met" if size <= budget else "NOT met"))
        print(f"| {name} | {m} | {meta['n']} | {size / 1000:.0f} KB | {meta['windows']} | {window} | "
              f"{first * 1000:.0f} ms | {build_window} | {verdict} |")  # fmt: skip


if __name__ == "__main__":
    main()
