"""Gradient descent with the gradients backpropagation gives: what the training page runs."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from .errors import ScenarioError
from .network import Network
from .propagation import backprop

MAX_ITERATIONS = 10_000
# One training run may take about MAX_SECONDS of one core, estimated before it starts, so a
# shared server stays responsive when a whole class presses "train" at once. An iteration
# (forward, backprop, update) costs a fixed overhead per layer plus a little per weight and
# example (measured on this project's 2-core machine: 10 × 32 units, m = 50, ~0.55 ms).
MAX_SECONDS = 1.0
SECONDS_PER_LAYER = 15e-6
SECONDS_PER_PRODUCT = 1.2e-9  # one weight × one example


def iteration_limit(network: Network, m: int) -> int:
    """The most iterations one training run may take on this network with m examples.

    Estimated from the number of layers, weights and examples, so that a run stays within
    about ``MAX_SECONDS`` of one core; never more than ``MAX_ITERATIONS``, never less than 1.
    """
    weights = sum(theta.size for theta in network.thetas)
    per_iteration = len(network.layer_sizes) * SECONDS_PER_LAYER + weights * max(1, m) * SECONDS_PER_PRODUCT
    return max(1, min(MAX_ITERATIONS, int(MAX_SECONDS / per_iteration)))


class Training(NamedTuple):
    """The trained network and J before each step and after the last (``iterations + 1`` values)."""

    network: Network
    history: tuple[float, ...]


def gradient_descent(
    network: Network,
    X: npt.ArrayLike,
    Y: npt.ArrayLike,
    alpha: float,
    iterations: int,
    lam: float = 0.0,
    loss: str = "cross_entropy",
) -> Training:
    r""":math:`\Theta^{(l)} := \Theta^{(l)} - \alpha D^{(l)}`, ``iterations`` times.

    Parameters
    ----------
    network : Network
        The starting weights :math:`\Theta^{(l)}`, each ``(s_{l+1}, s_l + 1)``.
    X, Y : array_like
        ``(m, s_1)`` inputs and ``(m, s_L)`` targets.
    alpha : float
        The learning rate :math:`\alpha > 0`.
    iterations : int
        How many steps, at most :func:`iteration_limit`.
    lam : float
        :math:`\lambda`.
    loss : {"cross_entropy", "squared_error"}
        The cost function.

    Returns
    -------
    Training
        The trained network and ``iterations + 1`` values of J, the first before any step.

    Raises
    ------
    ScenarioError
        For α ≤ 0, a negative or fractional count, or more iterations than the limit.
    """
    if not (alpha > 0):
        raise ScenarioError("alpha_range", f"the learning rate α must be > 0, got {alpha}", got=alpha)
    if int(iterations) != iterations or iterations < 0:
        raise ScenarioError(
            "iterations_range", f"iterations must be a whole number ≥ 0, got {iterations}", got=iterations
        )
    limit = iteration_limit(network, np.atleast_2d(np.asarray(X)).shape[0])
    if iterations > limit:
        raise ScenarioError(
            "iterations_limit",
            f"at most {limit} iterations for this network and data, got {iterations}",
            hi=limit,
            got=iterations,
        )
    history = []
    current = network
    for _ in range(int(iterations)):
        result = backprop(current, X, Y, lam, loss)
        history.append(result.J)
        current = Network([theta - alpha * grad for theta, grad in zip(current.thetas, result.D, strict=True)])
    history.append(backprop(current, X, Y, lam, loss).J)
    return Training(network=current, history=tuple(history))
