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

Each row is one :class:`PhaseSpec` in :data:`SPECS`, which keeps the phase's steps, numbers,
LaTeX, highlight and known values together (micrograd keeps a ``_backward`` beside its
forward operation): a new phase is one new spec in that table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt

from . import latex as tex
from .network import Network, frozen, layer_index
from .propagation import Backprop, as_examples, backprop, check_loss, with_bias


@dataclass(frozen=True, slots=True)
class Highlight:
    r"""What a step lights up.

    ``target`` is the unit being computed, ``(layer, node)``. ``sources`` are the units
    whose values it uses (node 0 is a bias unit). ``edges`` are ``(layer, i, j)``: the
    connection of :math:`\Theta^{(layer)}_{i,j}`, from unit j of ``layer`` to unit i of
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
    """One step of the walk: where it stands in the lesson's order.

    ``example`` is t (1-based) or None outside the loop over
    examples; ``layer`` is the lesson's l (for ``accumulate``/``gradient`` the l of
    Δ^(l)/D^(l)); ``node`` is the 1-based unit or None for whole-layer steps;
    ``formula`` the catalogue id.

    Everything else is asked of the step's phase (:data:`SPECS`), which keeps its
    numbers, LaTeX, highlight and known values together.
    """

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
        """The inputs and the backprop result the step, and every step of its trace, reads."""
        return self._ctx

    @property
    def network(self) -> Network:
        """The network this step walks through."""
        return self._ctx.network

    @property
    def spec(self) -> PhaseSpec:
        """The step's phase: how it computes, writes, lights up and knows."""
        return SPECS[self.phase]

    # ---- what the step is about -------------------------------------------------
    @property
    def formulas(self) -> tuple[str, ...]:
        """Every catalogue id this step uses (the gradient step has both cases of D)."""
        return self.spec.formulas(self)

    # ---- the numbers -------------------------------------------------------------
    @property
    def terms(self) -> dict[str, Any]:
        """The numbers substituted into this step's formula, as data (read-only arrays)."""
        return self.spec.terms(self)

    @property
    def result(self) -> Any:
        """What this step computes: a number for a unit, a vector or matrix for a layer step."""
        return self.spec.result(self)

    @property
    def latex(self) -> str:
        """The step's formula with its numbers substituted, as KaTeX."""
        return tex.aligned(self.latex_lines)

    @property
    def latex_lines(self) -> tuple[str, ...]:
        """The substituted formula as separate equations (the UI may lay them side by side)."""
        return self.spec.latex_lines(self)

    # ---- what to light up ----------------------------------------------------------
    @property
    def highlight(self) -> Highlight:
        """Units, connections and matrix cells this step touches."""
        return self.spec.highlight(self)

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
        spec, bp = self.spec, self._ctx.backprop
        t = spec.shown_example(self)

        def row(values: np.ndarray, layer: int, units_known: Callable[[Step, int, int], int]) -> np.ndarray:
            """Example t's row of a per-layer value, NaN from the first unit not known yet on."""
            out = np.full(values.shape[1], np.nan) if t is None else np.array(values[t - 1])
            out[units_known(self, layer, values.shape[1]) :] = np.nan
            out.setflags(write=False)
            return out

        def rows(
            values: tuple[np.ndarray | None, ...], units_known: Callable[[Step, int, int], int]
        ) -> tuple[np.ndarray | None, ...]:
            return tuple(None if v is None else row(v, layer, units_known) for layer, v in enumerate(values, start=1))

        return Known(
            a=tuple(row(v, layer, spec.a_known) for layer, v in enumerate(bp.a, start=1)),
            z=rows(bp.z, spec.a_known),
            delta=rows(bp.delta, spec.delta_known),
            Delta=spec.Delta_known(self),
            D=spec.D_known(self),
            J=bp.J if spec.J_known else None,
        )

    def to_dict(self) -> dict[str, Any]:
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


# ---- the phases: one spec each ---------------------------------------------------------
Place = tuple[int | None, int | None, str]  # (layer, node, formula) of one step


def _needed(value: int | None) -> int:
    """A step's example, layer or node, where its phase always sets one."""
    if value is None:
        raise ValueError("a step of this phase always has its example, layer and node")
    return value


def _unit(step: Step) -> tuple[int, int, int]:
    """(t, l, j) of a step about unit j of layer l in example t."""
    return _needed(step.example), _needed(step.layer), _needed(step.node)


class PhaseSpec:
    """One phase of the walk in one place.

    Where its steps stand, what they compute, how they are written, what they light up and
    what is known once they are done.

    A phase overrides :meth:`places`, :meth:`terms`, :meth:`result` and :meth:`latex_lines`,
    and whichever defaults differ for it. The defaults describe a step inside the loop over
    examples, after the forward and backward passes of its example: every a and δ of that
    example known, Δ as it stood before this example, no D, no J.
    """

    per_example: ClassVar[bool] = True  # its steps repeat for every example t = 1..m
    J_known: ClassVar[bool] = False

    # ---- order -----------------------------------------------------------------------
    def places(self, sizes: tuple[int, ...], loss: str) -> Iterator[Place]:
        """(layer, node, formula) of each of its steps, in the lesson's order."""
        raise NotImplementedError

    def formulas(self, step: Step) -> tuple[str, ...]:
        """Every catalogue id a step uses."""
        return (step.formula,)

    # ---- numbers and LaTeX ----------------------------------------------------------------
    def terms(self, step: Step) -> dict[str, Any]:
        """The numbers substituted into the formula (read-only arrays)."""
        raise NotImplementedError

    def result(self, step: Step) -> Any:
        """What a step computes."""
        raise NotImplementedError

    def latex_lines(self, step: Step) -> tuple[str, ...]:
        """The formula with the step's numbers, one equation a line."""
        raise NotImplementedError

    # ---- highlight --------------------------------------------------------------------------
    def highlight(self, step: Step) -> Highlight:
        """Units, connections and matrix cells a step touches."""
        return Highlight()

    # ---- known values --------------------------------------------------------------------------
    def shown_example(self, step: Step) -> int | None:
        """The example whose a, z, δ are shown (None: none yet)."""
        return step.example

    def a_known(self, step: Step, layer: int, size: int) -> int:
        """How many units of a^(layer) (and z^(layer)) are known, from unit 1 on."""
        return size

    def delta_known(self, step: Step, layer: int, size: int) -> int:
        """How many units of δ^(layer) are known, from unit 1 on."""
        return size

    def Delta_known(self, step: Step) -> tuple[np.ndarray, ...]:
        """Every Δ^(l) as it stands."""
        c, t = step.context, _needed(step.example)
        return tuple(c.Delta_after(n, t - 1) for n in range(1, c.network.L))

    def D_known(self, step: Step) -> tuple[np.ndarray | None, ...]:
        """Every D^(l) computed so far (None for the others)."""
        return (None,) * (step.network.L - 1)


class _Init(PhaseSpec):
    r"""F9: :math:`\Delta^{(l)} := 0` for every l, once."""

    per_example = False

    def places(self, sizes: tuple[int, ...], loss: str) -> Iterator[Place]:
        yield (None, None, "F9")

    def terms(self, step: Step) -> dict[str, Any]:
        return {"shapes": tuple(t.shape for t in step.network.thetas)}

    def result(self, step: Step) -> tuple[np.ndarray, ...]:
        return self.Delta_known(step)

    def latex_lines(self, step: Step) -> tuple[str, ...]:
        shapes = self.terms(step)["shapes"]
        return tuple(rf"\Delta^{{({n})}} := 0_{{{r}\times {c}}}" for n, (r, c) in enumerate(shapes, start=1))

    def a_known(self, step: Step, layer: int, size: int) -> int:
        return 0

    def delta_known(self, step: Step, layer: int, size: int) -> int:
        return 0

    def Delta_known(self, step: Step) -> tuple[np.ndarray, ...]:
        c = step.context
        return tuple(c.Delta_after(n, 0) for n in range(1, c.network.L))


class _Input(PhaseSpec):
    r"""F10: :math:`a^{(1)} := x^{(t)}`, once per example."""

    def places(self, sizes: tuple[int, ...], loss: str) -> Iterator[Place]:
        yield (1, None, "F10")

    def terms(self, step: Step) -> dict[str, Any]:
        return {"x": self.result(step)}

    def result(self, step: Step) -> np.ndarray:
        return step.context.a(1, _needed(step.example))

    def latex_lines(self, step: Step) -> tuple[str, ...]:
        x = self.terms(step)["x"]
        return (rf"a^{{(1)}} := x^{{({step.example})}} = {tex.bmatrix(x, max_rows=6)}",)

    def highlight(self, step: Step) -> Highlight:
        return Highlight(sources=tuple((1, j) for j in range(1, step.network.layer_sizes[0] + 1)))

    def a_known(self, step: Step, layer: int, size: int) -> int:
        return size if layer == 1 else 0

    def delta_known(self, step: Step, layer: int, size: int) -> int:
        return 0


class _Forward(PhaseSpec):
    r"""F11: :math:`z_j^{(l)} = \Theta_{j,\cdot}^{(l-1)} a^{(l-1)}`, :math:`a_j^{(l)} = g(z_j^{(l)})`, unit by unit."""

    def places(self, sizes: tuple[int, ...], loss: str) -> Iterator[Place]:
        for layer in range(2, len(sizes) + 1):
            for node in range(1, sizes[layer_index(layer)] + 1):
                yield (layer, node, "F11")

    def terms(self, step: Step) -> dict[str, Any]:
        c, (t, layer, j) = step.context, _unit(step)
        return {
            "theta": c.theta(layer - 1)[j - 1],
            "a_prev": c.a_with_bias(layer - 1, t),
            "z": float(c.z(layer, t)[j - 1]),
        }

    def result(self, step: Step) -> float:
        t, layer, j = _unit(step)
        return float(step.context.a(layer, t)[j - 1])

    def latex_lines(self, step: Step) -> tuple[str, ...]:
        layer, node, d = step.layer, step.node, self.terms(step)
        pairs = zip(d["theta"], d["a_prev"], strict=True)
        z = d["z"]
        return (
            rf"z_{{{node}}}^{{({layer})}} = {tex.sum_of_products(pairs)} = {tex.num(z)}",
            rf"a_{{{node}}}^{{({layer})}} = g({tex.num(z)}) = \frac{{1}}{{1 + e^{{{tex.num(-z)}}}}}"
            rf" = {tex.num(self.result(step))}",
        )

    def highlight(self, step: Step) -> Highlight:
        layer, node = _needed(step.layer), _needed(step.node)
        prev = step.network.layer_sizes[layer_index(layer - 1)]
        return Highlight(
            target=(layer, node),
            sources=tuple((layer - 1, j) for j in range(0, prev + 1)),
            edges=tuple((layer - 1, node, j) for j in range(0, prev + 1)),
            direction="forward",
            cells=(("Theta", layer - 1, node, None),),
        )

    def a_known(self, step: Step, layer: int, size: int) -> int:
        here = _needed(step.layer)
        return size if layer < here else (_needed(step.node) if layer == here else 0)

    def delta_known(self, step: Step, layer: int, size: int) -> int:
        return 0


class _OutputDelta(PhaseSpec):
    r"""F4: :math:`\delta_j^{(L)} = a_j^{(L)} - y_j` (SE4 under squared error), unit by unit."""

    def places(self, sizes: tuple[int, ...], loss: str) -> Iterator[Place]:
        L = len(sizes)
        formula = "F4" if loss == "cross_entropy" else "SE4"
        for node in range(1, sizes[layer_index(L)] + 1):
            yield (L, node, formula)

    def terms(self, step: Step) -> dict[str, Any]:
        c, (t, layer, j) = step.context, _unit(step)
        return {"a": float(c.a(layer, t)[j - 1]), "y": float(c.y(t)[j - 1])}

    def result(self, step: Step) -> float:
        t, layer, j = _unit(step)
        return float(step.context.delta(layer, t)[j - 1])

    def latex_lines(self, step: Step) -> tuple[str, ...]:
        layer, node, d = step.layer, step.node, self.terms(step)
        a = tex.num(d["a"])
        if step.formula == "F4":
            body = rf"a_{{{node}}}^{{({layer})}} - y_{{{node}}} = {a} - {tex.factor(d['y'])}"
        else:
            body = rf"({a} - {tex.factor(d['y'])})\cdot {a}\cdot (1 - {a})"
        return (rf"\delta_{{{node}}}^{{({layer})}} = {body} = {tex.num(self.result(step))}",)

    def highlight(self, step: Step) -> Highlight:
        return Highlight(target=(_needed(step.layer), _needed(step.node)), direction="backward")

    def delta_known(self, step: Step, layer: int, size: int) -> int:
        return _needed(step.node) if layer == step.network.L else 0


class _HiddenDelta(PhaseSpec):
    r"""F7: :math:`\delta_j^{(l)} = (\Theta_{\cdot,j}^{(l)})^T \delta^{(l+1)}\, a_j^{(l)} (1 - a_j^{(l)})`, right to left."""

    def places(self, sizes: tuple[int, ...], loss: str) -> Iterator[Place]:
        for layer in range(len(sizes) - 1, 1, -1):
            for node in range(1, sizes[layer_index(layer)] + 1):
                yield (layer, node, "F7")

    def terms(self, step: Step) -> dict[str, Any]:
        c, (t, layer, j) = step.context, _unit(step)
        return {
            "theta_col": c.theta(layer)[:, j],
            "delta_next": c.delta(layer + 1, t),
            "a": float(c.a(layer, t)[j - 1]),
        }

    def result(self, step: Step) -> float:
        t, layer, j = _unit(step)
        return float(step.context.delta(layer, t)[j - 1])

    def latex_lines(self, step: Step) -> tuple[str, ...]:
        layer, node, d = step.layer, step.node, self.terms(step)
        a = tex.num(d["a"])
        pairs = zip(d["theta_col"], d["delta_next"], strict=True)
        return (
            rf"\delta_{{{node}}}^{{({layer})}} = \left({tex.sum_of_products(pairs)}\right)\cdot {a}\cdot (1 - {a})"
            rf" = {tex.num(self.result(step))}",
        )

    def highlight(self, step: Step) -> Highlight:
        layer, node = _needed(step.layer), _needed(step.node)
        nxt = step.network.layer_sizes[layer_index(layer + 1)]
        return Highlight(
            target=(layer, node),
            sources=tuple((layer + 1, i) for i in range(1, nxt + 1)),
            edges=tuple((layer, i, node) for i in range(1, nxt + 1)),
            direction="backward",
            cells=(("Theta", layer, None, node),),
        )

    def delta_known(self, step: Step, layer: int, size: int) -> int:
        here = _needed(step.layer)
        return size if layer > here else (_needed(step.node) if layer == here else 0)


class _Accumulate(PhaseSpec):
    r"""F12: :math:`\Delta^{(l)} := \Delta^{(l)} + \delta^{(l+1)} (a^{(l)})^T`, one Θ at a time."""

    def places(self, sizes: tuple[int, ...], loss: str) -> Iterator[Place]:
        for layer in range(1, len(sizes)):
            yield (layer, None, "F12")

    def terms(self, step: Step) -> dict[str, Any]:
        c, t, layer = step.context, _needed(step.example), _needed(step.layer)
        delta_next = c.delta(layer + 1, t)
        a_b = c.a_with_bias(layer, t)
        return {
            "Delta_before": c.Delta_after(layer, t - 1),
            "delta_next": delta_next,
            "a": a_b,
            "outer": frozen(np.outer(delta_next, a_b)),
        }

    def result(self, step: Step) -> np.ndarray:
        return step.context.Delta_after(_needed(step.layer), _needed(step.example))

    def latex_lines(self, step: Step) -> tuple[str, ...]:
        layer, d = step.layer, self.terms(step)
        return (
            rf"\Delta^{{({layer})}} := {tex.bmatrix(d['Delta_before'])} + {tex.bmatrix(d['delta_next'])}"
            rf"{tex.row_vector(d['a'])}",
            rf"\Delta^{{({layer})}} = {tex.bmatrix(self.result(step))}",
        )

    def highlight(self, step: Step) -> Highlight:
        layer = _needed(step.layer)
        sizes = step.network.layer_sizes
        rows, cols = sizes[layer_index(layer + 1)], sizes[layer_index(layer)] + 1
        return Highlight(
            edges=tuple((layer, i, j) for i in range(1, rows + 1) for j in range(cols)),
            cells=(("Delta", layer, None, None),),
        )

    def Delta_known(self, step: Step) -> tuple[np.ndarray, ...]:
        c, t, here = step.context, _needed(step.example), _needed(step.layer)
        return tuple(c.Delta_after(n, t if n <= here else t - 1) for n in range(1, c.network.L))


class _Gradient(PhaseSpec):
    r"""F14/F13: :math:`D^{(l)} = \frac{1}{m}\Delta^{(l)}` (+ :math:`\frac{\lambda}{m}\Theta^{(l)}` for j ≠ 0), once, after all examples."""

    per_example = False

    def places(self, sizes: tuple[int, ...], loss: str) -> Iterator[Place]:
        for layer in range(1, len(sizes)):
            yield (layer, None, "F13")

    def formulas(self, step: Step) -> tuple[str, ...]:
        return ("F14", "F13")

    def terms(self, step: Step) -> dict[str, Any]:
        c, layer = step.context, _needed(step.layer)
        return {"Delta": c.Delta(layer), "Theta": c.theta(layer), "lam": c.lam, "m": c.backprop.m}

    def result(self, step: Step) -> np.ndarray:
        return step.context.D(_needed(step.layer))

    def latex_lines(self, step: Step) -> tuple[str, ...]:
        layer, d = step.layer, self.terms(step)
        m, lam = d["m"], d["lam"]
        Delta, Theta, D = d["Delta"], d["Theta"], self.result(step)
        bias = rf"D_{{1,0}}^{{({layer})}} = \frac{{1}}{{{m}}}\,{tex.factor(Delta[0, 0])} = {tex.num(D[0, 0])}"
        other = (
            rf"D_{{1,1}}^{{({layer})}} = \frac{{1}}{{{m}}}\left({tex.num(Delta[0, 1])} + {tex.num(lam)}\cdot "
            rf"{tex.factor(Theta[0, 1])}\right) = {tex.num(D[0, 1])}"
        )
        return (bias, other, rf"D^{{({layer})}} = {tex.bmatrix(D)}")

    def highlight(self, step: Step) -> Highlight:
        return Highlight(cells=(("D", _needed(step.layer), None, None),))

    def shown_example(self, step: Step) -> int | None:
        return step.context.backprop.m

    def Delta_known(self, step: Step) -> tuple[np.ndarray, ...]:
        return step.context.backprop.Delta

    def D_known(self, step: Step) -> tuple[np.ndarray | None, ...]:
        c, here = step.context, _needed(step.layer)
        return tuple(c.D(n) if n <= here else None for n in range(1, c.network.L))


class _Result(PhaseSpec):
    r"""F15: :math:`J(\Theta)` and :math:`D^{(l)} = \partial J / \partial \Theta^{(l)}`, once."""

    per_example = False
    J_known = True

    def places(self, sizes: tuple[int, ...], loss: str) -> Iterator[Place]:
        yield (None, None, "F15")

    def terms(self, step: Step) -> dict[str, Any]:
        bp = step.context.backprop
        return {"J": bp.J, "D": bp.D}

    def result(self, step: Step) -> float:
        return step.context.backprop.J

    def latex_lines(self, step: Step) -> tuple[str, ...]:
        return (rf"J(\Theta) = {tex.num(self.terms(step)['J'], 6)}",)

    def shown_example(self, step: Step) -> int | None:
        return step.context.backprop.m

    def Delta_known(self, step: Step) -> tuple[np.ndarray, ...]:
        return step.context.backprop.Delta

    def D_known(self, step: Step) -> tuple[np.ndarray | None, ...]:
        return step.context.backprop.D


# The lesson's phases, in its order: adding a phase means adding its spec here.
SPECS: dict[str, PhaseSpec] = {
    "init": _Init(),
    "input": _Input(),
    "forward": _Forward(),
    "output_delta": _OutputDelta(),
    "hidden_delta": _HiddenDelta(),
    "accumulate": _Accumulate(),
    "gradient": _Gradient(),
    "result": _Result(),
}
PHASES = tuple(SPECS)


@dataclass(frozen=True, eq=False)
class Trace:
    """The whole walk: a read-only sequence of :class:`Step` plus the final results."""

    steps: tuple[Step, ...]
    _ctx: Context = field(repr=False)

    def __len__(self) -> int:
        return len(self.steps)

    def __getitem__(self, index: int) -> Step:
        return self.steps[index]

    def __iter__(self) -> Iterator[Step]:
        return iter(self.steps)

    @property
    def network(self) -> Network:
        """The network the walk goes through."""
        return self._ctx.network

    @property
    def backprop(self) -> Backprop:
        """The one backpropagation result every step reads."""
        return self._ctx.backprop

    @property
    def J(self) -> float:
        r"""The cost :math:`J(\Theta)`."""
        return self._ctx.backprop.J

    @property
    def D(self) -> tuple[np.ndarray, ...]:
        r"""The gradients: ``D[k]`` is :math:`D^{(k+1)} = \partial J / \partial \Theta^{(k+1)}`, shaped like it."""
        return self._ctx.backprop.D

    @property
    def Delta(self) -> tuple[np.ndarray, ...]:
        r"""The accumulators after all m examples: ``Delta[k]`` is :math:`\Delta^{(k+1)}`."""
        return self._ctx.backprop.Delta

    @property
    def m(self) -> int:
        """The number of training examples."""
        return self._ctx.backprop.m

    @property
    def loss(self) -> str:
        """The cost function: ``"cross_entropy"`` (the lesson's) or ``"squared_error"``."""
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


def _layout(sizes: tuple[int, ...], m: int, loss: str) -> Iterator[tuple[str, int | None, int | None, int | None, str]]:
    """(phase, example, layer, node, formula) for every step, in the lesson's order.

    Phases that repeat per example and stand next to each other in :data:`SPECS` form the loop
    over t = 1..m; the phases before and after it run once.
    """
    for per_example, group in groupby(SPECS.items(), key=lambda item: item[1].per_example):
        phases = list(group)
        for t in range(1, m + 1) if per_example else (None,):
            for phase, spec in phases:
                for layer, node, formula in spec.places(sizes, loss):
                    yield (phase, t, layer, node, formula)


def build_trace(
    network: Network, X: npt.ArrayLike, Y: npt.ArrayLike, lam: float = 0.0, loss: str = "cross_entropy"
) -> Trace:
    r"""Run backpropagation once and lay out the lesson's walk through it, step by step.

    Deterministic: the same inputs give equal steps.

    Parameters
    ----------
    network : Network
        The weights :math:`\Theta^{(l)}`, each ``(s_{l+1}, s_l + 1)``.
    X, Y : array_like
        ``(m, s_1)`` inputs and ``(m, s_L)`` targets (1-D for one example).
    lam : float
        :math:`\lambda`, used by the gradient steps (F13).
    loss : {"cross_entropy", "squared_error"}
        The cost; squared error writes the output δ as SE4.

    Returns
    -------
    Trace
        :math:`1 + m\,(1 + \sum_{l=2}^{L} s_l + s_L + \sum_{l=2}^{L-1} s_l + L - 1) + L - 1 + 1` steps:
        Δ := 0, then per example the input, forward, output δ, hidden δ and Δ steps, then D and J.
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
