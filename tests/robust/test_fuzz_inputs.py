"""Random and hostile input, through AppTest: never an exception, always a named error, nothing lost.

Each test runs `FUZZ_EXAMPLES` hypothesis cases (default 40; `make test` keeps it small, set the
variable higher for a longer hunt).
"""

import math
import os
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backprop_core import PRESETS, Scenario, ScenarioError, check_layer_sizes
from backprop_ui import i18n, links
from backprop_ui.editor.edits import MAX_SIZES_TEXT, parse_sizes
from backprop_ui.stage import walk
from tests.helpers import choice, examples_key, latin, new_session, stage

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", 40))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))

nasty_text = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "",
            "NaN",
            "nan",
            "inf",
            "-inf",
            "1e308",
            "-1e308",
            "1e-320",
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[x](javascript:alert(1))",
            "$\\\\x$",
            "۲,۳,۱",
            "2,,3",
            " , ",
            "0x10",
            "1_000",
            "٣",
            "2" * 500,
            ",".join(["1"] * 10_000),
        ]
    ),
)
numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 1e6, 1e6 + 1, -1e6 - 1, 1e308, 5e-324]),
    st.integers(-(10**20), 10**20),
)
cell = st.one_of(numbers, st.none(), nasty_text, st.booleans())


def edit_table(at, name: str, edited, added, deleted):
    """Send a data editor's edits as its browser would (``name``: examples, theta_1, …); the scenario after."""
    key = examples_key(at) if name == "examples" else f"{name}_{at.session_state['editor_version']}"
    at.session_state[key] = {
        "edited_rows": edited,
        "added_rows": added,
        "deleted_rows": deleted,
    }
    at.run()
    check_page(at)
    return at.session_state["scenario"]


def check_page(at) -> None:
    assert not at.exception, [e.value for e in at.exception]
    scenario = at.session_state["scenario"]
    assert isinstance(scenario, Scenario)
    assert stage(at)["skey"] == walk.token(scenario, "")  # the stage walks the last valid scenario


@FUZZ
@given(
    st.dictionaries(
        st.sampled_from([*links.SCENARIO_KEYS, *links.VIEW_KEYS, "zz"]),
        nasty_text,
        max_size=6,
    )
)
def test_any_link_opens_the_app(query):
    """Random query strings open the app: the link's scenario or the default, with a message for what was ignored."""
    at = new_session(query)
    check_page(at)
    link = links.read_link(query)
    ignored = [p.what for p in link.problems]
    if link.step is not None and link.step >= len(link.scenario.trace()):
        ignored.append("step")  # a step the walk does not have
    assert at.session_state["scenario"] == link.scenario
    assert [p.what for p in at.session_state["link_problems"][1]] == ignored
    assert len(at.warning) == (1 if ignored else 0), "an ignored part of the link must be named, and only then"


@FUZZ
@given(nasty_text)
def test_any_layer_sizes_text(text):
    """Whatever is typed as layer sizes: accepted, or an error and the previous network unchanged."""
    at = new_session()
    at.text_input(key="sizes_text").set_value(text).run()
    text = text[:MAX_SIZES_TEXT]  # the box holds this many characters
    check_page(at)
    refused, expected = None, None
    try:
        expected = check_layer_sizes(parse_sizes(text))  # what the editor does with the text
    except ScenarioError as error:
        refused = error
    if refused is not None:
        assert any(i18n.error_text(refused, "fa") in e.value for e in at.error)  # that error, in the page's language
        assert at.session_state["scenario"] == PRESETS["tiny"]
        assert at.text_input(key="sizes_text").value == text  # what was typed is kept
    else:
        assert not at.error
        assert at.session_state["scenario"].layer_sizes == expected
        # Independently of the parser: exactly the whole numbers of the text, in order (and no minus sign
        # was read as a separator: a text with a negative number is always refused).
        assert expected == tuple(int(p) for p in re.findall(r"\d+", latin(text)))


@FUZZ
@given(
    edited=st.dictionaries(
        st.integers(0, 2), st.dictionaries(st.sampled_from(["x1", "x2", "y1", "zz"]), cell, max_size=3), max_size=2
    ),
    added=st.lists(st.dictionaries(st.sampled_from(["x1", "x2", "y1"]), cell, max_size=3), max_size=3),
    deleted=st.lists(st.integers(0, 3), max_size=2),
)
def test_any_example_table_edit(edited, added, deleted):
    """Random cell edits, added and deleted rows (as a hostile client could send): valid or named, never lost."""
    at = new_session()
    sc = edit_table(at, "examples", edited, added, deleted)
    if at.error:
        assert sc == PRESETS["tiny"]
    else:
        assert all(math.isfinite(v) and abs(v) <= 1e6 for v in sc.X.ravel())
        assert all(0 <= v <= 1 for v in sc.Y.ravel())


@FUZZ
@given(lam=numbers, seed=st.integers(-(2**63), 2**63 - 1), eps=numbers)
def test_any_number_inputs(lam, seed, eps):
    """λ and ε set to any double, the seed to any 64-bit integer (what the widgets' messages can carry)."""
    at = new_session()
    choice(at.radio, "weights_mode").set_value("seed").run()
    for key, value in (("lam", lam), ("seed", seed), ("eps", eps)):
        at.number_input(key=key).set_value(value).run()
        check_page(at)


@FUZZ
@given(
    layer=st.sampled_from([1, 2]),
    edited=st.dictionaries(
        st.integers(-1, 3), st.dictionaries(st.sampled_from(["j=0", "j=1", "j=2", "zz"]), cell, max_size=3), max_size=2
    ),
    added=st.lists(st.dictionaries(st.sampled_from(["j=0", "j=1", "j=2"]), cell, max_size=3), max_size=2),
    deleted=st.lists(st.integers(-1, 3), max_size=2),
)
def test_any_weight_table_edit(layer, edited, added, deleted):
    """Random edits of a Θ table (cells, added and deleted rows): valid weights or a named error, nothing lost."""
    at = new_session()
    assert choice(at.radio, "weights_mode").value == "edit"
    sc = edit_table(at, f"theta_{layer}", edited, added, deleted)
    if at.error:
        assert sc == PRESETS["tiny"]
    else:
        assert [t.shape for t in sc.network.thetas] == [t.shape for t in PRESETS["tiny"].network.thetas]
        assert all(math.isfinite(v) and abs(v) <= 1e6 for t in sc.network.thetas for v in t.ravel())


@FUZZ
@given(alpha=numbers, iterations=st.integers(-(2**63), 2**63 - 1))
def test_any_training_inputs(alpha, iterations):
    """The learning rate set to any double and the iterations to any 64-bit integer (what the widgets'
    messages can carry; a double in an integer widget's message fails inside Streamlit's own
    deserialiser, before the page runs), then "train": trained, or a named error."""
    at = new_session()
    at.switch_page("pages/3_Training.py").run()
    for key, value in (("train_alpha", alpha), ("iterations", iterations)):
        at.number_input(key=key).set_value(value).run()
        assert not at.exception, [e.value for e in at.exception]
    at.button(key="train").click().run()
    assert not at.exception, [e.value for e in at.exception]
    if "training" not in at.session_state:
        assert at.error or at.info  # refused with a message, or nothing asked of it yet
    else:
        _, result = at.session_state["training"]
        assert all(math.isfinite(j) for j in result.history)
