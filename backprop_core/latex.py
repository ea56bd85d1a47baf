"""Numbers and small matrices as KaTeX, for formulas with a step's numbers substituted."""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt


def significant(v: float, digits: int = 4) -> tuple[str, int | None]:
    """``v`` (finite) to ``digits`` significant figures: the digits, and a power of ten or None.

    The one rounding of the app: LaTeX here (:func:`num`) and plain text (``walk.cell``) both use it.

    Parameters
    ----------
    v : float
        A finite number.
    digits : int
        Significant figures kept.

    Returns
    -------
    digits : str
        The rounded mantissa as ``format(v, "g")`` writes it (``"0.3775"``, ``"-1.2"``).
    exponent : int or None
        The power of ten for very small or large ``v``, else None.
    """
    if v == 0:
        return "0", None
    text = f"{v:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return mantissa, int(exponent)
    return text, None


def num(v: float, digits: int = 4) -> str:
    r"""``v`` to ``digits`` significant figures, in LaTeX (``1.2\times 10^{-5}`` for small ones)."""
    v = float(v)
    if not math.isfinite(v):
        return r"\text{nan}" if math.isnan(v) else (r"\infty" if v > 0 else r"-\infty")
    text, exponent = significant(v, digits)
    return text if exponent is None else rf"{text}\times 10^{{{exponent}}}"


def factor(v: float) -> str:
    """A number that stands in a product: negatives in parentheses."""
    text = num(v)
    return f"({text})" if text.startswith("-") else text


def _elide(n: int, keep: int) -> list[int | None]:
    """Indices to show out of n, with None where the middle is left out."""
    if n <= keep:
        return list(range(n))
    head = keep - 1
    return list(range(head)) + [None, n - 1]


def bmatrix(arr: npt.ArrayLike, max_rows: int = 5, max_cols: int = 6, highlight: tuple[int, int] | None = None) -> str:
    r"""A matrix (or a column vector for 1-D input) as ``bmatrix``, large ones elided with dots.

    Parameters
    ----------
    arr : array_like
        ``(rows, cols)``, or ``(rows,)`` for a column vector.
    max_rows, max_cols : int
        Beyond these, the first ``max - 1`` rows (columns) and the last are shown, dots between.
    highlight : (int, int), optional
        0-based ``(i, j)`` of a cell to box.

    Returns
    -------
    str
        ``\begin{bmatrix} ... \end{bmatrix}``, each number as :func:`num` writes it.
    """
    arr = np.asarray(arr, dtype=float)
    if arr.ndim == 1:
        arr = arr[:, None]
    rows = _elide(arr.shape[0], max_rows)
    cols = _elide(arr.shape[1], max_cols)
    lines = []
    for i in rows:
        cells = []
        for j in cols:
            if i is None:
                cells.append(r"\ddots" if j is None else r"\vdots")
            elif j is None:
                cells.append(r"\cdots")
            else:
                cell = num(arr[i, j])
                if highlight == (i, j):
                    cell = rf"\boxed{{{cell}}}"
                cells.append(cell)
        lines.append(" & ".join(cells))
    return r"\begin{bmatrix}" + r" \\ ".join(lines) + r"\end{bmatrix}"


def row_vector(arr: npt.ArrayLike, max_cols: int = 6) -> str:
    """A 1-D array as a one-row ``bmatrix``."""
    return bmatrix(np.asarray(arr, dtype=float)[None, :], max_rows=1, max_cols=max_cols)


def sum_of_products(pairs: Iterable[tuple[float, float]], max_terms: int = 6) -> str:
    r"""``w_0\cdot v_0 + w_1\cdot v_1 + …``, the middle elided when there are many terms."""
    pairs = list(pairs)
    shown = _elide(len(pairs), max_terms)
    parts = []
    for k in shown:
        if k is None:
            parts.append(r"\cdots")
        else:
            w, v = pairs[k]
            parts.append(rf"{factor(w)}\cdot {factor(v)}")
    return " + ".join(parts)


def aligned(lines: Iterable[str], split_chains: bool = True) -> str:
    r"""Equations one under the other, aligned at their first relation (``=`` or ``:=``).

    With ``split_chains``, each further ``=`` of a chain starts a new line: ``a = b + c = 5``
    becomes ``a &= b + c \\ &= 5``, narrow enough for a card beside the figure.
    """
    rows = []
    for line in lines:
        cuts = [i for i in (line.find(" := "), line.find(" = ")) if i >= 0]
        if not cuts:
            rows.append(line)
            continue
        cut = min(cuts)
        head, relation_and_rest = line[:cut], line[cut + 1 :]
        relation, rest = relation_and_rest.split(" ", 1)
        parts = rest.split(" = ") if split_chains else [rest]
        rows.append(f"{head} &{relation} {parts[0]}")
        rows.extend(f"&= {part}" for part in parts[1:])
    return r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}"
