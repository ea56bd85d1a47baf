"""How one edit in the sidebar changes the scenario: pure functions, no streamlit.

The scenario is owned in one place (``state``); every input only displays it and, when the
user changes that input, hands one change to these functions. They return the new
scenario and notes that say what else had to change and why, so nothing happens silently.

A note is ``(key, params)``: an i18n key and the values to fill in.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from backprop_core import Network, Scenario, ScenarioError, check_layer_sizes
from backprop_core.network import layer_index
from backprop_ui.i18n import latin_digits

Note = tuple[str, dict]

# ---- layer sizes ------------------------------------------------------------------------
# Sizes are whole numbers separated by commas (Latin or Persian), semicolons or spaces, or by a
# dash, × or slash *between two numbers* ("2-2-1"). A dash or minus sign before a number is a
# sign, not a separator: "−1, 2, 1" is refused, never read as 1, 2, 1.
_MINUS = "-\u2212\u2013\u2014"
_NUMBER = r"\d+"
_SEP_BETWEEN = r"\s*(?:[,;،]|[-\u2212\u2013\u2014×/|]|\s)\s*"
_SIZES = re.compile(rf"^{_NUMBER}(?:{_SEP_BETWEEN}{_NUMBER})*$")
MAX_SIZES_TEXT = 200


def parse_sizes(text: str) -> tuple[int, ...]:
    """``"2, 3, 1"`` (also ``2-3-1``, ``2 3 1`` or Persian digits) as layer sizes.

    Raises
    ------
    ScenarioError
        ``sizes_empty`` for no numbers, ``sizes_negative`` for a negative number,
        ``sizes_gap`` for two separators in a row ("2,,1"), ``sizes_parse`` for anything
        else that is not whole numbers and separators; the parameter ``got`` quotes the
        offending part.
    """
    raw = latin_digits(text or "")[: MAX_SIZES_TEXT + 1].strip()
    if not raw:
        raise ScenarioError("sizes_empty", "write the number of units of each layer, e.g. 2, 3, 1")
    if _SIZES.match(raw):
        # Ranges (how many layers, how many units) are the Scenario's to check and name.
        return tuple(int(p) for p in re.findall(_NUMBER, raw))
    negative = re.search(rf"(?:^|[,;،\s])\s*([{_MINUS}]\s*\d+)", raw)
    if negative:
        raise ScenarioError("sizes_negative", "a layer cannot have a negative number of units", got=negative.group(1))
    if re.search(r"[,;،]\s*[,;،]", raw) or re.search(r"^[,;،]|[,;،]$", raw):
        raise ScenarioError("sizes_gap", "two commas with no number between them", got=raw[:20])
    # Name the part that is not a whole number ("2.5", "x"), not a lone character of it.
    tokens = [t for t in re.split(r"\s*(?:[,;،]|\s)\s*", raw) if t]
    bad = next((t for t in tokens if not re.fullmatch(rf"{_NUMBER}(?:[{_MINUS}×/|]{_NUMBER})*", t)), raw)
    raise ScenarioError("sizes_parse", "layer sizes must be whole numbers separated by commas", got=bad[:20])


def sizes_text(sizes: Sequence[int]) -> str:
    return ", ".join(str(s) for s in sizes)


# ---- what a changed shape does to the weights and the examples ----------------------------
@dataclass(frozen=True)
class Resized:
    """A scenario after a change of layer sizes, with what had to change and what was put aside."""

    scenario: Scenario
    notes: tuple[Note, ...]
    shelf: dict = field(default_factory=dict)


def _shape_text(shape: Sequence[int]) -> str:
    return f"{shape[0]}×{shape[1]}"


def resize(scenario: Scenario, sizes: Sequence[int], shelf: Mapping | None = None) -> Resized:
    """The scenario with new layer sizes, keeping every value whose place still exists.

    * Each :math:`\\Theta^{(l)}` whose shape :math:`s_{l+1} \\times (s_l + 1)` is unchanged keeps
      its numbers. One whose shape changed gets back the numbers it last had in that shape
      (from ``shelf``), or is drawn from the scenario's seed and ε. Seeded weights are simply
      drawn again for the new shape.
    * Columns of x and y that still exist keep their values; a new column gets its old values
      back from ``shelf`` if it had some for these examples, or 0.
    * Whatever no longer fits is put on the shelf, so going back restores it.

    Returns a :class:`Resized`; raises :class:`ScenarioError` if the new sizes are not valid.
    """
    sizes = check_layer_sizes(sizes)  # first, so that a refusal names the sizes, not a weight
    shelf = dict(shelf or {})
    old = scenario.layer_sizes
    notes: list[Note] = []
    if sizes == old:
        return Resized(scenario, (), shelf)

    X, x_notes = _columns(scenario.X, sizes[0], "x", shelf)
    Y, y_notes = _columns(scenario.Y, sizes[-1], "y", shelf)
    shapes = [(sizes[layer_index(layer + 1)], sizes[layer_index(layer)] + 1) for layer in range(1, len(sizes))]
    seeded = scenario.thetas is None
    if seeded and not any(("theta", layer, shape) in shelf for layer, shape in enumerate(shapes, start=1)):
        thetas = None
        notes.append(("edit.seeded_redrawn", {"seed": scenario.seed, "eps": scenario.epsilon}))
    else:
        # Seeded weights are drawn again, except where edited ones put aside fit again.
        drawn = Network.random(sizes, scenario.seed, scenario.epsilon).thetas
        old_thetas = () if seeded else scenario.network.thetas  # seeded: nothing to keep or put aside
        thetas = []
        for layer, shape in enumerate(shapes, start=1):
            before = old_thetas[layer_index(layer)] if layer <= len(old_thetas) else None
            kept = shelf.get(("theta", layer, shape))
            if before is not None and before.shape == shape:
                thetas.append(before)
            elif kept is not None:
                thetas.append(kept)
                notes.append(("edit.theta_restored", {"l": layer, "shape": _shape_text(shape)}))
            else:
                thetas.append(drawn[layer_index(layer)])
                if seeded:
                    if ("edit.seeded_redrawn", {"seed": scenario.seed, "eps": scenario.epsilon}) not in notes:
                        notes.insert(0, ("edit.seeded_redrawn", {"seed": scenario.seed, "eps": scenario.epsilon}))
                    continue
                key = "edit.theta_redrawn" if before is not None else "edit.theta_new"
                notes.append(
                    (
                        key,
                        {
                            "l": layer,
                            "shape": _shape_text(shape),
                            "old": _shape_text(before.shape) if before is not None else "",
                            "seed": scenario.seed,
                            "eps": scenario.epsilon,
                        },
                    )
                )
        for layer, before in enumerate(old_thetas, start=1):
            shape_now = shapes[layer - 1] if layer <= len(shapes) else None
            if before.shape != shape_now:
                shelf[("theta", layer, before.shape)] = before
        if len(old_thetas) > len(shapes):
            notes.append(("edit.theta_dropped", {"n": len(old_thetas) - len(shapes)}))
    notes.extend(x_notes)
    notes.extend(y_notes)
    new = scenario.replace(layer_sizes=sizes, X=X, Y=Y, thetas=thetas)
    return Resized(new, tuple(notes), shelf)


def _columns(values: np.ndarray, width: int, name: str, shelf: dict) -> tuple[np.ndarray, list[Note]]:
    """The example columns of x (or y) cut or grown to ``width``; see :func:`resize`."""
    m, old = values.shape
    notes: list[Note] = []
    out = np.zeros((m, width))
    keep = min(old, width)
    out[:, :keep] = values[:, :keep]
    restored, zeroed = [], []
    for j in range(old, width):
        kept = shelf.get((name, j + 1, m))
        if kept is not None:
            out[:, j] = kept
            restored.append(j + 1)
        else:
            zeroed.append(j + 1)
    for j in range(width, old):
        shelf[(name, j + 1, m)] = values[:, j].copy()
    dropped = list(range(width + 1, old + 1))
    for what, cols in (("zero", zeroed), ("restored", restored), ("dropped", dropped)):
        if cols:  # one column or several: the sentence agrees
            notes.append((f"edit.{name}_{what}" + ("_many" if len(cols) > 1 else ""), {"cols": cols}))
    return out, notes


# ---- the tables ---------------------------------------------------------------------------
def cell_text(value: float) -> str:
    """A number as a table cell shows it: the shortest text that reads back as the same float."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


_CELL = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def read_cell(value: object) -> float | None:
    """What a user typed into a table cell, as a float; None if the cell is empty.

    Persian and Arabic-Indic digits, ``٫`` and a leading minus sign (``-`` or ``−``) are read.
    Raises ValueError for anything else (``abc``, ``1,2``, ``inf``), with the text quoted.
    """
    if value is None:
        return None
    if isinstance(value, (int, float, np.floating, np.integer)) and not isinstance(value, bool):
        v = float(value)
        if math.isnan(v):
            return None
        return v
    text = latin_digits(str(value)).strip().replace("\u2212", "-").replace("\u066b", ".")
    if text == "":
        return None
    if not _CELL.match(text):
        raise ValueError(str(value)[:20])
    return float(text)


@dataclass(frozen=True)
class Table:
    """A table as typed: numbers where a cell reads as one, None where it is empty, text where it does not."""

    rows: tuple[tuple, ...]

    @classmethod
    def read(cls, rows: Sequence[Sequence]) -> Table:
        out = []
        for row in rows:
            cells: list[float | str | None] = []  # a number, an empty cell, or text that is not a number
            for value in row:
                try:
                    cells.append(read_cell(value))
                except ValueError:
                    cells.append(str(value)[:20])
            out.append(tuple(cells))
        return cls(tuple(out))

    def empty_cells(self) -> list[tuple[int, int]]:
        """(row, column), 1-based, of every empty cell."""
        return [(i, j) for i, row in enumerate(self.rows, start=1) for j, v in enumerate(row, start=1) if v is None]

    def text_cells(self) -> list[tuple[int, int, str]]:
        return [
            (i, j, v)
            for i, row in enumerate(self.rows, start=1)
            for j, v in enumerate(row, start=1)
            if isinstance(v, str)
        ]


class IncompleteRowsError(Exception):
    """Every row of the examples table has an empty cell: there is no example to use yet."""

    def __init__(self, rows: list[int]):
        super().__init__(f"rows {rows} are incomplete")
        self.rows = rows


@dataclass(frozen=True)
class Examples:
    """The complete rows of the examples table as X and Y rows, and the rows still being typed."""

    X: list
    Y: list
    incomplete: list[int]


def examples(rows: Sequence[Sequence], s1: int) -> Examples:
    """The examples table (x columns, then y columns) as X and Y rows for a Scenario.

    A row with an empty cell is being typed: it is left out (and named in ``incomplete``)
    until it is complete; the complete rows are read and checked as usual. Raises
    :class:`IncompleteRowsError` when no row is complete, and ScenarioError
    ``x_number``/``y_number`` for a cell that is not a number.
    """
    table = Table.read(rows)
    for t, j, text in table.text_cells():
        name, col = ("x", j) if j <= s1 else ("y", j - s1)
        raise ScenarioError(f"{name}_number", f"{name}^({t})_{col} must be a number, got {text!r}", t=t, j=col)
    empty = sorted({t for t, _ in table.empty_cells()})
    complete = [row for t, row in enumerate(table.rows, start=1) if t not in empty]
    if table.rows and not complete:
        raise IncompleteRowsError(empty)
    X = [list(row[:s1]) for row in complete]
    Y = [list(row[s1:]) for row in complete]
    return Examples(X, Y, empty)


def theta(rows: Sequence[Sequence], layer: int) -> list[list[float]]:
    """A typed Θ^(l) table as numbers; ScenarioError ``theta_number`` naming the first cell that is not one."""
    table = Table.read(rows)
    for i, j, _text in table.text_cells():
        raise ScenarioError("theta_number", f"Θ^({layer})_{i},{j - 1} must be a number", layer=layer, i=i, j=j - 1)
    for i, j in table.empty_cells():
        raise ScenarioError("theta_empty", f"Θ^({layer})_{i},{j - 1} is empty", layer=layer, i=i, j=j - 1)
    return [list(row) for row in table.rows]


# ---- what an edit changed, in words --------------------------------------------------------
def is_pristine(scenario: Scenario, presets: Mapping[str, Scenario]) -> bool:
    """True if the scenario is a ready-made example exactly as it ships."""
    base = presets.get(scenario.name)
    return base is not None and base == scenario
