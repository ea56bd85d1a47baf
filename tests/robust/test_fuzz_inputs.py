"""Random and hostile input: never an exception, always a named error, nothing lost.

What a value becomes is decided by pure readers (``links.read_link``, ``edits.parse_sizes``,
``edits.examples``/``theta``, ``Scenario.replace``, ``iteration_limit``); hypothesis tries them with
`FUZZ_EXAMPLES` cases each (default 200; set the variable higher for a longer hunt). One AppTest per
input then checks the wiring with fixed hostile values: the page shows the reader's named error in
the page's language, keeps what was typed, and walks the last valid scenario.
"""

from __future__ import annotations

import math
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backprop_core import MAX_ITERATIONS, PRESETS, Network, Scenario, ScenarioError, check_layer_sizes, iteration_limit
from backprop_ui import i18n, links
from backprop_ui.editor import edits
from backprop_ui.editor.edits import MAX_SIZES_TEXT, parse_sizes
from backprop_ui.stage import walk
from tests.helpers import choice, examples_key, latin, new_session, stage

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", 200))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))

HOSTILE = [
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
nasty_text = st.one_of(st.text(max_size=60), st.sampled_from(HOSTILE))
numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 1e6, 1e6 + 1, -1e6 - 1, 1e308, 5e-324]),
    st.integers(-(10**20), 10**20),
)
cell = st.one_of(numbers, st.none(), nasty_text, st.booleans())
rows = st.lists(st.lists(cell, min_size=3, max_size=3), max_size=4)


def named(error: ScenarioError) -> bool:
    """The error has a sentence in both languages (a code the catalogue knows, with its values filled in)."""
    return all(i18n.error_text(error, lang) for lang in i18n.LANGS)


# ---- the pure readers --------------------------------------------------------------------------------------


@FUZZ
@given(
    st.dictionaries(
        st.sampled_from([*links.SCENARIO_KEYS, *links.VIEW_KEYS, "zz"]),
        st.one_of(nasty_text, st.lists(nasty_text, max_size=3)),
        max_size=6,
    )
)
def test_any_link_is_read_or_named(query):
    """A random query gives a valid scenario (the link's or the default) and names each key it ignored."""
    link = links.read_link(query)
    assert isinstance(link.scenario, Scenario)
    scenario_keys = [k for k in query if k in links.SCENARIO_KEYS]
    for problem in link.problems:
        assert problem.what == "scenario" or problem.what in query, problem
        if problem.error is not None:
            assert named(problem.error)
    if not scenario_keys or any(p.what == "scenario" for p in link.problems):
        assert link.scenario == PRESETS["tiny"]  # nothing asked, or refused: the default example
    else:
        assert links.read_link(links.link_query(link.scenario, 0, "en", False)).scenario == link.scenario
    assert link.lang in i18n.LANGS and (link.step is None or link.step >= 0)


@FUZZ
@given(nasty_text)
def test_any_layer_sizes_text_is_read_or_named(text):
    """Whatever is typed as layer sizes: exactly its whole numbers in order, or a named error."""
    try:
        sizes = check_layer_sizes(parse_sizes(text))
    except ScenarioError as error:
        assert named(error)
        return
    # Independently of the parser: the text's whole numbers (a minus sign is never read as a separator: a text
    # with a negative number is always refused).
    assert sizes == tuple(int(p) for p in re.findall(r"\d+", latin(text)))
    assert "-" not in latin(text).strip()[:1]


@FUZZ
@given(rows)
def test_any_example_table_is_read_or_named(table):
    """A typed examples table (2 x columns, 1 y column): complete rows read as floats, rows being typed set aside,
    a cell that is no number named by its place."""
    try:
        got = edits.examples(table, 2)
    except edits.IncompleteRowsError as error:
        assert error.rows and all(1 <= r <= len(table) for r in error.rows)
        return
    except ScenarioError as error:
        assert error.code in ("x_number", "y_number") and named(error)
        return
    assert len(got.X) + len(got.incomplete) == len(table)
    assert all(isinstance(v, float) and not math.isnan(v) for row in got.X + got.Y for v in row)
    if got.X:  # what a scenario then makes of them: taken, or a named error
        try:
            PRESETS["tiny"].replace(X=got.X, Y=got.Y)
        except ScenarioError as error:
            assert named(error)


@FUZZ
@given(rows, st.integers(1, 2))
def test_any_weight_table_is_read_or_named(table, layer):
    """A typed Θ table: every cell a float, or the first cell that is not one (or empty) named with its place."""
    try:
        got = edits.theta(table, layer)
    except ScenarioError as error:
        assert error.code in ("theta_number", "theta_empty") and named(error)
        return
    assert all(isinstance(v, float) and not math.isnan(v) for row in got for v in row)


@FUZZ
@given(lam=numbers, seed=st.one_of(st.integers(-(2**70), 2**70), numbers), eps=numbers, alpha=numbers)
def test_any_number_setting_is_taken_or_named(lam, seed, eps, alpha):
    """λ, the seed, ε and α set to any number: a valid scenario with that value, or a named error."""
    for name, value in (("lam", lam), ("seed", seed), ("epsilon", eps), ("alpha", alpha)):
        try:
            changed = PRESETS["xor"].replace(**{name: value})
        except ScenarioError as error:
            assert named(error), (name, value)
        else:
            assert getattr(changed, name) == value and math.isfinite(float(value))


@FUZZ
@given(sizes=st.lists(st.integers(1, 64), min_size=2, max_size=12), m=st.integers(0, 10_000))
def test_any_network_has_an_iteration_limit_within_bounds(sizes, m):
    """Between 1 and MAX_ITERATIONS, and never more for a bigger network or more examples."""
    network = Network.random(tuple(sizes), 0, 0.12)
    limit = iteration_limit(network, m)
    assert 1 <= limit <= MAX_ITERATIONS
    assert iteration_limit(network, m + 100) <= limit
    wider = Network.random(tuple(sizes[:-1]) + (sizes[-1] + 1,), 0, 0.12)
    assert iteration_limit(wider, m) <= limit


# ---- the wiring: one AppTest per input, with fixed hostile values ------------------------------------------


def check_page(at) -> None:
    assert not at.exception, [e.value for e in at.exception]
    scenario = at.session_state["scenario"]
    assert isinstance(scenario, Scenario)
    assert stage(at)["skey"] == walk.token(scenario, "")  # the stage walks the last valid scenario


@pytest.mark.parametrize(
    "query",
    [
        {"n": "<script>alert(1)</script>", "lang": "en"},
        {"lam": "1e308", "seed": "NaN", "step": "-inf"},
        {"p": "xor", "x": ",".join(["1"] * 10_000), "zz": "۲,۳,۱"},
    ],
)
def test_a_hostile_link_opens_the_app_and_names_what_it_ignored(query):
    at = new_session(query)
    check_page(at)
    link = links.read_link(query)
    ignored = [p.what for p in link.problems]
    assert at.session_state["scenario"] == link.scenario
    assert [p.what for p in at.session_state["link_problems"][1]] == ignored
    assert len(at.warning) == (1 if ignored else 0), "an ignored part of the link must be named, and only then"


def test_hostile_layer_sizes_are_named_and_kept_in_their_box():
    at = new_session()
    for text in ("2,,3", "<img src=x onerror=alert(1)>", "2" * 500, "2, 3, 1"):
        at.text_input(key="sizes_text").set_value(text).run()
        text = text[:MAX_SIZES_TEXT]  # the box holds this many characters
        check_page(at)
        try:
            expected, refused = check_layer_sizes(parse_sizes(text)), None
        except ScenarioError as error:
            expected, refused = None, error
        if refused is not None:
            assert any(i18n.error_text(refused, "fa") in e.value for e in at.error)  # in the page's language
            assert at.session_state["scenario"].layer_sizes == (2, 2, 1)  # the last valid network
            assert at.text_input(key="sizes_text").value == text  # what was typed is kept
        else:
            assert not at.error and at.session_state["scenario"].layer_sizes == expected == (2, 3, 1)


def edit_table(at, name: str, edited: dict) -> Scenario:
    """Send a data editor's cell edits as its browser would (``name``: examples, theta_1, …); the scenario after."""
    key = examples_key(at) if name == "examples" else f"{name}_{at.session_state['editor_version']}"
    at.session_state[key] = {
        "edited_rows": edited,
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    check_page(at)
    return at.session_state["scenario"]


@pytest.mark.parametrize(
    ("table", "column", "value", "code"),
    [
        ("examples", "x1", "<script>alert(1)</script>", "x_number"),
        ("examples", "y1", "1e308", "y_range"),
        ("theta_1", "j=1", "-inf", "theta_number"),
    ],
)
def test_a_hostile_cell_is_named_and_the_last_valid_scenario_is_walked(table, column, value, code):
    at = new_session()
    scenario = edit_table(at, table, {0: {column: value}})
    assert scenario == PRESETS["tiny"]
    assert len(at.error) >= 1 and i18n.t("sc.invalid", "fa") in at.error[0].value


def test_hostile_numbers_are_named_and_the_box_shows_the_value_in_use():
    at = new_session()
    choice(at.radio, "weights_mode").set_value("seed").run()
    for key, value in (("lam", 1e308), ("lam", -1.0), ("seed", 2**63 - 1), ("eps", 1e308), ("alpha", 0.0)):
        at.number_input(key=key).set_value(value).run()
        check_page(at)
        in_use = {"lam": "lam", "seed": "seed", "eps": "epsilon", "alpha": "alpha"}[key]
        assert at.session_state["scenario"] == PRESETS["tiny"].replace(thetas=None)  # every one refused
        assert at.number_input(key=key).value == getattr(at.session_state["scenario"], in_use)
        assert any(i18n.t("sc.invalid", "fa") in e.value for e in at.sidebar.error), (key, value)


def test_hostile_training_inputs_are_named_and_a_run_uses_the_values_in_use():
    """α and the iterations at the edges of what the widgets' messages carry: a refusal is named, the boxes show
    the values in use, and "train" trains with those."""
    at = new_session()
    at.switch_page("pages/3_Training.py").run()
    cases = (  # typed α and iterations; refused?; the α and iterations in use after them
        (0.6, 10, False, 0.6, 10),
        (math.nan, 10, True, 0.6, 10),
        (1e308, 10, True, 0.6, 10),
        (0.7, 2**63 - 1, True, 0.7, 10),
        (0.7, -5, True, 0.7, 10),
        (0.8, 20, False, 0.8, 20),  # both boxes corrected: every message goes
    )
    for alpha, iterations, refused, alpha_in_use, in_use in cases:
        at.number_input(key="train_alpha").set_value(alpha).run()
        at.number_input(key="iterations").set_value(iterations).run()
        assert bool(at.error) == refused, (alpha, iterations, [e.value for e in at.error])
        assert at.number_input(key="train_alpha").value == alpha_in_use == at.session_state["scenario"].alpha
        assert at.number_input(key="iterations").value == in_use
        at.button(key="train").click().run()
        assert not at.exception, [e.value for e in at.exception]
        _, result = at.session_state["training"]
        assert len(result.history) == in_use + 1 and all(math.isfinite(j) for j in result.history)
