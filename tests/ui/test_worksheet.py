"""The worksheet holds the trace's numbers: worked steps as the card writes them, a numbered blank
wherever the level asks, and an answer key with the right values in the same order; a quiz shows
no value that a box asks for."""

from __future__ import annotations

import re

import pytest

from backprop_core import PRESETS
from backprop_core.chain import chain
from backprop_core.latex import num
from backprop_core.practice import asks, question
from backprop_ui.exports import worksheet
from tests.helpers import student


@pytest.mark.parametrize("level", ["watch", "output", "delta", "all"])
@pytest.mark.parametrize("name", ["tiny", "xor", "mazur"])
def test_the_sheet_and_its_key_hold_the_traces_numbers(name, level):
    trace = PRESETS[name].trace()
    items, answers = worksheet.sheet(trace, "en", level)
    assert [item.step for item in items] == list(range(1, len(trace) + 1))
    asked = [step for step in trace if asks(question(step), level)]
    assert [a.step for a in answers] == [s.index + 1 for s in asked]
    assert [a.blank for a in answers] == list(range(1, len(asked) + 1))
    for step, item in zip(trace, items, strict=True):
        q = question(step)
        if asks(q, level):
            answer = answers[item.blank - 1]
            assert answer.step == step.index + 1 and answer.latex.endswith(f"= {num(q.worked)}")
            assert worksheet.BLANK in item.latex and f"({item.blank})" in item.latex
            if q.symbol == "a":
                assert num(q.value) not in item.latex  # the blank is blank
        else:
            assert item.blank is None and item.latex == step.latex  # worked, as the card writes it


def test_each_formula_is_written_once_where_it_starts():
    """The lesson's formula heads the first step that uses it; in Persian D's cases say «اگر»."""
    items, _ = worksheet.sheet(PRESETS["tiny"].trace(), "fa", "all")
    headed = [item.step for item in items if item.formula or item.formula_words]
    assert headed == [1, 2, 3, 6, 7, 9, 11, 13]
    gradient = items[10]
    assert gradient.formula == "" and all("اگر" in words for words in gradient.formula_words)
    items_en, _ = worksheet.sheet(PRESETS["tiny"].trace(), "en", "all")
    assert r"\text{if }" in items_en[10].formula and items_en[10].formula_words == ()


@pytest.mark.parametrize("name", ["tiny", "xor", "mazur"])
def test_the_guided_key_is_worked_from_the_numbers_the_sheet_prints(name):
    """The trial found step 36's key giving the exact value, not the one the printed (rounded) numbers give: each
    key value is now what the lesson's formula gives from the box's own printed numbers, to 4 figures."""
    trace = PRESETS[name].trace()
    _items, answers = worksheet.sheet(trace, "en", "all")
    boxes = worksheet.KINDS["guided"].boxes(trace, "all")
    for answer, expected in zip(answers, student(trace, boxes), strict=True):
        assert answer.latex.endswith(f"= {num(expected)}")


NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:\\times 10\^\{-?\d+\})?")


def _inputs(trace) -> set[str]:
    """Every number of the scenario itself as printed (x, y, Θ, λ, m): these may appear anywhere."""
    c = trace[0].context
    values = [*c.X.ravel(), *c.Y.ravel(), *(v for t in c.network.thetas for v in t.ravel()), c.lam]
    return {num(v) for v in values} | {str(trace.m), "0", "1"}


@pytest.mark.parametrize("level", ["output", "delta", "all"])
@pytest.mark.parametrize("name", ["tiny", "xor", "mazur"])
def test_a_quiz_shows_no_value_that_a_box_asks_for(name, level):
    """The trial's guided sheet printed box (1)'s answer in step 5 as (a⁽²⁾)ᵀ: in a quiz, no step's numbers hold an
    asked value (as the walk has it, or as the key has it); where a box needs one it shows the earlier box instead."""
    trace = PRESETS[name].trace()
    items, answers = worksheet.sheet(trace, "en", level, "quiz")
    asked = {text for box in chain(trace, level) for text in (num(box.question.value), num(box.value))}
    asked -= _inputs(trace)  # a box whose answer is 0 or one of the scenario's own numbers: nothing to hide
    shown = {token for item in items for token in NUMBER.findall(item.latex)}
    assert asked and not (asked & shown), sorted(asked & shown)
    for item in items:
        for k in re.findall(r"\\boxed\{\\scriptstyle \((\d+)\)\}", item.latex):
            assert item.blank is not None and int(k) < item.blank  # an earlier box, in a box that asks
    assert [a.blank for a in answers] == list(range(1, len(answers) + 1))


def test_a_quiz_leaves_out_whole_runs_that_build_on_asked_values_and_keeps_every_other_step():
    """At the output level, XOR's hidden errors and Δ build on the output error: each example's run of them is one
    line naming the boxes; the forward pass and the next example's input are shown; every step is accounted for."""
    trace = PRESETS["xor"].trace()
    items, _ = worksheet.sheet(trace, "en", "output", "quiz")
    covered = [k for item in items for k in range(item.step, (item.through or item.step) + 1)]
    assert covered == list(range(1, len(trace) + 1))
    runs = [(item.step, item.through, item.uses) for item in items if item.through is not None]
    assert runs[0] == (7, 10, (2,))
    assert runs[-1][1] == len(trace)  # D and the result build on every δ
    assert all(
        trace[k - 1].phase in ("hidden_delta", "accumulate", "gradient", "result")
        for s, e, _ in runs
        for k in range(s, e + 1)
    )
    text = worksheet.left_out_text(trace, items[6], "en")
    assert (
        text
        == "**Steps 7–10** (Hidden-layer errors, Accumulate into Δ) use the values of box (2), so this quiz leaves them out."
    )
    assert "کادر (۲)" in worksheet.left_out_text(trace, items[6], "fa")


def test_the_quiz_key_gives_each_value_with_its_tolerance():
    """ "a = 0.6534 ± 0.000056": the ± the chain works out, written out in full."""
    trace = PRESETS["xor"].trace()
    _items, answers = worksheet.sheet(trace, "en", "output", "quiz")
    box = chain(trace, "output")[0]
    assert answers[0].latex == rf"a_{{1}}^{{(3)}} = {num(box.value)} \pm {worksheet.plain(box.tol)}"
    assert worksheet.plain(5.6e-05) == "0.000056" and worksheet.plain(0.00012) == "0.00012"
