"""The string catalogues (locales/*.toml): both languages have the same keys, every key the code
asks for is there, every key is used, and a key that is not there fails loudly instead of
showing its name on screen."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from functools import cache

import pytest

from backprop_core import LESSON_IDS, LOSSES, PHASES, PRESETS
from backprop_ui import i18n, links
from backprop_ui.exports import worksheet
from backprop_ui.live import words
from backprop_ui.stage import walk
from tests.helpers import ROOT

PYTHON = [*ROOT.glob("backprop_ui/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "streamlit_app.py"]
ERROR_CODE_SOURCES = [*ROOT.glob("backprop_core/*.py"), *PYTHON]  # ScenarioError is raised in both
CATALOGUE = i18n.STRINGS["en"]
FAMILIES = {key.split(".", 1)[0] for key in CATALOGUE}
KEY = re.compile(r"[a-z_]+\.[A-Za-z0-9_.]*[A-Za-z0-9_]")  # app.title, mk.bias_left_out.Delta


@cache
def _tree(path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _trees(paths) -> list[ast.Module]:
    return [_tree(p) for p in paths]


def _strings(paths) -> tuple[set[str], set[str]]:
    """The string literals of ``paths`` (docstrings and startswith's prefixes aside), and the literal
    heads of their f-strings."""
    plain, heads = set(), set()
    for tree in _trees(paths):
        skip = set()
        for node in ast.walk(tree):
            body = getattr(node, "body", None)
            if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
                skip.add(id(body[0].value))  # a docstring
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "startswith":
                skip.update(id(arg) for arg in node.args)  # key.startswith("edit.x"): a head, not a key
            if isinstance(node, ast.JoinedStr):
                skip.update(id(part) for part in node.values)
                if node.values and isinstance(node.values[0], ast.Constant):
                    heads.add(node.values[0].value)
        plain |= {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)} - {
            n.value for n in ast.walk(tree) if id(n) in skip and isinstance(n, ast.Constant)
        }
    return plain, heads


def literal_keys() -> set[str]:
    """Keys written whole in the code: t("app.title", …), ("menu.main", …) in a table, the stage's label list."""
    plain, _ = _strings(PYTHON)
    words = {word for text in plain for word in text.split()}
    files = {p.name for p in (ROOT / "backprop_ui" / "assets").iterdir()}  # "stage.js" is not a key of [stage]
    return {w for w in words if KEY.fullmatch(w) and w.split(".", 1)[0] in FAMILIES and w not in files}


def key_heads() -> set[str]:
    """The heads of keys the code builds at run time: f"phase.{step.phase}" -> "phase."."""
    _, heads = _strings(PYTHON)
    return {h for h in heads if re.fullmatch(r"[a-z_]+\.[A-Za-z0-9_]*", h) and h.split(".", 1)[0] in FAMILIES}


def _calls(paths, name: str) -> list[ast.Call]:
    return [
        node
        for tree in _trees(paths)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and name in (getattr(node.func, "id", None), getattr(node.func, "attr", None))
    ]


def _constant(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def error_codes() -> tuple[set[str], set[str]]:
    """The ScenarioError codes the code raises whole ("layers_range"), and the kinds it builds (f"{code}_range")."""
    whole, kinds = {"y_range_ce"}, set()  # y_range_ce: error_text's own name for a target outside [0, 1]
    for call in _calls(ERROR_CODE_SOURCES, "ScenarioError"):
        code = call.args[0]
        if _constant(code):
            whole.add(code.value)
        elif isinstance(code, ast.JoinedStr) and _constant(code.values[-1]):
            kinds.add(code.values[-1].value.lstrip("_"))
    whole |= {c.args[1].value for c in _calls(ERROR_CODE_SOURCES, "_check_count") if _constant(c.args[1])}
    # f"{name}_width" (scenario._check_rows) is raised for x and y only, each with a sentence of its own.
    kinds.discard("width")
    whole |= {"x_width", "y_width"}
    kinds |= {
        c.rpartition("_")[2] for c in whole if not i18n.has(f"error.{c}") and c.rpartition("_")[0] in i18n._SYMBOLS
    }
    return whole, kinds


def changes() -> set[str]:
    """What a change can come from: the second argument of every state.change, and editor.NUMBERS' inputs."""
    whats = {_constant(c.args[1]) for c in _calls(PYTHON, "change") if len(c.args) > 1} - {None}
    editor = ast.parse((ROOT / "backprop_ui" / "editor" / "sidebar.py").read_text(encoding="utf-8"))
    numbers = next(
        n.value
        for n in ast.walk(editor)
        if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", None) == "NUMBERS"
    )
    return whats | {k.value for k in numbers.keys} | {"theta"}  # theta<l> is named by what.theta (change_label)


@cache
def dynamic() -> dict[str, set[str]]:
    """Every key family the code builds at run time, by its head, with the keys it can build, each
    worked out from the data the code builds it from."""
    codes, kinds = error_codes()
    return {
        "phase.": {f"phase.{p}" for p in PHASES},
        "cap.": {f"cap.{p}" for p in PHASES},
        "bias.": {f"bias.{p}" for p in PHASES if i18n.has(f"bias.{p}")},  # walk asks only for those there are
        "bar.": {f"bar.{p}" for p in walk.BAR_PHASES},
        "lv.": {f"lv.{level}" for level in walk.LEVELS},
        "kind.": {f"kind.{k}" for k in walk.SYMBOLS},
        "mk.": {f"mk.{k}" for k in walk._labels("en", 1)["mistakes"]},
        "preset.": {f"preset.{name}" for name in PRESETS},
        "loss.": {f"loss.{name}" for name in LOSSES},
        "expl.": {f"expl.{fid}" for fid in (*LESSON_IDS, "SE4")},  # the lesson page's list
        "what.": {f"what.{what}" for what in changes()},
        "link.": {f"link.{c.args[0].value}" for c in _calls(PYTHON, "Problem") if c.args and _constant(c.args[0])}
        | {f"link.{prop.key}" for prop in links.VIEW},  # a view value a link got wrong
        "error.": {f"error.{code}" for code in codes if i18n.has(f"error.{code}")},  # else "<value>_<kind>"
        "error_kind.": {f"error_kind.{kind}" for kind in kinds},
        # Built from literals in one function each: edits._columns, figures.edge_traces and
        # _layer_names, editor's wide-dialog buttons and weights radio.
        "edit.": {f"edit.{n}_{w}{s}" for n in "xy" for w in ("zero", "restored", "dropped") for s in ("", "_many")},
        "fig.": {"fig.positive", "fig.negative"},
        "fig.layer_": {f"fig.layer_{role}" for role in ("input", "hidden", "output")},
        "sc.wide_open_": {"sc.wide_open_weights", "sc.wide_open_examples"},
        "sc.weights_": {"sc.weights_seed", "sc.weights_edit"},
        "ws.kind_": {f"ws.kind_{kind}" for kind in worksheet.KINDS},
        "cl.why_": {f"cl.why_{code}" for code in words.start_labels("en")["why"]},
        "mkn.": {f"mkn.{name}" for name in words.labels("en")["buckets"]},
    }


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_both_languages_have_the_same_keys_in_the_same_order(lang):
    """A translator reads the two files side by side: same tables, same keys, same order."""
    assert list(i18n.STRINGS[lang]) == list(i18n.STRINGS["fa"])


def test_every_literal_key_in_the_code_exists():
    """A key written in the code, e.g. t("app.title", …), is in the catalogue."""
    assert sorted(literal_keys() - set(CATALOGUE)) == []


def test_every_key_family_built_at_run_time_is_known():
    """Each f"family.{…}" key the code builds is listed in dynamic(), and each listed family is still built."""
    assert key_heads() == set(dynamic())


def test_every_key_a_family_can_build_exists():
    """E.g. phase.<every phase of the trace>, mk.<every mistake>: none of them is missing, no family is empty."""
    families = dynamic()
    assert {head: sorted(built - set(CATALOGUE)) for head, built in families.items() if built - set(CATALOGUE)} == {}
    assert [head for head, built in families.items() if not built] == []


def test_every_key_is_used():
    """No string is left that nothing asks for (in Python or, through walk's labels, in the stage's script)."""
    used = literal_keys().union(*dynamic().values())
    assert [key for key in CATALOGUE if key not in used] == []


def test_every_scenario_error_code_has_a_sentence():
    """Each code raised in the core or the UI has a sentence of its own, or a symbol and a kind."""
    codes, kinds = error_codes()
    missing = [
        code
        for code in codes
        if not i18n.has(f"error.{code}")
        and not (code.rpartition("_")[0] in i18n._SYMBOLS and i18n.has(f"error_kind.{code.rpartition('_')[2]}"))
    ]
    assert len(codes) > 20 and kinds and missing == []


STAGE_JS = "".join(
    p.read_text(encoding="utf-8") for p in sorted((ROOT / "backprop_ui" / "assets" / "stage").rglob("*.js"))
)


def test_every_word_the_stage_is_handed_is_used_by_it():
    js = STAGE_JS
    handed = [k for k in walk._labels("en", 1) if k != "speeds"]
    built = re.findall(r'"([a-z_.]+)" \+', js)  # keys the script builds: "fig.key_" + …
    read = set(re.findall(r"\b(?:L|labels)\.([a-z_]+)", js))  # tables read as L.levels, labels.kinds
    assert [k for k in handed if f'"{k}"' not in js and k not in read and not any(k.startswith(b) for b in built)] == []


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_a_missing_key_fails_instead_of_showing_its_name(lang):
    with pytest.raises(KeyError, match=r"no\.such\.key"):
        i18n.t("no.such.key", lang)


def test_a_key_missing_in_one_language_fails_in_that_language(monkeypatch):
    """No silent English in a Persian page: the key must be in both files."""
    monkeypatch.delitem(i18n.STRINGS["fa"], "app.title")
    with pytest.raises(KeyError, match=r"fa\.toml"):
        i18n.t("app.title", "fa")
    assert i18n.t("app.title", "en") == "Backpropagation, step by step"


def test_latex_backslashes_are_single():
    """Literal strings: $\\Theta$ is written with one backslash (a doubled one is a KaTeX line break)."""
    for lang in i18n.LANGS:
        assert [k for k, v in i18n.STRINGS[lang].items() if "\\\\" in v] == []
    assert "$\\Theta^{{(l)}} := \\Theta^{{(l)}} - \\alpha D^{{(l)}}$" in i18n.STRINGS["en"]["train.intro"]
    assert i18n.t("train.intro", "en").endswith("$\\Theta^{(l)} := \\Theta^{(l)} - \\alpha D^{(l)}$.")


def test_the_catalogues_load_from_any_working_directory(tmp_path):
    """The files are found beside the code, not in the working directory (make run, deploy, tests)."""
    code = "from backprop_ui import i18n; print(len(i18n.STRINGS['fa']), i18n.t('app.title', 'en'))"
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(ROOT), "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split(" ", 1) == [str(len(CATALOGUE)), "Backpropagation, step by step\n"]


def test_every_word_the_class_bar_is_handed_is_used_by_it():
    """The live class's words, handed to the stage by words.py, are each read by its script."""
    js = STAGE_JS
    handed = [*words.labels("en"), *words.start_labels("en")]
    # Some are read through the room's rules (core/room.js names the key the bar says).
    assert [k for k in handed if f'"{k}"' not in js and f".{k}" not in js] == []
