"""Right/Left and PageDown/PageUp for the stage, counted in the browser so no press is lost.

Streamlit merges the one-shot triggers of requests that queue up behind a running script, so
a button shortcut pressed three times in quick succession can move one step (CI saw it). The
component in ``assets/keys.js`` sends an absolute target step instead; the newest state wins
when requests merge, and it already includes every press. Home, Space and P stay button
shortcuts: pressing them twice quickly does not need to count twice.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

ss = st.session_state
KEY = "stage_keys"
_JS = (Path(__file__).parent / "assets" / "keys.js").read_text(encoding="utf-8")
_component = st.components.v2.component("backprop_keys", js=_JS)


def request(value) -> tuple[int, int] | None:
    """The (target step, request id) in a state sent by the browser, or None if it is malformed."""
    if not isinstance(value, dict):
        return None
    step, ident = value.get("step"), value.get("id")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (step, ident)):
        return None
    if ident < 1:
        return None
    return step, ident


def listen(on_target, step: int, n: int) -> None:
    """Mount the key listener; ``on_target(step)`` runs (as a callback) when a press asks for a step."""

    def changed() -> None:
        asked = request((ss.get(KEY) or {}).get("target"))
        if asked is None:
            return
        target, ident = asked
        ss["_keys_ack"] = ident
        on_target(max(0, min(n - 1, target)))

    _component(
        key=KEY,
        data={"step": step, "last": n - 1, "ack": int(ss.get("_keys_ack", 0))},
        on_target_change=changed,
        height=0,
    )
