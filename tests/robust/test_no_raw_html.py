"""Nothing user-controlled reaches raw HTML: every st.html / unsafe_allow_html call gets static text."""

import ast

from tests.helpers import ROOT

SOURCES = [
    ROOT / "streamlit_app.py",
    *sorted((ROOT / "pages").glob("*.py")),
    *sorted((ROOT / "backprop_ui").rglob("*.py")),
]


def _module_constants(tree: ast.Module) -> set[str]:
    """Names bound at module level to a string literal (or a sum of them)."""
    names = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and _static(node.value, names):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def _static(node: ast.AST, constants: set[str]) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return True
    if isinstance(node, ast.Name):
        return node.id in constants
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _static(node.left, constants) and _static(node.right, constants)
    if isinstance(node, ast.IfExp):  # the condition may be anything; both results must be static
        return _static(node.body, constants) and _static(node.orelse, constants)
    return False


def _raw_html_calls(tree: ast.Module):
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        unsafe = any(
            k.arg == "unsafe_allow_html" and not (isinstance(k.value, ast.Constant) and k.value.value is False)
            for k in node.keywords
        )
        if node.func.attr == "html" or unsafe:
            yield node


def test_every_raw_html_call_is_static():
    """Lists every st.html / unsafe_allow_html call and checks its argument is built from literals only."""
    found = []
    for path in SOURCES:
        tree = ast.parse(path.read_text(), filename=str(path))
        constants = _module_constants(tree)
        for call in _raw_html_calls(tree):
            arg = call.args[0] if call.args else next(k.value for k in call.keywords if k.arg in ("body", "html"))
            found.append((path.name, call.lineno))
            assert _static(arg, constants), f"{path.name}:{call.lineno} passes non-static text to raw HTML"
    assert found == [("page.py", found[0][1])]  # the one place: the page's own stylesheet


def test_the_checker_catches_dynamic_html():
    """The check is not vacuous: an f-string or a variable from input fails it."""
    tree = ast.parse(
        'import streamlit as st\nCSS = "<style></style>"\nst.html(CSS)\nst.markdown(f"<b>{x}</b>", unsafe_allow_html=True)\n'
    )
    constants = _module_constants(tree)
    calls = list(_raw_html_calls(tree))
    assert [_static(c.args[0], constants) for c in calls] == [True, False]


def test_the_stage_sets_html_only_from_katex():
    """In the stage's script, the one place that sets HTML is setTex, with KaTeX's output; text goes in as text."""
    files = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "backprop_ui" / "assets").rglob("*.js")}
    assert "dom.js" in files and len(files) > 10
    js = "".join(files.values())
    assert js.count(".innerHTML") == 1 and "el.innerHTML = html; // KaTeX's output" in files["dom.js"]
    for risky in ("outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert risky not in js, risky
