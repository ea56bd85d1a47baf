"""The walk the browser draws: every step present and worded in fa and en, values the browser can
only lay out (never compute), the size budgets, and windows for a walk too big to send whole."""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest

from backprop_core import FORMULAS, PHASES, PRESETS, Scenario, practice
from backprop_core.practice import question
from backprop_ui import i18n
from backprop_ui.stage import walk
from backprop_ui.stage.graph import geometry


def replay(doc_window: dict) -> list[list[list[str]]]:
    """The values table at every step of a window, as the browser builds it: the first, then each step's changes."""
    table = [row[:] for row in doc_window["table"]]
    tables = [[row[:] for row in table]]
    for record in doc_window["steps"][1:]:
        for r, c, v in record["changes"]:
            table[r][c] = v
        tables.append([row[:] for row in table])
    return tables


def largest() -> Scenario:
    rng = np.random.default_rng(0)
    X = rng.uniform(0, 1, (50, 32)).round(2)
    return Scenario(layer_sizes=(32,) * 10, X=X, Y=(rng.uniform(0, 1, (50, 32)) > 0.5).astype(float), seed=0)


def four_eight() -> Scenario:
    rng = np.random.default_rng(0)
    return Scenario(layer_sizes=(4, 8, 8, 3), X=rng.uniform(0, 1, (4, 4)).round(2), Y=np.eye(3)[[0, 1, 2, 0]], seed=0)


@pytest.mark.parametrize("lang", ["fa", "en"])
@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_step_is_there_worded_as_the_status_line_and_card_say(name, lang):
    sc = PRESETS[name]
    trace = sc.trace()
    doc = walk.build_walk(sc, lang)
    records = doc["windows"][0]["steps"]
    assert doc["meta"]["n"] == len(trace) == len(records) and doc["meta"]["windows"] == 1
    for step, record in zip(trace, records, strict=True):
        assert record["status"] == i18n.status_line(step, len(trace), trace.m, lang)
        assert record["formula_ids"] == list(step.formulas) and record["phase"] == step.phase
        assert record["title"] == i18n.t(f"phase.{step.phase}", lang)
        assert record["formula"] in FORMULAS or record["formula"] == "F14|F13"
        assert record["numbers"].startswith(r"\begin{aligned}") or step.phase == "result"
    assert doc["meta"]["dir"] == ("rtl" if lang == "fa" else "ltr")
    assert doc["meta"]["labels"]["ctl.next"] == i18n.t("ctl.next", lang)
    # The numbers the script writes itself (a score, a class's shares) in the language's digits and signs.
    fa = lang == "fa"
    assert doc["meta"]["digits"] == ("۰۱۲۳۴۵۶۷۸۹" if fa else "0123456789")
    assert (doc["meta"]["percent"], doc["meta"]["separator"]) == (("٪", " | ") if fa else ("%", " · "))


def test_every_phase_of_the_core_has_one_view_in_its_order():
    """walk.VIEWS names the core's phases in trace.SPECS's order; the bar's buttons follow it."""
    assert tuple(walk.VIEWS) == PHASES
    assert walk.BAR_PHASES == ("forward", "output_delta", "hidden_delta", "accumulate", "gradient")


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_the_values_table_replayed_is_each_steps_known_values(name):
    """What the browser rebuilds from the first table and each step's changes equals known() of that step."""
    sc = PRESETS[name]
    trace = sc.trace()
    win = walk.build_walk(sc, "en")["windows"][0]
    rows = walk._vector_rows(trace.network.L)
    for step, table in zip(trace, replay(win), strict=True):
        known = step.known()
        for (_, kind, layer), row in zip(rows, table, strict=True):
            values = {"a": known.a, "z": known.z, "delta": known.delta}[kind][layer - 1]
            assert row[1 : 1 + len(values)] == [walk.cell(v) for v in values]


def test_the_figure_classes_light_the_computed_unit_and_its_sources():
    """Forward z_2^(2): unit (2, 2) is the target, layer 1 and its bias are the sources; its edges are Θ^(1) row 2."""
    sc = PRESETS["tiny"]
    trace = sc.trace()
    step = trace[3]
    assert (step.phase, step.layer, step.node) == ("forward", 2, 2)
    record = walk.build_walk(sc, "en")["windows"][0]["steps"][3]
    geo = geometry(sc.layer_sizes)
    classes = dict(zip(geo.nodes, record["units"], strict=True))
    assert classes[(2, 2)] == "t" and classes[(1, 1)] == classes[(1, 2)] == "f" and classes[(1, 0)] == "B"
    assert classes[(2, 1)] == "k" and classes[(3, 1)] == "d"
    first, count, stride = record["edge_range"]
    assert [geo.edges[first + k * stride] for k in range(count)] == [(1, 2, 0), (1, 2, 1), (1, 2, 2)]
    assert record["direction"] == "f"


def test_the_matrices_name_the_cells_that_change():
    """An accumulate step shows Θ, the outer product, Δ and D (pending), Δ's whole matrix lit."""
    sc = PRESETS["mazur"]
    trace = sc.trace()
    index = trace.first("accumulate")
    win = walk.build_walk(sc, "en")["windows"][0]
    record = win["steps"][index]
    names = [panel[0] for panel in record["panels"]]
    assert names == ["Theta", "outer", "Delta", "D"]
    delta = record["panels"][2]
    assert delta[3] == [["Delta", 1, None, None]]
    assert win["mats"][delta[2]] == [[walk.cell(v) for v in row] for row in trace[index].known().Delta[0]]
    assert record["panels"][3][2] is None  # D: not computed yet
    result = win["steps"][-1]
    assert [p[0] for p in result["panels"]] == ["D", "D"]  # the lesson's result: D of every layer


@pytest.mark.parametrize(
    "value, text",
    [(0.5932699921071872, "0.5933"), (-0.0381, "-0.0381"), (0.0, "0"), (1.25e-07, "1.25×10⁻⁷"), (math.nan, "")],
)
def test_a_value_is_written_once_in_python(value, text):
    assert walk.cell(value) == text


def test_the_size_budgets_for_the_walks_sent_whole():
    """Default ≤ 60 KB; 4-8-8-3 with m = 4 ≤ 1 MB (both sent whole)."""
    assert len(walk.walk_json(PRESETS["tiny"], "fa").encode()) <= 60_000
    big = walk.walk_json(four_eight(), "fa")
    assert json.loads(big)["meta"]["windows"] == 1 and len(big.encode()) <= 1_000_000


def test_the_largest_walk_is_sent_in_windows_that_cover_every_step():
    """10 × 32, m = 50 (29 311 steps): the meta and the first window; any window on request, each exact."""
    sc = largest()
    trace = sc.trace()
    doc = walk.build_walk(sc, "en")
    meta = doc["meta"]
    size = meta["window"]
    assert meta["n"] == len(trace) == 29_311 and meta["windows"] == math.ceil(29_311 / size) > 1
    assert len(doc["windows"]) == 1 and len(doc["windows"][0]["steps"]) == size
    last = walk.window(trace, "en", meta["windows"] - 1, size)
    assert last["start"] == (meta["windows"] - 1) * size and last["start"] + len(last["steps"]) == len(trace)
    assert last["steps"][-1]["phase"] == "result"
    middle = walk.window(trace, "en", 200, size)
    tables = replay(middle)
    step = trace[middle["start"] + 7]
    a = step.known().a
    assert tables[7][0][1:33] == [walk.cell(v) for v in a[0]]


def test_a_token_names_a_scenario_in_a_language():
    assert walk.token(PRESETS["xor"], "fa") == walk.token(PRESETS["xor"], "fa")
    assert walk.token(PRESETS["xor"], "fa") != walk.token(PRESETS["xor"], "en")
    assert walk.token(PRESETS["xor"], "fa") != walk.token(PRESETS["xor"].replace(lam=1.0), "fa")


@pytest.mark.parametrize("name", ["tiny", "xor", "mazur"])
def test_every_question_carries_its_answer_and_the_mistakes_to_judge_it_in_the_browser(name):
    """A step that asks a value carries the core's right value, tolerance and distinct wrong values; the values
    table can blank what it computes (its changes are listed, from the step before even at a window's start)."""
    from backprop_core.practice import question

    trace = PRESETS[name].trace()
    records = walk.build_walk(PRESETS[name], "en")["windows"][0]["steps"]
    for step, record in zip(trace, records, strict=True):
        q = question(step)
        if q is None:
            assert "q" not in record
            continue
        got = record["question"]
        assert (got["kind"], got["value"], got["tol"]) == (q.symbol, q.value, q.tol)
        assert got["candidates"] == [[c.value, c.tol, list(c.ids)] for c in q.candidates]
        assert got["given"].endswith(r"\;?\end{aligned}")  # the value itself is not among the given numbers
        if q.symbol == "a":  # a new value (δ = a − 0 when y = 0, and Δ can equal a given δ times a_0 = 1)
            assert walk.cell(q.value) not in got["given"]
            assert record["target_cell"] is not None and [record["target_cell"][0], record["target_cell"][1]] in [
                [r, c] for r, c, _v in record["changes"]
            ]


def test_a_window_lists_the_changes_of_its_first_step():
    """A window that starts mid-walk still says what its first step changed (practice blanks it)."""
    sc = largest()
    trace = sc.trace()
    size = walk.window_size(len(trace), len(geometry(sc.layer_sizes).nodes))
    for k in range(1, 40):
        first = walk.window(trace, "en", k, size)["steps"][0]
        if first["phase"] == "forward":
            assert first["changes"] and [first["target_cell"][0], first["target_cell"][1]] in [
                [r, c] for r, c, _v in first["changes"]
            ]
            return
    pytest.fail("no window starting on a forward step")


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_each_question_offers_choices_a_tap_answers_with(name):
    """Practice's choices in the walk: the right value first (as a table shows it), then the lesson table's
    mistakes with the values practice.choices gives; what a tap answers with is judged as that choice."""
    sc = PRESETS[name]
    records = walk.build_walk(sc, "en")["windows"][0]["steps"]
    for step, rec in zip(sc.trace(), records, strict=True):
        q = question(step)
        if q is None:
            continue
        offered = rec["question"]["choices"]
        expected = practice.choices(step, 4, None)
        assert [c[2] for c in offered] == [c.mistake for c in expected] and offered[0][2] is None
        assert len({c[0] for c in offered}) == len(offered)
        # Every choice is written to four figures, zeros kept: none stands out by its length (the trial's right
        # value read 0.6534 beside 0.634 and 0.148).
        assert all(len(re.sub(r"^[-0.]+|[.]", "", c[0].split("e")[0])) == 4 or c[0] == "0.000" for c in offered), (
            offered
        )
        for (label, text, mistake), choice in zip(offered, expected, strict=True):
            assert float(label) == pytest.approx(float(practice.rounded(choice.value)), rel=1e-12)
            verdict = practice.judge(q, practice.parse_answer(text))
            assert verdict.correct == (mistake is None)
            if mistake is not None:
                assert mistake in verdict.mistakes
