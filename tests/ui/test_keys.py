"""The arrow-key listener's request, as the browser sends it: anything malformed is ignored."""

import pytest

from backprop_ui.keys import request


def test_a_well_formed_request():
    assert request({"step": 7, "id": 3}) == (7, 3)


@pytest.mark.parametrize(
    "value",
    [
        None,
        "7",
        [7, 3],
        {},
        {"step": 7},
        {"id": 3},
        {"step": "7", "id": 3},
        {"step": 7.0, "id": 3},
        {"step": True, "id": 3},
        {"step": 7, "id": 0},
        {"step": 7, "id": -2},
        {"step": None, "id": 1},
    ],
)
def test_malformed_requests_are_ignored(value):
    assert request(value) is None
