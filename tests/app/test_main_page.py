"""The step-by-step page driven as a user would: buttons, slider, scenario inputs, language."""

import numpy as np
import pytest

from backprop_core import PRESETS
from backprop_ui import i18n
from tests.helpers import choice, editor_state, examples_key, stage, steps


def test_first_run_hands_the_stage_the_whole_default_walk(app):
    """A new session: the default example's 13 steps go to the stage at once, in Persian, first step F9."""
    data = stage(app)
    walk = data["walk"]
    assert app.session_state["scenario"] == PRESETS["tiny"]
    assert walk["meta"]["lang"] == "fa" and walk["meta"]["n"] == 13 and walk["meta"]["windows"] == 1
    records = steps(app)
    assert len(records) == 13 and records[0]["formula_ids"] == ["F9"] and "گام ۱ از ۱۳" in records[0]["status"]
    assert data["target"] is None  # no link step: the stage starts where this tab last stood, or at 1
    assert data["download"].endswith("/download") and data["assets"]["plotly"].startswith("/assets/plotly-")


def test_a_step_costs_the_server_nothing(app):
    """The page has no per-step widget: stepping is the stage's (there is no button or slider to press here)."""
    assert not app.button and not app.slider and not app.get("plotly_chart")


def test_layer_sizes_rebuild_the_trace(app):
    """Typing new layer sizes rebuilds the trace with the new shape, and the editors follow."""
    app.text_input(key="sizes_text").set_value("2, 3, 2, 1").run()
    assert not app.exception and not app.error
    sc = app.session_state["scenario"]
    assert sc.layer_sizes == (2, 3, 2, 1)
    assert len(app.session_state["trace"]) == 1 + (1 + 6 + 1 + 5 + 3) + 3 + 1
    assert stage(app)["walk"]["meta"]["n"] == 21


def test_examples_rebuild_the_trace(app):
    """Editing an example and adding a second one changes X, m and the trace."""
    key = examples_key(app)
    app.session_state[key] = editor_state(edited={0: {"x1": "0.5"}}, added=[{"x1": "1", "x2": "0", "y1": "1"}])
    app.run()
    assert not app.error
    sc = app.session_state["scenario"]
    assert np.array_equal(sc.X, [[0.5, 0.1], [1.0, 0.0]]) and sc.m == 2
    assert app.session_state["trace"].m == 2


def test_lambda_and_loss_rebuild_the_trace(app):
    """λ changes D (not the walk's length); the loss changes the output-error formula to SE4."""
    app.number_input(key="lam").set_value(2.0).run()
    assert app.session_state["scenario"].lam == 2.0
    assert app.session_state["trace"].D[0][0, 1] != PRESETS["tiny"].trace().D[0][0, 1]
    choice(app.radio, "loss").set_value("squared_error").run()
    trace = app.session_state["trace"]
    assert trace.loss == "squared_error"
    assert [s.formula for s in trace if s.phase == "output_delta"] == ["SE4"]


def test_preset_switch_loads_its_scenario(app):
    """Choosing XOR loads its four examples and sends the stage to step 1."""
    choice(app.selectbox, "preset").set_value("xor").run()
    assert app.session_state["scenario"] == PRESETS["xor"]
    assert stage(app)["target"]["step"] == 0 and stage(app)["walk"]["meta"]["n"] == 40
    assert app.text_input(key="sizes_text").value == "2, 2, 1"


@pytest.mark.parametrize(
    "typed, words",
    [
        ("2, x, 1", "2, 3, 1"),
        ("2, 40, 1", "$s_{2}$"),
        ("2", "$L$"),
        ("2,2,2,2,2,2,2,2,2,2,2", "$L$"),
    ],
)
def test_invalid_sizes_keep_the_last_valid_scenario(app, typed, words):
    """Bad layer sizes: an error naming the problem, the old scenario and walk stay, the typing stays."""
    before = stage(app)
    app.text_input(key="sizes_text").set_value(typed).run()
    assert not app.exception
    assert app.error and all(words in e.value for e in app.error)
    assert app.session_state["scenario"] == PRESETS["tiny"]
    assert stage(app)["token"] == before["token"] and stage(app)["target"] == before["target"]
    assert app.text_input(key="sizes_text").value == typed  # what was typed stays for correction


@pytest.mark.parametrize(
    "edit, words",
    [
        (editor_state(edited={0: {"y1": "1.5"}}), "$y^{(1)}_{1}$"),
        (editor_state(edited={0: {"x2": "abc"}}), "$x^{(1)}_{2}$"),
        (editor_state(edited={0: {"x2": "1,5"}}), "$x^{(1)}_{2}$"),
        (editor_state(deleted=[0]), "$m$"),
        (editor_state(edited={0: {"x1": "5e6"}}), "$x^{(1)}_{1}$"),
    ],
)
def test_invalid_examples_keep_the_last_valid_scenario(app, edit, words):
    """Bad examples (target outside [0, 1], text, a decimal comma, no rows, huge x) are named; nothing is lost."""
    key = examples_key(app)
    app.session_state[key] = edit
    app.run()
    assert not app.exception
    assert app.error and any(words in e.value for e in app.error)
    assert app.session_state["scenario"] == PRESETS["tiny"]
    assert app.session_state[key] == edit  # the user's edits are still there to correct


@pytest.mark.parametrize(
    "edit, row",
    [
        (editor_state(edited={0: {"x2": None}}), 1),
        (editor_state(added=[{"x1": "1", "x2": "0"}]), 2),
        (editor_state(added=[{}]), 2),
    ],
)
def test_a_row_being_typed_is_not_checked_until_it_is_complete(app, edit, row):
    """An empty cell (a new row, a cleared cell) is no error: a note names the row, the walk keeps the old examples."""
    key = examples_key(app)
    app.session_state[key] = edit
    app.run()
    assert not app.exception and not app.error
    assert any(f"سطر {i18n.digits(row, 'fa')} هنوز کامل نیست" in note.value for note in app.info)
    assert app.session_state["scenario"] == PRESETS["tiny"]
    assert app.session_state[key] == edit


def test_persian_digits_and_a_minus_sign_are_read_in_a_cell(app):
    """«۰٫۵» and «−۰٫۲۵» typed into the examples table are 0.5 and −0.25."""
    key = examples_key(app)
    app.session_state[key] = editor_state(edited={0: {"x1": "۰٫۵", "x2": "−۰٫۲۵"}})
    app.run()
    assert not app.error
    assert app.session_state["scenario"].X.tolist() == [[0.5, -0.25]]


def test_invalid_weights_are_named(app):
    """In hand-edit mode an emptied Θ cell is refused with the matrix and cell named."""
    assert choice(app.radio, "weights_mode").value == "edit"
    key = f"theta_2_{app.session_state['editor_version']}"
    app.session_state[key] = editor_state(edited={0: {"j=1": None}})
    app.run()
    assert app.error and "$\\Theta^{(2)}_{1,1}$" in app.error[0].value
    assert app.session_state["scenario"] == PRESETS["tiny"]


def test_seeded_weights_follow_seed_and_epsilon(app):
    """Switching to seeded weights draws them from the seed; a new seed gives new weights."""
    choice(app.radio, "weights_mode").set_value("seed").run()
    first = app.session_state["scenario"]
    assert first.thetas is None
    app.number_input(key="seed").set_value(5).run()
    second = app.session_state["scenario"]
    assert second.seed == 5 and not np.array_equal(first.network.thetas[0], second.network.thetas[0])


def test_language_switch_hands_the_stage_the_walk_in_english(app):
    """English: the stage gets the same scenario's walk worded in English; the step is left to the browser."""
    fa = stage(app)
    app.segmented_control(key="lang").set_value("en").run()
    en = stage(app)
    assert en["walk"]["meta"]["lang"] == "en" and en["walk"]["meta"]["dir"] == "ltr"
    assert en["skey"] == fa["skey"] and en["token"] != fa["token"]  # same scenario, other words
    assert en["target"] == fa["target"]
    assert "Take example 1" in steps(app)[1]["caption"]
    assert app.title[0].value == "Backpropagation, step by step"


def test_the_sidebar_learning_rate_is_the_scenarios(app):
    """α in the sidebar shows the scenario's, a new value reaches the scenario and the link, and Training uses it."""
    assert app.number_input(key="alpha").value == PRESETS["tiny"].alpha
    app.number_input(key="alpha").set_value(0.7).run()
    assert app.session_state["scenario"].alpha == 0.7
    assert dict(app.query_params).get("lr") == "0.7"
    app.switch_page("pages/3_Training.py").run()
    assert app.number_input(key="train_alpha").value == 0.7
