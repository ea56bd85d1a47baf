"""The AppTest fixture; the AppTest helpers themselves are in tests/helpers.py."""

import pytest

from tests.helpers import new_session


@pytest.fixture
def app():
    """A fresh session on the main page, already run once."""
    return new_session()
