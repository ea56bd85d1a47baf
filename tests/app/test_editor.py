"""The scenario editor: one owner, changes that say what they did, undo, refusals in the user's language."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_core import PRESETS
from backprop_ui import i18n
from tests.helpers import choice, editor_state, examples_key, stage


def sidebar_text(at) -> str:
    return " ".join(e.value for e in [*at.sidebar.markdown, *at.sidebar.info, *at.sidebar.caption, *at.sidebar.error])


def test_an_edited_example_is_named_for_what_it_is(app):
    """XOR with λ = 1 is "XOR, edited" in the example box, and picking XOR again restores it."""
    choice(app.selectbox, "preset").set_value("xor").run()
    app.number_input(key="lam").set_value(1.0).run()
    box = choice(app.selectbox, "preset")
    assert box.value == "current"
    assert box.options[0] == i18n.t("sc.edited", "fa", name=i18n.t("preset.xor", "fa"), sizes="\u2066۲-۲-۱\u2069")
    assert box.options[0] == "ویرایش‌شده: XOR با چهار نمونه (\u2066۲-۲-۱\u2069)"  # "edited" first: never cut off
    assert app.session_state["scenario"].name == "xor"  # the link stays "xor plus what differs"
    choice(app.selectbox, "preset").set_value("xor").run()
    assert app.session_state["scenario"] == PRESETS["xor"]
    assert choice(app.selectbox, "preset").value == "xor"


def test_undo_takes_back_the_last_change_and_redo_makes_it_again(app):
    app.number_input(key="lam").set_value(2.0).run()
    assert app.session_state["scenario"].lam == 2.0
    app.button(key="undo_btn").click().run()
    assert app.session_state["scenario"] == PRESETS["tiny"]
    assert app.number_input(key="lam").value == 0.0
    assert i18n.t("sc.undone", "fa", what="λ") in sidebar_text(app)
    app.button(key="redo_btn").click().run()
    assert app.session_state["scenario"].lam == 2.0


def test_undo_goes_back_through_every_change_saying_what_each_takes_back(app):
    """The trial's Undo went back one step only, and named the wrong change after a Θ edit: now a history."""
    app.number_input(key="lam").set_value(2.0).run()
    app.text_input(key="sizes_text").set_value("2, 3, 1").run()
    app.number_input(key="seed").set_value(7).run()
    assert app.button(key="undo_btn").proto.help == i18n.t("sc.undo_what", "fa", what=i18n.change_label("seed", "fa"))
    app.button(key="undo_btn").click().run()
    assert app.button(key="undo_btn").proto.help == i18n.t("sc.undo_what", "fa", what=i18n.change_label("sizes", "fa"))
    app.button(key="undo_btn").click().run()
    assert app.session_state["scenario"] == PRESETS["tiny"].replace(lam=2.0)
    app.button(key="undo_btn").click().run()
    assert app.session_state["scenario"] == PRESETS["tiny"]
    assert not [b for b in app.button if b.key == "undo_btn"]  # nothing left to take back
    for _ in range(3):
        app.button(key="redo_btn").click().run()
    assert app.session_state["scenario"].seed == 7 and app.session_state["scenario"].layer_sizes == (2, 3, 1)
    app.number_input(key="lam").set_value(1.0).run()  # a new change: what was undone cannot be made again
    assert not [b for b in app.button if b.key == "redo_btn"]


def test_loading_an_example_over_edits_can_be_undone(app):
    """Hand edits are not lost to a slip of the example box."""
    key = examples_key(app)
    app.session_state[key] = editor_state(edited={0: {"x1": "0.7"}})
    app.run()
    edited = app.session_state["scenario"]
    assert edited.X[0, 0] == 0.7
    choice(app.selectbox, "preset").set_value("xor").run()
    assert app.session_state["scenario"] == PRESETS["xor"]
    app.button(key="undo_btn").click().run()
    assert app.session_state["scenario"] == edited
    examples = [df.value for df in app.data_editor if "x1" in df.value.columns]
    assert examples[0].iloc[0, 0] == "0.7"


def test_new_sizes_say_what_else_changed(app):
    """2-2-1 to 3-2-1: the notes name Θ^(1)'s new shape and the new input x3, in Persian."""
    app.text_input(key="sizes_text").set_value("3, 2, 1").run()
    assert not app.exception
    sc = app.session_state["scenario"]
    assert sc.layer_sizes == (3, 2, 1) and sc.thetas is not None  # hand weights stay hand weights
    np.testing.assert_array_equal(sc.network.thetas[1], PRESETS["tiny"].network.thetas[1])
    notes = " ".join(n.value for n in app.sidebar.info)
    assert "$\\Theta^{(1)}$" in notes and "۲×۳" in notes and "۲×۴" in notes
    assert "$x_{3}$" in notes
    app.text_input(key="sizes_text").set_value("2, 2, 1").run()
    assert app.session_state["scenario"] == PRESETS["tiny"]  # the example's weights came back


@pytest.mark.parametrize("lang", ["fa", "en"])
@pytest.mark.parametrize(
    "name, value, words",
    [
        ("lam", -1.0, {"fa": "λ برابر با \u2066۰\u2069 به کار می‌رود", "en": "still uses λ = 0"}),
        ("lam", 5e6, {"fa": "۵٬۰۰۰٬۰۰۰", "en": "5,000,000"}),
        ("alpha", 0.0, {"fa": "نرخ یادگیری", "en": "learning rate"}),
    ],
)
def test_a_refused_number_is_said_in_the_users_language_and_the_box_shows_what_is_used(app, lang, name, value, words):
    """λ < 0, λ too large or α = 0: an error in the page's language, and the box goes back to the scenario's value."""
    app.segmented_control(key="lang").set_value(lang).run()
    app.number_input(key=name).set_value(value).run()
    assert not app.exception
    assert app.session_state["scenario"] == PRESETS["tiny"]
    assert app.number_input(key=name).value == getattr(PRESETS["tiny"], name)  # lam 0.0, alpha 0.5
    errors = " ".join(e.value for e in app.sidebar.error)
    assert i18n.t("sc.invalid", lang) in errors and words[lang] in errors


def test_a_refused_loss_keeps_the_scenario_and_says_why(app):
    """Cross-entropy with a target of 1.5 (set under squared error) is refused, naming y."""
    choice(app.radio, "loss").set_value("squared_error").run()
    key = examples_key(app)
    app.session_state[key] = editor_state(edited={0: {"y1": "1.5"}})
    app.run()
    assert app.session_state["scenario"].Y[0, 0] == 1.5
    choice(app.radio, "loss").set_value("cross_entropy").run()
    assert app.session_state["scenario"].loss == "squared_error"
    assert choice(app.radio, "loss").value == "squared_error"
    assert any("$y^{(1)}_{1}$" in e.value for e in app.sidebar.error)


def test_a_language_switch_changes_no_input(app):
    """Every input shows the same values after a switch to English and back (AppTest's view of issue 14)."""
    choice(app.selectbox, "preset").set_value("mazur").run()

    def values():
        return (
            choice(app.selectbox, "preset").value,
            choice(app.radio, "weights_mode").value,
            choice(app.radio, "loss").value,
            app.number_input(key="lam").value,
            app.number_input(key="alpha").value,
            app.text_input(key="sizes_text").value,
            stage(app)["target"],
            stage(app)["skey"],
        )

    before = values()
    app.segmented_control(key="lang").set_value("en").run()
    assert values() == before
    app.number_input(key="lam").set_value(1.0).run()
    assert app.session_state["scenario"] == PRESETS["mazur"].replace(lam=1.0)
    app.segmented_control(key="lang").set_value("fa").run()
    assert app.session_state["scenario"] == PRESETS["mazur"].replace(lam=1.0)


def test_an_edited_example_survives_a_language_switch(app):
    """x₁ of the first example typed as 0.3, then the language switched: the scenario, the link and the table keep
    0.3 (the table's column help is in the language, and Streamlit gave the table a new identity with no edits,
    which read as the edit taken back: found by the browser test that switches before every edit)."""
    choice(app.selectbox, "preset").set_value("mazur").run()
    app.session_state[examples_key(app)] = editor_state({0: {"x1": "0.3"}})
    app.run()
    edited = PRESETS["mazur"].replace(X=[[0.3, 0.1]])
    assert app.session_state["scenario"] == edited
    for lang in ("en", "fa"):
        app.segmented_control(key="lang").set_value(lang).run()
        assert app.session_state["scenario"] == edited, lang
        assert dict(app.query_params).get("x") == "0.3,0.1", lang
        assert not app.error


def test_a_row_being_typed_does_not_hide_the_other_rows_checks(app):
    """Row 2 half typed, row 1 changed: row 1's change is taken (or refused and named) meanwhile."""
    key = examples_key(app)
    app.session_state[key] = editor_state(edited={0: {"x1": "0.7"}}, added=[{"x1": "1"}])
    app.run()
    assert app.session_state["scenario"].X.tolist() == [[0.7, 0.1]]  # row 1 taken, row 2 waits
    assert any("سطر ۲ هنوز کامل نیست" in note.value for note in app.info)
    app.session_state[key] = editor_state(edited={0: {"y1": "-1"}}, added=[{"x1": "1"}])
    app.run()
    assert any("$y^{(1)}_{1}$" in e.value for e in app.sidebar.error)  # checked, though row 2 is unfinished


def test_edit_by_hand_opens_the_seeds_weights_without_renaming_the_example(app):
    """XOR's weights come from its seed: "edit by hand" shows them in tables and stays chosen, but the example is
    still XOR and the link still says only p=xor until a weight changes; then it is "edited", and back to the seed
    draws them again."""
    choice(app.selectbox, "preset").set_value("xor").run()
    drawn = PRESETS["xor"].network.thetas
    choice(app.radio, "weights_mode").set_value("edit").run()
    assert choice(app.radio, "weights_mode").value == "edit"
    assert app.session_state["scenario"] == PRESETS["xor"]
    assert choice(app.selectbox, "preset").value == "xor"
    assert dict(app.query_params) == {"p": "xor"}
    tables = [df.value for df in app.data_editor if list(df.value.columns)[:2] == ["j=0", "j=1"]]
    assert len(tables) == len(drawn)
    for shown, theta in zip(tables, drawn, strict=True):  # shown to four significant figures
        np.testing.assert_allclose(shown.to_numpy(dtype=float), theta, rtol=5e-4)

    key = f"theta_1_{app.session_state['editor_version']}"
    app.session_state[key] = editor_state(edited={0: {"j=1": 0.25}})
    app.run()
    edited = app.session_state["scenario"]
    assert edited.thetas is not None and edited.thetas[0][0, 1] == 0.25
    assert np.array_equal(edited.thetas[1], drawn[1])
    assert choice(app.selectbox, "preset").value == "current"
    assert choice(app.radio, "weights_mode").value == "edit"

    choice(app.radio, "weights_mode").set_value("seed").run()
    assert app.session_state["scenario"] == PRESETS["xor"]
    assert choice(app.radio, "weights_mode").value == "seed"
    choice(app.selectbox, "preset").set_value("mazur").run()  # a new example opens as given, not in tables
    assert choice(app.radio, "weights_mode").value == ("seed" if PRESETS["mazur"].thetas is None else "edit")


def test_on_a_phone_the_examples_table_is_drawn_only_once_its_box_is_opened(monkeypatch):
    """A phone's browser (by its User-Agent) gets the examples' box folded, with no table in the page, so
    Streamlit's data grid is not loaded; opened, the table is there and an edit works; a half-typed row
    opens the box again by itself on the next run."""
    from backprop_ui.editor import sidebar
    from tests.helpers import new_session

    monkeypatch.setattr(sidebar, "_on_a_phone", lambda: True)
    at = new_session({"p": "mazur"})
    tables = lambda: [df for df in at.data_editor if "x1" in df.value.columns]  # noqa: E731
    assert at.session_state[sidebar.EXAMPLES_OPEN] is False and tables() == []
    assert [e.label for e in at.sidebar.expander][:1] == [i18n.t("sc.examples", "fa")]
    at.session_state[sidebar.EXAMPLES_OPEN] = True  # the reader opens it
    at.run()
    assert len(tables()) == 1 and tables()[0].value.shape == (1, 4)  # x1, x2, y1, y2
    at.session_state[examples_key(at)] = editor_state(edited={0: {"x1": "0.7"}}, added=[{"x1": "1"}])
    at.run()
    at.session_state[sidebar.EXAMPLES_OPEN] = False  # folded while a row is half typed
    at.run()
    assert at.session_state[sidebar.EXAMPLES_OPEN] is True and len(tables()) == 1
    assert at.session_state["scenario"].X.tolist() == [[0.7, 0.1]]
