"""Links, the phase bar and presentation mode as the server hands them to the stage (AppTest)."""

from backprop_core import PRESETS, codec
from backprop_ui.links import VIEW
from tests.helpers import choice, new_session, stage, steps


def test_a_link_opens_its_scenario_step_and_language():
    """?p=xor&lam=0.5&step=20&lang=en: XOR with λ = 0.5, the stage sent to step 20, in English."""
    at = new_session({"p": "xor", "lam": "0.5", "step": "20", "lang": "en"})
    sc = at.session_state["scenario"]
    assert sc == PRESETS["xor"].replace(lam=0.5)
    data = stage(at)
    assert data["target"]["step"] == 19 and data["walk"]["meta"]["lang"] == "en"
    assert "step 20 /" in steps(at)[19]["status"]
    assert not at.warning


def test_the_stage_is_handed_how_to_write_the_address_from_the_link_tables(app):
    """The browser writes the address in the server's order (the codec's scenario keys, then the view table's), each
    value it owns as the view table's own encode writes it; a key it does not own (lang, tab, sheet) it keeps."""
    codec_ = stage(app)["address"]
    assert codec_["scenario"] == list(codec.KEYS)
    assert [row["key"] for row in codec_["view"]] == [prop.key for prop in VIEW]
    assert [row["key"] for row in codec_["view"]] == ["step", "lang", "present", "practice", "tab", "sheet"]
    by_key = {row["key"]: row for row in codec_["view"]}
    assert by_key["step"]["kind"] == "step" and "values" not in by_key["lang"]
    assert by_key["present"]["values"] == {"true": "1", "false": None}
    # A level as a link writes it; "watch", the stage's default, is left out.
    assert by_key["practice"]["values"] == {"watch": None, "output": "output", "delta": "delta", "all": "1"}


def test_the_address_carries_the_scenario_and_the_browser_adds_the_step(app):
    """The server writes the scenario and language (the stage adds step and present in the browser)."""
    assert dict(app.query_params) == {"p": "tiny"}
    app.number_input(key="lam").set_value(0.25).run()
    assert dict(app.query_params) == {"p": "tiny", "lam": "0.25"}
    app.segmented_control(key="lang").set_value("en").run()
    assert dict(app.query_params) == {"p": "tiny", "lam": "0.25", "lang": "en"}


def test_hostile_link_opens_the_default_with_a_message():
    """An unknown preset with markup and a NaN: the default example, and a warning naming what was ignored."""
    at = new_session({"p": "<script>alert(1)</script>", "lam": "NaN", "lang": "en"})
    assert at.session_state["scenario"] == PRESETS["tiny"]
    assert len(at.warning) == 1
    text = at.warning[0].value
    assert "ignored" in text and "<script>" not in text and "\\<script\\>" in text


def test_out_of_range_step_is_named():
    """A step beyond the walk is reported and the stage is not sent anywhere."""
    at = new_session({"p": "tiny", "step": "500"})
    assert stage(at)["target"] is None
    assert at.warning and "۵۰۰" in at.warning[0].value


def test_phase_bar_targets_are_each_examples_phase_starts(app):
    """For every example of XOR the bar knows where its output error, hidden errors and Δ start; D is global."""
    choice(app.selectbox, "preset").set_value("xor").run()
    trace = app.session_state["trace"]
    meta = stage(app)["walk"]["meta"]
    for t in range(1, 5):
        starts = meta["bar_targets"][str(t)]
        for phase, index in zip(("forward", "output_delta", "hidden_delta", "accumulate"), starts, strict=False):
            assert (trace[index].phase, trace[index].example) == (phase, t) and index == trace.first(phase, t)
        assert starts[4] == trace.first("gradient")
    records = steps(app)
    assert [r["bar"] for r in records[:3]] == [None, "forward", "forward"]  # the input step belongs to the forward pass
    assert records[-1]["bar"] == "gradient" and records[-1]["formula_ids"] == ["F15"]


def test_present_link_opens_in_presentation_mode():
    """?present=1 hands the stage presentation mode; the editor is still there (the stage hides it)."""
    at = new_session({"present": "1"})
    assert stage(at)["present"] is True
    assert at.text_input(key="sizes_text").value == "2, 2, 1"


def test_the_default_reshaped_to_ten_layers_of_32_keeps_a_link_that_opens_it(app):
    """The trial's data loss: every Θ of the reshaped network is drawn from the seed, so the address is n and seed
    (not a 200 KB list of weights, nor an address without the network) and a new session opens the same walk."""
    app.text_input(key="sizes_text").set_value(", ".join(["32"] * 10)).run()
    assert not app.exception
    address = dict(app.query_params)
    assert address["n"] == "-".join(["32"] * 10) and address["seed"] == "0" and "w" not in address
    data = stage(app)
    assert data["shareable"] is True
    assert data["walk"]["meta"]["windows"] > 1  # 597 steps of 330 units: sent in windows
    again = new_session(address)
    assert again.session_state["scenario"] == app.session_state["scenario"] and not again.warning
