"""The gradient check: batched centred differences equal the plain one-weight-at-a-time ones, and the
plan keeps any check within about a second, always covering every bias weight."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_core import PRESETS, Scenario, backprop
from backprop_core.gradcheck import (
    BUDGET_SECONDS,
    numerical_gradient,
    numerical_gradient_one_by_one,
    plan,
    relative_difference,
)


@pytest.mark.parametrize("name", sorted(PRESETS))
@pytest.mark.parametrize("lam", [0.0, 1.5])
@pytest.mark.parametrize("loss", ["cross_entropy", "squared_error"])
def test_batched_differences_are_the_plain_ones(name, lam, loss):
    sc = PRESETS[name]
    batched = numerical_gradient(sc.network, sc.X, sc.Y, lam, loss)
    plain = numerical_gradient_one_by_one(sc.network, sc.X, sc.Y, lam, loss)
    for a, b in zip(batched, plain, strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-10)


def test_a_mask_checks_only_its_weights_and_leaves_the_rest_nan():
    sc = PRESETS["gradcheck"]
    mask = [np.zeros(t.shape, dtype=bool) for t in sc.network.thetas]
    mask[1][2, 0] = mask[0][4, 3] = True
    got = numerical_gradient(sc.network, sc.X, sc.Y, sc.lam, sc.loss, mask=mask)
    plain = numerical_gradient_one_by_one(sc.network, sc.X, sc.Y, sc.lam, sc.loss)
    assert np.count_nonzero(~np.isnan(got[0])) == 1 and np.count_nonzero(~np.isnan(got[1])) == 1
    assert got[1][2, 0] == pytest.approx(plain[1][2, 0], abs=1e-10)
    assert got[0][4, 3] == pytest.approx(plain[0][4, 3], abs=1e-10)
    D = backprop(sc.network, sc.X, sc.Y, sc.lam, sc.loss).D
    assert relative_difference(D, got) < 1e-9  # NaN entries are left out of the comparison


def largest(m: int = 50) -> Scenario:
    rng = np.random.default_rng(0)
    X = rng.uniform(0, 1, (m, 32))
    return Scenario(layer_sizes=(32,) * 10, X=X, Y=(rng.uniform(0, 1, (m, 32)) > 0.5).astype(float), seed=0)


def test_small_networks_are_checked_whole():
    for sc in PRESETS.values():
        p = plan(sc.network, sc.m)
        assert not p.sampled and p.checked == p.total and all(mask.all() for mask in p.mask)


def test_the_largest_network_is_sampled_within_the_budget_with_every_bias_weight():
    """10 × 32, m = 50: 9 504 weights; the plan is decided before any J and stays within the budget."""
    sc = largest()
    p = plan(sc.network, sc.m)
    assert p.sampled and p.total == 9504 and 400 < p.checked < p.total
    assert p.seconds <= BUDGET_SECONDS
    assert all(mask[:, 0].all() for mask in p.mask)  # every bias column
    assert plan(sc.network, sc.m).mask[3].tobytes() == p.mask[3].tobytes()  # the same sample each time
    got = numerical_gradient(sc.network, sc.X, sc.Y, mask=p.mask)
    D = backprop(sc.network, sc.X, sc.Y).D
    assert relative_difference(D, got) < 1e-7
