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
        jsonschema.validate(classroom.public(room, teacher, 3), SERVER_MESSAGE)
    for msg in ({"t": "hello", "role": "student", "voter": "abcdefgh"}, {"t": "ask", "step": 5}, {"t": "reveal"}):
        jsonschema.validate(msg, CLIENT_MESSAGE)
