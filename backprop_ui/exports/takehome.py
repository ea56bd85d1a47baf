"""Take it home: a short Python script (numpy only) that reproduces every number of a walk.

*Share* offers it for the scenario on screen (``routes.py``). It is written in the lesson's
notation, one loop per line of the algorithm, each marked with its formula id, and prints
every value the walk shows: a, z and δ of each unit, Δ after each example, D and J. If torch
is installed it also computes J with autograd and prints D next to ``.grad``; without torch
it runs all the same. No streamlit here; a test runs the script and compares its output with
the trace.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from backprop_core import PRESETS, Scenario
from backprop_ui import i18n
from backprop_ui.links import walk_stem


def _array(arr: npt.ArrayLike) -> str:
    rows = np.atleast_2d(np.asarray(arr, dtype=float))
    return "np.array([" + ", ".join("[" + ", ".join(repr(float(v)) for v in row) + "]" for row in rows) + "])"


def filename(scenario: Scenario) -> str:
    """``backprop_xor_2_2_1.py``: a name Python can import, that says which walk it holds."""
    return walk_stem(scenario, "_") + ".py"


_BODY = r'''
L = len(Theta) + 1  # layers; Theta[l - 1] is the lesson's Θ^(l)
m = X.shape[0]      # examples


def g(z):
    """The sigmoid."""
    return 1.0 / (1.0 + np.exp(-z))


def with_bias(a):
    """[1, a]: the bias unit a_0 = 1 in front."""
    return np.concatenate(([1.0], a))


def show(name, value):
    print(f"{name} = {value:.12g}")


Delta = [np.zeros_like(T) for T in Theta]  # F9: Δ^(l) := 0
for t in range(1, m + 1):
    a, z, delta = {}, {}, {}
    a[1] = X[t - 1]  # F10: a^(1) := x^(t)
    for l in range(2, L + 1):  # F11: forward propagation, l = 2, …, L
        z[l] = Theta[l - 2] @ with_bias(a[l - 1])
        a[l] = g(z[l])
        for j in range(1, len(a[l]) + 1):
            show(f"t={t} z_{j}^({l})", z[l][j - 1])
            show(f"t={t} a_{j}^({l})", a[l][j - 1])
    y = Y[t - 1]
    if LOSS == "cross_entropy":
        delta[L] = a[L] - y  # F4: δ^(L) = a^(L) − y
    else:
        delta[L] = (a[L] - y) * a[L] * (1 - a[L])  # squared error: (a − y) .* a .* (1 − a)
    for l in range(L - 1, 1, -1):  # F7: δ^(l) = ((Θ^(l))^T δ^(l+1)) .* a^(l) .* (1 − a^(l)), no δ_0
        delta[l] = (Theta[l - 1].T @ delta[l + 1])[1:] * a[l] * (1 - a[l])
    for l in range(L, 1, -1):
        for j in range(1, len(delta[l]) + 1):
            show(f"t={t} delta_{j}^({l})", delta[l][j - 1])
    for l in range(1, L):  # F12: Δ^(l) := Δ^(l) + δ^(l+1) (a^(l))^T, with the bias unit
        Delta[l - 1] = Delta[l - 1] + np.outer(delta[l + 1], with_bias(a[l]))
        for (i, j), v in np.ndenumerate(Delta[l - 1]):
            show(f"t={t} Delta_{i + 1},{j}^({l})", v)

D = []
for l in range(1, L):  # F13, F14: outside the loop over examples
    D_l = Delta[l - 1] / m  # j = 0: (1/m) Δ
    D_l[:, 1:] += lam / m * Theta[l - 1][:, 1:]  # j ≠ 0: (1/m)(Δ + λΘ)
    D.append(D_l)
    for (i, j), v in np.ndenumerate(D_l):
        show(f"D_{i + 1},{j}^({l})", v)


def cost(Theta):
    """J(Θ) for these examples (F1): the data term, plus (λ/2m) Σ Θ² over the columns j ≠ 0."""
    A = X
    for T in Theta:
        A = g(np.hstack([np.ones((m, 1)), A]) @ T.T)
    if LOSS == "cross_entropy":
        data = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    else:
        data = np.sum((A - Y) ** 2) / (2 * m)
    return data + lam / (2 * m) * sum(np.sum(T[:, 1:] ** 2) for T in Theta)


show("J", cost(Theta))

try:
    import torch
except ImportError:
    torch = None
if torch is not None:  # the same J by autograd: its .grad must be D
    weights = [torch.tensor(T, requires_grad=True) for T in Theta]
    A, Yt = torch.tensor(X), torch.tensor(Y)
    for w in weights:
        A = torch.sigmoid(torch.cat([torch.ones(m, 1, dtype=A.dtype), A], 1) @ w.T)
    if LOSS == "cross_entropy":
        data = -torch.sum(Yt * torch.log(A) + (1 - Yt) * torch.log(1 - A)) / m
    else:
        data = torch.sum((A - Yt) ** 2) / (2 * m)
    (data + lam / (2 * m) * sum(torch.sum(w[:, 1:] ** 2) for w in weights)).backward()
    for l, (D_l, w) in enumerate(zip(D, weights), start=1):
        print(f"D^({l}) vs PyTorch's .grad: largest difference {np.abs(D_l - w.grad.numpy()).max():.1e}")
'''


def script(scenario: Scenario) -> str:
    """The script for ``scenario``: its Θ, X, Y, λ and cost, then the lesson's algorithm."""
    net = scenario.network
    thetas = ",\n    ".join(_array(t) for t in net.thetas)
    sizes = "-".join(str(s) for s in scenario.layer_sizes)
    # What the example is, as the example box says it (in English, as the script's comments are).
    known = scenario.name in PRESETS
    title = i18n.t(f"preset.{scenario.name}", "en") if known else (scenario.name if scenario.name != "custom" else "")
    title = " ".join(title.replace('"', "'").replace("\\", "/").split()) or i18n.t("preset.custom", "en")
    head = f'''"""Backpropagation, step by step: {title} ({sizes}), every number of the walk.

The lesson's algorithm in its own notation (Θ, a, z, δ, Δ, D; layers numbered from 1),
numpy only. Run it with `python {filename(scenario)}`. If PyTorch is installed, D is
also compared with the gradient autograd computes.
"""

import numpy as np

Theta = [
    {thetas},
]
X = {_array(scenario.X)}  # one example per row
Y = {_array(scenario.Y)}
lam = {float(scenario.lam)!r}  # λ
LOSS = {scenario.loss!r}
'''
    return head + _BODY
