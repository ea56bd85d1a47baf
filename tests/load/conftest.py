"""Collects the load test's figures and shows them at the end of the run, whatever pytest captured."""

from __future__ import annotations

import pytest

from tests.helpers import ROOT

RESULTS = ROOT / "shots" / "load-results.md"  # shots/ is git-ignored; copied by hand into RELIABILITY.md

HEADER = (
    "| setup | sessions | ok | presses | press → step shown p50 | p95 | max | server CPU (per session) "
    "| server RSS start | peak | after close | per replica (students / websockets) |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|"
)

_rows: list[str] = []
_notes: list[str] = []


def table() -> str:
    return "\n".join([HEADER, *_rows, "", *_notes]).rstrip() + "\n"


@pytest.fixture
def record():
    """record(row, note): add a Markdown table row and a line below the table; rewrite shots/load-results.md."""

    def add(row: str, note: str = "") -> None:
        _rows.append(row)
        if note:
            _notes.append(note)
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.write_text("# Load test (`make load`)\n\n" + table())
        print("\n" + table())

    return add


def pytest_terminal_summary(terminalreporter):
    if _rows:
        terminalreporter.section("load test figures (also in shots/load-results.md)")
        terminalreporter.write(table())
