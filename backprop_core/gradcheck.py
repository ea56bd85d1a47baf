"""The course's gradient checking: D against a centred finite difference of J."""

from __future__ import annotations

import numpy as np

from .network import Network, frozen
from .propagation import cost


def numerical_gradient(network: Network, X, Y, lam: float = 0.0, loss: str = "cross_entropy", eps: float = 1e-4):
    r"""Centred differences :math:`\frac{J(\Theta + \varepsilon e_{ij}) - J(\Theta - \varepsilon e_{ij})}{2\varepsilon}`.

    Independent of :func:`backprop`: it only ever evaluates :func:`cost`. Returns a tuple
    shaped like ``network.thetas``. Costs 2 × (number of weights) evaluations of J.
    """
    grads = []
    thetas = [t.copy() for t in network.thetas]
    for theta in thetas:
        grad = np.zeros_like(theta)
        for idx in np.ndindex(theta.shape):
            keep = theta[idx]
            theta[idx] = keep + eps
            plus = cost(Network(thetas), X, Y, lam, loss)
            theta[idx] = keep - eps
            minus = cost(Network(thetas), X, Y, lam, loss)
            theta[idx] = keep
            grad[idx] = (plus - minus) / (2 * eps)
        grads.append(frozen(grad))
    return tuple(grads)


def relative_difference(D1, D2) -> float:
    r""":math:`\lVert a - b\rVert / \lVert a + b\rVert` over all entries of all matrices (0 when both are 0)."""
    a = np.concatenate([np.ravel(v) for v in D1])
    b = np.concatenate([np.ravel(v) for v in D2])
    den = np.linalg.norm(a + b)
    num = np.linalg.norm(a - b)
    return 0.0 if den == 0 and num == 0 else float(num / den) if den else float("inf")
