"""AppTest helpers: every test starts from the real entry script, as a browser session does."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers import ROOT

MAIN = str(ROOT / "streamlit_app.py")


@pytest.fixture
def app():
    """A fresh session on the main page, already run once."""
    at = AppTest.from_file(MAIN, default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_with(query: dict) -> AppTest:
    """A fresh session opened with a link's query."""
    at = AppTest.from_file(MAIN, default_timeout=60)
    at.query_params.update(query)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def stage(at) -> dict:
    """What the main page handed the stage component: its data, with the walk decoded."""
    found = [e for e in at.main if getattr(e, "key", None) == "stage"]
    assert len(found) == 1, "the stage is not on the page"
    data = json.loads(found[0].proto.json)
    data["walk"] = json.loads(data["walk"])
    return data


def steps(at) -> list[dict]:
    """Every step record of the stage's walk (a small walk is sent whole)."""
    windows = stage(at)["walk"]["windows"]
    return [s for w in windows for s in w["steps"]]


def editor_state(edited=None, added=None, deleted=None) -> dict:
    return {"edited_rows": edited or {}, "added_rows": added or [], "deleted_rows": deleted or []}
