r"""Practice: the value a step computes, asked before it is shown, and the classic mistakes.

Every step that computes a value can be turned into a question (:func:`question`): the
forward pass asks :math:`a_i^{(l)}`, the δ pass :math:`\delta_i^{(l)}`, an accumulate step one
entry :math:`\Delta_{i,j}^{(l)}` and a gradient step one entry :math:`D_{i,j}^{(l)}`. Beside the
right formula each kind of question keeps the wrong ways students are known to compute the
same number (micrograd keeps a derivative beside its operation; here a mistake sits beside
the formula it spoils). A mistake's value is what the *same inputs* give when computed that
wrong way, so an answer can be told apart from each of them (:func:`check`).

Which answers count as right. The student works from the numbers on screen, which are
rounded to 4 significant figures. An answer is right when it lies within half a unit of the
4th significant figure of the exact value, or of the value computed from the rounded inputs
(their gap is added: working from rounded numbers is not a mistake). The same tolerance,
built the same way, recognises each mistake. The browser checks answers with these
tolerances (``walk.py`` puts them into the walk) and this module is the reference.

Mistake ids, with the wrong way each stands for:

========================  ===========  ==========================================================
id                        asked        the wrong way
========================  ===========  ==========================================================
``bias_left_out``         a, Δ         z without :math:`\Theta_{i,0}\cdot 1`; Δ's column 0 with a_0 = 0
``sigmoid_left_out``      a            z given where a was asked
``sigmoid_sign``          a            :math:`1/(1+e^{z})`, the sign of the exponent lost (gives 1 − a)
``previous_z_used``       a            z of the previous layer used in place of its a
``sign_flipped``          δ^(L)        y − a
``squared_error_delta``   δ^(L)        (a − y)·a(1 − a) under the lesson's cross-entropy
``cross_entropy_delta``   δ^(L)        a − y under squared error, whose δ has the factor a(1 − a)
``z_for_a``               δ^(L)        z − y
``derivative_left_out``   δ^(l)        hidden δ without a(1 − a)
``z_in_derivative``       δ^(l)        z(1 − z) in place of a(1 − a)
``column_off_by_one``     δ^(l)        column j − 1 of Θ: the bias column counted as column 1
``theta_not_transposed``  δ^(l)        row j of Θ in place of column j (Θδ instead of Θᵀδ)
``not_accumulated``       Δ            only this example's share, forgetting the earlier sum
``indices_swapped``       Δ            a_i δ_j in place of a_j δ_i
``wrong_delta_layer``     Δ            δ^(l) in place of δ^(l+1)
``forgot_m``              D            no 1/m
``regularised_bias``      D            λΘ added in column j = 0
``regularisation_left_out`` D          no λΘ in a column j ≠ 0
``lambda_outside_m``      D            (1/m)Δ + λΘ: the λΘ term not divided by m
========================  ===========  ==========================================================
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from .latex import significant
from .network import Network, sigmoid
from .propagation import backprop
from .scenario import Scenario
from .trace import Step

SYMBOLS = ("a", "delta", "Delta", "D")
MISTAKES = (
    "bias_left_out",
    "sigmoid_left_out",
    "sigmoid_sign",
    "previous_z_used",
    "sign_flipped",
    "squared_error_delta",
    "cross_entropy_delta",
    "z_for_a",
    "derivative_left_out",
    "z_in_derivative",
    "column_off_by_one",
    "theta_not_transposed",
    "not_accumulated",
    "indices_swapped",
    "wrong_delta_layer",
    "forgot_m",
    "regularised_bias",
    "regularisation_left_out",
    "lambda_outside_m",
)
# The fading levels, from watching to predicting everything: which kinds each asks.
LEVELS = ("watch", "output", "delta", "all")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A value an answer is compared with.

    The right one (``ids`` empty) or the mistakes ``ids`` that all give it. ``tol`` is how far
    an answer may lie from ``value`` and still be it.
    """

    value: float
    tol: float
    ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Question:
    r"""What a step asks.

    ``symbol`` is ``"a"``, ``"delta"``, ``"Delta"`` or ``"D"``; ``layer`` the lesson's l;
    ``index`` the 1-based unit i (a, δ) or ``(i, j)`` with j = 0 the bias column (Δ, D).
    ``value`` is the right answer, ``tol`` its tolerance; ``mistakes`` maps each mistake id
    that applies here to its value; ``candidates`` are the distinct wrong values an answer is
    matched against (mistakes that coincide with the right value are left out, mistakes that
    coincide with each other share one). ``given`` holds the known numbers the question
    shows, by name.

    ``key`` names the asked value wherever the walk has it: ``("a", l, t, i)``,
    ``("delta", l, t, i)``, ``("Delta", l, t, i, j)`` (Δ once examples 1..t are in) or
    ``("D", l, i, j)``. ``sources`` says which given is which earlier value: a slot
    ``(name, k)`` of ``given`` (``k`` the position in a vector, None for a number) maps to
    its key; givens not in it are the scenario's own numbers (x, y, Θ, λ, m, a bias unit).
    ``worked`` is the value worked from the givens as they are shown, rounded to 4
    significant figures.
    """

    symbol: str
    layer: int
    index: int | tuple[int, int]
    value: float
    tol: float
    mistakes: dict
    candidates: tuple[Candidate, ...]
    given: dict
    level: str  # the lowest fading level that asks this question
    key: tuple = ()
    sources: dict = field(default_factory=dict)
    worked: float = math.nan


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of :func:`check`.

    ``mistake`` is None when right, else the first of ``mistakes`` (all the mistakes that give
    this number) or ``"unknown"``.
    """

    correct: bool
    mistake: str | None
    mistakes: tuple[str, ...] = ()


# ---- rounding as the screen shows numbers ------------------------------------------------
def rounded(v: npt.ArrayLike) -> float | np.ndarray:
    """``v`` (a number or an array) rounded to 4 significant figures, as every number on screen is.

    Parameters
    ----------
    v : array_like
        A number or an array of any shape; NaN and ±inf stay as they are.

    Returns
    -------
    float or ndarray
        A float for a number, else an array of ``v``'s shape.
    """
    arr = np.asarray(v, dtype=float)
    out = np.vectorize(lambda x: float(x) if not math.isfinite(x) else _round4(float(x)), otypes=[float])(arr)
    return float(out) if out.ndim == 0 else out


def _round4(x: float) -> float:
    text, exponent = significant(x)
    return float(text) * (10.0**exponent if exponent is not None else 1.0)


def half_unit(v: float) -> float:
    """Half a unit of the 4th significant figure of ``v`` (of 1e-12 for 0)."""
    v = abs(float(v))
    if v < 1e-300:
        return 0.5e-12
    return 0.5 * 10.0 ** (math.floor(math.log10(v)) - 3)


def _tolerance(exact: float, from_rounded: float) -> float:
    slack = abs(exact - from_rounded) if math.isfinite(from_rounded) else 0.0
    # A hair more than half a unit: the rounded value itself must always fall inside.
    return (half_unit(exact) + slack) * (1 + 1e-9) + 1e-15


# ---- the formulas, right and wrong, one family per kind of question ---------------------
def _g(z: float) -> float:
    return float(sigmoid(z))  # without overflow: a fuzzed network can have |z| in the thousands


def _forward(inp: dict[str, Any]) -> dict[str, float]:
    theta, a_prev = inp["theta"], inp["a_prev"]
    z = theta[0] + theta[1:] @ a_prev
    out = {
        "": _g(z),
        "bias_left_out": _g(theta[1:] @ a_prev),
        "sigmoid_left_out": z,
        "sigmoid_sign": _g(-z),  # 1 / (1 + e^z)
    }
    if inp.get("z_prev") is not None:
        out["previous_z_used"] = _g(theta[0] + theta[1:] @ inp["z_prev"])
    return out


def _output_delta(inp: dict[str, Any]) -> dict[str, float]:
    a, y, z = inp["a"], inp["y"], inp["z"]
    if inp["loss"] == "cross_entropy":
        return {"": a - y, "sign_flipped": y - a, "squared_error_delta": (a - y) * a * (1 - a), "z_for_a": z - y}
    return {"": (a - y) * a * (1 - a), "sign_flipped": (y - a) * a * (1 - a), "cross_entropy_delta": a - y}


def _hidden_delta(inp: dict[str, Any]) -> dict[str, float]:
    Theta, delta_next, j, a, z = inp["Theta"], inp["delta_next"], inp["j"], inp["a"], inp["z"]
    back = Theta[:, j] @ delta_next
    out = {
        "": back * a * (1 - a),
        "derivative_left_out": back,
        "z_in_derivative": back * z * (1 - z),
        "column_off_by_one": (Theta[:, j - 1] @ delta_next) * a * (1 - a),
    }
    rows, cols = Theta.shape
    if rows == cols - 1:  # Θ without its bias column is square: Θδ can be (wrongly) computed
        out["theta_not_transposed"] = (Theta[j - 1, 1:] @ delta_next) * a * (1 - a)
    return out


def _accumulate(inp: dict[str, Any]) -> dict[str, float]:
    before, delta_next, a_bias, i, j = inp["before"], inp["delta_next"], inp["a_bias"], inp["i"], inp["j"]
    share = delta_next[i - 1] * a_bias[j]
    out = {"": before + share, "not_accumulated": share}
    if j == 0:
        out["bias_left_out"] = before  # a_0 taken as 0: nothing added
    if 1 <= j <= len(delta_next) and i < len(a_bias):
        out["indices_swapped"] = before + delta_next[j - 1] * a_bias[i]
    if inp.get("delta_here") is not None and i <= len(inp["delta_here"]):
        out["wrong_delta_layer"] = before + inp["delta_here"][i - 1] * a_bias[j]
    return out


def _gradient(inp: dict[str, Any]) -> dict[str, float]:
    Delta, Theta, lam, m, j = inp["Delta"], inp["Theta"], inp["lam"], inp["m"], inp["j"]
    if j == 0:
        return {"": Delta / m, "forgot_m": Delta, "regularised_bias": (Delta + lam * Theta) / m}
    return {
        "": (Delta + lam * Theta) / m,
        "forgot_m": Delta + lam * Theta,
        "regularisation_left_out": Delta / m,
        "lambda_outside_m": Delta / m + lam * Theta,
    }


# ---- which step asks what ----------------------------------------------------------------
def _pick(step: Step, layer: int, same_entry: bool = False) -> tuple[int, int]:
    """The entry (i, j) of Δ^(layer) or D^(layer) a step asks.

    Varied from step to step, about a third of the time in the bias column j = 0, and the same
    every time the same walk is built. With ``same_entry``, one entry per layer for every
    example and for D, so that each answer is worked from the one before.
    """
    rows, cols = step.network.theta(layer).shape
    rng = np.random.default_rng([layer, rows, cols] if same_entry else [step.index, layer, rows, cols])
    i = int(rng.integers(1, rows + 1))
    j = 0 if rng.random() < 1 / 3 else int(rng.integers(1, cols))
    return i, j


class _Ask(NamedTuple):
    """What a step asks, before it is rounded and compared: see :class:`Question`."""

    symbol: str
    layer: int
    entry: int | tuple[int, int]  # the unit i, or the cell (i, j)
    inputs: dict[str, Any]
    formulas: Callable[[dict[str, Any]], dict[str, float]]  # the right value under "", each mistake's under its id
    level: str
    key: tuple  # see Question
    sources: dict


def _vector(name: str, keys: Callable[[int], tuple], n: int, first: int = 0) -> dict:
    """Slots ``(name, k)`` for positions ``first``..``n - 1`` of a given vector, each the key ``keys(k)``."""
    return {(name, k): keys(k) for k in range(first, n)}


class _At(NamedTuple):
    """Where a step stands: its context, example t, layer l, unit (0 for a whole-layer step) and L."""

    c: Any
    t: int
    layer: int
    node: int
    L: int


def _ask_forward(step: Step, at: _At, same_entry: bool) -> _Ask:
    c, t, layer, node = at.c, at.t, at.layer, at.node
    theta = c.theta(layer - 1)[node - 1]
    z_prev = c.z(layer - 1, t) if layer - 1 >= 2 else None
    inp = {"theta": theta, "a_prev": c.a(layer - 1, t), "z_prev": z_prev}
    # a^(1) is the example's x: given, never worked out
    sources = _vector("a_prev", lambda k: ("a", layer - 1, t, k + 1), len(inp["a_prev"])) if layer > 2 else {}
    level = "output" if layer == at.L else "all"
    return _Ask("a", layer, node, inp, _forward, level, ("a", layer, t, node), sources)


def _ask_output_delta(step: Step, at: _At, same_entry: bool) -> _Ask:
    c, t, L, node = at.c, at.t, at.L, at.node
    j = node - 1
    inp = {"a": c.a(L, t)[j], "y": c.y(t)[j], "z": c.z(L, t)[j], "loss": c.loss}
    sources = {("a", None): ("a", L, t, node)}
    return _Ask("delta", at.layer, node, inp, _output_delta, "output", ("delta", L, t, node), sources)


def _ask_hidden_delta(step: Step, at: _At, same_entry: bool) -> _Ask:
    c, t, layer, node = at.c, at.t, at.layer, at.node
    inp = {
        "Theta": c.theta(layer),
        "delta_next": c.delta(layer + 1, t),
        "j": node,
        "a": c.a(layer, t)[node - 1],
        "z": c.z(layer, t)[node - 1],
    }
    sources = _vector("delta_next", lambda k: ("delta", layer + 1, t, k + 1), len(inp["delta_next"]))
    sources[("a", None)] = ("a", layer, t, node)
    return _Ask("delta", layer, node, inp, _hidden_delta, "delta", ("delta", layer, t, node), sources)


def _ask_accumulate(step: Step, at: _At, same_entry: bool) -> _Ask:
    c, t, layer = at.c, at.t, at.layer
    i, j = _pick(step, layer, same_entry)
    inp = {
        "before": c.Delta_after(layer, t - 1)[i - 1, j],
        "delta_next": c.delta(layer + 1, t),
        "a_bias": c.a_with_bias(layer, t),
        "delta_here": c.delta(layer, t) if layer >= 2 else None,
        "i": i,
        "j": j,
    }
    sources = _vector("delta_next", lambda k: ("delta", layer + 1, t, k + 1), len(inp["delta_next"]))
    if layer > 1:  # a^(1) is x; position 0 is the bias unit
        sources |= _vector("a_bias", lambda k: ("a", layer, t, k), len(inp["a_bias"]), first=1)
    if t > 1:  # before the first example Δ is 0
        sources[("before", None)] = ("Delta", layer, t - 1, i, j)
    return _Ask("Delta", layer, (i, j), inp, _accumulate, "all", ("Delta", layer, t, i, j), sources)


def _ask_gradient(step: Step, at: _At, same_entry: bool) -> _Ask:
    c, layer = at.c, at.layer
    i, j = _pick(step, layer, same_entry)
    inp = {
        "Delta": c.Delta(layer)[i - 1, j],
        "Theta": c.theta(layer)[i - 1, j],
        "lam": c.lam,
        "m": c.backprop.m,
        "j": j,
    }
    sources = {("Delta", None): ("Delta", layer, c.backprop.m, i, j)}
    return _Ask("D", layer, (i, j), inp, _gradient, "all", ("D", layer, i, j), sources)


# What each phase asks (the phases not here, init, input and result, ask nothing), as trace.SPECS
# keeps each phase's math and walk.VIEWS its presentation.
ASKS: dict[str, Callable[[Step, _At, bool], _Ask]] = {
    "forward": _ask_forward,
    "output_delta": _ask_output_delta,
    "hidden_delta": _ask_hidden_delta,
    "accumulate": _ask_accumulate,
    "gradient": _ask_gradient,
}


def _inputs(step: Step, same_entry: bool = False) -> _Ask | None:
    """What a step asks, or None for a step that asks nothing."""
    ask = ASKS.get(step.phase)
    if ask is None or step.layer is None:
        return None
    at = _At(step.context, step.example or 1, step.layer, step.node or 0, step.network.L)
    return ask(step, at, same_entry)


def _round_inputs(inp: dict) -> dict:
    out = {}
    for key, v in inp.items():
        if key in ("i", "j", "m", "loss") or v is None:
            out[key] = v
        else:
            out[key] = rounded(v)
    return out


def question(step: Step, same_entry: bool = False) -> Question | None:
    r"""What ``step`` asks, or None for a step that computes nothing to ask (init, input, result).

    Parameters
    ----------
    step : Step
        Any step of a trace.
    same_entry : bool, optional
        Ask the same entry of :math:`\Delta^{(l)}` at every example and of :math:`D^{(l)}`,
        so each answer builds on the one before (a worksheet quiz); by default the entry
        varies from step to step.

    Returns
    -------
    Question or None
        The asked symbol and unit or cell, the right value and its tolerance, and the value of
        each classic mistake that applies (see the module's table).
    """
    found = _inputs(step, same_entry)
    if found is None:
        return None
    symbol, layer, index, inp, formulas, level, key, sources = found
    exact = {k: float(v) for k, v in formulas(inp).items()}
    approx = {k: float(v) for k, v in formulas(_round_inputs(inp)).items()}
    exact.pop("")  # the trace's own result is the right value; this formula only checks the rounding
    result = step.result
    if isinstance(index, tuple):  # an entry (i, j) of Δ or D
        i, j = index
        value = float(result[i - 1, j])
    else:  # a unit's a or δ
        value = float(result)
    worked = approx.pop("")
    tol = _tolerance(value, worked)
    mistakes = {k: v for k, v in exact.items() if math.isfinite(v)}
    # The distinct wrong values: a mistake whose number is the right one is no mistake here, and
    # mistakes that give the same number are named together.
    groups: list[list] = []
    for mid, v in mistakes.items():
        mtol = _tolerance(v, approx[mid])
        if abs(v - value) <= tol:  # judged right anyway: no mistake here
            continue
        for g in groups:
            if abs(v - g[0]) <= max(g[1], mtol):
                g[2].append(mid)
                g[1] = max(g[1], mtol)
                break
        else:
            groups.append([v, mtol, [mid]])
    candidates = tuple(Candidate(v, t, tuple(ids)) for v, t, ids in groups)
    given = {k: v for k, v in inp.items() if k not in ("loss",)}
    return Question(symbol, layer, index, value, tol, mistakes, candidates, given, level, key, sources, worked)


def work(step: Step, replace: Mapping[tuple, float] | None = None, same_entry: bool = False) -> float:
    """The value ``step`` asks, worked the lesson's way from its givens as shown (rounded to 4 significant figures).

    Parameters
    ----------
    step : Step
        A step that asks something.
    replace : mapping, optional
        Slots of the givens (as :attr:`Question.sources` names them) set to other numbers:
        a student's own earlier answers in place of the walk's.
    same_entry : bool, optional
        As for :func:`question`.
    """
    found = _inputs(step, same_entry)
    if found is None:
        raise ValueError("this step asks nothing")
    inp = _round_inputs(found.inputs)
    for (name, k), value in (replace or {}).items():
        if k is None:
            inp[name] = value
        else:
            inp[name] = np.array(inp[name], dtype=float)
            inp[name][k] = value
    return float(found.formulas(inp)[""])


def judge(q: Question, answer: float) -> Verdict:
    """The verdict on ``answer`` to question ``q``: right, a named mistake (or several), or unknown.

    Parameters
    ----------
    q : Question
        From :func:`question`.
    answer : float
        The student's number; a non-finite one is ``"unknown"``.

    Returns
    -------
    Verdict
        Right when within ``q.tol`` of ``q.value``; else the nearest candidate within its own
        tolerance, or ``"unknown"``.
    """
    answer = float(answer)
    if not math.isfinite(answer):
        return Verdict(False, "unknown")
    if abs(answer - q.value) <= q.tol:
        return Verdict(True, None)
    best = None
    for cand in q.candidates:
        gap = abs(answer - cand.value)
        if gap <= cand.tol and (best is None or gap < best[0]):
            best = (gap, cand)
    if best is None:
        return Verdict(False, "unknown")
    ids = best[1].ids
    return Verdict(False, ids[0], ids)


def check(step: Step, answer: float | str) -> Verdict:
    """Whether ``answer`` is this step's value, and if not, which mistake gives it.

    Parameters
    ----------
    step : Step
        A step that asks something (:func:`question` is not None).
    answer : float or str
        A number, or text as a student types it (:func:`parse_answer`).

    Returns
    -------
    Verdict
        As :func:`judge` gives it.

    Raises
    ------
    ValueError
        For a step that asks nothing, or text that is not a number.
    """
    q = question(step)
    if q is None:
        raise ValueError("this step asks nothing")
    if isinstance(answer, str):
        answer = parse_answer(answer)
    return judge(q, answer)


# ---- reading what a student types -------------------------------------------------------
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫", "01234567890123456789.")
_MINUSES = ("-", "\u2212", "\u2013")


def parse_answer(text: str) -> float:
    """A number as a student types it.

    Persian (۰–۹) or Arabic-Indic (٠–٩) digits, ``٫`` or ``.`` as the decimal point, or ``/``
    between two digits (``۰/۵۹۳۳``: the way most Iranian students write the point), a leading
    minus (``-`` or ``−``), an optional exponent (``e-3``).
    Raises ValueError for anything else (an empty box, two points, letters, ``inf``).
    ``assets/stage/core/answers.js`` reads the box by the same rules; the node tests check both agree.
    """
    s = re.sub(r"(?<=\d)/(?=\d)", ".", str(text).strip().translate(_DIGITS).replace(" ", ""))
    sign = 1.0
    if s[:1] in _MINUSES:
        sign, s = -1.0, s[1:]
    elif s[:1] == "+":
        s = s[1:]
    mantissa, _, exponent = s.lower().partition("e")
    if not mantissa or mantissa.count(".") > 1 or not mantissa.replace(".", "").isdigit() or mantissa == ".":
        raise ValueError(f"not a number: {text!r}")
    if _ or exponent:
        if exponent[:1] in _MINUSES:
            exponent = "-" + exponent[1:]
        if not exponent.lstrip("+-").isdigit() or exponent.count("-") + exponent.count("+") > 1:
            raise ValueError(f"not a number: {text!r}")
    value = sign * float(mantissa + ("e" + exponent if exponent else ""))
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {text!r}")
    return value


def too_short(text: str, value: float) -> bool:
    """Right to the digits typed, but with fewer than 4 significant figures: "0.008" for 0.008027.

    Such an answer is not wrong, only short: the student is asked for 4 significant figures
    rather than told it is not one of the usual mistakes. ``text`` is read as
    :func:`parse_answer` reads it; anything it refuses is not short.
    """
    try:
        x = parse_answer(text)
    except ValueError:
        return False
    s = re.sub(r"(?<=\d)/(?=\d)", ".", str(text).strip().translate(_DIGITS).replace(" ", "")).lstrip("+-\u2212\u2013")
    mantissa, _, exponent = s.lower().partition("e")
    power = int(exponent.replace("\u2212", "-").replace("\u2013", "-") or 0)
    whole, _, decimals = mantissa.partition(".")
    figures = (whole + decimals).lstrip("0")
    if len(figures) >= 4:
        return False
    unit = 10.0 ** (power - len(decimals))
    return abs(x - value) <= 0.5 * unit * (1 + 1e-9)


def asks(q: Question | None, level: str) -> bool:
    """Whether the fading ``level`` asks question ``q`` (watch asks nothing, all asks everything)."""
    if q is None or level == "watch":
        return False
    return LEVELS.index(q.level) <= LEVELS.index(level) if q.level in LEVELS else False


# ---- a follow-up on new numbers, choices, and which formula ------------------------------
# Peer instruction's follow-up (Smith et al. 2009): the same kind of question on numbers of the
# student's own, so that what was learned in the discussion is used, not copied.
FRIENDLY = (0.05, 0.95)  # every activation of a fresh example lies in here
MIN_DELTA = 1e-4  # and no δ is smaller than this: on screen it would read as 0.0000
_DRAWS = 400
_BATCHES = (8, 32, _DRAWS - 40)  # how fresh_example's draws are judged: a few first, then the rest


def _friendliness(net: Network, X: np.ndarray, Y: np.ndarray, loss: str) -> tuple[np.ndarray, np.ndarray]:
    """How far each example (a row of ``X`` and ``Y``) stays inside the friendly ranges, as two margins.

    The activations' margin is positive when every one lies in :data:`FRIENDLY`; the δs' margin is
    positive when every one is at least :data:`MIN_DELTA` in size. One batch: every example's a and δ
    are its own row of the pass.
    """
    bp = backprop(net, X, Y, 0.0, loss)
    lo, hi = FRIENDLY
    active = np.min([np.minimum(a.min(axis=1) - lo, hi - a.max(axis=1)) for a in bp.a], axis=0)
    errors = np.min([np.abs(d).min(axis=1) - MIN_DELTA for d in bp.delta if d is not None], axis=0)
    return active, errors


def fresh_example(scenario: Scenario, seed: int) -> Scenario:
    r"""The scenario with a new first training example :math:`x^{(1)}` (and :math:`y^{(1)}`).

    The same layer sizes, Θ, λ and cost, so the same kind of question can be asked on numbers of one's own.

    Parameters
    ----------
    scenario : Scenario
        The walk the class is on.
    seed : int
        The browser's own seed: the same seed gives the same example, different seeds different ones.

    Returns
    -------
    Scenario
        Only the first row of ``X`` and ``Y`` changes. ``x`` has two decimals in [0.05, 0.95]; ``y``
        is 0 or 1 where the scenario's targets are, else two decimals in [0.05, 0.95]. Of up to 400
        draws, the first whose every activation lies in [0.05, 0.95] and whose every δ is at least
        1e-4 in size (nothing on screen reads 0.0000); where no δ can be that large (a deep net of
        small weights: the vanishing gradient the lesson's δ pass shows), the first whose activations
        are friendly; a network too saturated for either gets the draw that comes closest.
    """
    rng = np.random.default_rng([int(seed) & 0xFFFFFFFF, 26])
    net = scenario.network
    binary = bool(np.all(np.isin(scenario.Y, (0.0, 1.0))))
    s_in, s_out = scenario.X.shape[1], scenario.Y.shape[1]
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    actives: list[np.ndarray] = []
    errs: list[np.ndarray] = []
    k = None
    # Drawn in this order, so a seed keeps its example; judged a batch at a time (most nets take one of
    # the first few draws), and the first friendly draw of all is the same whatever the batches.
    for batch in _BATCHES:
        for _ in range(batch):
            xs.append(np.round(rng.uniform(*FRIENDLY, s_in), 2))
            ys.append(rng.integers(0, 2, s_out).astype(float) if binary else np.round(rng.uniform(*FRIENDLY, s_out), 2))
        active, errors = _friendliness(net, np.array(xs[-batch:]), np.array(ys[-batch:]), scenario.loss)
        actives.append(active)
        errs.append(errors)
        friendly = np.flatnonzero((active > 0) & (errors > 0))
        if friendly.size:
            k = len(xs) - batch + int(friendly[0])  # the first draw that is friendly on both counts
            break
    if k is None:  # the first of the draws that come closest
        scores = [
            (bool(a > 0), min(float(e), 0.0) if a > 0 else float(a), float(a))
            for a, e in zip(np.concatenate(actives), np.concatenate(errs), strict=True)
        ]
        k = max(range(len(scores)), key=lambda i: (scores[i], -i))
    X, Y = scenario.X.copy(), scenario.Y.copy()
    X[0], Y[0] = xs[k], ys[k]
    return scenario.replace(X=X, Y=Y, thetas=tuple(np.array(t) for t in net.thetas))


@dataclass(frozen=True, slots=True)
class Choice:
    """One of a question's choices: its ``value``, and the mistake that gives it (None: the right one)."""

    value: float
    mistake: str | None


def choices(step: Step, k: int = 4, seed: int | None = 0, q: Question | None = None) -> list[Choice]:
    """The question of ``step`` as ``k`` choices: the right value and the likeliest mistakes.

    Parameters
    ----------
    step : Step
        A step that asks something.
    k : int, optional
        How many choices at most (2 or more).
    seed : int or None, optional
        Their order: shuffled by this seed (each student's own, so neighbours cannot copy a position);
        None keeps the right value first and the mistakes in the table's order (the browser shuffles).
    q : Question, optional
        ``question(step)``, when the caller has it already (the walk's build asks it once per step).

    Returns
    -------
    list of Choice
        Exactly one right; the others the mistakes in the order the lesson's table lists them for
        this kind of question (the classic ones first), each value different from the right one and
        from each other as 4 significant figures show them. Fewer than ``k`` when fewer such
        mistakes exist.

    Raises
    ------
    ValueError
        For a step that asks nothing, or ``k`` below 2.
    """
    if k < 2:
        raise ValueError(f"a question needs at least 2 choices, got k = {k}")
    q = q if q is not None else question(step)
    if q is None:
        raise ValueError("this step asks nothing")
    shown = {float(rounded(q.value))}
    out = [Choice(q.value, None)]
    for mid in sorted(q.mistakes, key=MISTAKES.index):
        value = q.mistakes[mid]
        if len(out) == k:
            break
        if judge(q, value).correct or float(rounded(value)) in shown:
            continue  # judged right, or shows as a number already offered
        shown.add(float(rounded(value)))
        out.append(Choice(value, mid))
    if seed is None:
        return out
    order = np.random.default_rng([int(seed) & 0xFFFFFFFF, 25]).permutation(len(out))
    return [out[i] for i in order]


# "Which formula?": the lesson's formulas that justify each kind of question (formulas.FORMULAS).
FORMULA_QUESTION: dict[str, tuple[str, ...]] = {
    "a": ("F11",),  # z = Θa, a = g(z)
    "delta_output": ("F4",),  # δ^(L) = a^(L) − y (cross-entropy)
    "delta_output_squared": ("SE4",),  # δ^(L) = (a − y) .* a(1 − a) (squared error)
    "delta": ("F7", "F5", "F6"),  # hidden δ: F7, which is F5 with F6's g'
    "Delta": ("F12",),
    "D_bias": ("F14",),  # column j = 0
    "D": ("F13",),  # columns j ≠ 0
}


# For the menu: formulas of the lesson a student may confuse with each kind's (one's neighbours in the walk).
FORMULA_DISTRACTORS: dict[str, tuple[str, ...]] = {
    "a": ("F10", "F4", "F12"),
    "delta_output": ("F7", "F11", "F13"),
    "delta_output_squared": ("F4", "F7", "F11"),
    "delta": ("F4", "F12", "F11"),
    "Delta": ("F9", "F13", "F7"),
    "D_bias": ("F13", "F12", "F15"),
    "D": ("F14", "F12", "F15"),
}


def formula_menu(step: Step, q: Question) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The "which formula?" prompt of question ``q``: the ids that are right, and a menu of four.

    The menu is the first right id, then three the lesson has nearby; the browser shuffles it.
    """
    kind = question_kind(step, q)
    right = FORMULA_QUESTION[kind]
    return right, (right[0], *FORMULA_DISTRACTORS[kind])


def question_kind(step: Step, q: Question) -> str:
    """The key of :data:`FORMULA_QUESTION` for question ``q`` of ``step``."""
    if q.symbol == "delta" and step.phase == "output_delta":
        return "delta_output" if step.context.loss == "cross_entropy" else "delta_output_squared"
    if q.symbol == "D" and isinstance(q.index, tuple) and q.index[1] == 0:
        return "D_bias"
    return q.symbol
