"""The string catalogues: both languages have the same keys, every key is used, and a key that
is not there fails loudly instead of showing its name on screen."""

from __future__ import annotations

import re

import pytest

from backprop_ui import i18n, walk
from tests.helpers import ROOT

TABLES = re.compile(r"^FA: dict\[str, str\] = \{.*?^\}$|^EN: dict\[str, str\] = \{.*?^\}$", re.S | re.M)


def source() -> str:
    """All the app's code (the catalogue's own tables left out, its functions kept) and the stage's script."""
    files = [*ROOT.glob("backprop_ui/*.py"), *ROOT.glob("pages/*.py"), ROOT / "streamlit_app.py"]
    text = "\n".join(TABLES.sub("", p.read_text(encoding="utf-8")) for p in files)
    return text + (ROOT / "backprop_ui" / "assets" / "stage.js").read_text(encoding="utf-8")


def families(code: str) -> set[str]:
    """Prefixes of keys built at run time, e.g. f"phase.{step.phase}" -> "phase."."""
    return {p for p in re.findall(r"""f["']([a-z_.]+)\{""", code) if "." in p}


def test_both_languages_have_the_same_keys():
    assert set(i18n.STRINGS["fa"]) - set(i18n.STRINGS["en"]) == set()
    assert set(i18n.STRINGS["en"]) - set(i18n.STRINGS["fa"]) == set()


def test_every_key_is_used():
    code = source()
    prefixes = families(code)
    walk_labels = set(walk._labels("en", 1))
    unused = [
        key
        for key in i18n.STRINGS["en"]
        if f'"{key}"' not in code
        and f"'{key}'" not in code
        and key not in walk_labels
        and not any(key.startswith(p) for p in prefixes)
    ]
    assert unused == []


def test_every_word_the_stage_is_handed_is_used_by_it():
    js = (ROOT / "backprop_ui" / "assets" / "stage.js").read_text(encoding="utf-8")
    handed = [k for k in walk._labels("en", 1) if k != "speeds"]
    built = re.findall(r'"([a-z_.]+)" \+', js)  # keys the script builds: "fig.key_" + …
    read = set(re.findall(r"\b(?:L|labels)\.([a-z_]+)", js))  # tables read as L.levels, labels.kinds
    assert [k for k in handed if f'"{k}"' not in js and k not in read and not any(k.startswith(b) for b in built)] == []


def test_every_literal_key_in_the_code_exists():
    code = source()
    used = set(re.findall(r"""i18n\.t\(\s*["']([a-z_.0-9]+)["']""", code)) | set(
        re.findall(r"""\bt\(\s*["']([a-z_.0-9]+)["']""", code)
    )
    assert sorted(k for k in used if k not in i18n.STRINGS["en"]) == []


def test_a_missing_key_fails_instead_of_showing_its_name():
    with pytest.raises(KeyError):
        i18n.t("no.such.key", "fa")
