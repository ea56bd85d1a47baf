"""The step-by-step trace: the lesson's order, its formula ids, its numbers, and immutability."""

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_core import PHASES, PRESETS, Network, backprop, build_trace
from backprop_core.trace import SPECS, PhaseSpec


def expected_layout(sizes, m, out_formula="F4"):
    """The lesson's order written out independently of the trace builder."""
    L = len(sizes)
    rows = [("init", None, None, None, "F9")]
    for t in range(1, m + 1):
        rows.append(("input", t, 1, None, "F10"))
        rows += [("forward", t, lay, j, "F11") for lay in range(2, L + 1) for j in range(1, sizes[lay - 1] + 1)]
        rows += [("output_delta", t, L, j, out_formula) for j in range(1, sizes[-1] + 1)]
        rows += [("hidden_delta", t, lay, j, "F7") for lay in range(L - 1, 1, -1) for j in range(1, sizes[lay - 1] + 1)]
        rows += [("accumulate", t, lay, None, "F12") for lay in range(1, L)]
    rows += [("gradient", None, lay, None, "F13") for lay in range(1, L)]
    rows.append(("result", None, None, None, "F15"))
    return rows


def test_every_phase_has_one_complete_spec():
    """The spec table holds the lesson's eight phases in its order, and each spec lays out, computes and writes its own steps."""
    assert PHASES == ("init", "input", "forward", "output_delta", "hidden_delta", "accumulate", "gradient", "result")
    assert tuple(SPECS) == PHASES
    for phase, spec in SPECS.items():
        for part in ("places", "terms", "result", "latex_lines"):
            assert getattr(type(spec), part) is not getattr(PhaseSpec, part), f"{phase} has no {part} of its own"
    looped = [phase for phase, spec in SPECS.items() if spec.per_example]
    assert looped == ["input", "forward", "output_delta", "hidden_delta", "accumulate"]


def where(step):
    return (step.phase, step.example, step.layer, step.node, step.formula)


def test_tiny_trace_order_and_ids():
    """The 2-2-1 lesson example walks F9, F10, F11 ×3, F4, F7 ×2, F12 ×2, F13 ×2, F15."""
    trace = PRESETS["tiny"].trace()
    assert [s.formula for s in trace] == ["F9", "F10", "F11", "F11", "F11", "F4", "F7", "F7", "F12", "F12"] + [
        "F13",
        "F13",
        "F15",
    ]
    assert [s.index for s in trace] == list(range(len(trace)))


@settings(max_examples=40, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 5), min_size=2, max_size=5),
    m=st.integers(1, 4),
    loss=st.sampled_from(["cross_entropy", "squared_error"]),
)
def test_trace_order_matches_the_lesson(sizes, m, loss):
    """For any shape: zero Δ, then per example input, forward left→right, output δ, hidden δ right→left, Δ; then D."""
    net = Network.random(sizes, seed=1)
    X = np.zeros((m, sizes[0]))
    Y = np.full((m, sizes[-1]), 0.5)
    trace = build_trace(net, X, Y, loss=loss)
    assert [where(s) for s in trace] == expected_layout(sizes, m, "F4" if loss == "cross_entropy" else "SE4")


def test_forward_step_substitutes_the_numbers():
    """The first forward step of the tiny network writes out z_1^(2) = 0.35·1 + 0.15·0.05 + 0.2·0.1 = 0.3775."""
    step = PRESETS["tiny"].trace()[2]
    assert (step.phase, step.layer, step.node) == ("forward", 2, 1)
    assert step.latex_lines[0] == r"z_{1}^{(2)} = 0.35\cdot 1 + 0.15\cdot 0.05 + 0.2\cdot 0.1 = 0.3775"
    assert step.latex_lines[1].endswith("= 0.5933")
    assert step.result == pytest.approx(1 / (1 + np.exp(-0.3775)))
    assert step.terms["theta"] == pytest.approx([0.35, 0.15, 0.20])
    assert step.terms["a_prev"] == pytest.approx([1.0, 0.05, 0.10])


def test_negative_factors_are_parenthesised():
    """δ steps with a negative δ write it as (−0.0381), not ·-0.0381."""
    trace = PRESETS["mazur"].trace()
    step = next(s for s in trace if s.phase == "hidden_delta")
    assert r"0.5\cdot (-0.0381)" in step.latex


def test_step_results_agree_with_backprop():
    """Every unit step's result is the a or δ that backprop computed for that example and unit."""
    s = PRESETS["gradcheck"]
    r = backprop(s.network, s.X, s.Y, s.lam)
    trace = s.trace()
    for step in trace:
        if step.phase == "forward":
            assert step.result == r.a[step.layer - 1][step.example - 1, step.node - 1]
        elif step.phase in ("output_delta", "hidden_delta"):
            assert step.result == r.delta[step.layer - 1][step.example - 1, step.node - 1]
        elif step.phase == "gradient":
            assert np.array_equal(step.result, r.D[step.layer - 1])
        elif step.phase == "result":
            assert step.result == r.J


def test_accumulator_adds_one_outer_product_per_example():
    """Δ^(l) after example t equals Σ_{s≤t} δ^(l+1)(s) [1, a^(l)(s)]^T, summed here in a plain loop."""
    s = PRESETS["gradcheck"]
    r = backprop(s.network, s.X, s.Y, s.lam)
    trace = s.trace()
    running = [np.zeros_like(t) for t in s.network.thetas]
    for step in trace:
        if step.phase != "accumulate":
            continue
        k, t = step.layer - 1, step.example - 1
        before = running[k].copy()
        a_b = np.concatenate([[1.0], r.a[k][t]])
        running[k] = running[k] + np.outer(r.delta[k + 1][t], a_b)
        assert step.terms["Delta_before"] == pytest.approx(before, abs=1e-15)
        assert step.terms["outer"] == pytest.approx(np.outer(r.delta[k + 1][t], a_b), abs=1e-15)
        assert step.result == pytest.approx(running[k], abs=1e-15)
    for k in range(len(running)):
        assert running[k] == pytest.approx(trace.Delta[k], abs=1e-15)


def test_known_values_fill_in_as_the_walk_goes():
    """At forward(t=1, l=2, j=1) only a^(1) and a_1^(2) exist; at hidden δ (l=2, j=1) δ^(3) and δ_1^(2) exist."""
    trace = PRESETS["tiny"].trace()
    k = trace[2].known()
    assert np.all(np.isfinite(k.a[0]))
    assert np.isfinite(k.a[1][0]) and np.isnan(k.a[1][1])
    assert np.all(np.isnan(k.a[2]))
    assert all(np.all(np.isnan(d)) for d in k.delta[1:])
    assert k.delta[0] is None and k.z[0] is None
    assert k.D == (None, None) and k.J is None
    hidden = next(s for s in trace if s.phase == "hidden_delta")
    k = hidden.known()
    assert np.all(np.isfinite(k.delta[2]))
    assert np.isfinite(k.delta[1][0]) and np.isnan(k.delta[1][1])
    assert all(np.all(d == 0) for d in k.Delta)
    acc1 = trace[trace.first("accumulate")]
    k = acc1.known()
    assert np.any(k.Delta[0] != 0) and np.all(k.Delta[1] == 0)
    last = trace[-1].known()
    assert last.J == pytest.approx(trace.J)
    assert all(np.array_equal(a, b) for a, b in zip(last.D, trace.D))


def test_known_delta_carries_over_between_examples():
    """At example 2's input step Δ holds exactly example 1's contribution."""
    trace = PRESETS["xor"].trace()
    start2 = trace.first("input", example=2)
    after1 = [trace[i] for i in range(start2) if trace[i].phase == "accumulate"]
    known = trace[start2].known()
    for step in after1:
        assert np.array_equal(known.Delta[step.layer - 1], step.result)


def test_highlights_point_at_the_right_edges():
    """Forward steps light the incoming edges Θ^(l−1)_{j,·}; δ steps the outgoing Θ^(l)_{·,j}, backwards."""
    trace = PRESETS["mazur"].trace()
    fwd = trace[3]  # forward l=2, j=2
    h = fwd.highlight
    assert h.target == (2, 2) and h.direction == "forward"
    assert h.edges == ((1, 2, 0), (1, 2, 1), (1, 2, 2))
    assert h.cells == (("Theta", 1, 2, None),)
    hid = next(s for s in trace if s.phase == "hidden_delta" and s.node == 2)
    h = hid.highlight
    assert h.target == (2, 2) and h.direction == "backward"
    assert h.edges == ((2, 1, 2), (2, 2, 2))
    assert h.sources == ((3, 1), (3, 2))
    acc = trace[trace.first("accumulate")]
    assert len(acc.highlight.edges) == 2 * 3 and acc.highlight.cells == (("Delta", 1, None, None),)


def test_gradient_step_shows_both_cases_of_D():
    """The D step names F13 and F14 and writes out the j = 0 and j ≠ 0 cases with λ and m."""
    s = PRESETS["gradcheck"]
    step = s.trace()[s.trace().first("gradient")]
    assert step.formulas == ("F14", "F13")
    bias, other, _matrix = step.latex_lines
    assert bias.startswith(r"D_{1,0}^{(1)} = \frac{1}{5}")
    assert r"3\cdot" in other  # λ = 3 appears only in the j ≠ 0 case


def test_trace_is_immutable_and_deterministic():
    """Steps cannot be changed, their arrays are read-only, and two builds are identical."""
    s = PRESETS["xor"]
    one, two = s.trace(), s.trace()
    step = one[5]
    with pytest.raises(dataclasses.FrozenInstanceError):
        step.phase = "forward"
    with pytest.raises(dataclasses.FrozenInstanceError):
        one.steps = ()
    acc = one[one.first("accumulate")]
    with pytest.raises(ValueError):
        acc.result[0, 0] = 5.0
    with pytest.raises(ValueError):
        acc.known().a[0][0] = 5.0
    assert [st.to_dict() for st in one] == [st.to_dict() for st in two]


def test_steps_hold_positions_not_arrays():
    """Steps carry only their position and one shared context: memory is steps + network, not steps × network."""
    net = Network.random([32] * 10, seed=0)
    X = np.random.default_rng(0).normal(size=(50, 32))
    trace = build_trace(net, X, np.full((50, 32), 0.5), lam=1.0)
    assert len(trace) == 1 + 50 * (1 + 9 * 32 + 32 + 8 * 32 + 9) + 9 + 1
    contexts = {id(step.context) for step in trace}
    assert contexts == {id(trace._ctx)}
    for step in trace.steps[:: len(trace) // 50]:
        fields = (step.index, step.phase, step.example, step.layer, step.node, step.formula)
        assert all(v is None or isinstance(v, (int, str)) for v in fields)
