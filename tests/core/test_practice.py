"""Practice questions: what each step asks, the right value, the classic mistakes, how answers are read."""

import math

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from backprop_core import FORMULAS, PRESETS, Network, Scenario, build_trace
from backprop_core.practice import (
    FORMULA_QUESTION,
    MISTAKES,
    asks,
    check,
    choices,
    formula_menu,
    fresh_example,
    parse_answer,
    question,
    question_kind,
    rounded,
)


def sig(z):
    return 1 / (1 + math.exp(-z))


def reference(step, q):
    """The right value and every mistake's value, written out here from the lesson's formulas and the
    trace's own numbers (an independent second implementation of ``practice``'s formulas)."""
    tr_net = step.network
    bp = step.context.backprop
    t = (step.example or 1) - 1
    out = {}
    if q.symbol == "a":
        layer, i = step.layer, step.node
        row = tr_net.thetas[layer - 2][i - 1]
        prev = list(bp.a[layer - 2][t])
        z = row[0] + sum(w * v for w, v in zip(row[1:], prev, strict=True))
        out[""] = sig(z)
        out["bias_left_out"] = sig(z - row[0])
        out["sigmoid_left_out"] = z
        out["sigmoid_sign"] = 1 - sig(z)
        if layer >= 3:
            zp = list(bp.z[layer - 2][t])
            out["previous_z_used"] = sig(row[0] + sum(w * v for w, v in zip(row[1:], zp, strict=True)))
    elif q.symbol == "delta" and step.phase == "output_delta":
        j = step.node - 1
        a, y, z = bp.a[-1][t, j], step.context.Y[t, j], bp.z[-1][t, j]
        if step.context.loss == "cross_entropy":
            out.update(
                {"": a - y, "sign_flipped": y - a, "squared_error_delta": (a - y) * a * (1 - a), "z_for_a": z - y}
            )
        else:
            out.update(
                {"": (a - y) * a * (1 - a), "sign_flipped": -(a - y) * a * (1 - a), "cross_entropy_delta": a - y}
            )
    elif q.symbol == "delta":
        layer, j = step.layer, step.node
        Theta = tr_net.thetas[layer - 1]
        d = list(bp.delta[layer][t])
        a, z = bp.a[layer - 1][t, j - 1], bp.z[layer - 1][t, j - 1]
        s = sum(Theta[i, j] * d[i] for i in range(len(d)))
        out[""] = s * a * (1 - a)
        out["derivative_left_out"] = s
        out["z_in_derivative"] = s * z * (1 - z)
        out["column_off_by_one"] = sum(Theta[i, j - 1] * d[i] for i in range(len(d))) * a * (1 - a)
        if Theta.shape[0] == Theta.shape[1] - 1:
            out["theta_not_transposed"] = sum(Theta[j - 1, k + 1] * d[k] for k in range(len(d))) * a * (1 - a)
    elif q.symbol == "Delta":
        layer, (i, j) = step.layer, q.index
        a_b = [1.0, *bp.a[layer - 1][t]]
        d = bp.delta[layer][t]
        before = sum(bp.delta[layer][u][i - 1] * [1.0, *bp.a[layer - 1][u]][j] for u in range(t))
        out[""] = before + d[i - 1] * a_b[j]
        out["not_accumulated"] = d[i - 1] * a_b[j]
        if j == 0:
            out["bias_left_out"] = before
        if 1 <= j <= len(d) and i < len(a_b):
            out["indices_swapped"] = before + d[j - 1] * a_b[i]
        if layer >= 2 and i <= len(bp.delta[layer - 1][t]):
            out["wrong_delta_layer"] = before + bp.delta[layer - 1][t][i - 1] * a_b[j]
    else:
        layer, (i, j) = step.layer, q.index
        Delta, Theta = bp.Delta[layer - 1][i - 1, j], tr_net.thetas[layer - 1][i - 1, j]
        lam, m = step.context.lam, bp.m
        if j == 0:
            out.update({"": Delta / m, "forgot_m": Delta, "regularised_bias": (Delta + lam * Theta) / m})
        else:
            out.update(
                {
                    "": (Delta + lam * Theta) / m,
                    "forgot_m": Delta + lam * Theta,
                    "regularisation_left_out": Delta / m,
                    "lambda_outside_m": Delta / m + lam * Theta,
                }
            )
    return out


def test_tiny_network_asks_what_the_lesson_computes():
    """On the 2-2-1 example: a for each forward unit, δ for each unit, one entry of Δ and of D; nothing elsewhere."""
    trace = PRESETS["tiny"].trace()
    asked = [(s.phase, q.symbol, q.layer, q.index) if (q := question(s)) else (s.phase, None) for s in trace]
    assert asked[0] == ("init", None) and asked[1] == ("input", None) and asked[-1] == ("result", None)
    assert asked[2:5] == [("forward", "a", 2, 1), ("forward", "a", 2, 2), ("forward", "a", 3, 1)]
    assert asked[5] == ("output_delta", "delta", 3, 1)
    assert asked[6:8] == [("hidden_delta", "delta", 2, 1), ("hidden_delta", "delta", 2, 2)]
    assert [a[:3] for a in asked[8:12]] == [
        ("accumulate", "Delta", 1),
        ("accumulate", "Delta", 2),
        ("gradient", "D", 1),
        ("gradient", "D", 2),
    ]
    q = question(trace[4])
    assert q.value == pytest.approx(0.7513650695523157)  # the classic example's o1
    assert question(trace[2]).value == pytest.approx(sig(0.3775))


def test_the_value_is_the_steps_result():
    """A question's value is the number (or the asked entry of the matrix) the step computes."""
    for name in ("xor", "mazur", "gradcheck"):
        for step in PRESETS[name].trace():
            q = question(step)
            if q is None:
                continue
            if q.symbol in ("a", "delta"):
                assert q.value == step.result
            else:
                i, j = q.index
                assert q.value == pytest.approx(step.result[i - 1, j], abs=1e-15)


def test_accumulate_and_gradient_questions_vary_the_entry_and_sometimes_ask_the_bias_column():
    """Over a walk with many Δ steps the asked entries vary, some in column j = 0, and rebuilding asks the same."""
    sc = PRESETS["xor"]
    picks = [question(s).index for s in sc.trace() if s.phase in ("accumulate", "gradient")]
    again = [question(s).index for s in sc.trace() if s.phase in ("accumulate", "gradient")]
    assert picks == again
    assert len(set(picks)) >= 4
    assert any(j == 0 for _i, j in picks) and any(j > 0 for _i, j in picks)
    net = Network.random((3, 4, 3), seed=2)
    trace = build_trace(net, np.random.default_rng(0).random((30, 3)), np.full((30, 3), 0.5))
    js = [question(s).index[1] for s in trace if s.phase == "accumulate"]
    assert 0.15 < js.count(0) / len(js) < 0.55


def test_rounded_right_value_and_rounded_mistakes_are_recognised():
    """The right value rounded to 4 significant figures is right; each mistake's rounded value is named."""
    trace = PRESETS["gradcheck"].trace()
    for step in trace:
        q = question(step)
        if q is None:
            continue
        assert check(step, rounded(q.value)).correct
        assert check(step, q.value).mistake is None
        for cand in q.candidates:
            verdict = check(step, rounded(cand.value))
            assert not verdict.correct
            assert set(verdict.mistakes) == set(cand.ids)


def test_a_far_off_answer_is_unknown_and_one_digit_off_is_not_right():
    """A number no mistake gives is "unknown"; the right value off by 3 in the 4th significant figure is wrong."""
    step = PRESETS["tiny"].trace()[4]  # a_1^(3) = 0.7514
    assert check(step, "0.7514").correct and check(step, "0.75137").correct
    wrong = check(step, "0.7517")
    assert not wrong.correct and wrong.mistake == "unknown"
    assert check(step, "-3").mistake == "unknown"
    assert check(step, "0.6238").mistakes == ("bias_left_out",)
    assert check(step, "1.106").mistakes == ("sigmoid_left_out",)


def test_classic_mistakes_by_name_on_the_worked_example():
    """On the 2-2-1 example: y − a is sign_flipped; (a − y)a(1 − a) is squared_error_delta; δ without a(1 − a) is named."""
    trace = PRESETS["tiny"].trace()
    out = trace[5]
    a, y = 0.7513650695523157, 0.01
    assert check(out, y - a).mistake == "sign_flipped"
    assert check(out, (a - y) * a * (1 - a)).mistake == "squared_error_delta"
    hidden = trace[6]
    q = question(hidden)
    assert check(hidden, q.mistakes["derivative_left_out"]).mistake == "derivative_left_out"
    assert q.mistakes["derivative_left_out"] == pytest.approx(0.4 * question(out).value)


def test_gradient_mistakes_with_regularisation():
    """With λ ≠ 0 and m > 1: forgot_m, regularised_bias, regularisation_left_out and lambda_outside_m are told apart."""
    net = Network.random((2, 3, 2), seed=4)
    rng = np.random.default_rng(1)
    trace = build_trace(net, rng.random((3, 2)), rng.random((3, 2)), lam=0.7)
    seen = set()
    for step in trace:
        if step.phase != "gradient":
            continue
        q = question(step)
        for mid, v in q.mistakes.items():
            verdict = check(step, v)
            assert mid in verdict.mistakes
            seen.add(mid)
    assert "forgot_m" in seen and seen & {"regularised_bias", "regularisation_left_out"}


# A random network and training set, as the properties below draw them (trained on nothing: the walk's own numbers).
NETWORKS = {
    "sizes": st.lists(st.integers(1, 4), min_size=2, max_size=4),
    "m": st.integers(1, 3),
    "lam": st.sampled_from([0.0, 0.3, 2.0]),
    "loss": st.sampled_from(["cross_entropy", "squared_error"]),
    "seed": st.integers(0, 10_000),
}


def random_trace(sizes, m, lam, loss, seed):
    rng = np.random.default_rng(seed)
    net = Network.random(sizes, seed=seed, epsilon_init=1.5)
    return build_trace(net, rng.uniform(-2, 2, (m, sizes[0])), rng.random((m, sizes[-1])), lam=lam, loss=loss)


@settings(max_examples=60, deadline=None)
@given(**NETWORKS)
# A δ near zero: the mistake's value was further from the right one than the right one's
# tolerance, yet dropped as "the same number", so typing it got "not a usual mistake".
@example(sizes=[3, 1, 4, 1], m=3, lam=0.0, loss="squared_error", seed=98)
def test_every_mistake_is_named_or_reported_as_coinciding(sizes, m, lam, loss, seed):
    """On random networks: every mistake's value (from an independent reference) is diagnosed as that mistake,
    or coincides with the right value or with another mistake named with it."""
    for step in random_trace(sizes, m, lam, loss, seed):
        q = question(step)
        if q is None:
            continue
        ref = reference(step, q)
        assert q.value == pytest.approx(ref.pop(""), rel=1e-9, abs=1e-12)
        assert set(q.mistakes) == set(ref)
        for mid, v in ref.items():
            assert q.mistakes[mid] == pytest.approx(v, rel=1e-9, abs=1e-12)
            verdict = check(step, v)
            if verdict.correct:
                assert abs(v - q.value) <= 2 * q.tol + 1e-12  # coincides with the right value
            else:
                assert mid in verdict.mistakes, (step.phase, mid, verdict)
        assert all(m_id in MISTAKES for m_id in q.mistakes)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0.5933", 0.5933),
        ("۰٫۵۹۳۳", 0.5933),
        ("٠٫٥٩٣٣", 0.5933),
        ("−۰.۰۲۷۹", -0.0279),
        ("-1.5e-3", -0.0015),
        (" 12 ", 12.0),
        (".5", 0.5),
        ("۳e−۲", 0.03),
    ],
)
def test_answers_typed_in_any_digits_are_read(text, value):
    """Persian and Arabic-Indic digits, ٫ or . as the decimal point and a leading minus are read."""
    assert parse_answer(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "-", "abc", "1,5", "1.2.3", "inf", "nan", "1e", "1e400", "--1", "1-"])
def test_what_is_not_a_number_is_refused(text):
    """Empty boxes, letters, commas, two points, infinities are refused, never read as 0."""
    with pytest.raises(ValueError):
        parse_answer(text)


def test_levels_fade_from_the_output_layer_to_everything():
    """watch asks nothing; output asks a^(L) and δ^(L); delta adds hidden δ; all asks every value."""
    trace = PRESETS["tiny"].trace()
    qs = [question(s) for s in trace]
    count = {level: sum(asks(q, level) for q in qs) for level in ("watch", "output", "delta", "all")}
    assert count == {"watch": 0, "output": 2, "delta": 4, "all": 10}


def test_every_phase_is_asked_or_says_it_asks_nothing():
    """The table of what each phase asks covers the trace's phases; a new phase without a row fails here."""
    from backprop_core import PHASES
    from backprop_core.practice import ASKS

    assert set(ASKS) | {"init", "input", "result"} == set(PHASES)
    trace = PRESETS["xor"].trace()
    assert {step.phase for step in trace if question(step) is not None} == set(ASKS)


@pytest.mark.parametrize(
    "text, value, short",
    [
        ("0.008", 0.008027, True),  # the trial's: right to the digits typed, told "not one of the usual mistakes"
        ("0.0080", 0.008027, True),
        ("۰/۶۵", 0.6534, True),
        ("8e-3", 0.008027, True),
        ("0.009", 0.008027, False),  # wrong at the digits typed
        ("0.008027", 0.008027, False),  # four figures: judged as usual
        ("abc", 0.5, False),
    ],
)
def test_an_answer_short_of_four_figures_is_told_so(text, value, short):
    from backprop_core.practice import too_short

    assert too_short(text, value) is short


# ---- a follow-up on new numbers, choices, which formula (issue 25) ------------------------
def _scenario(sizes, m, lam, loss, seed, eps):
    rng = np.random.default_rng(seed)
    X = rng.uniform(0, 1, (m, sizes[0])).round(2)
    Y = (rng.random((m, sizes[-1])) > 0.5).astype(float)
    return Scenario(layer_sizes=tuple(sizes), X=X, Y=Y, seed=seed, epsilon=eps, lam=lam, loss=loss)


@settings(max_examples=40, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 4), min_size=2, max_size=4),
    m=st.integers(1, 3),
    lam=st.sampled_from([0.0, 0.5]),
    loss=st.sampled_from(["cross_entropy", "squared_error"]),
    seed=st.integers(0, 10_000),
    eps=st.sampled_from([0.12, 0.5]),  # at most 0.5: |z| < 2.4, so an activation in range always exists
    student=st.integers(0, 2**31),
)
def test_a_fresh_example_keeps_the_network_and_stays_friendly(sizes, m, lam, loss, seed, eps, student):
    """Random networks: the same Θ, shapes, λ and cost; only the first example changes, the same seed gives
    the same example; every activation in [0.05, 0.95], from an independent
    forward and backward pass written out here; no δ rounds to 0 at 4 significant figures."""
    sc = _scenario(sizes, m, lam, loss, seed, eps)
    fresh = fresh_example(sc, student)
    assert fresh.layer_sizes == sc.layer_sizes and fresh.lam == sc.lam and fresh.loss == sc.loss
    for a, b in zip(fresh.network.thetas, sc.network.thetas, strict=True):
        assert np.array_equal(a, b)
    assert fresh.X.shape == sc.X.shape and fresh.Y.shape == sc.Y.shape
    assert np.array_equal(fresh.X[1:], sc.X[1:]) and np.array_equal(fresh.Y[1:], sc.Y[1:])
    assert np.array_equal(fresh_example(sc, student).X, fresh.X)
    # The first example's numbers, by hand: a^(l) = g(Θ [1, a^(l-1)]), δ^(L) per the cost, δ^(l) = (Θᵀδ) .* a(1-a).
    acts = [list(fresh.X[0])]
    for theta in fresh.network.thetas:
        prev = [1.0, *acts[-1]]
        acts.append([sig(sum(w * v for w, v in zip(row, prev, strict=True))) for row in theta])
    assert all(0.05 <= v <= 0.95 for layer in acts for v in layer), acts
    y = fresh.Y[0]
    out = acts[-1]
    deltas = [[(a - t) if loss == "cross_entropy" else (a - t) * a * (1 - a) for a, t in zip(out, y, strict=True)]]
    for layer in range(len(sizes) - 2, 0, -1):
        theta = fresh.network.thetas[layer]
        nxt = deltas[0]
        deltas.insert(
            0, [sum(theta[i, j + 1] * nxt[i] for i in range(len(nxt))) * a * (1 - a) for j, a in enumerate(acts[layer])]
        )
    assert all(rounded(d) != 0 for layer in deltas for d in layer), deltas


def test_different_students_get_different_examples():
    """Thirty seeds give thirty different first examples of the XOR walk."""
    xs = {tuple(fresh_example(PRESETS["xor"], seed).X[0]) for seed in range(30)}
    assert len(xs) == 30


@settings(max_examples=40, deadline=None)
@given(**NETWORKS, k=st.integers(2, 5), order=st.integers(0, 1000))
def test_choices_are_one_right_value_and_distinct_named_mistakes(sizes, m, lam, loss, seed, k, order):
    """Every question of a random network as choices: exactly one right, at most k, values distinct as 4
    significant figures show them, and each wrong one the value the independent reference gives its mistake."""
    for step in random_trace(sizes, m, lam, loss, seed):
        q = question(step)
        if q is None:
            continue
        got = choices(step, k, order)
        ref = reference(step, q)
        assert 1 <= len(got) <= k
        right = [c for c in got if c.mistake is None]
        assert len(right) == 1 and right[0].value == pytest.approx(ref[""], rel=1e-9, abs=1e-12)
        shown = [float(rounded(c.value)) for c in got]
        assert len(set(shown)) == len(shown)
        for c in got:
            if c.mistake is not None:
                assert c.value == pytest.approx(ref[c.mistake], rel=1e-9, abs=1e-12)
                assert not check(step, c.value).correct
        assert sorted(c.mistake or "" for c in choices(step, k, order)) == sorted(c.mistake or "" for c in got)


def test_choices_are_shuffled_by_the_seed_and_take_the_table_s_mistakes_first():
    """The same seed, the same order; other seeds put the right value elsewhere; with k = 2 the one mistake
    is the first of the lesson's table that gives a different number."""
    step = next(s for s in PRESETS["xor"].trace() if s.phase == "forward")
    places = {[c.mistake for c in choices(step, 4, seed)].index(None) for seed in range(20)}
    assert len(places) >= 3
    assert choices(step, 4, 3) == choices(step, 4, 3)
    assert [c.mistake for c in choices(step, 2, 0) if c.mistake] == ["bias_left_out"]
    with pytest.raises(ValueError):
        choices(step, 1)


def test_every_kind_of_question_names_formulas_of_the_lesson_that_the_card_shows():
    """FORMULA_QUESTION: every question of every example has a kind whose formula ids are the catalogue's,
    and at least one of them is among the formulas its step's card shows; its menu offers one of them
    among three others."""
    kinds = set()
    for sc in PRESETS.values():
        for step in sc.trace():
            q = question(step)
            if q is None:
                continue
            kind = question_kind(step, q)
            kinds.add(kind)
            ids = FORMULA_QUESTION[kind]
            assert set(ids) <= set(FORMULAS), kind
            assert set(ids) & set(step.formulas), (kind, step.formulas)
            # The menu: one right id first, then three of the lesson's that are not right here.
            right, menu = formula_menu(step, q)
            assert right == ids and len(set(menu)) == 4 and set(menu) <= set(FORMULAS)
            assert menu[0] in right and not set(menu[1:]) & set(right)
    assert kinds == set(FORMULA_QUESTION)
