"""Gradient descent with the gradients backpropagation gives: what the training page runs."""

from __future__ import annotations

from typing import NamedTuple

from .errors import ScenarioError
from .network import Network
from .propagation import backprop


class Training(NamedTuple):
    """The trained network and J before each step and after the last (``iterations + 1`` values)."""

    network: Network
    history: tuple[float, ...]


def gradient_descent(
    network: Network, X, Y, alpha: float, iterations: int, lam: float = 0.0, loss: str = "cross_entropy"
) -> Training:
    r""":math:`\Theta^{(l)} := \Theta^{(l)} - \alpha D^{(l)}`, ``iterations`` times."""
    if not (alpha > 0):
        raise ScenarioError("alpha_range", f"the learning rate α must be > 0, got {alpha}", got=alpha)
    if int(iterations) != iterations or iterations < 0:
        raise ScenarioError(
            "iterations_range", f"iterations must be a whole number ≥ 0, got {iterations}", got=iterations
        )
    history = []
    current = network
    for _ in range(int(iterations)):
        result = backprop(current, X, Y, lam, loss)
        history.append(result.J)
        current = Network([theta - alpha * grad for theta, grad in zip(current.thetas, result.D)])
    history.append(backprop(current, X, Y, lam, loss).J)
    return Training(network=current, history=tuple(history))
