"""The layers hold: a module that says "no streamlit" imports none, not even through the project's own modules.

Read from the source (ast), not by importing: a module loaded in this process may already have
pulled streamlit in for another test.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.helpers import ROOT

PACKAGES = ("backprop_core", "backprop_ui")
SOURCES = sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in SOURCES}


def says_no_streamlit(path: Path) -> bool:
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    return re.search(r"\bno streamlit\b", doc, re.IGNORECASE) is not None


def imports(name: str) -> set[str]:
    """The modules ``name`` imports at its top level or in any function (relative imports resolved)."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES)
    return found


def reached(name: str) -> set[str]:
    """Every module ``name`` imports, following the project's own modules to the end."""
    seen, todo = set(), [name]
    while todo:
        for imported in imports(todo.pop()):
            if imported in seen:
                continue
            seen.add(imported)
            if imported in MODULES:
                todo.append(imported)
            # ``from backprop_ui.stage import walk`` names the package too: its __init__ runs.
            parent = imported.rpartition(".")[0]
            while parent:
                if parent in MODULES and parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
                parent = parent.rpartition(".")[0]
    return seen


PURE = sorted(name for name, path in MODULES.items() if says_no_streamlit(path))


def test_the_pure_modules_are_found():
    """The docstrings still say it (a reworded docstring must not empty this check)."""
    assert {"backprop_ui.links", "backprop_ui.stage.walk", "backprop_ui.live.classroom", "backprop_core"} <= set(PURE)


@pytest.mark.parametrize("name", PURE)
def test_a_module_that_says_no_streamlit_imports_none(name):
    assert sorted(m for m in reached(name) if m == "streamlit" or m.startswith("streamlit.")) == []


def test_the_check_sees_an_import_through_another_module():
    """Not vacuous: the sidebar imports streamlit itself, and the page helper reaches it."""
    assert "streamlit" in reached("backprop_ui.editor.sidebar")
    assert any(m.startswith("streamlit") for m in reached("backprop_ui.page"))
