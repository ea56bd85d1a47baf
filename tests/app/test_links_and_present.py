"""Links, the phase bar and presentation mode, through AppTest."""

from backprop_core import PRESETS
from backprop_ui.stage import slider_key
from tests.helpers import choice

from .conftest import MAIN, card_ids


def open_with(query: dict):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(MAIN, default_timeout=60)
    at.query_params.update(query)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_link_opens_its_scenario_step_and_language():
    """?p=xor&lam=0.5&step=20&lang=en: XOR with λ = 0.5, at step 20, in English."""
    at = open_with({"p": "xor", "lam": "0.5", "step": "20", "lang": "en"})
    sc = at.session_state["scenario"]
    assert sc == PRESETS["xor"].replace(lam=0.5)
    assert at.session_state["step"] == 19
    assert any("step 20 /" in m.value for m in at.markdown)
    assert not at.warning


def test_the_address_follows_the_step_and_scenario(app):
    """Stepping writes step= into the query; changing λ writes lam=; a preset with nothing changed stays short."""
    assert dict(app.query_params) == {"p": "tiny"}
    app.button(key="next").click().run()
    app.button(key="next").click().run()
    assert dict(app.query_params) == {"p": "tiny", "step": "3"}
    app.number_input(key="lam").set_value(0.25).run()
    assert dict(app.query_params) == {"p": "tiny", "step": "3", "lam": "0.25"}


def test_hostile_link_opens_the_default_with_a_message():
    """An unknown preset with markup and a NaN: the default example, and a warning naming what was ignored."""
    at = open_with({"p": "<script>alert(1)</script>", "lam": "NaN", "lang": "en"})
    assert at.session_state["scenario"] == PRESETS["tiny"]
    assert len(at.warning) == 1
    text = at.warning[0].value
    assert "ignored" in text and "<script>" not in text and "\\<script\\>" in text


def test_out_of_range_step_is_named():
    """A step beyond the walk is reported and the walk starts at step 1."""
    at = open_with({"p": "tiny", "step": "500"})
    assert at.session_state["step"] == 0
    assert at.warning and "۵۰۰" in at.warning[0].value


def test_phase_bar_jumps_to_each_phase_of_the_current_example(app):
    """From anywhere in example 3 of XOR, the bar goes to that example's output error, hidden errors, Δ; D is global."""
    choice(app.selectbox, "preset").set_value("xor").run()
    trace = app.session_state["trace"]
    app.slider(key=slider_key(app.session_state["step"])).set_value(trace.first("input", example=3) + 1).run()
    for phase in ("forward", "output_delta", "hidden_delta", "accumulate"):
        app.button(key=f"bar_{phase}").click().run()
        step = trace[app.session_state["step"]]
        assert (step.phase, step.example) == (phase, 3) and step.index == trace.first(phase, 3)
    app.button(key="bar_gradient").click().run()
    assert app.session_state["step"] == trace.first("gradient")
    assert card_ids(app) == ["F14", "F13"]


def test_presentation_mode_hides_the_editor_and_keeps_the_stage(app):
    """P (the button) turns presentation on: no title, no scenario editor, the card and figure remain; P again leaves."""
    app.button(key="present_btn").click().run()
    assert app.session_state["present"] is True
    assert not app.title
    assert not app.get("text_input")
    assert len(app.get("plotly_chart")) == 1 and card_ids(app) == ["F9"]
    assert app.query_params["present"] == "1"
    app.button(key="next").click().run()
    assert app.session_state["step"] == 1
    app.button(key="present_btn").click().run()
    assert app.session_state["present"] is False and app.title
    assert app.text_input(key="sizes_text").value == "2, 2, 1" and not app.error  # the editor is back, filled in


def test_present_link_opens_in_presentation_mode():
    """?present=1 opens straight into presentation mode."""
    at = open_with({"present": "1"})
    assert at.session_state["present"] is True and not at.title


def test_share_shows_the_link_and_offers_the_json(app):
    """The Share popover, once opened, holds the current link (with a copy button) and the JSON download."""
    app.button(key="next").click().run()
    assert not app.code and not app.get("download_button")  # closed: nothing built
    app.session_state["share"] = True  # what opening it sends
    app.run()
    codes = [c.value for c in app.code]
    assert codes and codes[0].endswith("?p=tiny&step=2")
    assert app.get("download_button")


def test_a_scenario_too_big_for_a_link_says_so_instead_of_a_broken_link(app):
    """10 × 32 hand-edited weights (a ~200 KB query): no such address is written, Share explains; seeded is short again."""
    app.text_input(key="sizes_text").set_value(", ".join(["32"] * 10)).run()  # the hand-set weights stay hand-set
    assert not app.exception
    assert len(app.session_state["scenario"].to_query()["w"]) > 100_000
    assert dict(app.query_params) == {}  # not a 200 KB address that no server would open
    app.session_state["share"] = True
    app.run()
    assert not app.code and "نویسه" in app.warning[0].value
    assert app.get("download_button")  # the whole walk can still be saved
    choice(app.radio, "weights_mode").set_value("seed").run()
    seeded = dict(app.query_params)
    assert seeded["n"] == "-".join(["32"] * 10) and "w" not in seeded
    assert app.code
