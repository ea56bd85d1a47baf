"""Shareable links and the JSON export: pure functions, no streamlit, so they are unit-tested.

A link is the scenario's compact query (``codec.to_query``: a preset name plus what
differs) plus ``step`` (1-based, as the status line counts), ``lang`` and ``present``.
Reading a link never raises: what cannot be used is reported as a problem and replaced by
the default, so a hostile or broken link still opens the app.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

import numpy as np

from backprop_core import DEFAULT_PRESET, PRESETS, Scenario, ScenarioError, Trace, codec

from .i18n import DEFAULT_LANG, LANGS

MAX_QUERY_CHARS = 400_000  # a whole query longer than this is not read at all
# A longer address is refused before the app sees it: Tornado (Streamlit's server) takes at
# most 64 KB of request headers, nginx 8 KB per line unless configured (deploy/ allows 32 KB).
MAX_LINK_CHARS = 16_000
VIEW_KEYS = ("step", "lang", "present", "practice")
# ``practice``: the fading level of practice mode; "1" is the whole walk ("all").
PRACTICE_VALUES = {"0": "watch", "watch": "watch", "1": "all", "all": "all", "output": "output", "delta": "delta"}
SCENARIO_KEYS = codec.KEYS


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
    lang = _value(query, "lang")
    if lang is not None:
        if lang in LANGS:
            link.lang = lang
        else:
            link.problems.append(Problem("lang", lang[:40]))
    present = _value(query, "present")
    if present is not None:
        if present in ("0", "1"):
            link.present = present == "1"
        else:
            link.problems.append(Problem("present", present[:40]))
    practice = _value(query, "practice")
    if practice is not None:
        if practice in PRACTICE_VALUES:
            link.practice = PRACTICE_VALUES[practice]
        else:
            link.problems.append(Problem("practice", practice[:40]))
    step = _value(query, "step")
    if step is not None:
        if step.isdigit() and len(step) <= 6 and int(step) >= 1:
            link.step = int(step) - 1
        else:
            link.problems.append(Problem("step", step[:40]))
    return link


def link_query(scenario: Scenario, step: int, lang: str, present: bool) -> dict[str, str]:
    """The query that reproduces this view: short for presets (just ``p``) and the first step."""
    query = codec.to_query(scenario)
    if step > 0:
        query["step"] = str(step + 1)
    if lang != DEFAULT_LANG:
        query["lang"] = lang
    if present:
        query["present"] = "1"
    return query


def encode(query: Mapping[str, str]) -> str:
    """The query as it appears in the address bar."""
    return urlencode(query, safe=",;-")


def shareable(query: Mapping[str, str]) -> bool:
    """Whether a link with this query can be opened at all (see MAX_LINK_CHARS)."""
    return len(encode(query)) <= MAX_LINK_CHARS


def _jsonable(value):
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (tuple, list)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (np.floating, np.integer)):
        return value.item()
    return value


def walk_stem(scenario: Scenario, sep: str = "-") -> str:
    """A file name's stem that says which walk it holds: ``backprop-xor-2-2-1``, ``backprop-xor-edited-2-3-1``."""
    edited = scenario.name in PRESETS and PRESETS[scenario.name] != scenario
    name = re.sub(r"[^a-z0-9]+", sep, scenario.name.lower()).strip(sep)[:30] or "custom"
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
