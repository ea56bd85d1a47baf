"""The written contract (backprop_ui/assets/stage/contract.json): every walk Python writes keeps it, so does every
message of the room; the stage's own tests (tests/js) read walks written by Python against the same file."""

from __future__ import annotations

import json

import jsonschema
import numpy as np
import pytest

from backprop_core import PRESETS, Scenario
from backprop_ui.live import classroom
from backprop_ui.stage import walk
from backprop_ui.stage.graph import geometry
from tests.helpers import ROOT

CONTRACT = json.loads((ROOT / "backprop_ui" / "assets" / "stage" / "contract.json").read_text(encoding="utf-8"))


def schema(name: str) -> dict:
    return {"$ref": f"#/$defs/{name}", "$defs": CONTRACT["$defs"]}


WALK, SERVER_MESSAGE, CLIENT_MESSAGE = schema("walk"), schema("server_message"), schema("client_message")
# Compiled once (jsonschema.validate compiles the schema at every call: a tenth of a second each).
SERVER, CLIENT = (jsonschema.validators.validator_for(s)(s) for s in (SERVER_MESSAGE, CLIENT_MESSAGE))


@pytest.mark.parametrize("lang", ["fa", "en"])
@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_presets_walk_keeps_the_contract(name, lang):
    doc = walk.build_walk(PRESETS[name], lang)
    jsonschema.validate(doc, WALK)
    assert doc["meta"]["contract"] == CONTRACT["version"]


def test_a_windowed_ten_by_32_walk_keeps_the_contract_in_every_window():
    """The largest network, in windows: the meta and the first window as sent, and a later window as fetched."""
    sc = Scenario(layer_sizes=(32,) * 10, X=np.zeros((1, 32)), Y=np.zeros((1, 32)), seed=0)
    trace = sc.trace()
    doc = walk.build_walk(sc, "fa")
    assert doc["meta"]["windows"] > 1
    jsonschema.validate(doc, WALK)
    size = walk.window_size(len(trace), len(geometry(sc.layer_sizes).nodes))
    jsonschema.validate(walk.window(trace, "en", doc["meta"]["windows"] - 1, size), schema("window"))


def test_the_contract_is_checked_for_real():
    """A renamed key and a wrong type are refused: the schema is strict where the stage reads."""
    doc = walk.build_walk(PRESETS["tiny"], "en")
    doc["windows"][0]["steps"][2]["s"] = doc["windows"][0]["steps"][2].pop("status")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, WALK)
    doc = walk.build_walk(PRESETS["tiny"], "en")
    doc["meta"]["n"] = "13"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, WALK)


def test_the_rooms_state_keeps_the_contract_for_the_teacher_and_a_student():
    room = classroom.Room(code="ABCDEF", secret_hash=classroom.hash_secret("s3cret"), query="p=xor")
    room = classroom.ask(room, 5, 1.0)
    for teacher in (True, False):
        SERVER.validate(classroom.public(room, teacher, 3))
    # Every state of a question: asked as choices with "which formula?", a think time, revealed, followed up, paused.
    room = classroom.Room(code="ABCDEF", secret_hash=classroom.hash_secret("s3cret"), query="p=xor")
    step = next(k for k, s in enumerate(classroom.trace_of("p=xor")) if s.phase == "output_delta")
    room = classroom.think(classroom.ask(room, step, 1.0, choices=True, which=True), 30, 1.0)
    room = classroom.answer(room, "browser-one", room.question.id, 1, "0.5", 1.5)
    rooms = [room, classroom.reveal(room, 2.0), classroom.tell(classroom.reveal(room, 2.0), 2.5)]
    rooms.append(classroom.pause(classroom.followup(rooms[-1], 3.0), True, 3.0))
    rooms.append(classroom.close(classroom.reveal(rooms[-1], 4.0), 5.0))
    for r in rooms:
        for teacher in (True, False):
            SERVER.validate(classroom.public(r, teacher, 3, 10.0))
    for msg in (
        {"t": "hello", "role": "student", "voter": "abcdefgh"},
        {"t": "ask", "step": 5},
        {"t": "ask", "step": 5, "choices": True, "which": False},
        {"t": "reveal"},
        {"t": "followup"},
        {"t": "tell"},
        {"t": "think", "seconds": 90},
        {"t": "pause", "on": False},
        {"t": "answer", "q": 1, "round": 3, "value": "0.5", "seed": 12},
        {"t": "formula", "q": 1, "round": 1, "id": "F7"},
    ):
        CLIENT.validate(msg)
