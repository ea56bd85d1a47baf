"""Everything a user sets, validated in one place (its round trip through a URL is ``codec.py``).

A :class:`Scenario` is the single object the app's inputs become (the playground's
``state.ts`` idea): the layer sizes, the weights (a seed + ε, or edited matrices), the
training examples, λ, the loss and the learning rate. Every limit the app has lives here
and is checked here, whatever the widgets allow, so a hand-made URL meets the same rules.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from .errors import ScenarioError
from .network import Network, frozen
from .propagation import LOSSES
from .trace import Trace, build_trace

MIN_LAYERS, MAX_LAYERS = 2, 10
MIN_UNITS, MAX_UNITS = 1, 32
MIN_EXAMPLES, MAX_EXAMPLES = 1, 50
MAX_ABS = 1e6
MAX_SEED = 2**32 - 1
MAX_NAME = 40


def _check_number(
    value: Any, code: str, symbol: str, lo: float = -MAX_ABS, hi: float = MAX_ABS, **where: object
) -> float:
    """A finite float within [lo, hi], or a ScenarioError naming ``symbol``."""
    try:
        v = float(value)
    except (TypeError, ValueError, OverflowError):
        raise ScenarioError(f"{code}_number", f"{symbol} must be a number, got {str(value)[:20]!r}", **where) from None
    if not math.isfinite(v):
        raise ScenarioError(f"{code}_finite", f"{symbol} must be a finite number, got {v}", **where)
    if not lo <= v <= hi:
        raise ScenarioError(
            f"{code}_range", f"{symbol} must be between {lo:g} and {hi:g}, got {v:g}", lo=lo, hi=hi, got=v, **where
        )
    return v


def _check_int(value: Any, code: str, symbol: str, lo: int, hi: int, **where: object) -> int:
    v = _check_number(value, code, symbol, lo, hi, **where)
    if v != int(v):
        raise ScenarioError(f"{code}_whole", f"{symbol} must be a whole number, got {v:g}", got=v, **where)
    return int(v)


def _all_good(values: Any, lo: float, hi: float) -> np.ndarray | None:
    """The values as floats if every one is a finite number in [lo, hi] (fast path), else None."""
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError, OverflowError):
        return None
    if arr.dtype != float or not np.all(np.isfinite(arr)) or (arr.size and not (arr.min() >= lo and arr.max() <= hi)):
        return None
    return arr


def _check_count(n: int, code: str, symbol: str, unit: str, lo: int, hi: int) -> None:
    """How many layers (L) or examples (m) there are, within the app's limits."""
    if not lo <= n <= hi:
        raise ScenarioError(code, f"{symbol} must be between {lo} and {hi} {unit}, got {n}", got=n, lo=lo, hi=hi)


def _check_layer_count(n: int) -> None:
    _check_count(n, "layers_range", "L", "layers", MIN_LAYERS, MAX_LAYERS)


def check_layer_sizes(sizes: Iterable[Any]) -> tuple[int, ...]:
    r"""Layer sizes within the app's limits, as ints; ScenarioError naming L or the first bad s_l.

    Parameters
    ----------
    sizes : sequence of int
        :math:`s_1, \dots, s_L`, input layer first.
    """
    values = list(sizes) if not isinstance(sizes, (str, bytes)) else []
    _check_layer_count(len(values))
    return tuple(_check_int(s, "units", f"s_{n}", MIN_UNITS, MAX_UNITS, layer=n) for n, s in enumerate(values, start=1))


def _check_rows(
    rows: Sequence[Any] | np.ndarray, name: str, width: int, width_symbol: str, lo: float, hi: float, code: str
) -> np.ndarray:
    """Validate m rows of ``width`` numbers: ``x^(t)`` has s_1 values, ``y^(t)`` has s_L."""
    fast = _all_good(rows, lo, hi) if not isinstance(rows, np.ndarray) or rows.dtype != object else None
    if fast is not None and fast.ndim == 2 and fast.shape[1] == width and len(fast) == len(rows):
        return frozen(fast)
    rows = [list(np.atleast_1d(np.asarray(r, dtype=object))) for r in rows]
    out = np.empty((len(rows), width))
    for t, row in enumerate(rows, start=1):
        if len(row) != width:
            raise ScenarioError(
                f"{name}_width",
                f"{name}^({t}) has {len(row)} values but {width_symbol} has {width} units",
                t=t,
                got=len(row),
                expected=width,
            )
        for j, v in enumerate(row, start=1):
            out[t - 1, j - 1] = _check_number(v, code, f"{name}^({t})_{j}", lo, hi, t=t, j=j)
    return frozen(out)


@dataclass(frozen=True, eq=False)
class Scenario:
    r"""A complete, valid set of inputs for one run of the lesson's algorithm.

    ``thetas`` is None when the weights come from ``seed`` and ``epsilon``
    (uniform in :math:`[-\varepsilon, \varepsilon]`), or the edited :math:`\Theta^{(l)}`;
    matrices given that are exactly the seed's draw are taken as the seed (``thetas`` None).
    ``X`` is ``(m, s_1)``, ``Y`` is ``(m, s_L)``; nested lists are taken for any of these and
    stored, like arrays, as read-only float arrays. Building one validates it; invalid input
    raises :class:`ScenarioError` (a ``ValueError``) naming the lesson symbol and the limit.
    """

    layer_sizes: tuple[int, ...]
    X: np.ndarray
    Y: np.ndarray
    seed: int = 0
    epsilon: float = 0.12
    thetas: tuple[np.ndarray, ...] | None = None
    lam: float = 0.0
    loss: str = "cross_entropy"
    alpha: float = 1.0
    name: str = "custom"
    _network: Network = field(init=False, repr=False)

    def __post_init__(self) -> None:
        sizes = check_layer_sizes(self.layer_sizes)
        set_ = object.__setattr__
        set_(self, "layer_sizes", sizes)
        if self.loss not in LOSSES:
            raise ScenarioError("loss", f"loss must be one of {', '.join(LOSSES)}, got {str(self.loss)[:40]!r}")
        rows_x = self.X if isinstance(self.X, (list, tuple)) else np.atleast_2d(np.asarray(self.X, dtype=object))
        rows_y = self.Y if isinstance(self.Y, (list, tuple)) else np.atleast_2d(np.asarray(self.Y, dtype=object))
        m = len(rows_x)
        _check_count(m, "examples_range", "m", "examples", MIN_EXAMPLES, MAX_EXAMPLES)
        if len(rows_y) != m:
            raise ScenarioError(
                "y_count", f"there are {m} inputs x but {len(rows_y)} targets y", got=len(rows_y), expected=m
            )
        set_(self, "X", _check_rows(rows_x, "x", sizes[0], "layer 1", -MAX_ABS, MAX_ABS, "x"))
        lo_y, hi_y = (0.0, 1.0) if self.loss == "cross_entropy" else (-MAX_ABS, MAX_ABS)
        set_(self, "Y", _check_rows(rows_y, "y", sizes[-1], f"layer L = {len(sizes)}", lo_y, hi_y, "y"))
        set_(self, "seed", _check_int(self.seed, "seed", "the seed", 0, MAX_SEED))
        eps = _check_number(self.epsilon, "epsilon", "ε", 0.0, MAX_ABS)
        if eps <= 0:
            raise ScenarioError("epsilon_range", f"ε must be greater than 0, got {eps:g}", lo=0, hi=MAX_ABS, got=eps)
        set_(self, "epsilon", eps)
        set_(self, "lam", _check_number(self.lam, "lam", "λ", 0.0, MAX_ABS))
        alpha = _check_number(self.alpha, "alpha", "α", 0.0, MAX_ABS)
        if alpha <= 0:
            raise ScenarioError("alpha_range", f"α must be greater than 0, got {alpha:g}", lo=0, hi=MAX_ABS, got=alpha)
        set_(self, "alpha", alpha)
        name = str(self.name)
        if len(name) > MAX_NAME:
            raise ScenarioError("name_length", f"the name may have at most {MAX_NAME} characters", hi=MAX_NAME)
        set_(self, "name", name)
        if self.thetas is None:
            network = Network.random(sizes, self.seed, self.epsilon)
        else:
            set_(self, "thetas", tuple(self._check_theta(k, th, sizes) for k, th in enumerate(self.thetas, start=1)))
            if len(self.thetas) != len(sizes) - 1:
                raise ScenarioError(
                    "theta_count",
                    f"{len(sizes)} layers need {len(sizes) - 1} matrices Θ, got {len(self.thetas)}",
                    expected=len(sizes) - 1,
                    got=len(self.thetas),
                )
            network = Network(self.thetas)
            # Weights that are exactly this seed's draw are the seed's: a link then says
            # ``seed`` rather than every digit, and a later change of seed draws them again.
            drawn = Network.random(sizes, self.seed, self.epsilon)
            if all(np.array_equal(mine, its) for mine, its in zip(self.thetas, drawn.thetas, strict=True)):
                set_(self, "thetas", None)
                network = drawn
        set_(self, "_network", network)

    @staticmethod
    def _check_theta(k: int, theta: Any, sizes: tuple[int, ...]) -> np.ndarray:
        if k > len(sizes) - 1:
            raise ScenarioError(
                "theta_count", f"{len(sizes)} layers need {len(sizes) - 1} matrices Θ", expected=len(sizes) - 1, got=k
            )
        rows, cols = sizes[k], sizes[k - 1] + 1
        fast = _all_good(theta, -MAX_ABS, MAX_ABS)
        if fast is not None and fast.shape == (rows, cols):
            return frozen(fast)
        arr = np.asarray(theta, dtype=object)
        if arr.ndim != 2 or arr.shape != (rows, cols):
            got = "×".join(str(n) for n in arr.shape) or "1×1"
            raise ScenarioError(
                "theta_shape",
                f"Θ^({k}) must be {rows}×{cols} (s_{k + 1} × (s_{k}+1)), got {got}",
                layer=k,
                rows=rows,
                cols=cols,
                got=got,
            )
        out = np.empty((rows, cols))
        for (i, j), v in np.ndenumerate(arr):
            out[i, j] = _check_number(v, "theta", f"Θ^({k})_{i + 1},{j}", layer=k, i=i + 1, j=j)
        return frozen(out)

    # ---- derived -----------------------------------------------------------------
    @property
    def m(self) -> int:
        """The number of training examples."""
        return self.X.shape[0]

    @property
    def network(self) -> Network:
        """The network these settings describe (seeded or edited weights)."""
        return self._network

    def trace(self) -> Trace:
        """The lesson's walk for this scenario."""
        return build_trace(self.network, self.X, self.Y, self.lam, self.loss)

    def replace(self, **changes: Any) -> Scenario:
        """A new scenario with some settings changed; validated like any other."""
        return replace(self, **changes)

    def key(self) -> tuple[object, ...]:
        """A hashable value equal for equal scenarios (for caches and comparisons)."""
        thetas = None if self.thetas is None else tuple(t.tobytes() for t in self.thetas)
        return (
            self.layer_sizes,
            self.X.tobytes(),
            self.Y.tobytes(),
            self.seed,
            self.epsilon,
            thetas,
            self.lam,
            self.loss,
            self.alpha,
            self.name,
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Scenario) and self.key() == other.key()

    def __hash__(self) -> int:
        return hash(self.key())
