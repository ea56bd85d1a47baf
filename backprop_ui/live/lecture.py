"""The live class on the main page: who this browser is in a room, and the room's scenario.

A link ``/?class=CODE`` makes a student of this session: the walk is the room's scenario, and
the stage follows the room over its websocket (``class_routes.py``). ``&teach=SECRET`` makes the
teacher: the scenario on screen is the room's, and an edit changes the room's. The session
remembers the class, so a visit to another page and back keeps it, until the stage says the
room has gone (``on_left``). A wrong or expired code is named in the user's language and the
app opens as usual.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

import streamlit as st

from backprop_core import codec
from backprop_ui import i18n, links
from backprop_ui.editor import state
from backprop_ui.live import classroom, words
from backprop_ui.live.classroom import RefusedError
from backprop_ui.live.hub import hub

ss = st.session_state
CLASS = "class"  # {"code", "teacher", "secret", "query"}: this session's room, or None
MESSAGE = "class_message"  # (key, params): why a class link did not open a class, shown once
LEFT = "class_left"  # the code of the room the stage saw go: the address may name it once more


def _say(key: str, **params) -> None:
    ss[MESSAGE] = (key, params)


def _leave() -> None:
    ss[CLASS] = None


def enter() -> None:
    """Read the class from the address (or the session), and make the walk the room's scenario."""
    typed = st.query_params.get("class")
    current = ss.get(CLASS)
    if ss.get(LEFT) is not None:
        if typed is not None and classroom.read_code(typed) == ss[LEFT]:
            # The run the stage asked for when the room went still carries the old address (Streamlit's
            # page sends the query it was last given); this run writes the address without it.
            typed = None
        else:
            del ss[LEFT]  # the address no longer names that room
    if typed is not None:
        code = classroom.read_code(typed)
        if code is None:
            _say("cl.bad_code", code=typed[:40])
            _leave()
            return
        if current is None or current["code"] != code:
            current = {"code": code, "teacher": False, "secret": None, "query": None}
        secret = st.query_params.get("teach")
        if secret is not None:
            current = current | {"secret": secret}
    if current is None:
        return
    try:
        room = hub().get(current["code"])
    except RefusedError:
        _say("cl.unavailable")
        _leave()
        return
    if room is None:
        # A room this session was in has ended (or expired) since its last run; a link's code that
        # names no room may be mistyped.
        last = None if (ss.get(CLASS) or {}).get("code") == current["code"] else hub().last_query(current["code"])
        if (ss.get(CLASS) or {}).get("code") == current["code"]:
            _say("cl.ended")
        elif last is not None:  # a late link: the walk the class last showed, as the student's own
            _adopt(last)
            _say("cl.ended_late", code=current["code"])
        else:
            _say("cl.gone", code=current["code"])
        _leave()
        return
    teacher = classroom.is_teacher(room, current.get("secret"))
    current = current | {"teacher": teacher, "secret": current["secret"] if teacher else None}
    ss[CLASS] = current
    mine = links.encode(codec.to_query(state.scenario()))
    if teacher:
        if mine != room.query and current.get("query") is not None:
            try:  # the teacher changed the scenario: the room shows it
                room = hub().update(room.code, lambda r, now: classroom.show(r, mine, now))
            except RefusedError as refusal:
                _say("cl.start_failed", why=i18n.t(f"cl.why_{_why(refusal.code)}", state.lang()))
        elif mine != room.query:
            _adopt(room.query)
        ss[CLASS] = current | {"query": room.query}
    elif current.get("query") != room.query:  # the room shows another scenario (an edit of one's own stays until then)
        _adopt(room.query)
        ss[CLASS] = current | {"query": room.query}


def _why(code: str) -> str:
    return code if code in ("too_many_rooms", "unavailable", "scenario") else "other"


def _adopt(query: str) -> None:
    """The room's scenario becomes this session's, as a link's would."""
    link = links.read_link(dict(parse_qsl(query, keep_blank_values=True)))
    if link.scenario != state.scenario():
        state.set_scenario(link.scenario, keep_step=True)
        state.refill()


def on_follow() -> None:
    """The stage, following, saw the room show another scenario: adopt it on this run."""
    current = ss.get(CLASS)
    if current:
        ss[CLASS] = current | {"query": None}


def on_left() -> None:
    """The stage left the room, which has gone (ended or expired) or is full, and said so itself:
    forget the class, and ignore its code in the address the next run still carries."""
    said = (ss.get("stage") or {}).get("left")  # the trigger's value: the room's code
    code = classroom.read_code(said) or (ss.get(CLASS) or {}).get("code")
    if code:
        ss[LEFT] = code
    _leave()


def message(lang: str) -> None:
    """Why a class link opened no class (once)."""
    said = ss.pop(MESSAGE, None)
    if said:
        key, params = said
        st.warning(i18n.t(key, lang, **params), icon=":material/groups:")


def view_keys() -> dict[str, str]:
    """What the address keeps of the class: its code, and the teacher's secret for the teacher."""
    current = ss.get(CLASS)
    if not current:
        return {}
    return {"class": current["code"]} | ({"teach": current["secret"]} if current["teacher"] else {})


def data(lang: str) -> dict | None:
    """What the stage needs to join the room, or None outside a class."""
    current = ss.get(CLASS)
    if not current:
        return None
    code = current["code"]
    out = {
        "code": code,
        "teacher": current["teacher"],
        "ws": f"/api/classes/{code}/ws",
        "student_path": classroom.join_path(code, lang),
        "labels": words.labels(lang),
    }
    if current["teacher"]:
        out["secret"] = current["secret"]
        out["qr"] = f"/api/classes/{code}/qr.svg" + (f"?lang={lang}" if lang != i18n.DEFAULT_LANG else "")
        out["csv"] = f"/api/classes/{code}/results.csv?" + links.encode({"teach": current["secret"], "lang": lang})
    return out
