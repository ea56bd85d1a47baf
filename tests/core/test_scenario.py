"""Scenario validation (every error path names the symbol and limit) and the URL round trip."""

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_core import PRESETS, Network, Scenario, ScenarioError, backprop, debug_weights
from backprop_core.codec import from_query, to_query
from tests.helpers import ROOT

TINY = PRESETS["tiny"]


def make(**changes):
    base = dict(layer_sizes=(2, 2, 1), X=[[0.05, 0.1]], Y=[[0.01]], seed=3)
    base.update(changes)
    return Scenario(**base)


@pytest.mark.parametrize(
    "changes, code, words",
    [
        (dict(layer_sizes=(2,), Y=[[0.1, 0.1]]), "layers_range", "L must be between 2 and 10"),
        (dict(layer_sizes=(2,) * 11), "layers_range", "got 11"),
        (dict(layer_sizes=(2, 0, 1)), "units_range", "s_2 must be between 1 and 32"),
        (dict(layer_sizes=(2, 33, 1)), "units_range", "s_2"),
        (dict(layer_sizes=(2, 2.5, 1)), "units_whole", "s_2 must be a whole number"),
        (dict(layer_sizes=(2, "two", 1)), "units_number", "s_2 must be a number"),
        (dict(X=[], Y=[]), "examples_range", "m must be between 1 and 50"),
        (dict(X=[[0, 0]] * 51, Y=[[0]] * 51), "examples_range", "got 51"),
        (dict(X=[[0, 0], [1, 2, 3]], Y=[[0], [1]]), "x_width", "x^(2) has 3 values but layer 1 has 2 units"),
        (dict(Y=[[0.1, 0.2]]), "y_width", "y^(1) has 2 values but layer L = 3 has 1 units"),
        (dict(Y=[[0.1], [0.2]]), "y_count", "1 inputs x but 2 targets y"),
        (dict(X=[[np.nan, 0]]), "x_finite", "x^(1)_1 must be a finite number"),
        (dict(X=[[0, np.inf]]), "x_finite", "x^(1)_2"),
        (dict(X=[[0, 2e6]]), "x_range", "x^(1)_2 must be between -1e+06 and 1e+06"),
        (dict(X=[[0, "abc"]]), "x_number", "x^(1)_2 must be a number"),
        (dict(Y=[[1.5]]), "y_range", "y^(1)_1 must be between 0 and 1"),
        (dict(Y=[[-0.1]]), "y_range", "y^(1)_1"),
        (dict(lam=-1), "lam_range", "λ must be between 0"),
        (dict(lam=float("nan")), "lam_finite", "λ must be a finite number"),
        (dict(epsilon=0), "epsilon_range", "ε must be greater than 0"),
        (dict(alpha=0), "alpha_range", "α must be greater than 0"),
        (dict(alpha=1e7), "alpha_range", "α must be between"),
        (dict(seed=-1), "seed_range", "the seed"),
        (dict(seed=2**32), "seed_range", "the seed"),
        (dict(loss="hinge"), "loss", "loss must be one of"),
        (dict(name="x" * 41), "name_length", "at most 40"),
        (
            dict(thetas=[np.zeros((3, 1)), np.zeros((1, 3))]),
            "theta_shape",
            "Θ^(1) must be 2×3 (s_2 × (s_1+1)), got 3×1",
        ),
        (dict(thetas=[np.zeros((2, 3))]), "theta_count", "3 layers need 2 matrices Θ, got 1"),
        (dict(thetas=[np.zeros((2, 3)), np.zeros((1, 3)), np.zeros((1, 2))]), "theta_count", "need 2 matrices"),
        (dict(thetas=[np.zeros((2, 3)), [[0, np.nan, 0]]]), "theta_finite", "Θ^(2)_1,1 must be a finite number"),
        (dict(thetas=[np.zeros((2, 3)), [[0, 0, -3e6]]]), "theta_range", "Θ^(2)_1,2"),
    ],
)
def test_every_invalid_input_is_named(changes, code, words):
    """Each bad setting raises a ValueError whose code and message name the lesson symbol and the limit."""
    with pytest.raises(ValueError) as info:
        make(**changes)
    assert isinstance(info.value, ScenarioError)
    assert info.value.code == code
    assert words in str(info.value)


def test_squared_error_allows_targets_outside_zero_one():
    """Only cross-entropy needs y in [0, 1]."""
    s = make(Y=[[1.5]], loss="squared_error")
    assert s.Y[0, 0] == 1.5


def test_scenario_builds_its_network_and_trace():
    """Seeded scenarios draw weights from the seed; edited ones use their Θ; both trace the same backprop."""
    seeded = make()
    assert seeded.thetas is None
    assert [t.shape for t in seeded.network.thetas] == [(2, 3), (1, 3)]
    assert float(np.abs(seeded.network.thetas[0]).max()) <= 0.12
    edited = seeded.replace(thetas=seeded.network.thetas)
    assert edited.trace().J == backprop(seeded.network, seeded.X, seeded.Y).J


def test_scenarios_compare_by_value():
    """Equal settings are equal and hash alike (so caches can key on them)."""
    assert make() == make() and hash(make()) == hash(make())
    assert make() != make(lam=0.5)


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_presets_round_trip_through_a_short_url(name):
    """A preset's link is just its name, and reads back to an equal scenario."""
    s = PRESETS[name]
    assert to_query(s) == {"p": name}
    assert from_query(to_query(s)) == s


def test_overrides_ride_on_the_preset_name():
    """Changing λ and one input of a preset puts only those in the link."""
    s = TINY.replace(lam=0.25, X=[[0.05, 0.2]])
    q = to_query(s)
    assert q == {"p": "tiny", "x": "0.05,0.2", "lam": "0.25"}
    assert from_query(q) == s


def test_edited_weights_round_trip_exactly():
    """Weights that are not short decimals still come back bit for bit."""
    thetas = [t + 1e-3 * np.pi for t in TINY.network.thetas]
    s = TINY.replace(thetas=thetas)
    back = from_query(to_query(s))
    assert all(np.array_equal(a, b) for a, b in zip(back.network.thetas, s.network.thetas))
    assert back == s


def test_seeded_weights_replace_a_presets_edited_ones():
    """Asking for a seed on a preset with written-out weights gives the seeded network."""
    s = TINY.replace(thetas=None, seed=9, epsilon=0.5)
    q = to_query(s)
    assert q["seed"] == "9" and q["eps"] == "0.5" and "w" not in q
    assert from_query(q) == s


@st.composite
def scenarios(draw):
    sizes = tuple(draw(st.lists(st.integers(1, 5), min_size=2, max_size=4)))
    m = draw(st.integers(1, 5))
    floats = st.floats(-1e6, 1e6, allow_nan=False)
    X = draw(st.lists(st.lists(floats, min_size=sizes[0], max_size=sizes[0]), min_size=m, max_size=m))
    loss = draw(st.sampled_from(["cross_entropy", "squared_error"]))
    ys = st.floats(0, 1) if loss == "cross_entropy" else floats
    Y = draw(st.lists(st.lists(ys, min_size=sizes[-1], max_size=sizes[-1]), min_size=m, max_size=m))
    seed, epsilon = draw(st.integers(0, 2**32 - 1)), draw(st.floats(1e-6, 10))
    thetas = None
    weights = draw(st.sampled_from(["seeded", "edited", "some seeded"]))
    if weights != "seeded":
        drawn = Network.random(sizes, seed, epsilon).thetas
        thetas = [
            drawn[k]
            if weights == "some seeded" and draw(st.booleans())
            else draw(st.lists(st.lists(floats, min_size=a + 1, max_size=a + 1), min_size=b, max_size=b))
            for k, (a, b) in enumerate(zip(sizes, sizes[1:]))
        ]
    return Scenario(
        layer_sizes=sizes,
        X=X,
        Y=Y,
        thetas=thetas,
        seed=seed,
        epsilon=epsilon,
        lam=draw(st.floats(0, 1e6)),
        loss=loss,
        alpha=draw(st.floats(1e-6, 1e6)),
        name=draw(st.sampled_from(["custom", "my net", *PRESETS])),
    )


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_any_scenario_round_trips(s):
    """Every valid scenario, preset-based or custom, comes back equal from its own query."""
    assert from_query(to_query(s)) == s


@pytest.mark.parametrize(
    "query, code",
    [
        ({"p": "nope"}, "unknown_preset"),
        ({"p": "<script>alert(1)</script>"}, "unknown_preset"),
        ({"lam": "NaN"}, "query_number"),
        ({"lam": "inf"}, "query_number"),
        ({"lam": "1e308"}, "lam_range"),
        ({"lam": "abc"}, "query_number"),
        ({"n": ""}, "query_empty"),
        ({"n": "2-2-2-2-2-2-2-2-2-2-2"}, "layers_range"),
        ({"n": "-".join(["2"] * 10000)}, "layers_range"),
        ({"n": "2-40-1"}, "units_range"),
        ({"x": "1,2,3"}, "x_width"),
        ({"x": ";".join(["0,0"] * 60)}, "examples_range"),
        ({"w": "1,2,3"}, "query_weights"),
        ({"w": "~"}, "query_weights"),  # two matrices, one named
        ({"w": "~;1,2"}, "query_weights"),
        ({"w": "~;~;~"}, "query_weights"),
        ({"w": "~;"}, "query_empty"),
        ({"loss": "mse"}, "loss"),
        ({"seed": "-4"}, "seed_range"),
        ({"x": "0," * 200_000}, "query_long"),
        ({"n": "2-" + "2" * 500, "w": ""}, "units_finite"),  # found by the fuzz suite: a size that reads as inf
        ({"n": "2-1e999-1"}, "units_finite"),
    ],
)
def test_hostile_queries_raise_scenario_errors(query, code):
    """Malformed or hostile links fail with a named ScenarioError, never another exception."""
    with pytest.raises(ScenarioError) as info:
        from_query(query)
    assert info.value.code == code


def test_unknown_query_keys_are_ignored():
    """Keys the app does not know (step, lang, utm_…) leave the scenario alone."""
    assert from_query({"step": "5", "lang": "en", "utm_source": "x"}) == TINY


def test_gradcheck_preset_is_the_courses_network():
    """3-5-3, m = 5, weights sin(1..n)/10 column-major, labels 1 + (t mod 3) one-hot."""
    s = PRESETS["gradcheck"]
    assert s.layer_sizes == (3, 5, 3) and s.m == 5
    theta1 = s.network.thetas[0]
    assert theta1.shape == (5, 4)
    assert theta1[0, 0] == pytest.approx(np.sin(1) / 10)
    assert theta1[1, 0] == pytest.approx(np.sin(2) / 10)  # column-major: down the first column
    assert theta1[0, 1] == pytest.approx(np.sin(6) / 10)
    assert s.X[0, 0] == pytest.approx(np.sin(1) / 10) and s.X.shape == (5, 3)
    assert np.array_equal(np.argmax(s.Y, axis=1) + 1, [2, 3, 1, 2, 3])
    assert np.array_equal(debug_weights(3, 5), s.network.thetas[1])


def test_core_imports_no_ui_library():
    """backprop_core pulls in numpy and the standard library only: no streamlit, plotly or networkx."""
    code = (
        "import sys, backprop_core\n"
        "backprop_core.PRESETS['gradcheck'].trace()\n"
        "bad = [m for m in ('streamlit', 'plotly', 'networkx') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
