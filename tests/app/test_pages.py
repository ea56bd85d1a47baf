"""Every page, reached the way a user does (from the main page), in both languages."""

import numpy as np
import pytest

from backprop_core import FORMULAS, PRESETS, Scenario, iteration_limit, relative_difference
from backprop_core.codec import to_query
from backprop_core.practice import asks, question
from backprop_ui import i18n
from backprop_ui.stage import walk
from tests.helpers import PAGE_NAMES, PAGES, choice, examples_key, new_session, stage, steps


@pytest.mark.parametrize("lang", ["fa", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_every_page_runs_without_exception(app, path, lang):
    """Each extra page opens cleanly and keeps the sidebar menu: the main page, then every page of pages/."""
    app.segmented_control(key="lang").set_value(lang).run()
    app.switch_page(path).run()
    assert not app.exception, [e.value for e in app.exception]
    links = [link.proto.page for link in app.get("page_link")]
    assert links[: len(PAGES) + 1] == ["", *PAGE_NAMES]


def test_edits_survive_a_visit_to_another_page(app):
    """An edited example and λ are still the scenario, and still in the editors, after going away and back."""
    key = examples_key(app)
    app.session_state[key] = {"edited_rows": {0: {"x1": "0.5"}}, "added_rows": [], "deleted_rows": []}
    app.number_input(key="lam").set_value(0.3).run()
    app.switch_page("pages/2_Gradient_check.py").run()
    assert not app.exception and not app.error
    app.switch_page("streamlit_app.py").run()
    assert not app.exception and not app.error
    sc = app.session_state["scenario"]
    assert sc.X[0, 0] == 0.5 and sc.lam == 0.3
    assert app.number_input(key="lam").value == 0.3
    examples = [df.value for df in app.data_editor if list(df.value.columns) == ["x1", "x2", "y1"]]
    assert examples and examples[0].iloc[0].tolist() == ["0.5", "0.1", "0.01"]


def test_lesson_page_lists_the_catalogue_and_links_to_steps(app):
    """All of F1–F15 (and SE4) appear as KaTeX, D's two cases in Persian as the lesson writes them (with «اگر», not
    an English "if"); "go" on F7 opens the main page at the first hidden-layer δ."""
    app.switch_page("pages/1_Lesson.py").run()
    latex = [e.value for e in app.get("latex")]
    words = walk.formulas_in_words("fa")
    assert all(any(FORMULAS[fid] in v for v in latex) for fid in FORMULAS if fid not in words)
    text = [m.value for m in app.markdown]
    assert all(words[fid] in text for fid in ("F13", "F14")) and all("اگر" in words[fid] for fid in words)
    assert not any(r"\text{if" in v for v in latex)
    trace = app.session_state["trace"]
    app.button(key="go_F7").click().run()
    assert not app.exception
    target = stage(app)["target"]
    assert target["step"] == trace.first("hidden_delta") and steps(app)[target["step"]]["formula_ids"] == ["F7"]


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_gradient_check_page_agrees(app, preset):
    """For every preset the page reports agreement and lists one row per weight."""
    choice(app.selectbox, "preset").set_value(preset).run()
    app.switch_page("pages/2_Gradient_check.py").run()
    assert not app.exception
    assert len(app.success) == 1 and not app.error
    sc = PRESETS[preset]
    table = app.dataframe[-1].value
    assert len(table) == sum(t.size for t in sc.network.thetas)
    # Persian: the columns read from the right, so the matrix comes last in the frame, the difference first.
    assert table.columns[-1] == i18n.t("gc.col_matrix", "fa") and table.columns[0] == i18n.t("gc.col_diff", "fa")
    D, numeric = table[i18n.t("gc.col_D", "fa")], table[i18n.t("gc.col_num", "fa")]
    assert relative_difference([D.to_numpy()], [numeric.to_numpy()]) < 1e-7


def test_training_page_trains_and_hands_back_the_weights(app):
    """Training XOR lowers J; "use these weights" opens the main page on the trained network at step 0."""
    choice(app.selectbox, "preset").set_value("xor").run()
    app.switch_page("pages/3_Training.py").run()
    app.number_input(key="iterations").set_value(1500).run()
    app.button(key="train").click().run()
    assert not app.exception
    _, result = app.session_state["training"]
    assert result.history[-1] < 0.05 < result.history[0]
    assert len(app.get("plotly_chart")) == 2  # J curve and the decision boundary
    app.button(key="use_trained").click().run()
    assert not app.exception
    sc = app.session_state["scenario"]
    assert all(np.array_equal(a, b) for a, b in zip(sc.network.thetas, result.network.thetas))
    assert stage(app)["target"]["step"] == 0 and steps(app)[0]["formula_ids"] == ["F9"]
    assert choice(app.radio, "weights_mode").value == "edit"


def test_training_page_without_two_inputs_explains_the_missing_boundary(app):
    """For the 3-5-3 network there is no boundary plot, and the page says why."""
    choice(app.selectbox, "preset").set_value("gradcheck").run()
    app.switch_page("pages/3_Training.py").run()
    app.button(key="train").click().run()
    assert not app.exception
    assert len(app.get("plotly_chart")) == 1
    assert app.info


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_training_too_large_for_a_shared_server_is_refused_with_a_message(app, lang):
    """10 × 32 units and 10 000 iterations: a clear error naming the limit, nothing trained, no traceback."""
    app.segmented_control(key="lang").set_value(lang).run()
    app.text_input(key="sizes_text").set_value(", ".join(["32"] * 10)).run()
    app.switch_page("pages/3_Training.py").run()
    app.number_input(key="iterations").set_value(10_000).run()
    app.button(key="train").click().run()
    assert not app.exception
    assert "training" not in app.session_state
    limit = iteration_limit(app.session_state["scenario"].network, 1)
    shown = app.error[0].value
    assert i18n.digits(str(limit), lang) in shown and ("سرور" in shown if lang == "fa" else "server" in shown)


def test_training_at_the_limit_for_a_shared_server_runs(app):
    """10 × 32 units: the most iterations the page allows are trained (once: it takes seconds)."""
    app.text_input(key="sizes_text").set_value(", ".join(["32"] * 10)).run()
    app.switch_page("pages/3_Training.py").run()
    limit = iteration_limit(app.session_state["scenario"].network, 1)
    app.number_input(key="iterations").set_value(limit).run()
    app.button(key="train").click().run()
    assert not app.exception and not app.error
    _, result = app.session_state["training"]
    assert len(result.history) == limit + 1


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_gradient_check_of_the_largest_network_says_it_checks_a_sample(lang):
    """10 × 32 with 50 examples: the page says how many of the 9 504 weights it checks and why,
    lists those, and they agree."""
    rng = np.random.default_rng(0)
    X = rng.uniform(0, 1, (50, 32)).round(2)
    sc = Scenario(layer_sizes=(32,) * 10, X=X, Y=(rng.uniform(0, 1, (50, 32)) > 0.5).astype(float), seed=0)
    app = new_session(to_query(sc) | {"lang": lang})
    app.switch_page("pages/2_Gradient_check.py").run()
    assert not app.exception and not app.error
    note = " ".join(i.value for i in app.info)
    assert i18n.digits("9504", lang) in note
    table = app.dataframe[-1].value
    assert 400 < len(table) < 9504
    assert len(app.success) == 1


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_a_worksheet_link_opens_with_its_scenario_and_level(lang):
    """/Worksheet?p=xor&practice=output: XOR's walk, a blank per output value asked, the key after the steps."""
    at = new_session({"p": "xor", "practice": "output", "lang": lang})
    at.switch_page("pages/4_Worksheet.py").run()
    assert not at.exception, [e.value for e in at.exception]
    asked = [s for s in PRESETS["xor"].trace() if asks(question(s), "output")]
    blanks = [e.value for e in at.get("latex") if r"\boxed{\phantom" in e.value]
    assert len(blanks) == len(asked) == 8
    assert at.selectbox(key=f"ws_level_{lang}").value == "output"
    assert at.query_params["practice"] == "output"  # the page keeps its level in the address
    key = [c for c in at.main if getattr(c, "key", None) == "ws_key"]
    assert key, "no answer key"
    at.selectbox(key=f"ws_level_{lang}").set_value("watch").run()
    assert [e for e in at.get("latex") if r"\boxed{\phantom" in e.value] == []
    assert not [c for c in at.main if getattr(c, "key", None) == "ws_key"]


def test_a_walk_too_long_to_print_says_so():
    """A walk over the worksheet's limit gets a message in words, not hundreds of pages."""
    big = Scenario(layer_sizes=(4, 8, 8, 3), seed=0, X=np.zeros((8, 4)), Y=np.zeros((8, 3)))
    assert len(big.trace()) > 240
    at = new_session(to_query(big) | {"lang": "en"})
    at.switch_page("pages/4_Worksheet.py").run()
    assert not at.exception
    assert any("a worksheet is made for walks of up to" in i.value for i in at.info)


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_a_worksheet_link_can_ask_for_a_quiz_and_the_page_switches_between_the_kinds(lang):
    """/Worksheet?…&sheet=quiz opens the quiz (its own intro, earlier boxes in place of their values, the key with
    its ±); choosing Guided gives every box its numbers back and the address drops sheet=quiz."""
    at = new_session({"p": "xor", "practice": "all", "sheet": "quiz", "lang": lang})
    at.switch_page("pages/4_Worksheet.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.radio(key=f"ws_kind_{lang}").value == "quiz" and at.query_params["sheet"] == "quiz"
    assert any(i18n.t("ws.intro_quiz", lang)[:30] in m.value for m in at.markdown)
    latex = [e.value for e in at.get("latex")]
    assert sum(r"\boxed{\scriptstyle " in v for v in latex) > 20
    key = next(m.value for m in at.markdown if m.value.startswith(("(1)", "(۱)")))
    assert r"\pm" in key
    at.radio(key=f"ws_kind_{lang}").set_value("guided").run()
    assert "sheet" not in at.query_params
    assert not any(r"\boxed{\scriptstyle " in e.value for e in at.get("latex"))
    key = next(m.value for m in at.markdown if m.value.startswith(("(1)", "(۱)")))
    assert r"\pm" not in key and "= 0.5059" in key
