"""Every string a user sees, from one catalogue per language: ``locales/fa.toml`` (the default)
and ``locales/en.toml``, read once at import. No streamlit.

Each language's ``[locale]`` says how it writes what is not a sentence (direction, digits, quotes,
lists): Persian prose uses Persian digits; formulas stay in KaTeX with Latin digits, left to right.
Inline math is written ``$…$`` and rendered by st.markdown.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from backprop_core import Scenario, ScenarioError, Step

if TYPE_CHECKING:  # links imports this module: its Problem is named for the checker only
    from backprop_ui.links import Problem

LANGS = ("fa", "en")
DEFAULT_LANG = "fa"
LOCALES = Path(__file__).resolve().parents[1] / "locales"  # beside the code, whatever the working directory


@dataclass(frozen=True)
class Locale:
    """How a language writes what is not a sentence: the ``[locale]`` table of its catalogue."""

    name: str  # the language's own name, on the language switch
    direction: str  # "rtl" or "ltr"
    digits: str  # 0 to 9 as the prose writes them (inside $…$ KaTeX reads Latin digits)
    decimal_separator: str
    thousands_separator: str
    percent: str  # after a share: 40%
    quote_open: str  # around a value quoted from a link
    quote_close: str
    list_separator: str  # between the items of a list
    list_and: str  # before its last item: "1, 2 and 3"
    status_separator: str  # between the parts of the status line
    formula_condition: str  # D's two cases as a sentence: formula, this word, condition ("": LaTeX's \text{if})

    def __post_init__(self) -> None:
        if self.direction not in ("rtl", "ltr"):
            raise ValueError(f"direction must be 'rtl' or 'ltr', got {self.direction!r}")
        if len(self.digits) != 10 or len(self.decimal_separator) != 1 or len(self.thousands_separator) != 1:
            raise ValueError("digits must be the ten digits 0 to 9, and each separator one character")

    @property
    def rtl(self) -> bool:
        """Whether the language reads right to left."""
        return self.direction == "rtl"

    @cached_property
    def prose_numbers(self) -> dict[int, int]:
        """The str.translate table from Latin digits and separators to this language's."""
        return str.maketrans("0123456789.,", self.digits + self.decimal_separator + self.thousands_separator)


def _load(lang: str) -> tuple[Locale, dict[str, str]]:
    """``locales/<lang>.toml``: its ``[locale]``, and its strings as one flat table
    (``[app]`` ``title = '…'`` becomes ``"app.title"``)."""
    with (LOCALES / f"{lang}.toml").open("rb") as file:
        tables = tomllib.load(file)
    try:
        locale = Locale(**tables.pop("locale"))
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"locales/{lang}.toml: [locale] is missing or wrong: {error}") from None
    strings = {}
    for family, table in tables.items():
        if not isinstance(table, dict):
            raise ValueError(f"locales/{lang}.toml: {family!r} must be a [table] of strings")
        for name, text in table.items():
            if not isinstance(text, str):
                raise ValueError(f"locales/{lang}.toml: {family}.{name} must be a string, got {type(text).__name__}")
            strings[f"{family}.{name}"] = text
    return locale, strings


_LOADED = {lang: _load(lang) for lang in LANGS}
LOCALE_OF: dict[str, Locale] = {lang: loaded[0] for lang, loaded in _LOADED.items()}
STRINGS: dict[str, dict[str, str]] = {lang: loaded[1] for lang, loaded in _LOADED.items()}
LANG_NAMES = {lang: LOCALE_OF[lang].name for lang in LANGS}


def locale(lang: str) -> Locale:
    """The locale record of ``lang`` (English's for a language we do not have)."""
    return LOCALE_OF.get(lang, LOCALE_OF["en"])


_TO_LATIN = str.maketrans("۰۱۲۳۴۵۶۷۸۹٫٬،", "0123456789.,,")


def digits(value: object, lang: str) -> str:
    """``value`` as text, in the language's digits and separators (e-notation stays Latin: 1.2e-05)."""
    text = str(value)
    if re.search(r"\d[eE][+-]?\d", text):
        return text
    return text.translate(locale(lang).prose_numbers)


def latin_digits(text: str) -> str:
    """Persian/Arabic-Indic digits and separators typed by a user, read as Latin ones."""
    return str(text).translate(_TO_LATIN).translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))


def has(key: str) -> bool:
    """Whether the catalogues have a string ``key`` (both have the same keys: a test checks)."""
    return key in STRINGS[DEFAULT_LANG]


def t(key: str, lang: str, **params: object) -> str:
    """The string ``key`` in ``lang`` (English for a language we do not have), with ``params`` filled in.

    Whole numbers are written with the language's digits in the prose but stay Latin inside
    ``$…$`` math, which KaTeX must read. A key with no string raises KeyError: a bug, never a
    key's name on screen.
    """
    lang = lang if lang in STRINGS else "en"
    try:
        template = STRINGS[lang][key]
    except KeyError:
        raise KeyError(f"no string {key!r} in locales/{lang}.toml") from None
    if not params:
        return template.replace("{{", "{").replace("}}", "}")
    written = locale(lang)
    if written.digits == "0123456789":  # the prose's digits are KaTeX's: nothing to tell apart
        return template.format(**params)
    prose = {
        k: str(v).translate(written.prose_numbers) if isinstance(v, int) and not isinstance(v, bool) else v
        for k, v in params.items()
    }
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


def problem_text(problem: Problem, lang: str) -> str:
    """One ignored part of a link, said in the user's language; link values are quoted inertly."""
    if problem.what == "scenario" and problem.error is not None:
        return t("link.scenario", lang, reason=error_text(problem.error, lang))
    shown = md_escape(problem.value)
    if shown.isdigit():
        shown = digits(shown, lang)
    quotes = locale(lang)
    return t(f"link.{problem.what}", lang, value=quotes.quote_open + shown + quotes.quote_close)


def _plain(v: object, lang: str) -> str:
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e16:  # whole numbers as typed: 100,000,000,000
        text = f"{int(v):,}"
    elif isinstance(v, float):
        text = f"{v:g}"
    elif isinstance(v, int):
        text = str(v)
    else:
        return md_escape(str(v))  # words from a user or a link: shown as text, never as markup
    return digits(text, lang)


_NUMERIC = re.compile(r"^[-−+]?[0-9۰-۹][0-9۰-۹٫٬.,×eE+\-−]*$")


def _isolate_number(text: str, lang: str) -> str:
    """A number or a shape in a sentence: in a right-to-left one, isolated with its minus sign (−) in front, so that
    "−1" does not read "1-" and "2×4" does not read "4×2"."""
    bare = text[1:] if text.startswith("\\-") else text  # a typed value comes escaped for markdown: \-2
    if not locale(lang).rtl or not _NUMERIC.match(bare):
        return text
    return ltr(("−" + bare[1:]) if bare.startswith("-") else bare, lang)


def error_text(error: ScenarioError, lang: str) -> str:
    """A ScenarioError in the user's language, naming the lesson symbol and the limit.

    Every value from the input is shown as plain text (``$`` and angle brackets removed), and
    numbers inside ``$…$`` stay in Latin digits for KaTeX.
    """
    lang = lang if lang in STRINGS else "en"
    strings = STRINGS[lang]
    code = error.code
    latin = {k: _plain(v, "en") for k, v in error.params.items()}
    layer = error.params.get("layer")
    if isinstance(layer, int):
        latin["l1"] = str(layer + 1)
    prose = {k: _isolate_number(digits(v, lang), lang) for k, v in latin.items()}
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


def ltr(text: str, lang: str) -> str:
    """Text that must read left to right, isolated inside a right-to-left sentence."""
    return LRI + text + PDI if locale(lang).rtl else text


def isolated(text: str, lang: str) -> str:
    """Numbers that must read left to right (sizes, shapes), in the language's digits."""
    return ltr(digits(text, lang), lang)


def sizes(layer_sizes: Iterable[int], lang: str) -> str:
    """Layer sizes as "2-2-1"; in Persian with Persian digits, isolated so they keep their order."""
    return isolated("-".join(str(s) for s in layer_sizes), lang)


def shape(dims: Iterable[int], lang: str) -> str:
    """A matrix shape as "2×3", isolated in Persian."""
    return isolated("×".join(str(d) for d in dims), lang)


def plain_number(value: float, lang: str) -> str:
    """A number as a sentence shows it: whole numbers without ".0", others in %g; Persian digits in Persian."""
    return _plain(float(value) if not isinstance(value, int) else value, lang)


def number_list(values: Iterable[object], lang: str) -> str:
    """1, 2 and 3 / ۱، ۲ و ۳."""
    return listed([digits(v, lang) for v in values], lang)


def listed(items: list[str], lang: str) -> str:
    """Items as a list in a sentence: "a, b and c" / «a، b و c»."""
    if len(items) < 2:
        return "".join(items)
    words = locale(lang)
    return words.list_separator.join(items[:-1]) + words.list_and + items[-1]


def _math_list(name: str, cols: Iterable[int], lang: str) -> str:
    return listed([f"${name}_{{{c}}}$" for c in cols], lang)


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


def preset_label(name: str, layer_sizes: Iterable[int], lang: str) -> str:
    """An example's name with its layer sizes: "XOR, four examples (2-2-1)"."""
    return f"{t(f'preset.{name}', lang)} ({sizes(layer_sizes, lang)})"


def scenario_line(name: str, scenario: Scenario, lang: str) -> str:
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


def status_line(step: Step, n_steps: int, m: int, lang: str, brief: bool = False) -> str:
    """E.g. "example 1 of 4 · backward pass · layer 2 · node 1 · step 17 / 64"; ``brief``: without the pass
    and the step's number (a worksheet's box says them in its heading)."""
    parts = []
    if step.example is not None:
        parts.append(t("st.example", lang, t=step.example, m=m))
    else:
        parts.append(t("st.before" if step.phase == "init" else "st.after", lang))
    if step.phase in _PASS and not brief:
        parts.append(t(_PASS[step.phase], lang))
    if step.layer is not None and step.phase not in ("init", "result"):
        parts.append(t("st.layer", lang, l=step.layer))
    if step.node is not None:
        parts.append(t("st.node", lang, j=step.node))
    if not brief:
        parts.append(t("st.step", lang, i=step.index + 1, n=n_steps))
    return locale(lang).status_separator.join(parts)  # Persian: a bar, as a middle dot reads as zero (۰)
