r"""The course's gradient checking: D against a centred finite difference of J.

:func:`numerical_gradient` evaluates :math:`J(\Theta \pm \varepsilon e_{ij})` for every weight
asked for, many perturbed networks at once: a weight of :math:`\Theta^{(l)}` changes nothing before
layer l + 1, so each batch starts from the unperturbed activations there and runs only the layers
after it. :func:`plan` decides beforehand which weights a check can afford within a time budget:
all of them for any network but the largest, else every bias weight and a seeded sample of the
others. Nothing here uses :func:`~backprop_core.propagation.backprop`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .network import Network, frozen, sigmoid
from .propagation import _forward_rows, as_examples, check_loss, cost, regulariser, with_bias

# What one perturbed J costs: multiply-adds at this rate on one core, plus a fixed cost per batch.
# Measured on this project's machine (2026-12-01): the estimate runs 1-2 × the real time for
# big networks, more for small ones, where the fixed costs dominate.
MACS_PER_SECOND = 1.5e9
SECONDS_PER_BATCH = 1e-4
BATCH = 128
BUDGET_SECONDS = 1.0


@dataclass(frozen=True, eq=False)
class Plan:
    r"""Which weights a check covers: ``mask[k]`` shaped like :math:`\Theta^{(k+1)}`, and what it costs.

    ``sampled`` is True when only every bias weight and a random sample of the others fit in the budget.
    """

    mask: tuple[np.ndarray, ...]
    checked: int
    total: int
    seconds: float
    sampled: bool


def _weight_seconds(sizes: tuple[int, ...], m: int) -> list[float]:
    """Estimated seconds to check one weight of each Θ (two perturbed J from the next layer on)."""
    out = []
    for k in range(len(sizes) - 1):
        after = sum(sizes[n + 1] * (sizes[n] + 1) for n in range(k + 1, len(sizes) - 1)) + sizes[k + 1]
        out.append(2 * m * after / MACS_PER_SECOND + 2 * SECONDS_PER_BATCH / BATCH)
    return out


def plan(network: Network, m: int, budget: float = BUDGET_SECONDS, seed: int = 0) -> Plan:
    r"""Choose the weights a gradient check covers within a time budget.

    Every weight if checking them all fits in ``budget`` seconds of one core; otherwise every bias
    weight (column j = 0 of each Θ) and as many others, drawn with ``seed``, as fit.

    Parameters
    ----------
    network : Network
        The weights :math:`\Theta^{(l)}`, each ``(s_{l+1}, s_l + 1)``.
    m : int
        Number of training examples (each perturbed J runs all of them).
    budget : float
        Seconds of one core the check may take, by this module's cost estimate.
    seed : int
        Seed of the sample drawn when not every weight fits.

    Returns
    -------
    Plan
        ``mask[k]`` shaped like ``network.thetas[k]``, True where a weight is checked.
    """
    sizes = network.layer_sizes
    per = _weight_seconds(sizes, m)
    shapes: list[tuple[int, int]] = [t.shape for t in network.thetas]
    total = sum(r * c for r, c in shapes)
    full = sum(r * c * s for (r, c), s in zip(shapes, per, strict=True))
    if full <= budget:
        return Plan(tuple(np.ones(shape, dtype=bool) for shape in shapes), total, total, full, False)
    masks = [np.zeros(shape, dtype=bool) for shape in shapes]
    spent = 0.0
    for mask, s in zip(masks, per, strict=True):
        mask[:, 0] = True
        spent += mask.shape[0] * s
    others = [(k, i, j) for k, (r, c) in enumerate(shapes) for i in range(r) for j in range(1, c)]
    order = np.random.default_rng(seed).permutation(len(others))
    for index in order:
        k, i, j = others[index]
        if spent + per[k] > budget:
            continue
        masks[k][i, j] = True
        spent += per[k]
    checked = int(sum(mask.sum() for mask in masks))
    return Plan(tuple(masks), checked, total, spent, True)


def numerical_gradient(
    network: Network,
    X: npt.ArrayLike,
    Y: npt.ArrayLike,
    lam: float = 0.0,
    loss: str = "cross_entropy",
    eps: float = 1e-4,
    mask: Sequence[npt.ArrayLike] | None = None,
) -> tuple[np.ndarray, ...]:
    r"""Centred differences :math:`\frac{J(\Theta + \varepsilon e_{ij}) - J(\Theta - \varepsilon e_{ij})}{2\varepsilon}`.

    Parameters
    ----------
    network : Network
        The weights :math:`\Theta^{(l)}`, each ``(s_{l+1}, s_l + 1)``.
    X, Y : array_like
        ``(m, s_1)`` inputs and ``(m, s_L)`` targets.
    lam, loss, eps
        λ, the cost function, and the step ε.
    mask : sequence of bool arrays, optional
        Shaped like the Θ: which weights to check (:func:`plan`); all when None.

    Returns
    -------
    tuple of ndarray
        Shaped like ``network.thetas``; NaN where a weight was not checked.
    """
    check_loss(loss)
    X, Y = as_examples(network, X, Y)
    m = X.shape[0]
    thetas = network.thetas
    a, z = _forward_rows(network, X)
    reg = regulariser(network, lam, m)
    grads = []
    for k, theta in enumerate(thetas):
        grad = np.full(theta.shape, np.nan)
        wanted = np.ones(theta.shape, dtype=bool) if mask is None else np.asarray(mask[k], dtype=bool)
        cells = np.argwhere(wanted)
        a_bias = with_bias(a[k])  # [1, a^(k+1)]: what Θ^(k+1) multiplies, the same for every perturbation
        for start in range(0, len(cells), BATCH):
            chunk = cells[start : start + BATCH]
            rows, cols = chunk[:, 0], chunk[:, 1]
            # z of the next layer for every perturbation, + and − stacked: (2n, m, s_{k+2})
            n = len(chunk)
            stack = np.repeat(z[k][None], 2 * n, axis=0)  # z^(k+2), what Θ^(k+1) feeds
            shift = eps * a_bias[:, cols].T  # (n, m)
            stack[np.arange(n), :, rows] += shift
            stack[n + np.arange(n), :, rows] -= shift
            out_z, out_a = _forward_from(stack, thetas[k + 1 :])
            data = _data_costs(out_z, out_a, Y, loss)
            theta_ij = theta[rows, cols]
            # λ/(2m) Σ Θ² with this weight at θ ± ε; the bias column is not regularised.
            bump = np.where(cols >= 1, lam / (2 * m) * ((theta_ij + eps) ** 2 - theta_ij**2), 0.0)
            drop = np.where(cols >= 1, lam / (2 * m) * ((theta_ij - eps) ** 2 - theta_ij**2), 0.0)
            plus = data[:n] + reg + bump
            minus = data[n:] + reg + drop
            grad[rows, cols] = (plus - minus) / (2 * eps)
        grads.append(frozen(grad))
    return tuple(grads)


def _forward_from(zs: np.ndarray, thetas: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Forward propagation of a stack of z's ``(B, m, s)`` through the remaining Θ."""
    acts = sigmoid(zs)
    for theta in thetas:
        zs = acts @ np.ascontiguousarray(theta[:, 1:].T)
        zs += theta[:, 0]
        acts = sigmoid(zs)
    return zs, acts


def _data_costs(z_out: np.ndarray, a_out: np.ndarray, Y: np.ndarray, loss: str) -> np.ndarray:
    """The unregularised cost of each of a stack of outputs ``(B, m, s_L)``, as ``cost`` computes it."""
    m = Y.shape[0]
    if loss == "cross_entropy":
        softplus = np.log1p(np.exp(-np.abs(z_out)))
        softplus += np.maximum(-z_out, 0.0)
        return (softplus.sum(axis=(1, 2)) + ((1 - Y) * z_out).sum(axis=(1, 2))) / m
    return 0.5 * ((a_out - Y) ** 2).sum(axis=(1, 2)) / m


def numerical_gradient_one_by_one(
    network: Network,
    X: npt.ArrayLike,
    Y: npt.ArrayLike,
    lam: float = 0.0,
    loss: str = "cross_entropy",
    eps: float = 1e-4,
) -> tuple[np.ndarray, ...]:
    """The same differences the plain way, one weight and two calls of :func:`cost` at a time.

    The reference :func:`numerical_gradient` is tested against; slow (2 × weights calls of J).

    Returns
    -------
    tuple of ndarray
        Shaped like ``network.thetas``.
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


def relative_difference(D1: Sequence[npt.ArrayLike], D2: Sequence[npt.ArrayLike]) -> float:
    r""":math:`\lVert a - b\rVert / \lVert a + b\rVert` over all entries of all matrices (0 when both are 0).

    The course's test of a gradient: below about 1e-9 when D and the finite differences agree.
    Entries that are NaN in either (weights a sampled check left out) are left out of both sums.

    Parameters
    ----------
    D1, D2 : sequence of array_like
        Matrices shaped alike pairwise, e.g. ``D`` and :func:`numerical_gradient`'s result.

    Returns
    -------
    float
        The relative difference; ``inf`` when only ``a + b`` is zero.
    """
    a = np.concatenate([np.ravel(v) for v in D1])
    b = np.concatenate([np.ravel(v) for v in D2])
    keep = ~(np.isnan(a) | np.isnan(b))
    a, b = a[keep], b[keep]
    den = np.linalg.norm(a + b)
    num = np.linalg.norm(a - b)
    return 0.0 if den == 0 and num == 0 else float(num / den) if den else float("inf")
