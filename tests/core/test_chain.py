"""A quiz's chain of answers: the key's tolerance takes in every answer a student works, the lesson's way, from the
printed numbers and their own right earlier answers rounded to 4 significant figures, checked against a student
simulated here with the lesson's formulas written out again (not the practice module's)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_core import PRESETS, Scenario
from backprop_core.chain import chain
from backprop_core.practice import LEVELS, asks, half_unit, question
from tests.helpers import student


def check_students(trace, level: str, rng) -> None:
    boxes = chain(trace, level)
    picks = [
        lambda box: box.value,  # every earlier answer just as the key has it
        lambda box: box.value + box.tol,
        lambda box: box.value - box.tol,
        lambda box: box.value + rng.choice([-1, 1]) * box.tol,  # at either edge, at random
        lambda box: box.value + rng.uniform(-1, 1) * box.tol,
    ]
    for pick in picks:
        for box, answer in zip(boxes, student(trace, boxes, pick), strict=True):
            assert abs(answer - box.value) <= box.tol, (level, box.number, box.question.key, answer, box.value, box.tol)


@pytest.mark.parametrize("level", LEVELS[1:])
@pytest.mark.parametrize("name", ["tiny", "xor", "mazur", "gradcheck"])
def test_every_student_who_works_from_right_answers_is_right(name, level):
    """Whatever right answers a student carries on from, an answer worked the lesson's way lands within the key's ±."""
    check_students(PRESETS[name].trace(), level, np.random.default_rng(0))


@settings(max_examples=40, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 4), min_size=2, max_size=4).map(tuple),
    seed=st.integers(0, 2**16),
    eps=st.sampled_from([0.12, 1.0, 3.0]),
    m=st.integers(1, 3),
    lam=st.sampled_from([0.0, 0.5]),
    loss=st.sampled_from(["cross_entropy", "squared_error"]),
)
def test_the_tolerance_holds_on_random_networks(sizes, seed, eps, m, lam, loss):
    rng = np.random.default_rng(seed)
    sc = Scenario(
        layer_sizes=sizes,
        X=rng.uniform(-2, 2, (m, sizes[0])).round(3),
        Y=rng.uniform(0, 1, (m, sizes[-1])).round(2),
        seed=seed,
        epsilon=eps,
        lam=lam,
        loss=loss,
    )
    check_students(sc.trace(), "all", rng)


@pytest.mark.parametrize("name", ["tiny", "xor", "mazur"])
def test_the_key_is_right_and_still_tells_the_classic_mistakes_apart(name):
    """The key's value is the walk's own to within its ±; the ± is at least the answer's own rounding, and a
    classic mistake that lies well away from the right value lies outside it."""
    trace = PRESETS[name].trace()
    for box in chain(trace, "all"):
        assert abs(box.value - box.question.value) <= box.tol
        assert box.tol >= half_unit(box.value)
        wrong = [v for v in box.question.mistakes.values() if abs(v - box.question.value) > 2 * box.tol]
        assert all(abs(v - box.value) > box.tol for v in wrong)


def test_each_box_names_every_earlier_box_it_builds_on():
    """A given that an earlier box asks is that box (so its number is never printed); Δ and D ask one entry per layer,
    so the accumulation is a chain from the first example to D."""
    trace = PRESETS["xor"].trace()
    boxes = chain(trace, "all")
    by_key = {box.question.key: box.number for box in boxes}
    for box in boxes:
        expected = {slot: by_key[key] for slot, key in box.question.sources.items() if key in by_key}
        assert box.refs == expected and all(n < box.number for n in box.refs.values())
    deltas = [box for box in boxes if box.question.symbol in ("Delta", "D")]
    for layer in (1, 2):
        entries = {box.question.index for box in deltas if box.question.layer == layer}
        assert len(entries) == 1
    gradient = next(box for box in boxes if box.question.symbol == "D" and box.question.layer == 2)
    last_accumulate = max(box.number for box in deltas if box.question.symbol == "Delta" and box.question.layer == 2)
    assert gradient.refs == {("Delta", None): last_accumulate}


def test_a_quiz_asks_what_the_level_asks():
    """The same steps as practice's fading level, one box each."""
    trace = PRESETS["xor"].trace()
    for level in LEVELS:
        asked = [step.index for step in trace if asks(question(step), level)]
        assert [box.step.index for box in chain(trace, level)] == asked
