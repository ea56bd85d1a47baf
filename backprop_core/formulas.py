r"""The formula catalogue F1–F15 of the lesson (NOTES.md), as KaTeX.

Plus the one formula the app shows that is not the lesson's: the output error for squared
error (``SE4``).

The strings keep the lesson's LaTeX; only spacing commands were normalised.
"""

from __future__ import annotations

DOT = r"\;.*\;"

FORMULAS: dict[str, str] = {
    "F1": r"\min_\Theta J(\Theta)",
    "F2": r"\frac{\partial}{\partial \Theta_{i,j}^{(l)}} J(\Theta)",
    "F3": r"\delta_j^{(l)}",
    "F4": r"\delta^{(L)} = a^{(L)} - y",
    "F5": r"\delta^{(l)} = \left((\Theta^{(l)})^T \delta^{(l+1)}\right)" + DOT + r"g'(z^{(l)})",
    "F6": r"g'(u) = g(u)" + DOT + r"(1 - g(u))",
    "F7": r"\delta^{(l)} = \left((\Theta^{(l)})^T \delta^{(l+1)}\right)" + DOT + r"a^{(l)}" + DOT + r"(1 - a^{(l)})",
    "F8": r"\frac{\partial}{\partial \Theta_{i,j}^{(l)}} J(\Theta) = \frac{1}{m}\sum_{t=1}^m a_j^{(t)(l)} \delta_i^{(t)(l+1)}",
    "F9": r"\Delta_{i,j}^{(l)} := 0",
    "F10": r"a^{(1)} := x^{(t)}",
    "F11": r"\begin{aligned} z^{(l)} &= \Theta^{(l-1)} a^{(l-1)} \\ a^{(l)} &= g(z^{(l)}) \qquad l = 2, \dots, L \end{aligned}",
    "F12": r"\Delta^{(l)} := \Delta^{(l)} + \delta^{(l+1)} (a^{(l)})^T",
    "F13": r"D_{i,j}^{(l)} := \frac{1}{m}\left(\Delta_{i,j}^{(l)} + \lambda \Theta_{i,j}^{(l)}\right) \quad \text{if } j \neq 0",
    "F14": r"D_{i,j}^{(l)} := \frac{1}{m}\Delta_{i,j}^{(l)} \quad \text{if } j = 0",
    "F15": r"D_{i,j}^{(l)} = \frac{\partial}{\partial \Theta_{i,j}^{(l)}} J(\Theta)",
    "SE4": r"\delta^{(L)} = (a^{(L)} - y)" + DOT + r"a^{(L)}" + DOT + r"(1 - a^{(L)})",
}

# Element-wise forms the trace substitutes numbers into (same ids, one unit or one cell).
ELEMENT_FORMS: dict[str, str] = {
    "F11": r"z_j^{(l)} = \sum_{k=0}^{s_{l-1}} \Theta_{j,k}^{(l-1)} a_k^{(l-1)}, \quad a_j^{(l)} = g(z_j^{(l)})",
    "F12": r"\Delta_{i,j}^{(l)} := \Delta_{i,j}^{(l)} + a_j^{(l)} \delta_i^{(l+1)}",
    "F7": r"\delta_j^{(l)} = \left(\sum_{i=1}^{s_{l+1}} \Theta_{i,j}^{(l)} \delta_i^{(l+1)}\right) a_j^{(l)} (1 - a_j^{(l)})",
    "F4": r"\delta_j^{(L)} = a_j^{(L)} - y_j",
    "SE4": r"\delta_j^{(L)} = (a_j^{(L)} - y_j)\, a_j^{(L)} (1 - a_j^{(L)})",
}

# Ids the lesson itself has; anything else is ours and the app says so.
LESSON_IDS = tuple(f"F{n}" for n in range(1, 16))
