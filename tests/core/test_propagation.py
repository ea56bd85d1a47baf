"""Forward pass, cost and backpropagation against numbers worked out by hand."""

import math
import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_core import (
    PRESETS,
    Network,
    ScenarioError,
    backprop,
    cost,
    forward,
    gradient_descent,
    numerical_gradient,
    relative_difference,
)


def g(u):
    return 1 / (1 + math.exp(-u))


def test_forward_tiny_by_hand():
    """z and a of the 2-2-1 lesson network equal the sums written out with math, not numpy."""
    net = PRESETS["tiny"].network
    f = forward(net, [0.05, 0.10])
    z21 = 0.35 * 1 + 0.15 * 0.05 + 0.20 * 0.10
    z22 = 0.35 * 1 + 0.25 * 0.05 + 0.30 * 0.10
    z31 = 0.60 + 0.40 * g(z21) + 0.45 * g(z22)
    assert z21 == pytest.approx(0.3775)
    assert f.z[0] is None
    assert f.z[1] == pytest.approx([z21, z22], abs=1e-15)
    assert f.a[1] == pytest.approx([g(z21), g(z22)], abs=1e-15)
    assert f.z[2] == pytest.approx([z31], abs=1e-15)
    assert f.a[2] == pytest.approx([g(z31)], abs=1e-15)
    assert f.a[0] == pytest.approx([0.05, 0.10])


def test_backprop_tiny_by_hand():
    """δ, Δ and D of one example with λ = 0: δ^(3) = a − y, D^(2) = δ^(3)·[1, a^(2)], D^(1) = δ^(2)·[1, x]."""
    s = PRESETS["tiny"]
    r = backprop(s.network, s.X, s.Y)
    z21, z22 = 0.3775, 0.3925
    a21, a22 = g(z21), g(z22)
    a31 = g(0.60 + 0.40 * a21 + 0.45 * a22)
    d3 = a31 - 0.01
    d21 = 0.40 * d3 * a21 * (1 - a21)
    d22 = 0.45 * d3 * a22 * (1 - a22)
    assert r.delta[0] is None  # there is no δ^(1)
    assert r.delta[2][0] == pytest.approx([d3], abs=1e-15)
    assert r.delta[1][0] == pytest.approx([d21, d22], abs=1e-15)
    assert r.D[1] == pytest.approx(np.array([[d3, d3 * a21, d3 * a22]]), abs=1e-15)
    assert r.D[0] == pytest.approx(np.array([[d21, d21 * 0.05, d21 * 0.10], [d22, d22 * 0.05, d22 * 0.10]]), abs=1e-15)
    assert r.Delta[1] == pytest.approx(r.D[1])  # m = 1, λ = 0
    J = -(0.01 * math.log(a31) + 0.99 * math.log(1 - a31))
    assert r.J == pytest.approx(J, rel=1e-14)


def test_squared_error_matches_the_classic_worked_example():
    """The 2-2-2 squared-error preset reproduces the well-known published numbers."""
    s = PRESETS["mazur"]
    r = backprop(s.network, s.X, s.Y, loss="squared_error")
    assert r.a[2][0] == pytest.approx([0.75136507, 0.772928465], abs=1e-8)
    assert r.J == pytest.approx(0.298371109, abs=1e-9)
    assert r.D[1][0, 1] == pytest.approx(0.082167041, abs=1e-9)  # w5
    assert r.D[0][0, 1] == pytest.approx(0.000438568, abs=1e-9)  # w1
    assert r.D[1][1, 2] == pytest.approx(-0.022740242, abs=1e-9)  # w8


def test_regulariser_skips_the_bias_column():
    """D(λ) − D(0) is λΘ/m except in column j = 0, which stays unregularised (F13, F14)."""
    s = PRESETS["gradcheck"]
    lam = 2.5
    r0 = backprop(s.network, s.X, s.Y, 0.0)
    r1 = backprop(s.network, s.X, s.Y, lam)
    for theta, d0, d1 in zip(s.network.thetas, r0.D, r1.D):
        assert d1[:, 0] == pytest.approx(d0[:, 0], abs=1e-15)
        assert d1[:, 1:] - d0[:, 1:] == pytest.approx(lam / s.m * theta[:, 1:], abs=1e-15)
    reg = lam / (2 * s.m) * sum(float(np.sum(t[:, 1:] ** 2)) for t in s.network.thetas)
    assert r1.J - r0.J == pytest.approx(reg, rel=1e-12)


def test_gradcheck_preset_matches_finite_differences():
    """The course's own check: 3-5-3, m = 5, λ = 3, relative difference below 1e-9."""
    s = PRESETS["gradcheck"]
    r = backprop(s.network, s.X, s.Y, s.lam)
    num = numerical_gradient(s.network, s.X, s.Y, s.lam)
    assert relative_difference(r.D, num) < 1e-9


@st.composite
def problems(draw):
    sizes = draw(st.lists(st.integers(1, 4), min_size=2, max_size=4))
    m = draw(st.integers(1, 4))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    net = Network.random(sizes, seed, epsilon_init=draw(st.sampled_from([0.12, 0.5, 1.0, 2.0])))
    X = rng.normal(size=(m, sizes[0]))
    Y = rng.uniform(0, 1, size=(m, sizes[-1]))
    lam = draw(st.sampled_from([0.0, 0.1, 1.0, 3.0]))
    loss = draw(st.sampled_from(["cross_entropy", "squared_error"]))
    return net, X, Y, lam, loss


@settings(max_examples=int(os.environ.get("GRADCHECK_EXAMPLES", 60)), deadline=None)
@given(problems())
def test_backprop_matches_numerical_gradient(problem):
    """On random networks, both losses, with and without λ: D agrees with finite differences (< 1e-8)."""
    net, X, Y, lam, loss = problem
    r = backprop(net, X, Y, lam, loss)
    # ε = 1e-5: the centred difference's truncation error (∝ ε² x³) stays far below 1e-8 for |x| ≈ 3.
    num = numerical_gradient(net, X, Y, lam, loss, eps=1e-5)
    assert relative_difference(r.D, num) < 1e-8
    assert r.J == pytest.approx(cost(net, X, Y, lam, loss), rel=1e-13)


def test_one_example_and_one_output_gives_a_scalar_delta():
    """With λ = 0, m = 1 and one output, D^(L−1) = δ^(L) · [1, a^(L−1)] (NOTES.md check)."""
    net = Network.random([3, 4, 1], seed=5, epsilon_init=1.0)
    x, y = np.array([0.2, -0.4, 0.9]), np.array([1.0])
    r = backprop(net, x, y)
    delta_out = r.delta[-1][0, 0]
    assert r.delta[-1].shape == (1, 1)
    assert r.D[-1][0] == pytest.approx(delta_out * np.concatenate([[1.0], r.a[-2][0]]), abs=1e-15)


def test_cost_is_finite_at_saturation():
    """|z| = 1000 gives the exact, finite cross-entropy (≈ |z|), no log(0) and no warning."""
    net = Network([[[0.0, 1000.0]]])
    assert cost(net, [[1.0]], [[0.0]]) == pytest.approx(1000.0, rel=1e-12)
    assert cost(net, [[-1.0]], [[1.0]]) == pytest.approx(1000.0, rel=1e-12)
    assert cost(net, [[1.0]], [[1.0]]) == pytest.approx(0.0, abs=1e-300)
    r = backprop(net, [[1.0], [-1.0]], [[0.0], [1.0]])
    assert r.J == pytest.approx(1000.0, rel=1e-12)
    assert r.D[0] == pytest.approx(np.array([[0.0, 1.0]]), abs=1e-12)  # δ = ±1, a^(1) = ±1


def test_results_are_read_only():
    """Arrays in results cannot be changed in place: a result is a value."""
    s = PRESETS["tiny"]
    r = backprop(s.network, s.X, s.Y)
    for arr in (r.D[0], r.Delta[1], r.a[1], r.delta[2], s.network.thetas[0]):
        with pytest.raises(ValueError):
            arr[0, 0] = 1.0


@pytest.mark.parametrize(
    "thetas, code",
    [
        ([np.zeros((2, 3)), np.zeros((1, 2))], "theta_chain"),
        ([np.zeros(3)], "theta_ndim"),
        ([[[0.0, np.nan]]], "theta_finite"),
        ([[[0.0, np.inf]]], "theta_finite"),
        ([], "layers_range"),
    ],
)
def test_network_rejects_bad_weights(thetas, code):
    """Shapes that do not chain and values that are not finite are refused, by name."""
    with pytest.raises(ScenarioError) as info:
        Network(thetas)
    assert info.value.code == code


def test_network_random_is_seeded_and_bounded():
    """Same seed, same weights; all in [−ε, ε]; shapes s_{l+1} × (s_l + 1)."""
    a = Network.random([3, 5, 2], seed=11, epsilon_init=0.12)
    b = Network.random([3, 5, 2], seed=11, epsilon_init=0.12)
    c = Network.random([3, 5, 2], seed=12, epsilon_init=0.12)
    assert [t.shape for t in a.thetas] == [(5, 4), (2, 6)]
    assert a.layer_sizes == (3, 5, 2) and a.L == 3
    assert all(np.array_equal(x, y) for x, y in zip(a.thetas, b.thetas))
    assert not np.array_equal(a.thetas[0], c.thetas[0])
    assert max(float(np.abs(t).max()) for t in a.thetas) <= 0.12


def test_relative_difference():
    """‖a−b‖/‖a+b‖ over all matrices together."""
    a = [np.array([[3.0, 0.0]]), np.array([[4.0]])]
    b = [np.array([[3.0, 0.0]]), np.array([[4.0]])]
    assert relative_difference(a, b) == 0.0
    c = [np.array([[0.0, 0.0]]), np.array([[0.0]])]
    assert relative_difference(a, c) == pytest.approx(1.0)
    d = [np.array([[3.0, 1.0]]), np.array([[4.0]])]
    assert relative_difference(a, d) == pytest.approx(1 / math.sqrt(36 + 1 + 64))


def test_gradient_descent_learns_xor():
    """The XOR preset's network, trained with its learning rate, fits all four examples."""
    s = PRESETS["xor"]
    net, history = gradient_descent(s.network, s.X, s.Y, s.alpha, 1500)
    assert len(history) == 1501
    assert history[-1] < 0.05 < history[0]
    assert np.all(np.diff(history) <= 1e-12)  # small enough α: J never rises
    out = forward(net, s.X).a[-1].ravel()
    assert np.array_equal(np.round(out), s.Y.ravel())


def test_gradient_descent_step_is_theta_minus_alpha_D():
    """One iteration is exactly Θ := Θ − αD."""
    s = PRESETS["tiny"]
    net, history = gradient_descent(s.network, s.X, s.Y, 0.5, 1)
    r = backprop(s.network, s.X, s.Y)
    for new, old, grad in zip(net.thetas, s.network.thetas, r.D):
        assert new == pytest.approx(old - 0.5 * grad, abs=1e-16)
    assert history[0] == pytest.approx(r.J)


@pytest.mark.parametrize("alpha, iterations, code", [(0.0, 5, "alpha_range"), (1.0, -1, "iterations_range")])
def test_gradient_descent_rejects_bad_settings(alpha, iterations, code):
    """α must be positive and the number of iterations a whole number ≥ 0."""
    s = PRESETS["tiny"]
    with pytest.raises(ScenarioError) as info:
        gradient_descent(s.network, s.X, s.Y, alpha, iterations)
    assert info.value.code == code


def test_training_work_is_bounded_before_any_is_done():
    """About a second of work per run: the largest network gets ~1500 iterations; more is refused at once."""
    from backprop_core import MAX_ITERATIONS, ScenarioError, iteration_limit

    small = PRESETS["xor"]
    assert iteration_limit(small.network, small.m) == MAX_ITERATIONS
    big = Network.random([32] * 10, seed=0)
    limit = iteration_limit(big, 50)
    assert 1000 < limit < 2000
    assert limit < iteration_limit(big, 1) < MAX_ITERATIONS  # fewer examples, more iterations
    X, Y = np.zeros((50, 32)), np.full((50, 32), 0.5)
    with pytest.raises(ScenarioError) as caught:
        gradient_descent(big, X, Y, 0.5, limit + 1)
    assert caught.value.code == "iterations_limit" and caught.value.params["hi"] == limit
    _, history = gradient_descent(big, X[:1], Y[:1], 0.5, 3)  # within the limit: it runs
    assert len(history) == 4
