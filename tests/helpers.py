"""Helpers shared by the test folders (as Streamlit's own e2e_playwright/shared/)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))  # every .py there is a page
_LATIN = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_STEP = re.compile(r"(?:step|گام) (\d+) (?:/|از) (\d+)")


def latin(text: str) -> str:
    """Persian and Arabic-Indic digits as Latin ones."""
    return str(text).translate(_LATIN)


def step_of(line: str) -> tuple[int, int]:
    """(step, steps) from a status line in English ("… step 3 / 13") or Persian ("… گام ۳ از ۱۳")."""
    match = _STEP.search(latin(line))
    assert match, line
    return int(match.group(1)), int(match.group(2))


def status(page) -> str:
    """The stage's status line in a browser page."""
    return page.locator(".bp-status").inner_text()


def choice(widgets, name: str):
    """The choice widget ``name`` among ``widgets`` (e.g. ``at.radio``).

    A choice's key carries the language (and the preset box whether its scenario was edited),
    because the browser keeps a choice's value as its label: ``loss_fa``, ``preset_en_edited``.
    """
    found = [w for w in widgets if w.key == name or (w.key or "").startswith(name + "_")]
    assert len(found) == 1, [w.key for w in widgets]
    return found[0]
