"""The worksheet holds the trace's numbers: worked steps as the card writes them, a numbered blank
wherever the level asks, and an answer key with the right values in the same order."""

from __future__ import annotations

import pytest

from backprop_core import PRESETS
from backprop_core.latex import num
from backprop_core.practice import asks, question
from backprop_ui import worksheet


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
            assert answer.step == step.index + 1 and answer.latex.endswith(f"= {num(q.value)}")
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
