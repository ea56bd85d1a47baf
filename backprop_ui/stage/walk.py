"""The walk the browser draws: every step of a Trace, worded and typeset in one language. No streamlit.

The stage component receives this once per scenario and language and steps through it
without asking the server (see ``assets/stage.js``). Everything it shows comes from here:
the status line, the card's title, sentence, formula ids, the lesson's formula and this
step's numbers as KaTeX source, the notes, what the figure lights up, and the matrices with
the cells that changed. The browser lays these out; it computes no math and writes no
sentence of its own.

What differs from phase to phase (which Θ is in play, which note, numbers, panels and
question) is one :class:`View` per phase in :data:`VIEWS`, as ``trace.SPECS`` keeps the math.

Shape of the document (keys are short: a big walk is sent in windows of steps):

``meta``      what every step shares: words of the controls, the figure's base, Θ per
              layer, the rows of the values table, where each phase starts;
``windows``   a list of windows ``{"start", "table", "mats", "steps"}``. ``table`` is the
              values table at the window's first step, ``mats`` the matrices its steps
              refer to by id, and each step lists the table cells it changes (``changes``).
              A small walk is one window; a big one names how many there are and the
              browser fetches them (``routes.py``) before they are needed.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path

import numpy as np
import numpy.typing as npt

from backprop_core import FORMULAS, Known, Scenario, Step, Trace, codec
from backprop_core.latex import aligned, bmatrix, num, row_vector, significant
from backprop_core.network import layer_index
from backprop_core.practice import LEVELS, MISTAKES, SYMBOLS, Question, choices, formula_menu, question, rounded
from backprop_ui import i18n
from backprop_ui.stage import figures
from backprop_ui.stage.graph import Geometry, geometry

SPEEDS = (0.25, 0.5, 1.0, 2.0, 3.0)
# A walk is sent whole while steps × units stays under this (4-8-8-3 with m = 4: ~4 500);
# a bigger one in windows of about this many unit-steps each (10 × 32: 60 steps a window).
WHOLE_UNIT_STEPS = 20_000
# The walk's shape, written once for both sides (assets/stage/contract.json).
CONTRACT = json.loads((Path(__file__).parents[1] / "assets" / "stage" / "contract.json").read_text(encoding="utf-8"))
MAX_LABELLED_UNITS = figures.MAX_LABELLED_UNITS
MAX_ARROWS = 40


# ---- numbers as the browser shows them -----------------------------------------------------
_SUPERSCRIPT = str.maketrans("0123456789-()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁽⁾")


def cell(v: float | None) -> str:
    """A value in a table or on a unit: 4 significant figures, "" where it is not known yet."""
    if v is None or math.isnan(float(v)):
        return ""
    text, exponent = significant(float(v))
    return text if exponent is None else f"{text}×10{str(exponent).translate(_SUPERSCRIPT)}"


def _cells(arr: npt.ArrayLike) -> list:
    arr = np.atleast_2d(np.asarray(arr, dtype=float))
    return [[cell(v) for v in row] for row in arr]


# ---- what every step shares ------------------------------------------------------------------
def _labels(lang: str, m: int) -> dict:
    keys = (
        "ctl.reset ctl.prev ctl.next ctl.play ctl.pause ctl.speed ctl.jump ctl.keys present.on present.off "
        "present.help share.label share.intro share.copy share.copied share.json share.script share.too_long_short card.numbers "
        "share.offline share.offline_help share.file share.slides share.slides_help card.lesson_formula "
        "card.case_bias card.case_other card.folded mx.pending mx.vectors bar.label stage.region stage.figure "
        "stage.matrices stage.blank stage.offline stage.loading stage.stale fig.key_f fig.key_b fig.key_acc "
        "pr.switch pr.switch_help pr.level pr.turn pr.check pr.again pr.show pr.wrong pr.wrong_many pr.unknown "
        "pr.empty pr.short pr.score pr.score_none pr.suggest_go pr.hint pr.choices pr.choices_help "
        "pr.which_switch pr.which_help pr.which pr.fscore"
    ).split()
    out: dict[str, object] = {key: i18n.t(key, lang) for key in keys}
    # Sentences the script fills in itself: only with words and numbers of this walk.
    out["pr.not_number"] = i18n.t("pr.not_number", lang, text="{text}")
    out["share.slides_making"] = i18n.t("share.slides_making", lang, k="{k}", n="{n}")
    out["share.slides_failed"] = i18n.t("share.slides_failed", lang, k="{k}")
    out["pr.which_right"] = i18n.t("pr.which_right", lang, ids="{ids}")
    out["pr.which_wrong"] = i18n.t("pr.which_wrong", lang, ids="{ids}")
    out["pr.suggest"] = i18n.t("pr.suggest", lang, kind="{kind}", level="{level}")
    out["pr.score_part"] = i18n.t("pr.score_part", lang, name="{name}", right="{right}", done="{done}")
    out["levels"] = [[level, i18n.t(f"lv.{level}", lang)] for level in LEVELS]
    out["kinds"] = {kind: i18n.t(f"kind.{kind}", lang) for kind in SYMBOLS}
    out["mistakes"] = {key: i18n.t(f"mk.{key}", lang) for key in (*MISTAKES, "bias_left_out.Delta")}
    out["speeds"] = [i18n.t("ctl.speed_option", lang, s=i18n.digits(f"{s:g}", lang)) for s in SPEEDS]
    return out


def _figure_base(trace: Trace, lang: str, present: bool) -> dict:
    """The figure every step restyles: its traces and layout, and where its units and edges are."""
    net = trace.network
    sizes = net.layer_sizes
    geo = geometry(sizes)
    spec = figures.network_spec(trace[0], lang, present=present)
    names = [t.get("name") for t in spec["data"]]
    return {
        "spec": spec,
        "units": names.index("units"),
        "nodes": [[float(x), float(y)] for x, y in geo.xy],
        "node_ids": [list(n) for n in geo.nodes],
        # Each edge as [from unit, to unit], rows of "nodes": the highlight is drawn between them.
        "edges": [[geo.index[(layer, j)], geo.index[(layer + 1, i)]] for layer, i, j in geo.edges],
        "labelled": max(sizes) <= MAX_LABELLED_UNITS,
        "unit_size": figures.unit_size(sizes, present),
        # Where a unit's δ is written: right of the output layer (nothing is there), below a unit of a
        # short hidden layer; a tall hidden layer has room for neither (its δ is in the hover, the
        # values table and the card, and a purple ring marks it known).
        "delta_side": [
            "right" if layer == len(sizes) else ("below" if sizes[layer_index(layer)] <= 3 else "none")
            for layer, _j in geo.nodes
        ],
        "styles": {
            "t": [figures.ORANGE, figures.INK, 4],
            "f": [figures.KNOWN_FILL, figures.ORANGE, 4],
            "r": [figures.KNOWN_FILL, figures.PURPLE, 4],
            "e": [figures.KNOWN_FILL, figures.PURPLE, 3],
            "k": [figures.KNOWN_FILL, figures.INK, 1.5],
            "d": [figures.DIM_FILL, figures.GREY, 1.5],
            "b": [figures.BIAS_FILL, figures.INK, 1.5],
            "B": [figures.BIAS_FILL, figures.ORANGE, 3],
        },
        "colours": {"f": figures.ORANGE, "b": figures.PURPLE, "": figures.GREEN, "delta": "#8E3B73"},
        "hover": i18n.t("fig.unit_hover", lang),
    }


def _vector_rows(L: int) -> list[list]:
    """The rows of the values table: a^(l), then z^(l) and δ^(l) from layer 2 on; [latex name, kind, l]."""
    rows = []
    for layer in range(1, L + 1):
        rows.append([f"a^{{({layer})}}", "a", layer])
        if layer > 1:
            rows.append([f"z^{{({layer})}}", "z", layer])
            rows.append([f"\\delta^{{({layer})}}", "delta", layer])
    return rows


def _vector_table(known: Known, L: int) -> list[list[str]]:
    table = []
    for layer in range(1, L + 1):
        k = layer_index(layer)
        table.append(["1" if layer < L else "", *(cell(v) for v in known.a[k])])
        if layer > 1:
            z, delta = known.z[k], known.delta[k]
            assert z is not None and delta is not None, "every layer after the input has its z and δ"
            table.append(["", *(cell(v) for v in z)])
            table.append(["", *(cell(v) for v in delta)])
    return table


def _bar_targets(trace: Trace) -> dict:
    """Where each phase of the bar starts, per example (key "0": outside the loop, example 1)."""
    out = {}
    for t in range(0, trace.m + 1):
        example = t or 1
        out[str(t)] = [trace.first(p, None if p == "gradient" else example) for p in BAR_PHASES]
    return out


def formulas_in_words(lang: str) -> dict[str, str]:
    """Formulas the lesson writes as a sentence in Persian: D's two cases, "… اگر j ≠ 0", the
    condition set off by the lesson's own word (the locale's ``formula_condition``; none: the
    formulas keep their \\text{if}). Plain text with $…$ math, laid out right to left."""
    word = i18n.locale(lang).formula_condition
    if not word:
        return {}
    out = {}
    for fid in ("F13", "F14"):
        formula, condition = FORMULAS[fid].split(r" \quad \text{if } ")
        out[fid] = f"${formula}$ {word} ${condition}$"
    return out


# "Print as slides" makes one page per step, copying each from the stage: a deck of at most this many
# (4-8-8-3 with four examples has 173 steps; printing more is the worksheet's job).
MAX_SLIDES = 200


def _too_many_slides(n: int, lang: str) -> str:
    """Why a walk of ``n`` steps is not printed as slides ("" when it is)."""
    if n <= MAX_SLIDES:
        return ""
    return i18n.t(
        "share.slides_too_many", lang, n=i18n.digits(f"{n:,}", lang), limit=i18n.digits(str(MAX_SLIDES), lang)
    )


def meta(scenario: Scenario, trace: Trace, lang: str) -> dict:
    net = trace.network
    L = net.L
    locale = i18n.locale(lang)
    return {
        "contract": CONTRACT["version"],
        "lang": lang,
        "dir": locale.direction,
        # How the script writes a number of its own (a score, a class's counts and shares).
        "digits": locale.digits,
        "percent": locale.percent,
        "separator": locale.status_separator,
        "n": len(trace),
        "m": trace.m,
        "L": L,
        "labels": _labels(lang, trace.m) | {"share.slides_too_many": _too_many_slides(len(trace), lang)},
        "bar": [[p, i18n.t(f"bar.{p}", lang)] for p in BAR_PHASES],
        "bar_targets": _bar_targets(trace),
        "formulas": dict(FORMULAS),
        "formulas_in_words": formulas_in_words(lang),
        "fig": _figure_base(trace, lang, present=False),
        "fig_present": {k: v for k, v in _figure_base(trace, lang, present=True).items() if k in ("spec", "unit_size")},
        "thetas": [_cells(t) for t in net.thetas],
        "vec_rows": _vector_rows(L),
        "vec_width": max(net.layer_sizes) + 1,
        "speeds": list(SPEEDS),
    }


# ---- one step: what each phase shows ----------------------------------------------------------
def _params(step: Step, m: int) -> dict:
    layer = step.layer or 1
    return dict(t=step.example or 0, j=step.node or 0, l=layer, l1=layer + 1, lp=layer - 1, m=m)


def _layer_of(step: Step) -> int:
    """The l of a forward, δ, Δ or D step: their phases always name the layer (``trace.SPECS``)."""
    assert step.layer is not None, f"a {step.phase} step always names its layer"
    return step.layer


def _aligned_pair(lines: Sequence[str], wide_lines: Sequence[str] | None = None) -> tuple[str, str | None]:
    """The lines aligned narrow (chains split at "=") and, if different, wide."""
    narrow = aligned(lines, split_chains=True)
    wide = aligned(lines if wide_lines is None else wide_lines, split_chains=False)
    return narrow, (wide if wide != narrow else None)


def _numbers(step: Step, trace: Trace) -> tuple[str, str | None]:
    """This step's formula with its numbers, narrow and (if different) wide."""
    return _aligned_pair(step.latex_lines)


def _named_old_delta(step: Step) -> tuple[str, ...]:
    """Δ's update with its old value named, not written out: for big matrices and narrow boxes."""
    lines = step.latex_lines
    old = rf"\Delta^{{({step.layer})}}"
    return (old + " := " + old + " + " + lines[0].split(" + ", 1)[1], *lines[1:])


def _accumulate_numbers(step: Step, trace: Trace) -> tuple[str, str | None]:
    # Big matrices on a projector: the old Δ is named, not written out.
    big = max(trace.network.theta(_layer_of(step)).shape) > 4
    return _aligned_pair(step.latex_lines, _named_old_delta(step) if big else None)


def _tight_lines(lines: Iterable[str]) -> list[str]:
    # For a box too narrow even for the broken lines: each equation inline, free to wrap after
    # + and = (\left( … \right) would hold a sum together as one unbreakable piece).
    return [line.replace(r"\left(", r"\bigl(").replace(r"\right)", r"\bigr)") for line in lines]


def _theta_row(step: Step, trace: Trace) -> str:
    """The row of Θ a forward step multiplies by the layer below."""
    assert step.layer is not None and step.node is not None, "a forward step is about unit j of layer l"
    layer = step.layer - 1
    row = trace.network.theta(layer)[step.node - 1]
    return (
        rf"\Theta^{{({layer})}}_{{{step.node},\cdot}} = \begin{{bmatrix}}"
        + " & ".join(num(v) for v in row)
        + (r"\end{bmatrix}")
    )


def _theta_column(step: Step, trace: Trace) -> str:
    """The column of Θ a hidden δ multiplies by the δ above."""
    assert step.layer is not None and step.node is not None, "a hidden δ step is about unit j of layer l"
    col = trace.network.theta(step.layer)[:, step.node]
    symbol = rf"(\Theta^{{({step.layer})}}_{{\cdot,{step.node}}})^T"
    return symbol + r" = \begin{bmatrix}" + " & ".join(num(v) for v in col) + r"\end{bmatrix}"


def _layer_panels(step: Step, trace: Trace, known: Known, mats: dict, outer: bool = False) -> list:
    """Θ, Δ and D of the layer in play (and, while Δ accumulates, the outer product it adds)."""
    layer = VIEWS[step.phase].layer(step, trace.network.L)
    cells = [list(c) for c in step.highlight.cells]
    # Each panel: [matrix, its LaTeX name, its key in ``mats`` (None: not known yet), the cells lit up].
    panels: list[list[object]] = [
        ["Theta", rf"\Theta^{{({layer})}}", f"T{layer}", [c for c in cells if c[0] == "Theta"]]
    ]
    if outer:
        panels.append(
            [
                "outer",
                rf"\delta^{{({layer + 1})}}(a^{{({layer})}})^T",
                _put(mats, f"o{layer}.{step.example}", step.terms["outer"]),
                [["outer", layer, None, None]],
            ]
        )
    Delta = known.Delta[layer_index(layer)]
    panels.append(
        [
            "Delta",
            rf"\Delta^{{({layer})}}",
            _put(mats, f"Δ{layer}.{_digest(Delta)}", Delta),
            [c for c in cells if c[0] == "Delta"],
        ]
    )
    D = known.D[layer_index(layer)]
    panels.append(
        ["D", rf"D^{{({layer})}}", None if D is None else _put(mats, f"D{layer}", D), [c for c in cells if c[0] == "D"]]
    )
    return panels


def _all_D(step: Step, trace: Trace, known: Known, mats: dict) -> list:
    """The lesson's result: D for every layer."""
    L = trace.network.L
    panels = []
    for layer in range(1, L):
        D = known.D[layer_index(layer)]
        assert D is not None, "the result step knows D of every layer"
        panels.append(["D", f"D^{{({layer})}}", _put(mats, f"D{layer}", D), []])
    return panels


def _put(mats: dict, key: str, arr: npt.ArrayLike) -> str:
    if key not in mats:
        mats[key] = _cells(arr)
    return key


class Given:
    """How a question's known numbers are written: on the stage, wide ones elided; on a worksheet, whole, and in a
    quiz each value an earlier box asks written as that box (``refs``: a slot of the givens to its LaTeX)."""

    def __init__(self, q: Question, refs: dict | None = None, whole: bool = False) -> None:
        self.q, self.refs, self.whole = q, refs or {}, whole or refs is not None

    def value(self, name: str) -> str:
        return self.refs.get((name, None)) or num(self.q.given[name])

    def row(self, name: str, first: int = 0) -> str:
        """A vector of the givens as a row, from position ``first`` (1 leaves out a bias unit)."""
        values = self.q.given[name]
        if not self.whole:
            return row_vector(values[first:])
        cells = [self.refs.get((name, k)) or num(values[k]) for k in range(first, len(values))]
        return r"\begin{bmatrix}" + " & ".join(cells) + r"\end{bmatrix}"

    def matrix(self, name: str) -> str:
        arr = np.asarray(self.q.given[name])
        return bmatrix(arr, max_rows=arr.shape[0], max_cols=arr.shape[1]) if self.whole else bmatrix(arr)


def _units(layer: int, count: int) -> str:
    """The units of a layer without its bias unit, named: [a₁ a₂], or [a₁ ⋯ a₈]. Not (a^(l))ᵀ, which in the
    lesson's F12 has a₀ = 1 first: the same symbol must not name two vectors in one step."""
    names = [rf"a_{{{k}}}^{{({layer})}}" for k in range(1, count + 1)]
    if count > 3:
        names = [names[0], r"\cdots", names[-1]]
    return r"\begin{bmatrix}" + " & ".join(names) + r"\end{bmatrix}"


def _given_forward(g: Given, sym: str) -> list[str]:
    q, layer = g.q, g.q.layer
    return [
        rf"\Theta^{{({layer - 1})}}_{{{q.index},\cdot}} = {g.row('theta')}",
        rf"{_units(layer - 1, len(q.given['a_prev']))} = {g.row('a_prev')}",
        rf"{sym} = \;?",
    ]


def _given_output_delta(g: Given, sym: str) -> list[str]:
    q, layer = g.q, g.q.layer
    return [rf"a_{{{q.index}}}^{{({layer})}} = {g.value('a')}", rf"y_{{{q.index}}} = {g.value('y')}", rf"{sym} = \;?"]


def _given_hidden_delta(g: Given, sym: str) -> list[str]:
    q, layer = g.q, g.q.layer
    return [
        rf"\Theta^{{({layer})}} = {g.matrix('Theta')}",
        rf"(\delta^{{({layer + 1})}})^T = {g.row('delta_next')}",
        rf"a_{{{q.index}}}^{{({layer})}} = {g.value('a')}",
        rf"{sym} = \;?",
    ]


def _given_accumulate(g: Given, sym: str) -> list[str]:
    layer = g.q.layer
    return [
        rf"{sym} = {g.value('before')}",
        rf"(\delta^{{({layer + 1})}})^T = {g.row('delta_next')}",
        rf"{_units(layer, len(g.q.given['a_bias']) - 1)} = {g.row('a_bias', first=1)}",
        rf"{sym} := \;?",
    ]


def _given_gradient(g: Given, sym: str) -> list[str]:
    q, layer = g.q, g.q.layer
    assert isinstance(q.index, tuple), "a D question asks an entry (i, j)"
    i, j = q.index
    return [
        rf"\Delta_{{{i},{j}}}^{{({layer})}} = {g.value('Delta')}",
        rf"\Theta_{{{i},{j}}}^{{({layer})}} = {g.value('Theta')}",
        rf"\lambda = {num(q.given['lam'])},\quad m = {q.given['m']}",
        rf"{sym} = \;?",
    ]


def _gradient_cases(step: Step, lang: str) -> dict:
    bias, other, _matrix = step.latex_lines
    return {"cases": [bias, other]}  # D's two cases, each on its own line


def _no_extra(step: Step, lang: str) -> dict:
    return {}


def _none(*_args: object) -> None:
    return None


@dataclass(frozen=True)
class View:
    """How the steps of one phase are shown, in one place (the browser's side of ``trace.SPECS``).

    Keys name strings of the catalogues (``locales/``); the functions take the step (and the trace)."""

    layer: Callable[[Step, int], int]  # the l of the Θ^(l), Δ^(l), D^(l) it reads or writes (given L)
    bar: str | None  # the phase bar's button it lights (the input belongs to the forward pass)
    slip: Callable[[Step], str | None] = _none  # the lesson's warning about a common slip here
    caption_one_example: str | None = None  # the caption when m = 1, if not ``cap.<phase>``
    formula_label: str = "card.lesson_formula"
    formula: str | None = None  # the formula ids on the card, if not the step's own
    numbers: Callable[[Step, Trace], tuple[str, str | None]] = _numbers  # narrow and wide LaTeX
    tight: Callable[[Step], tuple[str, ...]] | None = lambda step: step.latex_lines  # lines to wrap inline
    current: Callable[[Step, Trace], str | None] = _none  # on the projector, the part of Θ it uses
    target_row: str = "a"  # the values table's row of the unit it computes
    matrices: Callable[..., list] = _layer_panels
    matrices_header: str = "mx.header"
    given: Callable[[Given, str], list[str]] | None = None  # a question's known numbers
    extra: Callable[[Step, str], dict] = _no_extra  # its own keys of the record


# The lesson's phases in trace.SPECS's order: adding a phase means adding its view here.
VIEWS: dict[str, View] = {
    "init": View(layer=lambda step, L: 1, bar=None, tight=None),
    "input": View(layer=lambda step, L: 1, bar="forward", slip=lambda step: "slip.forward_range"),
    "forward": View(
        layer=lambda step, L: _layer_of(step) - 1,
        bar="forward",
        slip=lambda step: "slip.forward_range" if (step.layer, step.node) == (2, 1) else None,
        formula_label="card.forward_formula",
        current=_theta_row,
        given=_given_forward,
    ),
    "output_delta": View(
        layer=lambda step, L: L - 1,
        bar="output_delta",
        slip=lambda step: "slip.delta_is_error" if step.node == 1 else None,
        target_row="delta",
        given=_given_output_delta,
    ),
    "hidden_delta": View(
        layer=lambda step, L: _layer_of(step),
        bar="hidden_delta",
        current=_theta_column,
        target_row="delta",
        given=_given_hidden_delta,
    ),
    "accumulate": View(
        layer=lambda step, L: _layer_of(step),
        bar="accumulate",
        slip=lambda step: "slip.product_shape",
        numbers=_accumulate_numbers,
        tight=_named_old_delta,
        matrices=partial(_layer_panels, outer=True),
        given=_given_accumulate,
        extra=lambda step, lang: {"panels_caption": i18n.t("mx.outer", lang, l=step.layer, l1=_layer_of(step) + 1)},
    ),
    "gradient": View(
        layer=lambda step, L: _layer_of(step),
        bar="gradient",
        slip=lambda step: "slip.d_after_loop",
        caption_one_example="cap.gradient_one",
        formula="F14|F13",
        numbers=lambda step, trace: (aligned(step.latex_lines[2:], split_chains=False), None),
        tight=None,
        given=_given_gradient,
        extra=_gradient_cases,
    ),
    "result": View(
        layer=lambda step, L: L - 1,
        bar="gradient",  # the result belongs to the computation of D
        numbers=lambda step, trace: (rf"J(\Theta) = {num(trace.J, 6)}", None),
        tight=None,
        matrices=_all_D,
        matrices_header="mx.header_all",
        extra=lambda step, lang: {"numbers_label": i18n.t("card.cost_numbers", lang)},
    ),
}
BAR_PHASES = tuple(phase for phase, view in VIEWS.items() if view.bar == phase)


def card_formula(step: Step) -> str:
    """The formula ids the card shows: the step's own, or both cases of D."""
    return VIEWS[step.phase].formula or step.formula


def _notes(step: Step, lang: str, m: int) -> list[list]:
    """[kind, title, text, shown while presenting]; on a projector only the most important one."""
    params = _params(step, m)
    notes = []
    bias_key = f"bias.{step.phase}"
    if i18n.has(bias_key):
        notes.append(["info", "", i18n.t(bias_key, lang, **params)])
    slip = VIEWS[step.phase].slip(step)
    if slip:
        notes.append(["slip", i18n.t("slip.title", lang), i18n.t(slip, lang)])
    if step.formula == "SE4":
        notes.append(["warning", i18n.t("notlesson.title", lang), i18n.t("notlesson.se4", lang)])
    # One note on the projector: the lesson's slip (or the warning) matters more than the bias reminder.
    return [[*note, k == len(notes) - 1] for k, note in enumerate(notes)]


def _caption(step: Step, lang: str, m: int) -> str:
    one = VIEWS[step.phase].caption_one_example
    if step.formula == "SE4":
        key = "cap.output_delta_se"
    elif one and m == 1:
        key = one
    else:
        key = f"cap.{step.phase}"
    return i18n.t(key, lang, **_params(step, m))


def _formula_label(step: Step, lang: str) -> str:
    key = "card.not_lesson_formula" if step.formula == "SE4" else VIEWS[step.phase].formula_label
    return i18n.t(key, lang)


def _unit_classes(step: Step, geo: Geometry, known: Known) -> str:
    hl = step.highlight
    sources = set(hl.sources)
    out = []
    for layer, j in geo.nodes:
        if j == 0:
            out.append("B" if (layer, j) in sources else "b")
            continue
        k = layer_index(layer)
        a = known.a[k][j - 1]
        delta_layer = known.delta[k]  # None for the input layer
        d = delta_layer[j - 1] if delta_layer is not None else math.nan
        if hl.target == (layer, j):
            out.append("t")
        elif (layer, j) in sources:
            out.append("r" if hl.direction == "backward" else "f")
        elif not math.isnan(d):
            out.append("e")
        else:
            out.append("d" if math.isnan(a) else "k")
    return "".join(out)


def _edges(edges: Iterable[tuple[int, int, int]], geo: Geometry) -> dict:
    """The highlighted edges by index: ``edge_range`` = [first, count, stride] when they are evenly
    spaced (a forward unit's inputs, a δ's outputs and a Δ's whole layer all are), else the list
    ``edges``."""
    index = [geo.edge_index[e] for e in edges]
    if not index:
        return {"edges": []}
    stride = index[1] - index[0] if len(index) > 1 else 1
    if stride > 0 and all(b - a == stride for a, b in zip(index, index[1:])):
        return {"edge_range": [index[0], len(index), stride]}
    return {"edges": index}


def _digest(arr: npt.ArrayLike) -> str:
    return hashlib.blake2b(np.asarray(arr, dtype=float).tobytes(), digest_size=5).hexdigest()


def _vector_target(step: Step, rows: list[list]) -> list | None:
    """[row, column] of the table cell this step computes."""
    target = step.highlight.target
    if target is None:
        return None
    layer, j = target
    kind = VIEWS[step.phase].target_row
    for r, (_name, k, lay) in enumerate(rows):
        if k == kind and lay == layer:
            return [r, j]
    return None


# ---- practice: the value a step computes, asked before it is shown ----------------------------------
_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SYMBOL_TEX = {"a": "a", "delta": r"\delta", "Delta": r"\Delta", "D": "D"}
_SYMBOL_TEXT = {"a": "a", "delta": "δ", "Delta": "Δ", "D": "D"}


def asked_name(q: Question) -> tuple[str, str]:
    """The asked value's name: as LaTeX (``a_{1}^{(3)}``) and as plain text for a label (``a₁⁽³⁾``)."""
    index = q.index if isinstance(q.index, int) else f"{q.index[0]},{q.index[1]}"
    latex = f"{_SYMBOL_TEX[q.symbol]}_{{{index}}}^{{({q.layer})}}"
    text = _SYMBOL_TEXT[q.symbol] + str(index).translate(_SUBSCRIPT) + f"({q.layer})".translate(_SUPERSCRIPT)
    return latex, text


def given_lines(step: Step, q: Question, sym: str, refs: dict | None = None) -> list[str]:
    """The known numbers a question shows, one equation each, ending with the asked value "= ?".

    Whole vectors and matrices, not the very entries the formula needs: picking the right ones
    (the bias unit, a row or a column, which index is which) is part of the question. With
    ``refs`` (a worksheet's), nothing is elided and each slot in ``refs`` is written as given
    there (a quiz's earlier box) instead of its number."""
    given = VIEWS[step.phase].given
    assert given is not None, f"a {step.phase} step asks no question"  # practice asks only where a view has givens
    return given(Given(q, refs), sym)


def _question_panels(step: Step, q: Question, mats: dict) -> list | None:
    """The matrices while a Δ or D entry is asked: Δ as it was before (the asked entry "?"), D not yet known."""
    if q.symbol not in ("Delta", "D"):
        return None
    assert isinstance(q.index, tuple), "a Δ or D question asks an entry (i, j)"
    layer, (i, j) = q.layer, q.index
    terms = step.terms
    theta = ["Theta", rf"\Theta^{{({layer})}}", f"T{layer}", []]
    ask = [i, j]
    if q.symbol == "Delta":
        before = _cells(terms["Delta_before"])
        before[i - 1][j] = "?"
        key = f"qΔ{layer}.{step.index}"
        mats[key] = before
        return [
            theta,
            ["Delta", rf"\Delta^{{({layer})}}", key, [["Delta", layer, *ask]]],
            ["D", rf"D^{{({layer})}}", None, []],
        ]
    blank = [["" for _ in row] for row in _cells(terms["Delta"])]
    blank[i - 1][j] = "?"
    key = f"qD{layer}.{step.index}"
    mats[key] = blank
    Delta_key = f"Δ{layer}.{_digest(terms['Delta'])}"
    mats.setdefault(Delta_key, _cells(terms["Delta"]))
    return [
        theta,
        ["Delta", rf"\Delta^{{({layer})}}", Delta_key, [["Delta", layer, *ask]]],
        ["D", rf"D^{{({layer})}}", key, [["D", layer, *ask]]],
    ]


def choice_label(value: float) -> str:
    """A choice as every choice is written: four significant figures with their zeros (0.6340, not 0.634), so no
    choice stands out by its length."""
    text = f"{float(rounded(value)):#.4g}"
    return text if "e" in text else text.rstrip(".")


def question_record(step: Step, lang: str, mats: dict) -> dict | None:
    """What the browser needs to ask this step's value and judge the answer without the server:
    the right value and each distinct wrong value with their tolerances (``practice.judge``'s rule)."""
    q = question(step)
    if q is None:
        return None
    sym, text = asked_name(q)
    lines = given_lines(step, q, sym)
    shown = num(q.value)
    right, menu = formula_menu(step, q)
    record = {
        "kind": q.symbol,
        "level": q.level,
        "ask": i18n.t("pr.ask", lang, sym=sym),
        "ask_choose": i18n.t("pr.ask_choose", lang, sym=sym),  # the same, when the answer is a choice
        "given": aligned(lines, split_chains=False),
        "given_lines": lines,
        "box": i18n.t("pr.box", lang, sym=i18n.ltr(text, lang)),
        "value": q.value,
        "tol": q.tol,
        "candidates": [[c.value, c.tol, list(c.ids)] for c in q.candidates],
        "right": i18n.t("pr.right", lang, sym=sym, v=shown),
        "shown": i18n.t("pr.shown", lang, sym=sym, v=shown),
        # Practice's choices (a step below typing the number): each value to four figures, the text a
        # tap answers with (judged as if typed), and the mistake that gives it; the browser shuffles them.
        "choices": [
            [choice_label(c.value), f"{float(rounded(c.value)):.4g}", c.mistake] for c in choices(step, 4, None, q)
        ],
        # "Which formula?" after a right answer: the ids that are right, and the menu (the browser shuffles it).
        "formulas": {"right": list(right), "menu": list(menu)},
    }
    panels = _question_panels(step, q, mats)
    if panels:
        record["panels"] = panels
    return record


def step_record(step: Step, trace: Trace, lang: str, rows: list[list], mats: dict, known: Known) -> dict:
    """Everything the browser needs to show ``step``, except the values table (see ``window``)."""
    view = VIEWS[step.phase]
    geo = geometry(trace.network.layer_sizes)
    hl = step.highlight
    narrow, wide = view.numbers(step, trace)
    record = {
        "status": i18n.status_line(step, len(trace), trace.m, lang),
        "phase": step.phase,
        "bar": view.bar,
        "example": step.example or 0,
        "title": i18n.t(f"phase.{step.phase}", lang),
        "formula_ids": list(step.formulas),
        "caption": _caption(step, lang, trace.m),
        "formula_label": _formula_label(step, lang),
        "formula": card_formula(step),
        "numbers": narrow,
        "notes": _notes(step, lang, trace.m),
        "units": _unit_classes(step, geo, known),
        **_edges(hl.edges, geo),
        "direction": {"forward": "f", "backward": "b"}.get(hl.direction or "", ""),
        "panels": view.matrices(step, trace, known, mats),
        "target_cell": _vector_target(step, rows),
        "panels_title": i18n.t(view.matrices_header, lang, l=view.layer(step, trace.network.L)),
    }
    if wide:
        record["numbers_wide"] = wide
    if view.tight:
        record["numbers_lines"] = _tight_lines(view.tight(step))
    record |= view.extra(step, lang)
    current = view.current(step, trace)
    if current:
        record["current"] = current
    asked = question_record(step, lang, mats)
    if asked:
        record["question"] = asked
    return record


def window(trace: Trace, lang: str, k: int, size: int) -> dict:
    """Steps ``k*size`` to ``(k+1)*size - 1``: their records, the values table at the first, the changes after."""
    L = trace.network.L
    rows = _vector_rows(L)
    start = k * size
    stop = min(len(trace), start + size)
    mats: dict = {f"T{layer}": _cells(t) for layer, t in enumerate(trace.network.thetas, start=1)}
    steps = []
    # The first step's changes too (from the step before the window): practice blanks them.
    previous = _vector_table(trace[start - 1].known(), L) if start > 0 else None
    first_table = None
    for index in range(start, stop):
        step = trace[index]
        known = step.known()
        table = _vector_table(known, L)
        record = step_record(step, trace, lang, rows, mats, known)
        if first_table is None:
            first_table = table
        if previous is None:
            record["changes"] = []
        else:
            record["changes"] = [
                [r, c, table[r][c]]
                for r in range(len(table))
                for c in range(len(table[r]))
                if table[r][c] != previous[r][c]
            ]
        previous = table
        steps.append(record)
    for layer in range(1, L):
        mats.pop(f"T{layer}", None)  # Θ is in the meta once, not in every window
    return {"start": start, "table": first_table, "mats": mats, "steps": steps}


# ---- the whole walk ------------------------------------------------------------------------------
def window_size(n: int, units: int) -> int:
    """Steps per window for a walk of n steps over a network of ``units`` units (bias units too)."""
    return n if n * units <= WHOLE_UNIT_STEPS else max(20, WHOLE_UNIT_STEPS // units)


@lru_cache(maxsize=16)
def _build(scenario: Scenario, lang: str) -> str:
    trace = scenario.trace()
    n, units = _remember_size(scenario, trace)
    per = window_size(n, units)
    count = math.ceil(n / per)
    doc = {
        "meta": meta(scenario, trace, lang) | {"window": per, "windows": count},
        "windows": [window(trace, lang, 0, per)],
    }
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


def build_walk(scenario: Scenario, lang: str) -> dict:
    """The walk of ``scenario`` in ``lang``: the meta and its first window (all of it for a small walk)."""
    return json.loads(_build(scenario, lang))


def walk_json(scenario: Scenario, lang: str) -> str:
    """:func:`build_walk` as compact JSON (cached: a language switch back costs nothing)."""
    return _build(scenario, lang)


# One file holds a walk of at most this many unit-steps (steps × units, bias units too): with plotly.js, KaTeX
# and the fonts (2.2 MB) the file stays under 3 MB (4-8-8-3 with 4 examples: 4 498 unit-steps, a 0.6 MB walk).
FILE_UNIT_STEPS = 5_000


# (steps, units) of the walks built or asked about lately: the walk's build notes them from its trace, so
# asking after it (Share's one-file offer, on every rerun) builds no second trace.
_SIZES: dict[Scenario, tuple[int, int]] = {}


def _remember_size(scenario: Scenario, trace: Trace) -> tuple[int, int]:
    if len(_SIZES) >= 256:
        _SIZES.clear()
    found = _SIZES[scenario] = (len(trace), len(geometry(trace.network.layer_sizes).nodes))
    return found


def size(scenario: Scenario) -> tuple[int, int]:
    """(steps, units) of the scenario's walk: its units counted as the figure draws them, bias units too."""
    found = _SIZES.get(scenario)
    return found if found is not None else _remember_size(scenario, scenario.trace())


def file_refusal(scenario: Scenario, lang: str) -> str | None:
    """Why this walk cannot be saved as one file, naming the limit (None when it can)."""
    steps, units = size(scenario)
    if steps * units <= FILE_UNIT_STEPS:
        return None
    return i18n.t(
        "share.offline_too_big",
        lang,
        steps=i18n.digits(f"{steps:,}", lang),
        units=i18n.digits(f"{units:,}", lang),
        size=i18n.digits(f"{steps * units:,}", lang),
        limit=i18n.digits(f"{FILE_UNIT_STEPS:,}", lang),
        example=i18n.sizes((4, 8, 8, 3), lang),
    )


def token(scenario: Scenario, lang: str) -> str:
    """A short name for a walk, under which the server can send its windows (``routes.py``)."""
    key = json.dumps([codec.to_query(scenario), lang], sort_keys=True).encode()  # the query is exact
    return hashlib.blake2b(key, digest_size=12).hexdigest()
