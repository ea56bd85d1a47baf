"""Ready-made scenarios: the classic worked example (twice), XOR, and the course's gradient-checking network.

The classic worked example comes with one output, and as published with two outputs and
squared error. The lesson itself has no numeric example; those two presets take their
numbers from the widely used worked example of backpropagation (inputs 0.05, 0.10; weights
0.15 to 0.55; biases 0.35 and 0.60).
"""

from __future__ import annotations

import numpy as np

from .scenario import Scenario


def debug_weights(fan_out: int, fan_in: int) -> np.ndarray:
    """The course's ``debugInitializeWeights``: ``sin(1..n)/10`` filled column by column.

    Shape ``(fan_out, 1 + fan_in)``; column-major as Octave's ``reshape`` fills it.
    """
    shape = (fan_out, 1 + fan_in)
    return np.sin(np.arange(1, shape[0] * shape[1] + 1)).reshape(shape, order="F") / 10


def _gradcheck() -> Scenario:
    """``checkNNGradients``: 3-5-3, m = 5, inputs from debug weights, labels 1 + (t mod 3)."""
    m, s1, s2, s3 = 5, 3, 5, 3
    X = debug_weights(m, s1 - 1)
    labels = 1 + np.arange(1, m + 1) % 3
    Y = np.eye(s3)[labels - 1]
    return Scenario(
        layer_sizes=(s1, s2, s3),
        thetas=(debug_weights(s2, s1), debug_weights(s3, s2)),
        X=X,
        Y=Y,
        lam=3.0,
        alpha=1.0,
        name="gradcheck",
    )


# Written as arrays, the type of Scenario's fields (it takes nested lists too, and converts them alike).
PRESETS: dict[str, Scenario] = {
    # The classic worked example's numbers with one output (0.01) and the lesson's cross-entropy:
    # one example through a 2-2-1 network. ("tiny" in links.)
    "tiny": Scenario(
        layer_sizes=(2, 2, 1),
        thetas=(np.array([[0.35, 0.15, 0.20], [0.35, 0.25, 0.30]]), np.array([[0.60, 0.40, 0.45]])),
        X=np.array([[0.05, 0.10]]),
        Y=np.array([[0.01]]),
        alpha=0.5,
        name="tiny",
    ),
    # The classic problem a single layer cannot solve; seeded weights, four examples.
    "xor": Scenario(
        layer_sizes=(2, 2, 1),
        seed=1,
        epsilon=1.0,
        X=np.array([[0, 0], [0, 1], [1, 0], [1, 1]]),
        Y=np.array([[0], [1], [1], [0]]),
        alpha=2.0,
        name="xor",
    ),
    # The classic worked example as published: 2-2-2, squared error, 0.05, 0.10 -> 0.01, 0.99.
    "mazur": Scenario(
        layer_sizes=(2, 2, 2),
        thetas=(np.array([[0.35, 0.15, 0.20], [0.35, 0.25, 0.30]]), np.array([[0.60, 0.40, 0.45], [0.60, 0.50, 0.55]])),
        X=np.array([[0.05, 0.10]]),
        Y=np.array([[0.01, 0.99]]),
        loss="squared_error",
        alpha=0.5,
        name="mazur",
    ),
    "gradcheck": _gradcheck(),
}

DEFAULT_PRESET = "tiny"
