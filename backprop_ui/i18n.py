"""Every string a user sees, from one catalogue per language: ``locales/fa.toml`` (the default)
and ``locales/en.toml``, read once at import. No streamlit.

Persian prose uses Persian digits; formulas stay in KaTeX with Latin digits, left to right.
Inline math is written ``$…$`` and rendered by st.markdown.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from backprop_core import ScenarioError

LANGS = ("fa", "en")
DEFAULT_LANG = "fa"
LANG_NAMES = {"fa": "فارسی", "en": "English"}

_FA_DIGITS = str.maketrans("0123456789.,", "۰۱۲۳۴۵۶۷۸۹٫٬")
_TO_LATIN = str.maketrans("۰۱۲۳۴۵۶۷۸۹٫٬،", "0123456789.,,")


def digits(value, lang: str) -> str:
    """``value`` as text, with Persian digits in Persian (numbers in e-notation stay Latin: 1.2e-05)."""
    text = str(value)
    if lang != "fa" or re.search(r"\d[eE][+-]?\d", text):
        return text
    return text.translate(_FA_DIGITS)


def latin_digits(text: str) -> str:
    """Persian/Arabic-Indic digits and separators typed by a user, read as Latin ones."""
    return str(text).translate(_TO_LATIN).translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))


LOCALES = Path(__file__).resolve().parents[1] / "locales"  # beside the code, whatever the working directory


def _load(lang: str) -> dict[str, str]:
    """``locales/<lang>.toml`` as one flat table: ``[app]`` ``title = '…'`` becomes ``"app.title"``."""
    with (LOCALES / f"{lang}.toml").open("rb") as file:
        tables = tomllib.load(file)
    strings = {}
    for family, table in tables.items():
        if not isinstance(table, dict):
            raise ValueError(f"locales/{lang}.toml: {family!r} must be a [table] of strings")
        for name, text in table.items():
            if not isinstance(text, str):
                raise ValueError(f"locales/{lang}.toml: {family}.{name} must be a string, got {type(text).__name__}")
            strings[f"{family}.{name}"] = text
    return strings


STRINGS: dict[str, dict[str, str]] = {lang: _load(lang) for lang in LANGS}


def has(key: str) -> bool:
    """Whether the catalogues have a string ``key`` (both have the same keys: a test checks)."""
    return key in STRINGS[DEFAULT_LANG]


def t(key: str, lang: str, **params) -> str:
    """The string ``key`` in ``lang`` (English if missing), with ``params`` filled in.

    In Persian, whole numbers are written with Persian digits in the prose but stay Latin
    inside ``$…$`` math, which KaTeX must read.
    """
    template = STRINGS.get(lang, STRINGS["en"]).get(key, STRINGS["en"].get(key))
    if template is None:  # a key with no string is a bug: never show a key's name on screen
        raise KeyError(f"no string {key!r} in the catalogue")
    if not params:
        return template.replace("{{", "{").replace("}}", "}")
    if lang != "fa":
        return template.format(**params)
    prose = {k: digits(v, "fa") if isinstance(v, int) and not isinstance(v, bool) else v for k, v in params.items()}
    parts = template.split("$")
    return "$".join(part.format(**(params if k % 2 else prose)) for k, part in enumerate(parts))


# ---- ScenarioError, said in the user's language -------------------------------------
# The sentences are the catalogue's [error] (one per code) and [error_kind] (one value refused,
# for the codes "<value>_<kind>"); a value is named by its lesson symbol, the same in every language.
_SYMBOLS = {
    "x": "$x^{{({t})}}_{{{j}}}$",
    "y": "$y^{{({t})}}_{{{j}}}$",
    "theta": "$\\Theta^{{({layer})}}_{{{i},{j}}}$",
    "units": "$s_{{{layer}}}$",
    "lam": "$\\lambda$",
    "epsilon": "$\\varepsilon_{{\\text{{init}}}}$",
    "alpha": "$\\alpha$",
    "seed": "{seed_word}",
}

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$&:])")


def md_escape(text: str, limit: int = 40) -> str:
    """Text from a user or a link, made inert for st.markdown: no links, images, math or HTML."""
    text = " ".join(str(text).split())[:limit]
    return _MD_SPECIAL.sub(r"\\\1", text)


def problem_text(problem, lang: str) -> str:
    """One ignored part of a link, said in the user's language; link values are quoted inertly."""
    if problem.what == "scenario" and problem.error is not None:
        return t("link.scenario", lang, reason=error_text(problem.error, lang))
    shown = md_escape(problem.value)
    if lang == "fa" and shown.isdigit():
        shown = digits(shown, "fa")
    value = "«" + shown + "»" if lang == "fa" else "“" + shown + "”"
    return t(f"link.{problem.what}", lang, value=value)


def _plain(v, lang: str) -> str:
    if isinstance(v, float) and v.is_integer() and abs(v) <= 1e9:
        text = f"{int(v):,}"
    elif isinstance(v, float):
        text = f"{v:g}"
    elif isinstance(v, int):
        text = str(v)
    else:
        return md_escape(v)  # words from a user or a link: shown as text, never as markup
    return digits(text, lang) if lang == "fa" else text


def error_text(error: ScenarioError, lang: str) -> str:
    """A ScenarioError in the user's language, naming the lesson symbol and the limit.

    Every value from the input is shown as plain text (``$`` and angle brackets removed), and
    numbers inside ``$…$`` stay in Latin digits for KaTeX.
    """
    lang = lang if lang in STRINGS else "en"
    strings = STRINGS[lang]
    code = error.code
    latin = {k: _plain(v, "en") for k, v in error.params.items()}
    if isinstance(error.params.get("layer"), int):
        latin["l1"] = str(error.params["layer"] + 1)
    prose = {k: digits(v, lang) if lang == "fa" else v for k, v in latin.items()}
    if code == "y_range" and error.params.get("lo") == 0.0 and error.params.get("hi") == 1.0:
        code = "y_range_ce"
    prefix, _, kind = code.rpartition("_")
    if f"error.{code}" in strings:  # a sentence of its own
        template = strings[f"error.{code}"]
    elif prefix in _SYMBOLS and f"error_kind.{kind}" in strings:  # "<value>_<kind>": one value refused
        template = strings[f"error_kind.{kind}"]
    else:
        return str(error)
    symbol_key = "y" if code == "y_range_ce" else prefix
    if symbol_key in _SYMBOLS:
        try:
            prose["symbol"] = _SYMBOLS[symbol_key].format(seed_word=strings["error_symbol.seed"], **latin)
        except (KeyError, IndexError):
            prose["symbol"] = symbol_key
    try:
        parts = template.split("$")
        return "$".join(part.format(**(latin if k % 2 else prose)) for k, part in enumerate(parts))
    except (KeyError, IndexError):
        return str(error)


# ---- numbers, sizes and lists inside sentences ---------------------------------------------
LRI, PDI = "\u2066", "\u2069"  # left-to-right isolate: "2-2-1" must not read "1-2-2" in Persian


def isolated(text: str, lang: str) -> str:
    """Text that must read left to right (sizes, shapes), isolated inside a Persian sentence."""
    return LRI + digits(text, lang) + PDI if lang == "fa" else text


def sizes(layer_sizes, lang: str) -> str:
    """Layer sizes as "2-2-1"; in Persian with Persian digits, isolated so they keep their order."""
    return isolated("-".join(str(s) for s in layer_sizes), lang)


def shape(dims, lang: str) -> str:
    """A matrix shape as "2×3", isolated in Persian."""
    return isolated("×".join(str(d) for d in dims), lang)


def plain_number(value, lang: str) -> str:
    """A number as a sentence shows it: whole numbers without ".0", others in %g; Persian digits in Persian."""
    return _plain(float(value) if not isinstance(value, int) else value, lang)


def number_list(values, lang: str) -> str:
    """1, 2 and 3 / ۱، ۲ و ۳."""
    items = [digits(v, lang) for v in values]
    if len(items) < 2:
        return "".join(items)
    if lang == "fa":
        return "، ".join(items[:-1]) + " و " + items[-1]
    return ", ".join(items[:-1]) + " and " + items[-1]


def _math_list(name: str, cols, lang: str) -> str:
    items = [f"${name}_{{{c}}}$" for c in cols]
    if len(items) < 2:
        return "".join(items)
    joiner, last = ("، ", " و ") if lang == "fa" else (", ", " and ")
    return joiner.join(items[:-1]) + last + items[-1]


def note_text(key: str, params: dict, lang: str) -> str:
    """One note of what an edit changed (see ``edits``), in the user's language."""
    shown = {}
    for name, value in params.items():
        if name == "cols":
            shown[name] = _math_list("x" if key.startswith("edit.x") else "y", value, lang)
        elif name == "eps":
            shown[name] = f"{value:g}"  # inside $…$: Latin digits for KaTeX
        elif name in ("seed", "n"):
            shown[name] = plain_number(value, lang)
        elif name in ("shape", "old"):
            shown[name] = isolated(str(value), lang) if value else ""
        else:
            shown[name] = value
    return t(key, lang, **shown)


def change_label(what: str, lang: str) -> str:
    """The input a change came from, as the "last change" line names it."""
    if what.startswith("theta") and what[5:].isdigit():
        return t("what.theta", lang, l=int(what[5:]))
    return t(f"what.{what}", lang)


def preset_label(name: str, layer_sizes, lang: str) -> str:
    """An example's name with its layer sizes: "XOR, four examples (2-2-1)"."""
    return f"{t(f'preset.{name}', lang)} ({sizes(layer_sizes, lang)})"


def scenario_line(name: str, scenario, lang: str) -> str:
    """E.g. "XOR; layers 2-2-1, m = 4 examples, λ = 0" (the name already made inert by the caller)."""
    key = "common.scenario_one" if scenario.m == 1 else "common.scenario"
    return t(key, lang, name=name, sizes=sizes(scenario.layer_sizes, lang), m=scenario.m, lam=f"{scenario.lam:g}")


# ---- where we are, in one line ---------------------------------------------------------

_PASS = {
    "input": "st.forward",
    "forward": "st.forward",
    "output_delta": "st.backward",
    "hidden_delta": "st.backward",
    "accumulate": "st.accumulate",
    "gradient": "st.gradient",
}


def status_line(step, n_steps: int, m: int, lang: str) -> str:
    """E.g. "example 1 of 4 · backward pass · layer 2 · node 1 · step 17 / 64"."""
    parts = []
    if step.example is not None:
        parts.append(t("st.example", lang, t=step.example, m=m))
    else:
        parts.append(t("st.before" if step.phase == "init" else "st.after", lang))
    if step.phase in _PASS:
        parts.append(t(_PASS[step.phase], lang))
    if step.layer is not None and step.phase not in ("init", "result"):
        parts.append(t("st.layer", lang, l=step.layer))
    if step.node is not None:
        parts.append(t("st.node", lang, j=step.node))
    parts.append(t("st.step", lang, i=step.index + 1, n=n_steps))
    # A middle dot reads as a Persian zero (۰); Persian gets a vertical bar instead.
    return (" | " if lang == "fa" else " · ").join(parts)
