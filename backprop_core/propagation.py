r"""Forward propagation, the cost J(Θ), and backpropagation, as the lesson writes them.

All m examples go through at once: row t of every array belongs to example t. The
lesson's loop ``for t = 1..m: Δ^(l) := Δ^(l) + δ^(l+1) (a^(l))^T`` is then the single
matrix product ``δ^(l+1)ᵀ · [1, a^(l)]`` over the rows, which is the same sum.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import overload

import numpy as np
import numpy.typing as npt

from .errors import ScenarioError
from .network import Network, frozen, layer_index, sigmoid

LOSSES = ("cross_entropy", "squared_error")


def check_loss(loss: str) -> None:
    """Raise :class:`ScenarioError` unless ``loss`` is one of :data:`LOSSES`."""
    if loss not in LOSSES:
        raise ScenarioError("loss", f"loss must be one of {', '.join(LOSSES)}, got {loss!r}", loss=str(loss)[:40])


def with_bias(a: npt.ArrayLike) -> np.ndarray:
    """``[1, a]`` for each row: the bias unit a_0 = 1 prepended."""
    a = np.asarray(a, dtype=float)
    out = np.empty(a.shape[:-1] + (a.shape[-1] + 1,))
    out[..., 0] = 1.0
    out[..., 1:] = a
    return out


@overload
def as_examples(network: Network, X: npt.ArrayLike, Y: None = None) -> tuple[np.ndarray, None]: ...
@overload
def as_examples(network: Network, X: npt.ArrayLike, Y: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]: ...
def as_examples(
    network: Network, X: npt.ArrayLike, Y: npt.ArrayLike | None = None
) -> tuple[np.ndarray, np.ndarray | None]:
    """``X`` as ``(m, s_1)`` and ``Y`` as ``(m, s_L)``; a single 1-D ``x``/``y`` is one example.

    Parameters
    ----------
    network : Network
        Gives :math:`s_1` and :math:`s_L`.
    X : array_like
        ``(m, s_1)``, or ``(s_1,)`` for one example.
    Y : array_like, optional
        ``(m, s_L)``, or ``(s_L,)`` for one example.

    Returns
    -------
    X : ndarray
        ``(m, s_1)``, float.
    Y : ndarray or None
        ``(m, s_L)``, float; None when ``Y`` is not given.

    Raises
    ------
    ScenarioError
        When a width does not match the network or X and Y have different m.
    """
    sizes = network.layer_sizes
    X = np.atleast_2d(np.asarray(X, dtype=float))
    if X.ndim != 2 or X.shape[1] != sizes[0]:
        raise ScenarioError(
            "x_width", f"x must have {sizes[0]} values (s_1), got shape {X.shape}", expected=sizes[0], got=X.shape[-1]
        )
    if Y is None:
        return X, None
    Y = np.atleast_2d(np.asarray(Y, dtype=float))
    if Y.ndim != 2 or Y.shape[1] != sizes[-1] or Y.shape[0] != X.shape[0]:
        raise ScenarioError(
            "y_width",
            f"Y must be {X.shape[0]}×{sizes[-1]} (m × s_L), got shape {Y.shape}",
            expected=sizes[-1],
            got=Y.shape[-1],
        )
    return X, Y


@dataclass(frozen=True, eq=False)
class Forward:
    r"""Activations of every layer.

    ``a[k]`` is :math:`a^{(k+1)}` without its bias unit, shape ``(m, s_{k+1})`` (or
    ``(s_{k+1},)`` for one example); ``z[k]`` is :math:`z^{(k+1)}`, ``z[0]`` is None
    because the input layer has no z.
    """

    a: tuple[np.ndarray, ...]
    z: tuple[np.ndarray | None, ...]


def _forward_rows(network: Network, X: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """a^(1)..a^(L) and z^(2)..z^(L) for every row of ``X`` ``(m, s_1)``: ``z[k]`` is z^(k+2)."""
    a = [X]
    z = []
    for theta in network.thetas:
        # z^(l+1) = Θ^(l) [1, a^(l)] for every row, written without building [1, a] (a copy of X):
        # the bias column Θ_{·,0} times a_0 = 1 is added to the product with the other columns.
        zl = a[-1] @ np.ascontiguousarray(theta[:, 1:].T)
        zl += theta[:, 0]
        z.append(zl)
        a.append(sigmoid(zl))
    return a, z


def _read_only(arr: np.ndarray) -> np.ndarray:
    """A read-only view: our own arrays are not copied, and a caller's array keeps its own flags."""
    view = arr.view()
    view.setflags(write=False)
    return view


def forward(network: Network, x: npt.ArrayLike) -> Forward:
    r"""Forward propagation, F10 and F11.

    :math:`a^{(1)} = x`, then for l = 2..L: :math:`z^{(l)} = \Theta^{(l-1)} a^{(l-1)}`
    (with :math:`a_0^{(l-1)} = 1` prepended) and :math:`a^{(l)} = g(z^{(l)})`.

    Parameters
    ----------
    network : Network
        The weights :math:`\Theta^{(l)}`.
    x : array_like
        One example ``(s_1,)`` or a batch ``(m, s_1)``.

    Returns
    -------
    Forward
        ``a[k]`` is :math:`a^{(k+1)}`, ``(s_{k+1},)`` or ``(m, s_{k+1})`` like ``x``; ``z[k]`` likewise
        (``z[0]`` is None).
    """
    single = np.ndim(x) == 1
    X, _ = as_examples(network, x)
    a, z = _forward_rows(network, X)
    if single:
        a = [v[0] for v in a]
        z = [v[0] for v in z]
    return Forward(a=tuple(frozen(v) for v in a), z=(None,) + tuple(frozen(v) for v in z))


def regulariser(network: Network, lam: float, m: int) -> float:
    r""":math:`\frac{\lambda}{2m}\sum_l\sum_i\sum_{j\ge 1} (\Theta_{ij}^{(l)})^2`: the bias column is not regularised.

    Parameters
    ----------
    network : Network
        The weights :math:`\Theta^{(l)}`.
    lam : float
        :math:`\lambda`.
    m : int
        Number of training examples.

    Returns
    -------
    float
        The regularisation term of :math:`J(\Theta)`.
    """
    if lam == 0:
        return 0.0
    return lam / (2 * m) * sum(float(np.sum(theta[:, 1:] ** 2)) for theta in network.thetas)


def _data_cost(z_out: np.ndarray, a_out: np.ndarray, Y: np.ndarray, loss: str) -> float:
    m = Y.shape[0]
    if loss == "cross_entropy":
        # With log h = log g(z) = -softplus(-z) and log(1 - h) = log g(-z) = -softplus(-z) - z,
        # -[y log h + (1 - y) log(1 - h)] = softplus(-z) + (1 - y) z: one stable softplus,
        # exact and finite where h rounds to 0 or 1 (never log(0)).
        softplus = np.log1p(np.exp(-np.abs(z_out)))
        softplus += np.maximum(-z_out, 0.0)
        return float((np.sum(softplus) + np.sum((1 - Y) * z_out)) / m)
    return float(0.5 * np.sum((a_out - Y) ** 2) / m)


def cost(network: Network, X: npt.ArrayLike, Y: npt.ArrayLike, lam: float = 0.0, loss: str = "cross_entropy") -> float:
    r"""The regularised cost :math:`J(\Theta)` (F1).

    cross_entropy (the lesson's):
    :math:`J = -\frac{1}{m}\sum_t\sum_k [y_k\log h_k + (1-y_k)\log(1-h_k)] + \frac{\lambda}{2m}\sum (\Theta_{ij}^{(l)})^2_{j\ge1}`

    squared_error: :math:`J = \frac{1}{m}\sum_t \tfrac12\lVert a^{(L)} - y\rVert^2` + the same regulariser.

    Parameters
    ----------
    network : Network
        The weights :math:`\Theta^{(l)}`, each ``(s_{l+1}, s_l + 1)``.
    X, Y : array_like
        ``(m, s_1)`` inputs and ``(m, s_L)`` targets (1-D for one example).
    lam : float
        :math:`\lambda`.
    loss : {"cross_entropy", "squared_error"}
        The cost function.

    Returns
    -------
    float
        :math:`J(\Theta)`.
    """
    check_loss(loss)
    X, Y = as_examples(network, X, Y)
    a, z = _forward_rows(network, X)
    return _data_cost(z[-1], a[-1], Y, loss) + regulariser(network, lam, X.shape[0])


@dataclass(frozen=True, eq=False)
class Backprop:
    r"""Everything backpropagation computes for one network and one training set.

    Attributes
    ----------
    J : float
        The regularised cost.
    Delta, D : tuple of ndarray
        ``Delta[k]`` is the accumulator :math:`\Delta^{(k+1)}` after all m examples and
        ``D[k]`` the gradient :math:`D^{(k+1)} = \partial J / \partial\Theta^{(k+1)}`; both shaped like Θ.
    a, z, delta : tuple of ndarray
        Per example: ``a[k][t-1]`` is :math:`a^{(k+1)}` of example t (no bias unit),
        ``z[k]`` likewise (``z[0]`` is None), ``delta[k]`` is :math:`\delta^{(k+1)}`
        (``delta[0]`` is None: there is no :math:`\delta^{(1)}`).
    """

    J: float
    Delta: tuple[np.ndarray, ...]
    D: tuple[np.ndarray, ...]
    a: tuple[np.ndarray, ...]
    z: tuple[np.ndarray | None, ...]
    delta: tuple[np.ndarray | None, ...]
    m: int


def output_delta(a_out: np.ndarray, Y: np.ndarray, loss: str) -> np.ndarray:
    r"""δ^(L): :math:`a^{(L)} - y` (F4) for cross-entropy; :math:`(a - y) .* a .* (1 - a)` for squared error.

    Parameters
    ----------
    a_out : ndarray
        :math:`a^{(L)}`, ``(m, s_L)``.
    Y : ndarray
        The targets, ``(m, s_L)``.
    loss : {"cross_entropy", "squared_error"}
        The cost function.

    Returns
    -------
    ndarray
        :math:`\delta^{(L)}`, ``(m, s_L)``.
    """
    if loss == "cross_entropy":
        return a_out - Y
    return (a_out - Y) * a_out * (1 - a_out)


def backprop(
    network: Network, X: npt.ArrayLike, Y: npt.ArrayLike, lam: float = 0.0, loss: str = "cross_entropy"
) -> Backprop:
    r"""The lesson's backpropagation algorithm.

    1. :math:`\Delta^{(l)} := 0` (F9).
    2. For every example: forward pass (F10, F11); :math:`\delta^{(L)} = a^{(L)} - y` (F4);
       :math:`\delta^{(l)} = ((\Theta^{(l)})^T\delta^{(l+1)}) .* a^{(l)} .* (1-a^{(l)})` for
       l = L-1..2 (F7), dropping :math:`\delta_0`; :math:`\Delta^{(l)} := \Delta^{(l)} + \delta^{(l+1)}(a^{(l)})^T` (F12).
    3. Once, after all m examples: :math:`D^{(l)}_{ij} = \frac1m(\Delta^{(l)}_{ij} + \lambda\Theta^{(l)}_{ij})`
       for j ≠ 0 (F13) and :math:`\frac1m\Delta^{(l)}_{ij}` for j = 0 (F14).

    Parameters
    ----------
    network : Network
        The weights :math:`\Theta^{(l)}`, each ``(s_{l+1}, s_l + 1)``.
    X, Y : array_like
        ``(m, s_1)`` inputs and ``(m, s_L)`` targets; one example may be given as 1-D ``x``, ``y``.
    lam : float
        :math:`\lambda`.
    loss : {"cross_entropy", "squared_error"}
        The cost; squared error changes only :math:`\delta^{(L)}` (SE4) and J.

    Returns
    -------
    Backprop
        J, every Δ and D (shaped like Θ), and a, z, δ of every example.
    """
    check_loss(loss)
    X, Y = as_examples(network, X, Y)
    m = X.shape[0]
    a, z = _forward_rows(network, X)
    L = network.L
    delta = {L: output_delta(a[-1], Y, loss)}  # keyed by the lesson's l: there is no δ^(1)
    for layer in range(L - 1, 1, -1):
        a_here = a[layer_index(layer)]
        back = delta[layer + 1] @ network.theta(layer)  # ((Θ^(l))^T δ^(l+1)) for every example, row-wise
        delta[layer] = back[:, 1:] * a_here * (1 - a_here)  # δ_0 dropped: the bias unit has no error
    Delta = []
    for layer in range(1, L):
        # Σ_t δ^(l+1) [1, a^(l)]^T: column 0 (a_0 = 1) is the sum of δ, the rest one product.
        acc = np.empty(network.theta(layer).shape)
        acc[:, 0] = delta[layer + 1].sum(axis=0)
        acc[:, 1:] = delta[layer + 1].T @ a[layer_index(layer)]
        Delta.append(acc)
    D = []
    for theta, acc in zip(network.thetas, Delta, strict=True):
        grad = acc / m
        grad[:, 1:] += (lam / m) * theta[:, 1:]
        D.append(grad)
    J = _data_cost(z[-1], a[-1], Y, loss) + regulariser(network, lam, m)
    return Backprop(
        J=J,
        Delta=tuple(_read_only(v) for v in Delta),
        D=tuple(_read_only(v) for v in D),
        a=tuple(_read_only(v) for v in a),
        z=(None, *(_read_only(v) for v in z)),
        delta=(None, *(_read_only(delta[layer]) for layer in range(2, L + 1))),
        m=m,
    )
