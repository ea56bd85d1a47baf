"""Shareable links: the query a view writes, reading it back, hostile links, the JSON export."""

import json
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_core import PRESETS, Scenario, ScenarioError, codec
from backprop_core.practice import LEVELS
from backprop_ui.i18n import LANGS
from backprop_ui.links import (
    MAX_QUERY_CHARS,
    VIEW,
    Link,
    address_codec,
    encode,
    link_query,
    read_link,
    read_saved,
    tab_id,
    trace_filename,
    trace_json,
    view_query,
)


def test_preset_link_is_short():
    """A preset at its first step in Persian is just ?p=tiny; step, lang and present add one key each."""
    assert link_query(PRESETS["tiny"], 0, "fa", False) == {"p": "tiny"}
    assert link_query(PRESETS["xor"], 16, "en", True) == {"p": "xor", "step": "17", "lang": "en", "present": "1"}


@pytest.mark.parametrize(
    "scenario, step, lang, present, address",
    [
        (PRESETS["xor"], 16, "en", True, "p=xor&step=17&lang=en&present=1"),
        (PRESETS["tiny"].replace(lam=0.25, X=[[-0.5, 1e-7]]), 0, "fa", False, "p=tiny&x=-0.5,1e-07&lam=0.25"),
        (
            PRESETS["xor"].replace(name="my net", X=[[0, 0], [1, 1]], Y=[[0], [1]]),
            2,
            "en",
            False,
            "name=my+net&n=2-2-1&seed=1&eps=1&x=0,0;1,1&y=0;1&lam=0&loss=ce&lr=2&step=3&lang=en",
        ),
    ],
)
def test_links_are_written_byte_for_byte_as_before(scenario, step, lang, present, address):
    """The address bar's text, key order included, is what earlier versions wrote: old links and bookmarks stay valid."""
    assert encode(link_query(scenario, step, lang, present)) == address


VIEW_VALUES = {
    "step": 9,
    "lang": "en",
    "present": True,
    "practice": "delta",
    "tab": "0123456789abcdef",
    "sheet": "quiz",
}


@pytest.mark.parametrize("prop", VIEW, ids=lambda prop: prop.key)
def test_each_view_row_reads_back_what_it_writes(prop):
    """Every row of the view table: a value other than the default is written and read back unchanged."""
    query = view_query(**{prop.field: VIEW_VALUES[prop.field]})
    assert list(query) == [prop.key]
    link = read_link(query)
    assert getattr(link, prop.field) == VIEW_VALUES[prop.field] and link.problems == []


def test_the_view_table_is_tested_whole():
    """Each view row has a value above (a new row needs one)."""
    assert set(VIEW_VALUES) == {prop.field for prop in VIEW}


@settings(max_examples=200, deadline=None)
@given(
    name=st.sampled_from(sorted(PRESETS)),
    lam=st.floats(0, 1e6),
    step=st.integers(0, 999_998),
    lang=st.sampled_from(LANGS),
    present=st.booleans(),
    practice=st.sampled_from([None, *LEVELS]),
)
def test_any_view_round_trips(name, lam, step, lang, present, practice):
    """Any scenario and view, written as a link and read back: the same scenario, step, language, mode and level."""
    sc = PRESETS[name].replace(lam=lam)
    link = read_link(link_query(sc, step, lang, present) | view_query(practice=practice))
    assert link.problems == [] and link.scenario == sc
    assert (link.step or 0, link.lang, link.present, link.practice) == (step, lang, present, practice)


def test_every_view_value_the_stage_writes_reads_back_as_that_value():
    """The codec the browser is handed (address_codec, applied by stage/core/address.js): each value it writes is read
    back by read_link as the same value, and a value it leaves out is the default a link without the key means."""
    rows = address_codec()["view"]
    owned = {row["field"] for row in rows if "values" in row or row.get("kind")}
    assert owned == {"step", "present", "practice"}  # lang, tab, sheet are the server's: the browser keeps their text
    for row in rows:
        for value, text in row.get("values", {}).items():
            expected = {"true": True, "false": False}.get(value, value)
            link = read_link({} if text is None else {row["key"]: text})
            assert getattr(link, row["field"]) == (
                expected if text is not None else getattr(Link(PRESETS["tiny"]), row["field"])
            )
            assert link.problems == []


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_link_round_trip(name):
    """Reading back a written link gives the same scenario, step, language and mode."""
    sc = PRESETS[name].replace(lam=0.7, X=PRESETS[name].X + 0.125)
    link = read_link(link_query(sc, 9, "en", True))
    assert link.problems == []
    assert link.scenario == sc and link.step == 9 and link.lang == "en" and link.present is True


@pytest.mark.parametrize(
    "query, what",
    [
        ({"p": "nope"}, "scenario"),
        ({"p": "<script>alert(1)</script>"}, "scenario"),
        ({"lam": "NaN"}, "scenario"),
        ({"lam": "1e308"}, "scenario"),
        ({"x": "1,2,3"}, "scenario"),
        ({"w": "abc"}, "scenario"),
        ({"n": "-".join(["2"] * 10_000)}, "scenario"),
        ({"lang": "de"}, "lang"),
        ({"present": "yes"}, "present"),
        ({"practice": "everything"}, "practice"),
        ({"step": "-3"}, "step"),
        ({"step": "1.5"}, "step"),
        ({"step": "9999999999"}, "step"),
        ({"step": "²"}, "step"),
        ({"tab": "<script>"}, "tab"),
        (
            {"tab": "0123456789ABCDEF"},
            "tab",
        ),  # ids are lower-case hex, as tab_id writes them  # a digit to str.isdigit, not to int(): read_link raised before the view table
        ({"x": "0" * (MAX_QUERY_CHARS + 1)}, "too_long"),
    ],
)
def test_hostile_links_open_the_default_and_say_what_was_ignored(query, what):
    """Broken or hostile values never raise: the default (or the rest of the link) is used and the part is named."""
    link = read_link(query)
    assert [p.what for p in link.problems] == [what]
    if what in ("scenario", "too_long"):
        assert link.scenario == PRESETS["tiny"]


def test_good_parts_of_a_link_survive_a_bad_part():
    """A wrong language does not throw away the scenario and step of the same link."""
    link = read_link({"p": "xor", "step": "5", "lang": "xx"})
    assert link.scenario == PRESETS["xor"] and link.step == 4 and link.lang == "fa"
    assert [p.what for p in link.problems] == ["lang"]


def test_trace_json_has_every_step_and_the_results():
    """The export holds every step with its formula and numbers, and the final Δ, D and J."""
    sc = PRESETS["mazur"]
    trace = sc.trace()
    doc = json.loads(trace_json(trace, sc))
    assert len(doc["steps"]) == len(trace)
    assert doc["steps"][2]["formula"] == "F11" and "0.3775" in doc["steps"][2]["latex"]
    assert doc["J"] == pytest.approx(0.298371109, abs=1e-9)
    assert np.allclose(doc["D"][1], trace.D[1]) and np.allclose(doc["Delta"][0], trace.Delta[0])
    assert doc["scenario"] == {"p": "mazur"}
    assert doc["Theta"] == [t.tolist() for t in sc.network.thetas]  # the weights the walk used
    assert doc["X"] == [[0.05, 0.1]] and doc["Y"] == [[0.01, 0.99]]


@pytest.mark.parametrize(
    "scenario, name",
    [
        (PRESETS["xor"], "backprop-xor-2-2-1.json"),
        (PRESETS["xor"].replace(layer_sizes=(2, 3, 1)), "backprop-xor-edited-2-3-1.json"),
        (PRESETS["tiny"], "backprop-classic-2-2-1.json"),  # what the example is, not its link id
        (PRESETS["mazur"], "backprop-classic-two-outputs-2-2-2.json"),
        (PRESETS["tiny"].replace(name="../My Net!"), "backprop-my-net-2-2-1.json"),
        (PRESETS["tiny"].replace(name="«شبکه»"), "backprop-custom-2-2-1.json"),
    ],
)
def test_the_download_is_named_for_its_walk(scenario, name):
    """The file name says which example, whether it was edited, and the layer sizes; nothing else gets in."""
    assert trace_filename(scenario) == name


def test_only_links_a_server_can_open_are_offered():
    """Presets and small edits are shareable; a query beyond MAX_LINK_CHARS is not."""
    from backprop_ui.links import MAX_LINK_CHARS, encode, shareable

    for preset in PRESETS.values():
        assert shareable(link_query(preset, 5, "en", True))
    long = {"p": "tiny", "w": "0.123456," * (MAX_LINK_CHARS // 9)}
    assert len(encode(long)) > MAX_LINK_CHARS and not shareable(long)


@pytest.mark.parametrize(
    ("value", "level"), [("1", "all"), ("all", "all"), ("output", "output"), ("delta", "delta"), ("0", "watch")]
)
def test_a_link_names_a_practice_level(value, level):
    """practice=1 is the whole walk; the fading levels by name; 0 just watches."""
    link = read_link({"p": "xor", "practice": value})
    assert link.practice == level and link.problems == [] and link.scenario == PRESETS["xor"]


def _big() -> Scenario:
    """Hand-edited weights of a 2-32-32-32-1 network: too many digits for any link."""
    sc = PRESETS["tiny"].replace(layer_sizes=(2, 32, 32, 32, 1), thetas=None)
    rng = np.random.default_rng(5)
    return sc.replace(thetas=[rng.uniform(-1, 1, t.shape).round(6) for t in sc.network.thetas])


def test_a_tab_id_names_its_scenario_and_a_links_own_scenario_wins():
    """tab=ID is 16 hex digits of the exact query; with scenario keys beside it, the link's scenario is used."""
    big = _big()
    assert re.fullmatch("[0-9a-f]{16}", tab_id(big)) and tab_id(big) != tab_id(PRESETS["tiny"])
    assert tab_id(big) == tab_id(codec.from_query(codec.to_query(big)))
    assert read_link({"tab": tab_id(big), "step": "3"}).tab == tab_id(big)
    assert read_link({"p": "xor", "tab": tab_id(big)}).tab is None


def test_a_saved_walk_opens_its_own_scenario():
    """The JSON Share downloads opens again as the same scenario, a big hand-edited one too."""
    for sc in (PRESETS["xor"].replace(lam=0.5), _big()):
        assert read_saved(trace_json(sc.trace(), sc).encode()) == sc


@pytest.mark.parametrize(
    "data, code",
    [
        (b"\xff\xfe not text", "file_json"),
        (b"{not json", "file_json"),
        (b"[1, 2]", "file_walk"),
        (b'{"steps": []}', "file_walk"),
        (b'{"scenario": {"p": 3}}', "file_walk"),
        (b'{"scenario": {"p": "nope"}}', "unknown_preset"),
        (b'{"scenario": {"lam": "-1"}}', "lam_range"),
        (b"[" * 100_000, "file_json"),  # nesting deep enough to overflow the parser's stack
    ],
)
def test_a_file_that_is_not_a_saved_walk_is_named(data, code):
    """Any other file is refused with a ScenarioError naming why, never another exception."""
    with pytest.raises(ScenarioError) as info:
        read_saved(data)
    assert info.value.code == code
