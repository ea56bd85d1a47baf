"""The network of the lesson: its weight matrices Θ^(l) and the sigmoid g.

Layers are numbered from 1 as the lesson numbers them; Python tuples that hold one
entry per layer or per Θ use index ``layer - 1``. That is the one place the
conversion happens: :func:`layer_index`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from .errors import ScenarioError


def layer_index(layer: int) -> int:
    """Position of the lesson's layer ``layer`` (1-based) in a 0-based tuple of per-layer values.

    The one conversion from the lesson's numbering: Θ^(l), Δ^(l), D^(l), a^(l), z^(l) and δ^(l)
    all sit at ``layer_index(l)`` of their tuples.
    """
    return layer - 1


def sigmoid(u: npt.ArrayLike) -> np.ndarray:
    r"""The lesson's activation :math:`g(u) = \frac{1}{1 + e^{-u}}`, without overflow.

    ``exp`` only ever sees ``-|u|``, so |u| in the thousands gives 0 or 1 and no warning.

    Parameters
    ----------
    u : array_like
        Any shape; :math:`z^{(l)}` in the forward pass.

    Returns
    -------
    ndarray
        :math:`g(u)` element-wise, same shape as ``u``, each in [0, 1].
    """
    u = np.asarray(u, dtype=float)
    e = np.exp(-np.abs(u))
    numerator = np.where(u >= 0, 1.0, e)
    e += 1.0
    numerator /= e
    return numerator


def frozen(array: npt.ArrayLike) -> np.ndarray:
    """A read-only float copy: results are values, not shared mutable state."""
    out = np.array(array, dtype=float, copy=True)
    out.setflags(write=False)
    return out


@dataclass(frozen=True, eq=False)
class Network:
    r"""A fully connected sigmoid network given by its weights.

    Parameters
    ----------
    thetas : sequence of array_like
        ``thetas[k]`` is the lesson's :math:`\Theta^{(k+1)}`, shape
        ``(s_{l+1}, s_l + 1)``; column 0 multiplies the bias unit :math:`a_0^{(l)} = 1`.
    """

    thetas: tuple[np.ndarray, ...]

    def __init__(self, thetas: Sequence[npt.ArrayLike]) -> None:
        if len(thetas) < 1:
            raise ScenarioError("layers_range", "a network needs at least 2 layers (one Θ)", L=1)
        mats = []
        for k, theta in enumerate(thetas, start=1):
            arr = np.array(theta, dtype=float)
            if arr.ndim != 2 or arr.shape[0] < 1 or arr.shape[1] < 2:
                raise ScenarioError(
                    "theta_ndim",
                    f"Θ^({k}) must be a matrix of shape s_{k + 1} × (s_{k}+1), got shape {arr.shape}",
                    layer=k,
                )
            if not np.all(np.isfinite(arr)):
                raise ScenarioError("theta_finite", f"Θ^({k}) has a value that is not a finite number", layer=k)
            mats.append(frozen(arr))
        for k in range(1, len(mats)):
            rows_before = mats[k - 1].shape[0]
            if mats[k].shape[1] != rows_before + 1:
                raise ScenarioError(
                    "theta_chain",
                    f"Θ^({k + 1}) must have {rows_before + 1} columns (s_{k + 1}+1, with the bias), "
                    f"got {mats[k].shape[1]}",
                    layer=k + 1,
                    expected=rows_before + 1,
                    got=mats[k].shape[1],
                )
        object.__setattr__(self, "thetas", tuple(mats))

    @classmethod
    def random(cls, layer_sizes: Iterable[int], seed: int, epsilon_init: float = 0.12) -> Network:
        r"""Weights drawn uniformly from :math:`[-\varepsilon, \varepsilon]`, as the course does.

        The same ``layer_sizes``, ``seed`` and ``epsilon_init`` always give the same network.

        Parameters
        ----------
        layer_sizes : iterable of int
            :math:`s_1, \dots, s_L`, input layer first, bias units not counted.
        seed : int
            Seed of ``numpy.random.default_rng``.
        epsilon_init : float
            :math:`\varepsilon`, half the width of the interval.

        Returns
        -------
        Network
            :math:`\Theta^{(l)}` of shape ``(s_{l+1}, s_l + 1)`` for l = 1..L-1.
        """
        sizes = [int(s) for s in layer_sizes]
        rng = np.random.default_rng(seed)
        return cls(
            [rng.uniform(-epsilon_init, epsilon_init, size=(after, before + 1)) for before, after in pairwise(sizes)]
        )

    @property
    def layer_sizes(self) -> tuple[int, ...]:
        """``(s_1, s_2, ..., s_L)``, bias units not counted."""
        return (self.thetas[0].shape[1] - 1,) + tuple(t.shape[0] for t in self.thetas)

    @property
    def L(self) -> int:
        """Number of layers, input and output included."""
        return len(self.thetas) + 1

    def theta(self, layer: int) -> np.ndarray:
        """Θ^(layer), 1-based as in the lesson."""
        return self.thetas[layer_index(layer)]

    def with_thetas(self, thetas: Sequence[npt.ArrayLike]) -> Network:
        """A new network with other weights (the same checks apply)."""
        return Network(thetas)
