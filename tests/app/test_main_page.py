"""The step-by-step page driven as a user would: buttons, slider, scenario inputs, language."""

import numpy as np
import pytest

from backprop_core import PRESETS
from backprop_ui import i18n
from backprop_ui.stage import slider_key
from tests.helpers import choice

from .conftest import card_ids, editor_state


def test_first_run_shows_step_one(app):
    """A new session opens the lesson's tiny network at step 0 with F9 on the card, in Persian."""
    assert app.session_state["step"] == 0
    assert card_ids(app) == ["F9"]
    assert app.session_state["scenario"] == PRESETS["tiny"]
    assert any("گام ۱ از ۱۳" in m.value for m in app.markdown)
    assert len(app.get("plotly_chart")) == 1


def test_next_prev_reset_move_the_step(app):
    """Next, previous and reset change `step`, and the card shows that step's formula id."""
    trace = app.session_state["trace"]
    app.button(key="next").click().run()
    assert app.session_state["step"] == 1 and card_ids(app) == [trace[1].formula] == ["F10"]
    app.button(key="next").click().run()
    app.button(key="next").click().run()
    assert app.session_state["step"] == 3 and card_ids(app) == ["F11"]
    app.button(key="prev").click().run()
    assert app.session_state["step"] == 2 and card_ids(app) == ["F11"]
    app.button(key="reset").click().run()
    assert app.session_state["step"] == 0 and card_ids(app) == ["F9"]
    app.button(key="prev").click().run()
    assert app.session_state["step"] == 0  # no step before the first


def test_walking_to_the_end(app):
    """Clicking Next through the whole default trace ends on F15 with J shown, and stays there."""
    trace = app.session_state["trace"]
    seen = []
    for _ in range(len(trace) + 2):
        seen.append(card_ids(app))
        app.button(key="next").click().run()
        assert not app.exception
    assert app.session_state["step"] == len(trace) - 1
    assert card_ids(app) == ["F15"]
    assert [ids for ids in seen[: len(trace)]] == [list(s.formulas) for s in trace]
    assert any(f"{trace.J:.6g}" in m.value for m in app.metric)


def test_slider_jumps_to_any_step(app):
    """The step slider (1-based) sets `step` directly."""
    app.slider(key=slider_key(app.session_state["step"])).set_value(8).run()
    assert app.session_state["step"] == 7
    assert card_ids(app) == [app.session_state["trace"][7].formula]


def test_play_starts_and_pause_stops(app):
    """Play sets `playing`; a click on Pause clears it. (AppTest does not tick run_every.)"""
    app.button(key="play").click().run()
    assert app.session_state["playing"] is True
    app.button(key="play").click().run()
    assert app.session_state["playing"] is False


def test_layer_sizes_rebuild_the_trace(app):
    """Typing new layer sizes rebuilds the trace with the new shape, and the editors follow."""
    app.text_input(key="sizes_text").set_value("2, 3, 2, 1").run()
    assert not app.exception and not app.error
    sc = app.session_state["scenario"]
    assert sc.layer_sizes == (2, 3, 2, 1)
    assert len(app.session_state["trace"]) == 1 + (1 + 6 + 1 + 5 + 3) + 3 + 1
    assert app.session_state["step"] == 0


def test_examples_rebuild_the_trace(app):
    """Editing an example and adding a second one changes X, m and the trace."""
    key = f"examples_{app.session_state['editor_version']}"
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
    """Choosing XOR loads its four examples and resets to step 0."""
    app.button(key="next").click().run()
    choice(app.selectbox, "preset").set_value("xor").run()
    assert app.session_state["scenario"] == PRESETS["xor"]
    assert app.session_state["step"] == 0
    assert app.text_input(key="sizes_text").value == "2, 2, 1"


@pytest.mark.parametrize(
    "action, words",
    [
        (lambda at: at.text_input(key="sizes_text").set_value("2, x, 1"), "2, 3, 1"),
        (lambda at: at.text_input(key="sizes_text").set_value("2, 40, 1"), "$s_{2}$"),
        (lambda at: at.text_input(key="sizes_text").set_value("2"), "$L$"),
        (lambda at: at.text_input(key="sizes_text").set_value("2,2,2,2,2,2,2,2,2,2,2"), "$L$"),
    ],
)
def test_invalid_sizes_keep_the_last_valid_scenario(app, action, words):
    """Bad layer sizes: an error naming the problem, the old scenario and step stay, the typing stays."""
    app.button(key="next").click().run()
    action(app).run()
    assert not app.exception
    assert app.error and all(words in e.value for e in app.error)
    assert app.session_state["scenario"] == PRESETS["tiny"]
    assert app.session_state["step"] == 1
    assert card_ids(app) == ["F10"]
    typed = app.text_input(key="sizes_text").value
    action_text = typed
    assert app.text_input(key="sizes_text").value == action_text  # not reset


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
    key = f"examples_{app.session_state['editor_version']}"
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
    key = f"examples_{app.session_state['editor_version']}"
    app.session_state[key] = edit
    app.run()
    assert not app.exception and not app.error
    assert any(f"سطر {i18n.digits(row, 'fa')} هنوز کامل نیست" in note.value for note in app.info)
    assert app.session_state["scenario"] == PRESETS["tiny"]
    assert app.session_state[key] == edit


def test_persian_digits_and_a_minus_sign_are_read_in_a_cell(app):
    """«۰٫۵» and «−۰٫۲۵» typed into the examples table are 0.5 and −0.25."""
    key = f"examples_{app.session_state['editor_version']}"
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


def test_language_switch_changes_the_captions(app):
    """English replaces the Persian captions and status line; the step stays."""
    app.button(key="next").click().run()
    app.segmented_control(key="lang").set_value("en").run()
    texts = " ".join(m.value for m in app.markdown)
    assert "example 1 of 1" in texts and "Take example 1" in texts
    assert "نمونه" not in texts
    assert app.session_state["step"] == 1
    assert app.button(key="next").label == "Next"


def test_the_sidebar_learning_rate_is_the_scenarios(app):
    """α in the sidebar shows the scenario's, a new value reaches the scenario and the link, and Training uses it."""
    assert app.number_input(key="alpha").value == PRESETS["tiny"].alpha
    app.number_input(key="alpha").set_value(0.7).run()
    assert app.session_state["scenario"].alpha == 0.7
    assert dict(app.query_params).get("lr") == "0.7"
    app.switch_page("pages/3_Training.py").run()
    assert app.number_input(key="train_alpha").value == 0.7
