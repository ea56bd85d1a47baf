"""A network too big for a link is kept in the browser tab, and a reload asks the tab for it (AppTest: the server's side;
tests/e2e/test_reload.py does the round trip in a browser)."""

import json
from urllib.parse import parse_qsl

import numpy as np

from backprop_core import PRESETS, codec
from backprop_ui import links
from backprop_ui.editor import keeper
from tests.helpers import new_session, stage


def big():
    """Hand-edited weights of a 2-32-32-32-1 network: too many digits for any link."""
    sc = PRESETS["tiny"].replace(layer_sizes=(2, 32, 32, 32, 1), thetas=None)
    rng = np.random.default_rng(5)
    return sc.replace(thetas=[rng.uniform(-1, 1, t.shape).round(6) for t in sc.network.thetas])


def keeper_data(at) -> dict:
    found = [e for e in at.main if getattr(e, "key", None) == "bp_keeper"]
    assert len(found) == 1, "the keeper is not on the page"
    return json.loads(found[0].proto.json)


def test_a_network_too_big_for_a_link_is_kept_in_the_tab_under_the_id_the_address_names():
    """The address says tab=ID (not a link that would open the default), the tab is handed the exact query, and
    Share is told there is no link to offer."""
    sc = big()
    query = codec.to_query(sc)
    assert not links.shareable(query)
    at = new_session(query | {"lang": "en"})
    assert at.session_state["scenario"] == sc and not at.warning
    assert dict(at.query_params) == {"lang": "en", "tab": links.tab_id(sc)}
    kept = keeper_data(at)["keep"]
    assert kept["id"] == links.tab_id(sc)
    assert codec.from_query(dict(parse_qsl(kept["query"]))) == sc
    assert keeper.read(kept["query"], kept["id"]) == sc
    assert stage(at)["shareable"] is False


def test_a_reload_waits_for_the_tab_and_draws_nothing_of_the_default():
    """?tab=ID&step=7: the page asks the tab for its network and says so; no default walk is drawn meanwhile,
    and the address keeps the id and the step."""
    at = new_session({"tab": links.tab_id(big()), "step": "7", "lang": "en"})
    assert keeper_data(at)["restore"] == links.tab_id(big())
    assert [i.value for i in at.info] == ["Opening the network this tab was showing…"]
    assert not [e for e in at.main if getattr(e, "key", None) == "stage"]
    assert dict(at.query_params) == {"tab": links.tab_id(big()), "step": "7", "lang": "en"}


def test_a_shareable_network_is_not_kept():
    """Presets and small edits travel in the link: nothing is put into the tab."""
    at = new_session({"p": "xor", "lam": "0.5"})
    assert keeper_data(at) == {"keep": None, "restore": None, "fold": None}


def test_what_a_tab_gives_back_is_checked_against_the_id():
    """Another scenario under the id, text that is no query, or nothing at all: not taken."""
    sc = big()
    text = links.encode(codec.to_query(sc))
    assert keeper.read(text, links.tab_id(sc)) == sc
    assert keeper.read(text, links.tab_id(PRESETS["xor"])) is None
    assert keeper.read("p=nope", links.tab_id(sc)) is None
    assert keeper.read(None, links.tab_id(sc)) is None
    assert keeper.read(12, links.tab_id(sc)) is None
