"""Figure builders without streamlit: counts, highlights per kind of step, stable positions."""

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import pytest

from backprop_core import PRESETS, Network, build_trace
from backprop_ui.stage import figures
from backprop_ui.stage.graph import geometry, network_graph
from tests.helpers import ROOT


def by_name(fig, name):
    return [t for t in fig.data if t.name == name]


@pytest.mark.parametrize("sizes", [(2, 2, 1), (3, 5, 3), (4, 8, 8, 3), (32,) * 10])
def test_graph_has_every_unit_bias_and_weight(sizes):
    """Units Σ s_l, one bias per layer but the last, one edge per entry of every Θ."""
    G = network_graph(sizes)
    assert G.number_of_nodes() == sum(sizes) + len(sizes) - 1
    assert G.number_of_edges() == sum(b * (a + 1) for a, b in zip(sizes, sizes[1:]))
    geo = geometry(sizes)
    assert len(geo.nodes) == G.number_of_nodes() and geo.xy.shape == (len(geo.nodes), 2)


def test_positions_are_stable_and_ordered():
    """Same sizes give identical positions; layers go left to right, bias on top, then unit 1, 2, …"""
    a, b = geometry((3, 5, 3)), geometry.__wrapped__((3, 5, 3))
    assert np.array_equal(a.xy, b.xy)
    xs = [a.pos((layer, 1))[0] for layer in (1, 2, 3)]
    assert xs == sorted(xs)
    ys = [a.pos((2, j))[1] for j in range(0, 6)]
    assert ys == sorted(ys, reverse=True)


def test_figure_uses_few_traces_even_for_the_largest_network():
    """10 × 32 units: a handful of traces (edges batched by sign and width), not one per edge."""
    net = Network.random([32] * 10, seed=0)
    trace = build_trace(net, np.zeros((2, 32)), np.full((2, 32), 0.5))
    step = trace[trace.first("hidden_delta")]
    fig = figures.network_figure(step, "en")
    assert len(fig.data) <= 12
    units = by_name(fig, "units")[0]
    assert len(units.x) == 32 * 10 + 9
    assert not by_name(fig, "edges")  # too many edges for hover points


def test_forward_step_highlights_incoming_edges():
    """Forward z_2^(2): the current unit is orange, its three incoming edges are drawn, arrows point right."""
    trace = PRESETS["tiny"].trace()
    step = trace[3]
    fig = figures.network_figure(step, "fa")
    hl = by_name(fig, "highlight")[0]
    assert sum(v is None for v in hl.x) == 3  # three segments
    geo = geometry((2, 2, 1))
    units = by_name(fig, "units")[0]
    assert units.marker.color[geo.index[(2, 2)]] == figures.ORANGE
    assert all(ann.x > ann.ax for ann in fig.layout.annotations if ann.showarrow)
    assert units.marker.color[geo.index[(3, 1)]] == figures.DIM_FILL  # not reached yet


def test_delta_step_highlights_outgoing_edges_backwards():
    """Hidden δ_1^(2) of the 2-2-2 network: two outgoing edges, arrows point right to left."""
    trace = PRESETS["mazur"].trace()
    step = next(s for s in trace if s.phase == "hidden_delta")
    fig = figures.network_figure(step, "en")
    hl = by_name(fig, "highlight")[0]
    assert sum(v is None for v in hl.x) == 2
    arrows = [ann for ann in fig.layout.annotations if ann.showarrow]
    assert arrows and all(ann.x < ann.ax for ann in arrows)
    labels = [ann for ann in fig.layout.annotations if ann.name == "delta"]
    known = [v for layer in step.known().delta[1:] for v in layer if not np.isnan(v)]
    assert len(known) == 3  # δ^(3)_1, δ^(3)_2 and this step's δ^(2)_1
    assert sorted(ann.text for ann in labels) == sorted("δ " + figures._short(v) for v in known)
    assert all(ann.xanchor == "left" and ann.xshift > 0 for ann in labels)  # beside the unit, not under it


def test_accumulate_step_highlights_the_whole_layer():
    """Δ^(1) accumulates over every edge of Θ^(1): 2 × 3 segments, no arrows."""
    trace = PRESETS["tiny"].trace()
    step = trace[trace.first("accumulate")]
    fig = figures.network_figure(step, "en")
    assert sum(v is None for v in by_name(fig, "highlight")[0].x) == 6
    assert not [ann for ann in fig.layout.annotations if ann.showarrow]


def test_weights_are_coloured_and_dashed_by_sign():
    """Negative weights are dashed vermilion, positive solid blue (colour-blind safe, readable in grey)."""
    step = PRESETS["xor"].trace()[0]
    fig = figures.network_figure(step, "en")
    styles = {(t.line.color, t.line.dash) for t in fig.data if t.mode == "lines" and t.name != "highlight"}
    assert styles <= {(figures.BLUE, "solid"), (figures.VERMILION, "dash")} and len(styles) == 2
    hover = by_name(fig, "edges")[0]
    assert len(hover.x) == 9 and "Θ(1)[1,0]" in hover.hovertext[0]


def test_default_figure_is_small():
    """The default scenario's figure serialises to well under 60 KB."""
    fig = figures.network_figure(PRESETS["tiny"].trace()[5], "fa")
    assert len(json.dumps(fig.to_plotly_json(), default=str)) < 60_000


@pytest.mark.parametrize("preset", ["tiny", "mazur", "gradcheck"])
@pytest.mark.parametrize("present", [False, True])
def test_the_stages_base_figure_is_valid_plotly(preset, present):
    """The figure the stage draws (from the walk's meta) passes plotly's schema, every property of it."""
    trace = PRESETS[preset].trace()
    for index in range(0, len(trace), max(1, len(trace) // 15)):
        spec = figures.network_spec(trace[index], "fa", present)
        checked = json.loads(go.Figure(spec).to_json())  # raises on any property plotly does not know
        assert len(checked["data"]) == len(spec["data"])


def test_figures_module_imports_no_streamlit():
    """graph.py and figures.py stay free of streamlit, so they are testable alone."""
    code = "import sys, backprop_ui.stage.figures, backprop_ui.stage.graph; print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_boundary_and_cost_figures():
    """The boundary plot covers the examples and the cost curve has one point per J value."""
    sc = PRESETS["xor"]
    fig = figures.boundary_figure(sc.network, sc.X, sc.Y, 1, "en", resolution=20)
    assert len(fig.data[0].z) == 20
    # ○ and × each have a legend entry: the two examples with y = 1, and the two with y = 0.
    high, low = fig.data[1], fig.data[2]
    assert (high.marker.symbol, len(high.x), high.name) == ("circle", 2, "examples with y ≥ 0.5")
    assert (low.marker.symbol, len(low.x), low.name) == ("x", 2, "examples with y < 0.5")
    assert fig.layout.showlegend and "<sup>(L)</sup>" in fig.data[0].colorbar.title.text
    assert len(figures.cost_figure([3.0, 2.0, 1.0]).data[0].y) == 3


@pytest.mark.parametrize(
    ("sizes", "first"),
    [((2, 2, 1), "layer 1<br>(input)"), ((4, 8, 8, 8, 3), "layer 1"), ((32,) * 10, "1")],
)
def test_layer_names_shrink_with_depth(sizes, first):
    """Three layers are named with their role; deep networks get shorter names so they do not overlap."""
    net = Network.random(list(sizes), seed=0)
    trace = build_trace(net, np.zeros((1, sizes[0])), np.full((1, sizes[-1]), 0.5))
    names = by_name(figures.network_figure(trace[0], "en"), "layers")[0].text
    assert len(names) == len(sizes) and names[0] == first


def test_plotly_is_the_minor_version_the_stage_is_tested_with():
    """The stage's figure.js restyles plotly's own drawing (its axes' _offset, its SVG groups), which has no public
    API: requirements.txt pins the minor version tested, and a new one is checked in a browser before the pin
    moves (tests/e2e/test_stage.py: test_a_step_restyles_plotlys_own_drawing)."""
    import plotly

    assert plotly.__version__.startswith("7.1."), plotly.__version__


def test_the_vendored_plotly_js_is_the_one_the_plotly_package_ships():
    """The stage loads plotly.js's basic bundle from static/plotly (scripts/vendor-plotly.sh), the same release the
    pinned plotly package bundles in full: the figure Python builds is drawn by the plotly.js it was built for."""
    import plotly

    from backprop_ui.stage import routes

    full = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text(encoding="utf-8")[:300]
    basic = routes.PLOTLY_JS.read_text(encoding="utf-8")[:300]
    version = re.search(r"plotly\.js v([0-9.]+)", full).group(1)
    assert re.search(r"plotly\.js \(basic - minified\) v([0-9.]+)", basic).group(1) == version
    assert routes.PLOTLY_VERSION == version and (routes.PLOTLY_DIR / "LICENSE").is_file()


@pytest.mark.parametrize("preset", ["tiny", "xor", "gradcheck"])
def test_the_stages_figure_uses_only_traces_the_basic_bundle_draws(preset):
    """plotly.js's basic bundle draws scatter, bar and pie; every trace of the stage's figure is one of them."""
    trace = PRESETS[preset].trace()
    kinds = {
        t.get("type", "scatter")
        for step in (trace[0], trace[len(trace) // 2], trace[-1])
        for present in (False, True)
        for t in figures.network_spec(step, "en", present)["data"]
    }
    assert kinds <= {"scatter", "bar", "pie"}, kinds


def test_the_training_curve_is_fitted_to_its_values_with_both_ends_written():
    """The trial's 22.34 → 22.06 was a flat line on an axis from 0: the axis now spans the values."""
    fig = figures.cost_figure([22.34, 22.2, 22.06], "en")
    low, high = fig.layout.yaxis.range
    assert 21.9 < low < 22.06 and 22.34 < high < 22.5
    assert [a.text for a in fig.layout.annotations] == ["J = 22.34", "J = 22.06"]
    assert fig.layout.xaxis.title.text == "iteration" and list(fig.layout.xaxis.range) == [0, 2]
