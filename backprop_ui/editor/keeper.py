"""A network too big for a link is kept in the browser tab, so that a reload never loses it.

An address holds at most ``links.MAX_LINK_CHARS``; hand-edited weights of a big network do not
fit. The address then carries ``tab=ID`` instead of the scenario (``state.sync_link``), and
this component keeps the scenario's query in the tab's sessionStorage under that id
(``assets/keeper.js``). A reload, or another page of the app, reads the address, finds
``tab=ID`` and asks the tab for it back before drawing anything (:func:`restoring`). Another
browser or tab has no such entry: it opens the default example and says why.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl

import streamlit as st

from backprop_core import Scenario, ScenarioError, codec
from backprop_ui import i18n, links
from backprop_ui.editor import state

ss = st.session_state
_component = st.components.v2.component(
    "backprop_keeper",
    js=(Path(__file__).parents[1] / "assets" / "keeper.js").read_text(encoding="utf-8"),
)


def render(lang: str) -> None:
    """Keep the scenario in the tab when the link cannot carry it; ask for it back after a reload."""
    sc = state.scenario()
    query = state.current_link()
    keep = None if links.shareable(query) else {"id": links.tab_id(sc), "query": links.encode(codec.to_query(sc))}
    pending = state.restoring()
    _component(
        key="bp_keeper",
        data={"keep": keep, "restore": pending["id"] if pending else None, "fold": ss.get(state.FOLD)},
        on_restore_change=on_restore,
    )
    if pending:
        st.info(i18n.t("keep.restoring", lang), icon=":material/restore_page:")
        st.stop()  # nothing is drawn from the default example: the tab's own network comes next run


def read(query_text: str | None, wanted: str) -> Scenario | None:
    """The scenario a tab kept under ``wanted``, or None if it has none or it is not that scenario."""
    if not isinstance(query_text, str) or len(query_text) > links.MAX_QUERY_CHARS:
        return None
    try:
        scenario = codec.from_query(dict(parse_qsl(query_text, keep_blank_values=True)))
    except (ScenarioError, ValueError, OverflowError, TypeError, MemoryError):
        return None
    return scenario if links.tab_id(scenario) == wanted else None


def on_restore() -> None:
    """The tab answered: open the network it kept, or say that it had none."""
    answer = (ss.get("bp_keeper") or {}).get("restore") or {}
    pending = state.restoring()
    if not pending or answer.get("id") != pending["id"]:
        return
    state.restored(read(answer.get("query"), pending["id"]))
