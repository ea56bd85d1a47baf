"""Shareable links and the JSON export: pure functions, no streamlit, so they are unit-tested.

A link is the scenario's compact query (``codec.to_query``: a preset name plus what differs)
plus the view: ``step`` (1-based, as the status line counts), ``lang``, ``present`` and
``practice``, described by :data:`VIEW`, a table of the same shape as ``codec.PROPS``.
Reading a link never raises: what cannot be used is reported as a problem and replaced by
the default, so a hostile or broken link still opens the app.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

import numpy as np

from backprop_core import DEFAULT_PRESET, PRESETS, Scenario, ScenarioError, Trace, codec
from backprop_ui.i18n import DEFAULT_LANG, LANGS

T = TypeVar("T")

MAX_QUERY_CHARS = 400_000  # a whole query longer than this is not read at all
# A longer address is refused before the app sees it: Tornado (Streamlit's server) takes at
# most 64 KB of request headers, nginx 8 KB per line unless configured (deploy/ allows 32 KB).
MAX_LINK_CHARS = 16_000
# ``practice``: the fading level of practice mode; "1" is the whole walk ("all").
SHEETS = {"guided": "guided", "quiz": "quiz"}
PRACTICE_VALUES = {"0": "watch", "watch": "watch", "1": "all", "all": "all", "output": "output", "delta": "delta"}


@dataclass(frozen=True)
class ViewProp(Generic[T]):
    """One part of the view that travels in a link: a :class:`Link` field, its key, its text both ways.

    ``encode(value)`` is the text, or None when the value is the default and the link leaves
    the key out; ``decode(text)`` raises ``ValueError`` for text it cannot use.
    """

    field: str
    key: str
    encode: Callable[[T], str | None]
    decode: Callable[[str], T]


def _read_step(text: str) -> int:
    if not (text.isdigit() and len(text) <= 6 and int(text) >= 1):
        raise ValueError(text)
    return int(text) - 1


def _read_choice(choices: Mapping[str, T]) -> Callable[[str], T]:
    def read(text: str) -> T:
        if text not in choices:
            raise ValueError(text)
        return choices[text]

    return read


def _read_tab(text: str) -> str:
    if not re.fullmatch(r"[0-9a-f]{16}", text):
        raise ValueError(text)
    return text


# In the order a link carries them (the stage is handed these keys, and writes them in this order).
VIEW: tuple[ViewProp[Any], ...] = (
    ViewProp("step", "step", lambda step: str(step + 1) if step > 0 else None, _read_step),
    ViewProp("lang", "lang", lambda lang: None if lang == DEFAULT_LANG else lang, _read_choice({x: x for x in LANGS})),
    ViewProp("present", "present", lambda on: "1" if on else None, _read_choice({"0": False, "1": True})),
    ViewProp(
        "practice",
        "practice",
        lambda level: None if level is None else {"all": "1", "watch": "0"}.get(level, level),
        _read_choice(PRACTICE_VALUES),
    ),
    # A scenario too big for a link is kept in the browser tab under this id (``keeper.py``).
    ViewProp("tab", "tab", lambda tab: tab, _read_tab),
    # The worksheet's kind (``worksheet.KINDS``): guided unless the link says quiz.
    ViewProp("sheet", "sheet", lambda kind: None if kind in (None, "guided") else kind, _read_choice(SHEETS)),
)
SCENARIO_KEYS = codec.KEYS
VIEW_KEYS = tuple(prop.key for prop in VIEW)


@dataclass
class Problem:
    """Something in a link that was ignored: ``what`` names it, ``error`` says why (if a ScenarioError)."""

    what: str
    value: str = ""
    error: ScenarioError | None = None


@dataclass
class Link:
    """What a link asks for, after validation; ``problems`` lists what was ignored."""

    scenario: Scenario
    step: int | None = None  # 0-based, not yet checked against the trace's length
    lang: str = DEFAULT_LANG
    present: bool = False
    practice: str | None = None  # a practice level, when the link names one
    tab: str | None = None  # the id of a scenario this browser tab keeps (too big for the link)
    sheet: str | None = None  # the worksheet's kind, when the link names one
    problems: list[Problem] = field(default_factory=list)


def _value(query: Mapping, key: str) -> str | None:
    value = query.get(key)
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else ""
    return None if value is None else str(value)


def read_link(query: Mapping) -> Link:
    """The scenario, step, language and mode a query asks for; never raises."""
    total = sum(len(str(k)) + len(str(v)) for k, v in query.items())
    if total > MAX_QUERY_CHARS:
        return Link(scenario=PRESETS[DEFAULT_PRESET], problems=[Problem("too_long", str(total))])
    link = Link(scenario=PRESETS[DEFAULT_PRESET])
    scenario_part = {k: _value(query, k) for k in SCENARIO_KEYS if k in query}
    if scenario_part:
        try:
            link.scenario = codec.from_query(scenario_part)
        except ScenarioError as error:
            link.problems.append(Problem("scenario", error=error))
        except (ValueError, OverflowError, TypeError, MemoryError) as error:  # a gap in the checks: still no traceback
            link.problems.append(Problem("scenario", error=ScenarioError("query_number", str(error)[:80], key="?")))
    for prop in VIEW:
        text = _value(query, prop.key)
        if text is None:
            continue
        try:
            setattr(link, prop.field, prop.decode(text))
        except ValueError:
            link.problems.append(Problem(prop.key, text[:40]))
    if scenario_part:  # a link's own scenario wins over one kept in a tab
        link.tab = None
    return link


def view_query(**view: Any) -> dict[str, str]:
    """The view's part of a link (keyword arguments named as :class:`Link`'s fields); defaults are left out."""
    query = {}
    for prop in VIEW:
        if prop.field in view:
            text = prop.encode(view[prop.field])
            if text is not None:
                query[prop.key] = text
    return query


# The view values the stage in the browser owns and writes into the address itself; the others
# (lang, tab, sheet) are the server's, and the browser keeps whatever text it finds for them.
BROWSER_VIEW = {"step": None, "present": (False, True), "practice": ("watch", "output", "delta", "all")}


def address_codec() -> dict:
    """How the stage writes the address (``assets/stage/core/address.js``), from the tables here.

    The scenario's keys in the codec's order, then each view key in :data:`VIEW`'s order with
    how the browser writes its values: ``step`` by its rule (1-based, absent at the first
    step), the others as each possible value's text from the row's own ``encode`` (None: the
    key is left out), and every text the row's ``decode`` reads with the value it means. The
    stage's practice level is "watch" when not practising, which it leaves out of the address
    (a link without a level just watches).
    """
    view = []
    for prop in VIEW:
        row: dict[str, Any] = {"field": prop.field, "key": prop.key}
        if prop.field == "step":
            row["kind"] = "step"
        elif prop.field in BROWSER_VIEW:
            values = BROWSER_VIEW[prop.field] or ()
            row["values"] = {_js_key(v): None if v == "watch" else prop.encode(v) for v in values}
            # Every text a link may carry for it, and the value it means (a file's #fragment is read so).
            row["read"] = {text: _js_key(prop.decode(text)) for text in _TEXTS[prop.field]}
        view.append(row)
    return {"scenario": list(SCENARIO_KEYS), "view": view}


_TEXTS = {"present": ("0", "1"), "practice": tuple(PRACTICE_VALUES)}


def _js_key(value: object) -> str:
    """A value as JavaScript's String() writes it (the key the browser looks its text up by)."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def link_query(scenario: Scenario, step: int, lang: str, present: bool) -> dict[str, str]:
    """The query that reproduces this view: short for presets (just ``p``) and the first step."""
    return codec.to_query(scenario) | view_query(step=step, lang=lang, present=present)


def tab_id(scenario: Scenario) -> str:
    """The name a scenario is kept under in a browser tab: 16 hex digits of its exact query."""
    return hashlib.blake2b(encode(codec.to_query(scenario)).encode(), digest_size=8).hexdigest()


def encode(query: Mapping[str, str]) -> str:
    """The query as it appears in the address bar."""
    return urlencode(query, safe=",;-")


def shareable(query: Mapping[str, str]) -> bool:
    """Whether a link with this query can be opened at all (see MAX_LINK_CHARS)."""
    return len(encode(query)) <= MAX_LINK_CHARS


def read_saved(data: bytes) -> Scenario:
    """The scenario of a walk saved as JSON (:func:`trace_json`), from the file's bytes.

    Raises
    ------
    ScenarioError
        ``file_json`` for bytes that are not JSON, ``file_walk`` for JSON that is not a saved
        walk, and whatever the scenario's own checks refuse.
    """
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise ScenarioError("file_json", "this file is not JSON") from None
    query = document.get("scenario") if isinstance(document, dict) else None
    if not isinstance(query, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in query.items()):
        raise ScenarioError("file_walk", "this JSON is not a walk saved by this app (it has no scenario)")
    try:
        return codec.from_query(query)
    except ScenarioError:
        raise
    except (ValueError, OverflowError, TypeError, MemoryError) as error:  # a gap in the checks: still no traceback
        raise ScenarioError("query_number", str(error)[:80], key="?") from None


def _jsonable(value: object) -> object:
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (tuple, list)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (np.floating, np.integer)):
        return value.item()
    return value


# A ready-made example's name in a file name: what it is, as the example box says it (its id is a link's ``p``).
FILE_NAMES = {"tiny": "classic", "mazur": "classic-two-outputs", "gradcheck": "gradient-check"}


def walk_stem(scenario: Scenario, sep: str = "-") -> str:
    """A file name's stem that says which walk it holds: ``backprop-xor-2-2-1``, ``backprop-xor-edited-2-3-1``,
    ``backprop-classic-2-2-1`` (the classic worked example)."""
    edited = scenario.name in PRESETS and PRESETS[scenario.name] != scenario
    name = FILE_NAMES.get(scenario.name, scenario.name) if scenario.name in PRESETS else scenario.name
    name = re.sub(r"[^a-z0-9]+", sep, name.lower()).strip(sep)[:30] or "custom"
    parts = ["backprop", name, *(["edited"] if edited else []), *(str(s) for s in scenario.layer_sizes)]
    return sep.join(parts)


def trace_filename(scenario: Scenario) -> str:
    """The JSON download's name: ``backprop-xor-2-2-1.json``."""
    return walk_stem(scenario) + ".json"


def trace_json(trace: Trace, scenario: Scenario) -> str:
    """The whole walk as JSON: the scenario (its link, Θ, X and Y), every step with its formula and numbers, final Δ, D and J."""
    document = {
        "scenario": codec.to_query(scenario),
        "layer_sizes": list(scenario.layer_sizes),
        "loss": scenario.loss,
        "lambda": scenario.lam,
        "Theta": _jsonable(list(scenario.network.thetas)),
        "X": _jsonable(scenario.X),
        "Y": _jsonable(scenario.Y),
        "m": trace.m,
        "J": trace.J,
        "Delta": _jsonable(trace.Delta),
        "D": _jsonable(trace.D),
        "steps": [step.to_dict() for step in trace],
    }
    return json.dumps(document, ensure_ascii=False, indent=1)
