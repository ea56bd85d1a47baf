"""Trace build time and memory for growing networks (issue 2's budget: 10×32, m = 50 in < 1 s, < 20 MB).

Run with `make bench`; prints a Markdown table for BENCHMARKS.md.
"""

import platform
import time
import tracemalloc

import numpy as np

from backprop_core import Network, build_trace

SHAPES = [([2, 2, 1], 1), ([2, 2, 1], 4), ([4, 8, 8, 3], 4), ([16] * 6, 20), ([32] * 10, 50)]


def measure(sizes, m, repeats=5):
    net = Network.random(sizes, seed=0)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(m, sizes[0]))
    Y = rng.uniform(size=(m, sizes[-1]))
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        trace = build_trace(net, X, Y, lam=1.0)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    trace = build_trace(net, X, Y, lam=1.0)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # Render every 97th step's formula and known values too: the on-demand part must stay cheap.
    start = time.perf_counter()
    picks = trace.steps[::97]
    for step in picks:
        _ = step.latex, step.known(), step.highlight
    per_step = (time.perf_counter() - start) / len(picks)
    return len(trace), min(times), peak, per_step


def main():
    print(
        f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}, numpy {np.__version__}"
    )
    print()
    print("| network | m | steps | build (best of 5) | peak memory | one step's latex + known + highlight |")
    print("|---|---|---|---|---|---|")
    for sizes, m in SHAPES:
        n, t, peak, per_step = measure(sizes, m)
        name = "-".join(map(str, sizes)) if len(set(sizes)) > 1 else f"{len(sizes)}×{sizes[0]}"
        print(f"| {name} | {m} | {n} | {t * 1000:.1f} ms | {peak / 2**20:.2f} MB | {per_step * 1000:.2f} ms |")


if __name__ == "__main__":
    main()
