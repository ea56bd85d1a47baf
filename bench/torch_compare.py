"""backprop (numpy) against PyTorch autograd on the same 400-25-10 network, 5000 examples.

Both compute the lesson's regularised cross-entropy cost and its gradient in float64; the
budget is numpy time ≤ 1.0 × torch time, the gradients agreeing to 1e-10 relative. torch is a
benchmark-only dependency (requirements-bench.txt), never a runtime one.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from backprop_core import Network, backprop, relative_difference

SIZES, M, LAM, REPEATS = (400, 25, 10), 5000, 1.0, 21


def data():
    rng = np.random.default_rng(0)
    net = Network.random(SIZES, seed=0, epsilon_init=0.12)
    X = rng.uniform(0, 1, size=(M, SIZES[0]))
    Y = np.eye(SIZES[-1])[rng.integers(0, SIZES[-1], size=M)]
    return net, X, Y


def median_times(*fns) -> list[float]:
    """Median time of each function, run in turn (interleaved, so machine noise hits all alike)."""
    for fn in fns:
        fn()  # warm-up
    times = [[] for _ in fns]
    for _ in range(REPEATS):
        for fn, bucket in zip(fns, times):
            start = time.perf_counter()
            fn()
            bucket.append(time.perf_counter() - start)
    return [statistics.median(bucket) for bucket in times]


def torch_cost_and_grad(torch, thetas, X, Y):
    ts = [torch.tensor(t, dtype=torch.float64, requires_grad=True) for t in thetas]
    a = torch.tensor(X, dtype=torch.float64)
    y = torch.tensor(Y, dtype=torch.float64)

    def run():
        for t in ts:
            t.grad = None
        act = a
        z = None
        for k, theta in enumerate(ts):
            ones = torch.ones((act.shape[0], 1), dtype=torch.float64)
            z = torch.cat([ones, act], dim=1) @ theta.T
            if k < len(ts) - 1:
                act = torch.sigmoid(z)
        logsig = torch.nn.functional.logsigmoid
        J = -(y * logsig(z) + (1 - y) * logsig(-z)).sum() / M
        J = J + LAM / (2 * M) * sum((t[:, 1:] ** 2).sum() for t in ts)
        J.backward()
        return J.item(), [t.grad.numpy().copy() for t in ts]

    return run


def main() -> None:
    import torch

    net, X, Y = data()
    result = backprop(net, X, Y, LAM)
    run = torch_cost_and_grad(torch, net.thetas, X, Y)
    j_torch, grads = run()
    t_numpy, t_torch = median_times(lambda: backprop(net, X, Y, LAM), run)
    rel = relative_difference(result.D, grads)
    print(f"torch {torch.__version__} ({torch.get_num_threads()} threads), numpy {np.__version__}")
    print(
        "| 400-25-10, m = 5000 | numpy backprop | torch autograd | numpy / torch | J difference | gradient rel. diff |"
    )
    print("|---|---|---|---|---|---|")
    print(
        f"| median of {REPEATS} | {t_numpy * 1000:.1f} ms | {t_torch * 1000:.1f} ms | {t_numpy / t_torch:.2f}× "
        f"| {abs(result.J - j_torch):.1e} | {rel:.1e} |"
    )


if __name__ == "__main__":
    main()
