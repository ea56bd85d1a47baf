"""AppTest helpers: every test starts from the real entry script, as a browser session does."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
MAIN = str(ROOT / "streamlit_app.py")


@pytest.fixture
def app():
    """A fresh session on the main page, already run once."""
    at = AppTest.from_file(MAIN, default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def card_ids(at) -> list[str]:
    """The formula ids shown as badges on the formula card."""
    import re

    return [fid for m in at.markdown for fid in re.findall(r":blue-badge\[(\w+)\]", m.value)]


def editor_state(edited=None, added=None, deleted=None) -> dict:
    return {"edited_rows": edited or {}, "added_rows": added or [], "deleted_rows": deleted or []}
