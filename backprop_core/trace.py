r"""The replayable, node-by-node walk through the lesson's algorithm that the app animates.

:func:`build_trace` runs :func:`~backprop_core.propagation.backprop` once and lays out the
order of the lesson as a tuple of small :class:`Step` records. A step stores only where it
is (phase, example, layer, node, formula); everything it shows — the formula with its
numbers, the result, what to highlight, the values known so far — is derived on demand
from the one shared :class:`Backprop` result. Memory is therefore steps + network, never
steps × network, and "show step 17 again" costs a few array look-ups.

Order, exactly as the lesson:

====================  =======  =================================================
phase                 formula  one step per
====================  =======  =================================================
``init``              F9       (once) Δ^(l) := 0 for every l
``input``             F10      example t: a^(1) := x^(t)
``forward``           F11      unit j of layer l = 2..L, left to right
``output_delta``      F4       unit j of layer L (``SE4`` for squared error)
``hidden_delta``      F7       unit j of layer l = L-1..2, right to left
``accumulate``        F12      Θ^(l), l = 1..L-1: Δ^(l) += δ^(l+1) (a^(l))^T
``gradient``          F13/F14  (after all m examples) D^(l), l = 1..L-1
``result``            F15      (once) J(Θ) and D = ∂J/∂Θ
====================  =======  =================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import latex as tex
from .network import Network, frozen, layer_index
from .propagation import Backprop, as_examples, backprop, check_loss, with_bias

PHASES = ("init", "input", "forward", "output_delta", "hidden_delta", "accumulate", "gradient", "result")


@dataclass(frozen=True, slots=True)
class Highlight:
    """What a step lights up.

    ``target`` is the unit being computed, ``(layer, node)``. ``sources`` are the units
    whose values it uses (node 0 is a bias unit). ``edges`` are ``(layer, i, j)``: the
    connection of :math:`\\Theta^{(layer)}_{i,j}`, from unit j of ``layer`` to unit i of
    ``layer + 1``. ``direction`` is ``"forward"`` or ``"backward"`` (δ flows right to
    left). ``cells`` are ``(matrix, layer, i, j)`` with matrix ``"Theta"``, ``"Delta"``
    or ``"D"``; ``i`` or ``j`` None means the whole column or row, both None the whole matrix.
    """

    target: tuple[int, int] | None = None
    sources: tuple[tuple[int, int], ...] = ()
    edges: tuple[tuple[int, int, int], ...] = ()
    direction: str | None = None
    cells: tuple[tuple[str, int, int | None, int | None], ...] = ()


@dataclass(frozen=True, eq=False)
class Known:
    """The values that exist once a step is done (NaN where a value is not computed yet).

    ``a[k]``, ``z[k]``, ``delta[k]`` belong to layer k+1 of the current example (no bias
    unit; ``z[0]`` and ``delta[0]`` are None). ``Delta`` and ``D`` are per Θ; ``D[k]`` is
    None until the gradient step of that layer. ``J`` is None until the end.
    """

    a: tuple[np.ndarray, ...]
    z: tuple[np.ndarray | None, ...]
    delta: tuple[np.ndarray | None, ...]
    Delta: tuple[np.ndarray, ...]
    D: tuple[np.ndarray | None, ...]
    J: float | None


@dataclass(frozen=True, eq=False)
class Context:
    r"""What every step of one trace shares: the inputs and the one backprop result.

    The accessors take the lesson's 1-based layer l and example t and convert them in one
    place (:func:`~backprop_core.network.layer_index`), so a caller writes
    ``context.a(layer, t)`` for :math:`a^{(l)}` of example t, never ``a[layer - 1][t - 1]``.
    """

    network: Network
    X: np.ndarray
    Y: np.ndarray
    lam: float
    loss: str
    backprop: Backprop
    a_bias: tuple[np.ndarray, ...]  # [1, a^(l)] per example, for the Δ sums
    known_cache: dict = field(default_factory=dict, repr=False)  # a page asks a step several times

    def theta(self, layer: int) -> np.ndarray:
        r""":math:`\Theta^{(l)}`, shape ``(s_{l+1}, s_l + 1)``."""
        return self.network.theta(layer)

    def a(self, layer: int, t: int) -> np.ndarray:
        r""":math:`a^{(l)}` of example t without its bias unit, shape ``(s_l,)``."""
        return self.backprop.a[layer_index(layer)][t - 1]

    def a_with_bias(self, layer: int, t: int) -> np.ndarray:
        r""":math:`[1, a^{(l)}]` of example t, shape ``(s_l + 1,)``: what :math:`\Theta^{(l)}` multiplies."""
        return self.a_bias[layer_index(layer)][t - 1]

    def z(self, layer: int, t: int) -> np.ndarray:
        r""":math:`z^{(l)}` of example t, shape ``(s_l,)``; l ≥ 2 (the input layer has no z)."""
        z = self.backprop.z[layer_index(layer)]
        if z is None:
            raise ValueError(f"there is no z^({layer}): the input layer is given, not computed")
        return z[t - 1]

    def delta(self, layer: int, t: int) -> np.ndarray:
        r""":math:`\delta^{(l)}` of example t, shape ``(s_l,)``; l ≥ 2 (there is no :math:`\delta^{(1)}`)."""
        delta = self.backprop.delta[layer_index(layer)]
        if delta is None:
            raise ValueError(f"there is no δ^({layer}): the input layer has no error")
        return delta[t - 1]

    def y(self, t: int) -> np.ndarray:
        """:math:`y^{(t)}`, shape ``(s_L,)``."""
        return self.Y[t - 1]

    def Delta(self, layer: int) -> np.ndarray:
        r""":math:`\Delta^{(l)}` after all m examples, shaped like :math:`\Theta^{(l)}`."""
        return self.backprop.Delta[layer_index(layer)]

    def D(self, layer: int) -> np.ndarray:
        r"""The gradient :math:`D^{(l)} = \partial J / \partial \Theta^{(l)}`, shaped like :math:`\Theta^{(l)}`."""
        return self.backprop.D[layer_index(layer)]

    def Delta_after(self, layer: int, t: int) -> np.ndarray:
        r""":math:`\Delta^{(l)}` once examples 1..t have been added (t = 0: the zero matrix)."""
        k = layer_index(layer)
        if t == self.backprop.m:
            return self.backprop.Delta[k]
        if t == 0:
            return frozen(np.zeros_like(self.network.thetas[k]))
        delta = self.backprop.delta[k + 1]
        if delta is None:  # never: layer k + 2 ≥ 2 always has a δ
            raise ValueError(f"there is no δ^({layer + 1})")
        return frozen(delta[:t].T @ self.a_bias[k][:t])


@dataclass(frozen=True, slots=True, eq=False)
class Step:
    """One step of the walk. ``example`` is t (1-based) or None outside the loop over
    examples; ``layer`` is the lesson's l (for ``accumulate``/``gradient`` the l of
    Δ^(l)/D^(l)); ``node`` is the 1-based unit or None for whole-layer steps;
    ``formula`` the catalogue id."""

    index: int
    phase: str
    example: int | None
    layer: int | None
    node: int | None
    formula: str
    _ctx: Context = field(repr=False, compare=False)

    # ---- what the step belongs to -----------------------------------------------
    @property
    def context(self) -> Context:
        """The inputs and the backprop result this step, and every step of its trace, reads."""
        return self._ctx

    @property
    def network(self) -> Network:
        """The network this step walks through."""
        return self._ctx.network

    # ---- what the step is about -------------------------------------------------
    @property
    def formulas(self) -> tuple[str, ...]:
        """Every catalogue id this step uses (the gradient step has both cases of D)."""
        return ("F14", "F13") if self.phase == "gradient" else (self.formula,)

    def _t(self) -> int:
        return self.example - 1

    # ---- the numbers -------------------------------------------------------------
    @property
    def terms(self) -> dict:
        """The numbers substituted into this step's formula, as data (read-only arrays)."""
        c, bp, k = self._ctx, self._ctx.backprop, (self.layer or 1) - 1
        if self.phase == "init":
            return {"shapes": tuple(t.shape for t in c.network.thetas)}
        if self.phase == "input":
            return {"x": bp.a[0][self._t()]}
        if self.phase == "forward":
            j = self.node - 1
            theta_row = c.network.thetas[k - 1][j]
            return {"theta": theta_row, "a_prev": c.a_bias[k - 1][self._t()], "z": float(bp.z[k][self._t(), j])}
        if self.phase == "output_delta":
            j = self.node - 1
            return {"a": float(bp.a[k][self._t(), j]), "y": float(c.Y[self._t(), j])}
        if self.phase == "hidden_delta":
            j = self.node - 1
            return {
                "theta_col": c.network.thetas[k][:, j + 1],
                "delta_next": bp.delta[k + 1][self._t()],
                "a": float(bp.a[k][self._t(), j]),
            }
        if self.phase == "accumulate":
            t = self.example
            delta_next = bp.delta[k + 1][t - 1]
            a_b = c.a_bias[k][t - 1]
            return {
                "Delta_before": c.Delta_after(self.layer, t - 1),
                "delta_next": delta_next,
                "a": a_b,
                "outer": frozen(np.outer(delta_next, a_b)),
            }
        if self.phase == "gradient":
            return {"Delta": bp.Delta[k], "Theta": c.network.thetas[k], "lam": c.lam, "m": bp.m}
        return {"J": bp.J, "D": bp.D}

    @property
    def result(self):
        """What this step computes: a number for a unit, a vector or matrix for a layer step."""
        c, bp, k = self._ctx, self._ctx.backprop, (self.layer or 1) - 1
        if self.phase == "init":
            return tuple(c.Delta_after(layer, 0) for layer in range(1, c.network.L))
        if self.phase == "input":
            return bp.a[0][self._t()]
        if self.phase == "forward":
            return float(bp.a[k][self._t(), self.node - 1])
        if self.phase in ("output_delta", "hidden_delta"):
            return float(bp.delta[k][self._t(), self.node - 1])
        if self.phase == "accumulate":
            return c.Delta_after(self.layer, self.example)
        if self.phase == "gradient":
            return bp.D[k]
        return bp.J

    @property
    def latex(self) -> str:
        """This step's formula with its numbers substituted, as KaTeX."""
        return tex.aligned(self.latex_lines)

    @property
    def latex_lines(self) -> tuple[str, ...]:
        """The substituted formula as separate equations (the UI may lay them side by side)."""
        layer, node, d = self.layer, self.node, self.terms
        if self.phase == "init":
            return tuple(rf"\Delta^{{({n})}} := 0_{{{r}\times {c}}}" for n, (r, c) in enumerate(d["shapes"], start=1))
        if self.phase == "input":
            return (rf"a^{{(1)}} := x^{{({self.example})}} = {tex.bmatrix(d['x'], max_rows=6)}",)
        if self.phase == "forward":
            pairs = zip(d["theta"], d["a_prev"])
            z = d["z"]
            return (
                rf"z_{{{node}}}^{{({layer})}} = {tex.sum_of_products(pairs)} = {tex.num(z)}",
                rf"a_{{{node}}}^{{({layer})}} = g({tex.num(z)}) = \frac{{1}}{{1 + e^{{{tex.num(-z)}}}}}"
                rf" = {tex.num(self.result)}",
            )
        if self.phase == "output_delta":
            a = tex.num(d["a"])
            if self.formula == "F4":
                body = rf"a_{{{node}}}^{{({layer})}} - y_{{{node}}} = {a} - {tex.factor(d['y'])}"
            else:
                body = rf"({a} - {tex.factor(d['y'])})\cdot {a}\cdot (1 - {a})"
            return (rf"\delta_{{{node}}}^{{({layer})}} = {body} = {tex.num(self.result)}",)
        if self.phase == "hidden_delta":
            a = tex.num(d["a"])
            pairs = zip(d["theta_col"], d["delta_next"])
            return (
                rf"\delta_{{{node}}}^{{({layer})}} = \left({tex.sum_of_products(pairs)}\right)\cdot {a}\cdot (1 - {a})"
                rf" = {tex.num(self.result)}",
            )
        if self.phase == "accumulate":
            return (
                rf"\Delta^{{({layer})}} := {tex.bmatrix(d['Delta_before'])} + {tex.bmatrix(d['delta_next'])}"
                rf"{tex.row_vector(d['a'])}",
                rf"\Delta^{{({layer})}} = {tex.bmatrix(self.result)}",
            )
        if self.phase == "gradient":
            m, lam = d["m"], d["lam"]
            Delta, Theta, D = d["Delta"], d["Theta"], self.result
            bias = rf"D_{{1,0}}^{{({layer})}} = \frac{{1}}{{{m}}}\,{tex.factor(Delta[0, 0])} = {tex.num(D[0, 0])}"
            other = (
                rf"D_{{1,1}}^{{({layer})}} = \frac{{1}}{{{m}}}\left({tex.num(Delta[0, 1])} + {tex.num(lam)}\cdot "
                rf"{tex.factor(Theta[0, 1])}\right) = {tex.num(D[0, 1])}"
            )
            return (bias, other, rf"D^{{({layer})}} = {tex.bmatrix(D)}")
        return (rf"J(\Theta) = {tex.num(d['J'], 6)}",)

    # ---- what to light up ----------------------------------------------------------
    @property
    def highlight(self) -> Highlight:
        """Units, connections and matrix cells this step touches."""
        layer, node = self.layer, self.node
        sizes = self._ctx.network.layer_sizes
        if self.phase == "input":
            return Highlight(sources=tuple((1, j) for j in range(1, sizes[0] + 1)))
        if self.phase == "forward":
            prev = sizes[layer - 2]
            return Highlight(
                target=(layer, node),
                sources=tuple((layer - 1, j) for j in range(0, prev + 1)),
                edges=tuple((layer - 1, node, j) for j in range(0, prev + 1)),
                direction="forward",
                cells=(("Theta", layer - 1, node, None),),
            )
        if self.phase == "output_delta":
            return Highlight(target=(layer, node), direction="backward")
        if self.phase == "hidden_delta":
            nxt = sizes[layer]
            return Highlight(
                target=(layer, node),
                sources=tuple((layer + 1, i) for i in range(1, nxt + 1)),
                edges=tuple((layer, i, node) for i in range(1, nxt + 1)),
                direction="backward",
                cells=(("Theta", layer, None, node),),
            )
        if self.phase == "accumulate":
            rows, cols = sizes[layer], sizes[layer - 1] + 1
            return Highlight(
                edges=tuple((layer, i, j) for i in range(1, rows + 1) for j in range(cols)),
                cells=(("Delta", layer, None, None),),
            )
        if self.phase == "gradient":
            return Highlight(cells=(("D", layer, None, None),))
        return Highlight()

    # ---- the state after this step -------------------------------------------------
    def known(self) -> Known:
        """a, z, δ of the current example and Δ, D, J as they stand once this step is done."""
        cache = self._ctx.known_cache
        hit = cache.get(self.index)
        if hit is None:
            if len(cache) >= 8:
                cache.pop(next(iter(cache)))
            hit = cache[self.index] = self._known()
        return hit

    def _known(self) -> Known:
        c, bp = self._ctx, self._ctx.backprop
        L = c.network.L
        phase = self.phase
        t = self.example if self.example is not None else (bp.m if phase in ("gradient", "result") else None)

        def per_layer(values, filled_upto):
            out = []
            for k, v in enumerate(values):
                if v is None:
                    out.append(None)
                    continue
                row = np.full(v.shape[1], np.nan) if t is None else np.array(v[t - 1])
                n = filled_upto(k + 1, v.shape[1])
                row[n:] = np.nan
                row.setflags(write=False)
                out.append(row)
            return tuple(out)

        order = PHASES.index(phase)
        layer, node = self.layer, self.node

        def a_filled(lay, size):
            if phase in ("init",):
                return 0
            if phase == "input":
                return size if lay == 1 else 0
            if phase == "forward":
                return size if lay < layer else (node if lay == layer else 0)
            return size

        def delta_filled(lay, size):
            if order < PHASES.index("output_delta"):
                return 0
            if phase == "output_delta":
                return node if lay == L else 0
            if phase == "hidden_delta":
                return size if lay > layer else (node if lay == layer else 0)
            return size

        a = per_layer(bp.a, a_filled)
        z = per_layer(bp.z, a_filled)
        delta = per_layer(bp.delta, delta_filled)

        n_theta = L - 1
        if phase == "init":
            Delta = tuple(c.Delta_after(n, 0) for n in range(1, n_theta + 1))
        elif phase == "accumulate":
            Delta = tuple(c.Delta_after(n, t if n <= layer else t - 1) for n in range(1, n_theta + 1))
        elif phase in ("gradient", "result"):
            Delta = bp.Delta
        else:
            Delta = tuple(c.Delta_after(n, t - 1) for n in range(1, n_theta + 1))
        if phase == "gradient":
            D = tuple(bp.D[k] if k < layer else None for k in range(n_theta))
        elif phase == "result":
            D = bp.D
        else:
            D = (None,) * n_theta
        return Known(a=a, z=z, delta=delta, Delta=Delta, D=D, J=bp.J if phase == "result" else None)

    def to_dict(self) -> dict:
        """A JSON-ready summary: where the step is, its formula with numbers, its result."""
        result = self.result
        if isinstance(result, tuple):
            result = [np.asarray(r).tolist() for r in result]
        elif isinstance(result, np.ndarray):
            result = result.tolist()
        return {
            "index": self.index,
            "phase": self.phase,
            "example": self.example,
            "layer": self.layer,
            "node": self.node,
            "formula": self.formula,
            "latex": self.latex,
            "result": result,
        }


@dataclass(frozen=True, eq=False)
class Trace:
    """The whole walk: a read-only sequence of :class:`Step` plus the final results."""

    steps: tuple[Step, ...]
    _ctx: Context = field(repr=False)

    def __len__(self) -> int:
        return len(self.steps)

    def __getitem__(self, index: int) -> Step:
        return self.steps[index]

    def __iter__(self):
        return iter(self.steps)

    @property
    def network(self) -> Network:
        return self._ctx.network

    @property
    def backprop(self) -> Backprop:
        return self._ctx.backprop

    @property
    def J(self) -> float:
        return self._ctx.backprop.J

    @property
    def D(self) -> tuple[np.ndarray, ...]:
        return self._ctx.backprop.D

    @property
    def Delta(self) -> tuple[np.ndarray, ...]:
        return self._ctx.backprop.Delta

    @property
    def m(self) -> int:
        return self._ctx.backprop.m

    @property
    def loss(self) -> str:
        return self._ctx.loss

    def first(self, phase: str, example: int | None = None) -> int | None:
        """Index of the first step of ``phase`` (in example ``example`` when given), or None."""
        index = self._firsts
        return index.get((phase, example))

    @property
    def _firsts(self) -> dict:
        """(phase, example) and (phase, None) -> first index; built once, on first use."""
        cached = self.__dict__.get("_first_index")
        if cached is None:
            cached = {}
            for step in self.steps:
                cached.setdefault((step.phase, step.example), step.index)
                cached.setdefault((step.phase, None), step.index)
            object.__setattr__(self, "_first_index", cached)
        return cached


def _layout(sizes: tuple[int, ...], m: int, loss: str):
    """(phase, example, layer, node, formula) for every step, in the lesson's order."""
    L = len(sizes)
    out_formula = "F4" if loss == "cross_entropy" else "SE4"
    yield ("init", None, None, None, "F9")
    for t in range(1, m + 1):
        yield ("input", t, 1, None, "F10")
        for layer in range(2, L + 1):
            for node in range(1, sizes[layer - 1] + 1):
                yield ("forward", t, layer, node, "F11")
        for node in range(1, sizes[L - 1] + 1):
            yield ("output_delta", t, L, node, out_formula)
        for layer in range(L - 1, 1, -1):
            for node in range(1, sizes[layer - 1] + 1):
                yield ("hidden_delta", t, layer, node, "F7")
        for layer in range(1, L):
            yield ("accumulate", t, layer, None, "F12")
    for layer in range(1, L):
        yield ("gradient", None, layer, None, "F13")
    yield ("result", None, None, None, "F15")


def build_trace(network: Network, X, Y, lam: float = 0.0, loss: str = "cross_entropy") -> Trace:
    """Run backpropagation once and lay out the lesson's walk through it, step by step.

    Deterministic: the same inputs give equal steps. ``X`` ``(m, s_1)``, ``Y`` ``(m, s_L)``
    (or 1-D for one example).
    """
    check_loss(loss)
    X, Y = as_examples(network, X, Y)
    bp = backprop(network, X, Y, lam, loss)
    a_bias = tuple(frozen(with_bias(a)) for a in bp.a[:-1])
    ctx = Context(network=network, X=frozen(X), Y=frozen(Y), lam=float(lam), loss=loss, backprop=bp, a_bias=a_bias)
    steps = tuple(
        Step(i, phase, example, layer, node, formula, ctx)
        for i, (phase, example, layer, node, formula) in enumerate(_layout(network.layer_sizes, bp.m, loss))
    )
    return Trace(steps=steps, _ctx=ctx)
