"""Matrices and vectors of a step as KaTeX, with the cells the step touches highlighted. No streamlit."""

from __future__ import annotations

import numpy as np

from backprop_core.latex import num

HIGHLIGHT = "#FFD27F"
MAX_ROWS, MAX_COLS = 8, 9


def cell_mask(shape, cells, matrix: str, layer: int) -> np.ndarray:
    """Boolean mask of the cells of ``matrix`` (``"Theta"``, ``"Delta"``, ``"D"``) of ``layer`` in ``cells``."""
    mask = np.zeros(shape, dtype=bool)
    for name, lay, i, j in cells:
        if name != matrix or lay != layer:
            continue
        rows = slice(None) if i is None else i - 1
        cols = slice(None) if j is None else j
        mask[rows, cols] = True
    return mask


def fits(arr) -> bool:
    """Small enough to write out in full as KaTeX."""
    arr = np.asarray(arr)
    return arr.shape[0] <= MAX_ROWS and (arr.ndim == 1 or arr.shape[1] <= MAX_COLS)


def matrix_latex(symbol: str, arr, mask=None) -> str:
    """``symbol = [[…]]`` with highlighted cells boxed in colour; NaN written as a dot."""
    arr = np.atleast_2d(np.asarray(arr, dtype=float))
    mask = np.zeros(arr.shape, dtype=bool) if mask is None else mask
    rows = []
    for i in range(arr.shape[0]):
        cells = []
        for j in range(arr.shape[1]):
            v = arr[i, j]
            text = r"\cdot" if np.isnan(v) else num(v)
            if mask[i, j]:
                text = rf"\colorbox{{{HIGHLIGHT}}}{{${text}$}}"
            cells.append(text)
        rows.append(" & ".join(cells))
    return rf"{symbol} = \begin{{bmatrix}}" + r" \\ ".join(rows) + r"\end{bmatrix}"
