"""A session in a live class (AppTest, the in-process rooms of `make run`): what it remembers of
the class, and what it says when the class is gone."""

import pytest

from backprop_core import DEFAULT_PRESET, PRESETS
from backprop_ui import i18n
from backprop_ui.live import lecture
from backprop_ui.live.hub import hub
from tests.helpers import new_session, stage


def test_a_student_session_joins_by_link_and_remembers_the_class():
    assert DEFAULT_PRESET != "xor"
    room, _secret = hub().create("p=xor")
    try:
        at = new_session({"class": room.code, "lang": "en"})
        assert stage(at)["class"]["code"] == room.code and not stage(at)["class"]["teacher"]
        assert at.session_state["scenario"] == PRESETS["xor"]  # the room's scenario, not the default
        del at.query_params["class"]  # another page and back: the address no longer names it
        at.run()
        assert stage(at)["class"]["code"] == room.code and not at.warning
    finally:
        hub().end(room.code)


@pytest.mark.parametrize("address", ["still names it", "another page and back"])
def test_a_class_that_ends_under_a_session_is_said_to_have_ended_once(address):
    """Not "there is no class with the code …": the student was in it. The stage usually tells the
    session first (its "left" trigger); this is a rerun that comes before it does (an edit, a
    language switch, or a visit to another page, whose address has no class)."""
    room, _secret = hub().create("p=xor")
    at = new_session({"class": room.code, "lang": "en"})
    hub().end(room.code)
    if address == "another page and back":
        del at.query_params["class"]
    at.run()
    assert [w.value for w in at.warning] == [i18n.t("cl.ended", "en")]
    assert stage(at)["class"] is None and "class" not in at.query_params
    at.run()
    assert not at.warning and stage(at)["class"] is None


def test_a_link_to_a_room_that_is_not_there_names_its_code():
    at = new_session({"class": "QQQQQQ", "lang": "en"})
    assert [w.value for w in at.warning] == [i18n.t("cl.gone", "en", code="QQQQQQ")]
    assert stage(at)["class"] is None and "class" not in at.query_params


def test_the_run_the_stage_asks_for_when_the_room_goes_says_nothing_and_drops_the_code():
    """The stage saw the room go, said so itself, and fired its "left" trigger; that run still
    carries ``class=CODE`` in its query (Streamlit's page sends the last query it was given)."""
    room, _secret = hub().create("p=xor")
    at = new_session({"class": room.code, "lang": "en"})
    hub().end(room.code)
    at.session_state[lecture.CLASS] = None  # what lecture.on_left does
    at.session_state[lecture.LEFT] = room.code
    at.run()
    assert not at.warning and stage(at)["class"] is None
    assert "class" not in at.query_params and at.query_params["lang"] == "en"


def test_a_late_link_to_a_class_that_ended_opens_the_walk_it_was_showing():
    """The trial's late student got the default example: now the class's last scenario, and why there is no class."""
    assert DEFAULT_PRESET != "xor"
    room, _secret = hub().create("p=xor")
    hub().end(room.code)
    at = new_session({"class": room.code, "lang": "en"})
    assert at.session_state["scenario"] == PRESETS["xor"]
    assert [w.value for w in at.warning] == [i18n.t("cl.ended_late", "en", code=room.code)]
    assert stage(at)["class"] is None and "class" not in at.query_params
