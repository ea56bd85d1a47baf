"""Helpers shared by the test folders."""

from __future__ import annotations


def choice(widgets, name: str):
    """The choice widget ``name`` among ``widgets`` (e.g. ``at.radio``).

    A choice's key carries the language (and the preset box whether its scenario was edited),
    because the browser keeps a choice's value as its label: ``loss_fa``, ``preset_en_edited``.
    """
    found = [w for w in widgets if w.key == name or (w.key or "").startswith(name + "_")]
    assert len(found) == 1, [w.key for w in widgets]
    return found[0]
