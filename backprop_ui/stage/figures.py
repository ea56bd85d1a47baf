"""Plotly figures: the network at one step, the cost curve, the decision boundary. No streamlit.

The network figure is a handful of traces whatever the size of the network: all edges of
one sign and one width class in one trace (segments separated by None), all units in one
trace with per-point colours, plus a small highlight layer for the step.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import plotly.graph_objects as go

from backprop_core import Step
from backprop_core.network import Network, layer_index
from backprop_ui import i18n
from backprop_ui.stage.graph import geometry

# Okabe–Ito colours: distinguishable with every common colour-vision deficiency.
BLUE, VERMILION, ORANGE, PURPLE, GREEN, SKY, GREY = (
    "#0072B2",
    "#D55E00",
    "#E69F00",
    "#CC79A7",
    "#009E73",
    "#56B4E9",
    "#9E9E9E",
)
INK = "#1A1A1A"
DIM_FILL, KNOWN_FILL, BIAS_FILL = "#ECECEC", "#CFE8F7", "#FFFFFF"
WIDTHS = (1.2, 2.6, 4.2)
MAX_EDGE_HOVER = 600  # above this, edges carry no hover points (the figure stays small)
MAX_LABELLED_UNITS = 12  # above this many units in a layer, values go to hover only
FONT = "Vazirmatn, Tahoma, sans-serif"


def _short(v: float) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    return (
        f"{v:.3g}" if abs(v) < 1e-3 and v != 0 else f"{v:.3f}".rstrip("0").rstrip(".") if abs(v) < 1000 else f"{v:.3g}"
    )


def _segments(pairs: np.ndarray) -> tuple[list[float | None], list[float | None]]:
    """x and y lists for line segments separated by None (one trace for many edges)."""
    n = len(pairs)
    xs = np.empty(n * 3, dtype=object)
    ys = np.empty(n * 3, dtype=object)
    xs[0::3], xs[1::3], xs[2::3] = pairs[:, 0, 0], pairs[:, 1, 0], None
    ys[0::3], ys[1::3], ys[2::3] = pairs[:, 0, 1], pairs[:, 1, 1], None
    return xs.tolist(), ys.tolist()


@lru_cache(maxsize=32)
def edge_traces(network: Network, dim: bool, lang: str, present: bool = False) -> tuple[dict, ...]:
    """All weights: blue solid for Θ > 0, vermilion dashed for Θ < 0; width by |Θ| in three classes.

    Cached per network (networks are immutable): stepping through a walk reuses them.
    """
    geo = geometry(network.layer_sizes)
    values = np.array([network.theta(layer)[i - 1, j] for layer, i, j in geo.edges])
    top = float(np.abs(values).max()) or 1.0
    width_class = np.minimum((np.abs(values) / top * 3).astype(int), 2)
    traces = []
    for positive, colour, dash, name in ((True, BLUE, "solid", "positive"), (False, VERMILION, "dash", "negative")):
        sign_mask = values >= 0 if positive else values < 0
        first = True
        for w in range(3):
            mask = sign_mask & (width_class == w)
            if not mask.any():
                continue
            xs, ys = _segments(geo.edge_xy[mask])
            traces.append(
                dict(
                    type="scatter",
                    x=xs,
                    y=ys,
                    mode="lines",
                    line=dict(color=colour, width=WIDTHS[w] * (1.5 if present else 1), dash=dash),
                    opacity=(0.45 if present else 0.3) if dim else (1.0 if present else 0.75),
                    hoverinfo="skip",
                    name=i18n.t(f"fig.{name}", lang),
                    legendgroup=name,
                    showlegend=first,
                )
            )
            first = False
    return tuple(traces)


def _edge_hover(network: Network) -> dict | None:
    """An invisible point on every edge that names its weight (Θ does not change along the walk)."""
    geo = geometry(network.layer_sizes)
    if len(geo.edges) > MAX_EDGE_HOVER:
        return None
    mid = geo.edge_xy.mean(axis=1)
    texts = [f"Θ({layer})[{i},{j}] = {_short(network.theta(layer)[i - 1, j])}" for layer, i, j in geo.edges]
    return dict(
        type="scatter",
        x=mid[:, 0].tolist(),
        y=mid[:, 1].tolist(),
        mode="markers",
        marker=dict(size=10, color="rgba(0,0,0,0)"),
        hovertext=texts,
        hoverinfo="text",
        showlegend=False,
        name="edges",
    )


def network_figure(step: Step, lang: str = "fa", present: bool = False) -> go.Figure:
    """``network_spec`` as a validated plotly figure (tests and any caller that wants the objects)."""
    return go.Figure(network_spec(step, lang, present))


def network_spec(step: Step, lang: str = "fa", present: bool = False) -> dict:
    """The network at ``step`` as plotly JSON: weights, units coloured by what is known, the highlight."""
    net = step.network
    sizes = net.layer_sizes
    geo = geometry(sizes)
    known = step.known()
    hl = step.highlight
    text_size = 18 if present else 13
    biggest = max(sizes)
    labelled = biggest <= MAX_LABELLED_UNITS
    node_size = unit_size(sizes, present)

    traces = [dict(t) for t in edge_traces(net, bool(hl.edges), lang, present)]
    annotations = []

    if hl.edges:
        pairs = np.array([geo.edge_xy[geo.edge_index[e]] for e in hl.edges])
        colour = {"forward": ORANGE, "backward": PURPLE}.get(hl.direction or "", GREEN)
        xs, ys = _segments(pairs)
        traces.append(
            dict(
                type="scatter",
                x=xs,
                y=ys,
                mode="lines",
                line=dict(color=colour, width=5 if len(pairs) < 80 else 2.5),
                hoverinfo="skip",
                showlegend=False,
                name="highlight",
            )
        )
        if hl.direction in ("forward", "backward") and len(pairs) <= 40:
            for (x0, y0), (x1, y1) in pairs:
                if hl.direction == "backward":  # δ flows right to left: arrows point at the left unit
                    (x0, y0), (x1, y1) = (x1, y1), (x0, y0)
                annotations.append(
                    dict(
                        x=x0 + 0.72 * (x1 - x0),
                        y=y0 + 0.72 * (y1 - y0),
                        ax=x0 + 0.5 * (x1 - x0),
                        ay=y0 + 0.5 * (y1 - y0),
                        xref="x",
                        yref="y",
                        axref="x",
                        ayref="y",
                        showarrow=True,
                        arrowhead=2,
                        arrowsize=1.4,
                        arrowwidth=2.5,
                        arrowcolor=colour,
                        text="",
                    )
                )

    edge_hover = _edge_hover(net)
    if edge_hover:
        traces.append(edge_hover)

    # Units: one trace, per-point fill, border, symbol and text.
    fills, borders, widths, symbols, texts, hovers, text_colours = [], [], [], [], [], [], []
    delta_x, delta_y, delta_text = [], [], []
    sources = set(hl.sources)
    for layer, j in geo.nodes:
        if j == 0:
            fills.append(BIAS_FILL)
            borders.append(ORANGE if (layer, j) in sources else INK)
            widths.append(3 if (layer, j) in sources else 1.5)
            symbols.append("square")
            texts.append("+1")
            text_colours.append(INK)
            hovers.append(rtl(i18n.t("fig.bias_hover", lang, layer=layer), lang))
            continue
        k = layer_index(layer)
        a = known.a[k][j - 1]
        z_layer, delta_layer = known.z[k], known.delta[k]  # None for the input layer
        z = z_layer[j - 1] if z_layer is not None else math.nan
        d = delta_layer[j - 1] if delta_layer is not None else math.nan
        is_target = hl.target == (layer, j)
        fills.append(ORANGE if is_target else (KNOWN_FILL if not math.isnan(a) else DIM_FILL))
        if is_target:
            borders.append(INK)
            widths.append(4)
        elif (layer, j) in sources:
            borders.append(PURPLE if hl.direction == "backward" else ORANGE)
            widths.append(4)
        elif not math.isnan(d):
            borders.append(PURPLE)
            widths.append(3)
        else:
            borders.append(GREY if math.isnan(a) else INK)
            widths.append(1.5)
        symbols.append("circle")
        texts.append(_short(a) if labelled else "")
        text_colours.append(INK if not math.isnan(a) else GREY)
        hover = [f"a{_sub(j)}({layer}) = {_short(a) or '—'}"]
        if layer > 1:
            hover.append(f"z = {_short(z) or '—'}")
            hover.append(f"δ = {_short(d) or '—'}")
        hovers.append("<br>".join(hover))
        if labelled and not math.isnan(d):
            x, y = geo.pos((layer, j))
            delta_x.append(x)
            delta_y.append(y)
            delta_text.append(f"δ {_short(d)}")

    traces.append(
        dict(
            type="scatter",
            x=geo.xy[:, 0].tolist(),
            y=geo.xy[:, 1].tolist(),
            mode="markers+text" if labelled else "markers",
            marker=dict(size=node_size, color=fills, symbol=symbols, line=dict(color=borders, width=widths)),
            text=texts,
            textposition="middle center",
            textfont=dict(size=text_size - 1 if node_size >= 40 else text_size - 3, color=text_colours),
            hovertext=hovers,
            hoverinfo="text",
            showlegend=False,
            name="units",
        )
    )
    # δ beside its unit, on a white ground: under the unit it ran into the next unit of a tall
    # layer (3-5-3), and to the right it stays clear of the units (edges pass under the ground).
    for x, y, text in zip(delta_x, delta_y, delta_text, strict=True):
        annotations.append(
            dict(
                x=x,
                y=y,
                xref="x",
                yref="y",
                text=text,
                showarrow=False,
                xanchor="left",
                xshift=node_size / 2 + 3,
                bgcolor="rgba(255,255,255,0.88)",
                borderpad=1,
                font=dict(size=text_size - 2, color="#8E3B73"),
                name="delta",
            )
        )
    traces.append(dict(_layer_names(sizes, lang, present)))
    layout = dict(_layout(sizes, present, labelled))
    layout["annotations"] = annotations
    return {"data": traces, "layout": layout}


def unit_size(sizes: Sequence[int], present: bool = False) -> float:
    """A unit's diameter in pixels: as large as the tallest layer allows."""
    return max(9, min(52, int(330 / (max(sizes) + 1)))) * (1.25 if present else 1)


@lru_cache(maxsize=64)
def _layer_names(sizes: tuple[int, ...], lang: str, present: bool) -> dict:
    """Layer names along the top, one text trace (the same for every step of a network)."""
    geo = geometry(sizes)
    L = len(sizes)
    top = float(geo.xy[:, 1].max())
    names = []
    for layer in range(1, L + 1):
        role = "input" if layer == 1 else ("output" if layer == L else "hidden")
        # Deep networks leave too little width per layer for a name: a role, then the word go.
        key = f"fig.layer_{role}" if L <= 4 else ("fig.layer_short" if L <= 6 else None)
        name = i18n.t(key, lang, layer=i18n.digits(layer, lang)) if key else i18n.digits(layer, lang)
        names.append(name.replace(" (", "<br>("))  # the role on a second line: names never touch
    return dict(
        type="scatter",
        x=[float(geo.pos((layer, 1))[0]) for layer in range(1, L + 1)],
        y=[top + 0.3] * L,
        mode="text",
        text=names,
        textfont=dict(size=18 if present else 13, color=INK),
        hoverinfo="skip",
        showlegend=False,
        name="layers",
    )


@lru_cache(maxsize=64)
def _layout(sizes: tuple[int, ...], present: bool, labelled: bool = True) -> dict:
    geo = geometry(sizes)
    text_size = 18 if present else 13
    top = float(geo.xy[:, 1].max())
    # Margins in layers, not in plot units: a deep, wide network (10 × 32, whose layout is tall and narrow)
    # spreads over the figure's width instead of a strip in the middle of it.
    xs = geo.xy[:, 0]
    gap = (float(xs.max()) - float(xs.min())) / max(1, len(sizes) - 1)
    x_pad = 0.38 * gap
    right_pad = 1.0 * gap if labelled else x_pad  # room for the output layer's δ labels
    return dict(
        font=dict(family=FONT, size=text_size, color=INK),
        xaxis=dict(
            visible=False,
            range=[float(geo.xy[:, 0].min()) - x_pad, float(geo.xy[:, 0].max()) + right_pad],
            fixedrange=True,
        ),
        yaxis=dict(visible=False, range=[float(geo.xy[:, 1].min()) - 0.3, top + 0.46], fixedrange=True),
        margin=dict(l=4, r=4, t=4, b=4),
        height=530 if present else 440,
        plot_bgcolor="#FFFFFF",
        paper_bgcolor="#FFFFFF",
        showlegend=True,
        legend=dict(orientation="h", x=0.5, xanchor="center", y=-0.02, yanchor="top", font=dict(size=text_size - 2)),
        dragmode=False,
        hoverlabel=dict(font=dict(family=FONT, size=text_size)),
    )


def rtl(text: str, lang: str) -> str:
    """Text for plotly's left-to-right SVG: Persian embedded right to left, so "y ≥ 0.5" stays in its place."""
    return f"\u202b{text}\u202c" if i18n.locale(lang).rtl else text


_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _sub(n: int) -> str:
    return str(n).translate(_SUBSCRIPTS)


def cost_figure(history: Iterable[float], lang: str = "fa") -> go.Figure:
    """J(Θ) against the iteration number (0: the weights before training), the axis fitted to the values.

    A y axis from 0 would draw 22.34 → 22.06 as a flat line; the first and last J are written at their ends."""
    values = [float(v) for v in history]
    low, high = min(values), max(values)
    pad = (high - low) * 0.08 or max(abs(high) * 0.01, 1e-6)
    ends = [(0, values[0]), (len(values) - 1, values[-1])]
    fig = go.Figure(
        data=[
            dict(
                type="scatter",
                x=list(range(len(values))),
                y=values,
                mode="lines",
                line=dict(color=BLUE, width=3),
                name="J",
            )
        ],
        layout=dict(
            font=dict(family=FONT, size=14, color=INK),
            xaxis=dict(title=dict(text=i18n.t("train.iteration", lang))),
            yaxis=dict(title=dict(text="J(Θ)"), range=[low - pad, high + pad]),
            margin=dict(l=10, r=10, t=10, b=10),
            height=360,
            plot_bgcolor="#FFFFFF",
            annotations=[
                dict(
                    x=x,
                    y=y,
                    text=f"J = {y:.4g}",
                    showarrow=False,
                    xanchor="left" if x == 0 else "right",
                    yanchor="bottom",
                    font=dict(size=13, color=INK),
                )
                for x, y in ends
            ],
        ),
    )
    fig.update_xaxes(range=[0, max(1, len(values) - 1)])
    return fig


def boundary_figure(
    network: Network, X: npt.ArrayLike, Y: npt.ArrayLike, output: int = 1, lang: str = "fa", resolution: int = 80
) -> go.Figure:
    """For two inputs: the output unit's activation over the plane, its 0.5 contour, the examples on top."""
    from backprop_core import forward

    X = np.asarray(X, dtype=float)
    Y = np.asarray(Y, dtype=float)
    lo = X.min(axis=0)
    hi = X.max(axis=0)
    pad = np.maximum((hi - lo) * 0.25, 0.5)
    gx = np.linspace(lo[0] - pad[0], hi[0] + pad[0], resolution)
    gy = np.linspace(lo[1] - pad[1], hi[1] + pad[1], resolution)
    mesh = np.array(np.meshgrid(gx, gy)).reshape(2, -1).T
    h = forward(network, mesh).a[-1][:, output - 1].reshape(resolution, resolution)
    target = Y[:, output - 1]
    examples = []
    for high, symbol, colour in ((True, "circle", BLUE), (False, "x", VERMILION)):
        mask = target >= 0.5 if high else target < 0.5
        if not mask.any():
            continue
        examples.append(
            dict(
                type="scatter",
                x=X[mask, 0].tolist(),
                y=X[mask, 1].tolist(),
                mode="markers",
                marker=dict(size=16, symbol=symbol, color=colour, line=dict(color=INK, width=2)),
                hovertext=[f"y = {_short(float(v))}" for v in target[mask]],
                hoverinfo="text",
                name=rtl(i18n.t("train.class_high" if high else "train.class_low", lang), lang),
            )
        )
    return go.Figure(
        data=[
            dict(
                type="contour",
                x=gx.tolist(),
                y=gy.tolist(),
                z=h.tolist(),
                zmin=0,
                zmax=1,
                colorscale=[[0, "#F5D3B8"], [0.5, "#FFFFFF"], [1, "#BFDDF0"]],
                contours=dict(start=0.5, end=0.5, size=1, coloring="heatmap", showlabels=False),
                line=dict(color=INK, width=2.5),
                colorbar=dict(title=dict(text=f"a<sub>{output}</sub><sup>(L)</sup>")),
                hovertemplate="x₁=%{x:.2f}<br>x₂=%{y:.2f}<br>h=%{z:.3f}<extra></extra>",
                name="h",
                showlegend=False,
            ),
            *examples,
        ],
        layout=dict(
            font=dict(family=FONT, size=14, color=INK),
            xaxis=dict(title=dict(text="x₁")),
            yaxis=dict(title=dict(text="x₂"), scaleanchor="x"),
            margin=dict(l=10, r=10, t=10, b=10),
            height=450,
            showlegend=True,
            legend=dict(orientation="h", x=0.5, xanchor="center", y=-0.2, yanchor="top"),
        ),
    )
