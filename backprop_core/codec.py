"""A scenario's round trip through a link's query: one table of what travels, read and written by one loop.

tensorflow/playground's ``State.PROPS`` is the model. Each row of :data:`PROPS` names a
:class:`~backprop_core.scenario.Scenario` field, its query key, and how its value is written
and read. A link names a preset (``p``) and carries only the rows whose value differs from
that preset's, so a preset's link is just ``?p=xor``. Floats are written in their shortest
exact form, so the trip back is exact.

======  ===============  ==========================================================
key     field            written as
======  ===============  ==========================================================
p       (the preset)     its name; absent: the default preset, and the result is custom
name    name             only without ``p``, when not "custom"
n       layer_sizes      ``2-2-1``
seed    seed             an integer (with ``eps``: the weights are drawn from them)
eps     epsilon          ε, the half-width of the uniform initial weights
w       thetas           every edited weight, row by row, Θ^(1) first, split by ``,``;
                         when some Θ^(l) is exactly the seed's draw, the matrices are split
                         by ``;`` and such a matrix is written ``~``
x, y    X, Y             the examples, numbers split by ``,``, rows by ``;``
lam     lam              λ
loss    loss             ``ce`` (cross-entropy) or ``se`` (squared error)
lr      alpha            α, the learning rate
======  ===============  ==========================================================

The view (step, language, presentation mode) travels beside these; ``backprop_ui/links.py``
describes it with a table of the same shape.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, Generic, TypeVar

import numpy as np

from .errors import ScenarioError
from .network import Network
from .presets import DEFAULT_PRESET, PRESETS
from .scenario import MAX_EXAMPLES, Scenario, check_layer_sizes

T = TypeVar("T")
Sizes = tuple[int, ...]

PRESET_KEY = "p"
CUSTOM = "custom"  # the name of a scenario that is no preset's (as Scenario's default)
# A query value longer than this is refused before it is split or parsed.
# The largest legal value is the weights of 9 matrices of 32 × 33 numbers.
MAX_QUERY_VALUE = 9 * 32 * 33 * 26
LOSS_CODES = {"cross_entropy": "ce", "squared_error": "se"}


@dataclass(frozen=True)
class Prop(Generic[T]):
    """One setting that travels in a link: where it lives, its key, and its text both ways.

    Parameters
    ----------
    field : str
        The :class:`Scenario` attribute.
    key : str
        The query key.
    encode : callable
        ``encode(value) -> str``.
    decode : callable
        ``decode(text, key, sizes) -> value``; ``sizes`` are the layer sizes the link has
        set so far (its ``n``, else the preset's), which cut ``w`` into matrices. Raises
        :class:`ScenarioError` naming ``key`` for text that is not such a value.
    needed : callable, optional
        ``needed(scenario, preset) -> bool``, whether the link must carry this row
        (``preset`` is None for a custom scenario). By default: when the value differs
        from the preset's.
    write : callable, optional
        ``write(scenario) -> str``, for a row whose text depends on more than its own
        field (``w`` names the matrices that are the seed's draw). By default
        ``encode(scenario.<field>)``.
    """

    field: str
    key: str
    encode: Callable[[T], str]
    decode: Callable[[str, str, Sizes], T]
    needed: Callable[[Scenario, Scenario | None], bool] | None = None
    write: Callable[[Scenario], str] | None = None

    def text(self, scenario: Scenario) -> str:
        """The row's text for ``scenario``."""
        if self.write is not None:
            return self.write(scenario)
        return self.encode(getattr(scenario, self.field))

    def is_needed(self, scenario: Scenario, preset: Scenario | None) -> bool:
        """Whether a link to ``scenario`` written on top of ``preset`` carries this row."""
        if self.needed is not None:
            return self.needed(scenario, preset)
        return _differs(scenario, preset, self.field)


# ---- writing ------------------------------------------------------------------------------


def _fmt(v: float) -> str:
    """Shortest text that reads back as exactly the same float."""
    text = repr(float(v))
    return text[:-2] if text.endswith(".0") else text


def _sizes_text(sizes: Sizes) -> str:
    return "-".join(str(s) for s in sizes)


def _rows_text(arr: np.ndarray) -> str:
    return ";".join(",".join(_fmt(v) for v in row) for row in arr)


def _weights_text(thetas: tuple[np.ndarray, ...]) -> str:
    return ",".join(_fmt(v) for theta in thetas for v in theta.ravel())


SEEDED = "~"  # in ``w``: this matrix is the seed's draw


def _write_weights(scenario: Scenario) -> str:
    """``w``: every weight, or matrix by matrix with the seed's draws written ``~`` when there are any."""
    thetas = scenario.network.thetas
    drawn = Network.random(scenario.layer_sizes, scenario.seed, scenario.epsilon).thetas
    seeded = [np.array_equal(mine, its) for mine, its in zip(thetas, drawn, strict=True)]
    if not any(seeded):
        return _weights_text(thetas)
    return ";".join(SEEDED if same else _weights_text((theta,)) for theta, same in zip(thetas, seeded, strict=True))


def _same(a: Any, b: Any) -> bool:
    """Equal settings, arrays compared bit for bit and by shape (a shape alone can differ)."""
    if isinstance(a, np.ndarray) and isinstance(b, np.ndarray):
        return a.shape == b.shape and a.tobytes() == b.tobytes()
    if isinstance(a, tuple) and isinstance(b, tuple) and a and isinstance(a[0], np.ndarray):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _differs(scenario: Scenario, preset: Scenario | None, field: str) -> bool:
    return preset is None or not _same(getattr(preset, field), getattr(scenario, field))


def _must_seed(scenario: Scenario, preset: Scenario | None) -> bool:
    """Seeded weights on a preset with written-out ones: the link must say "seed" (and ε)."""
    return scenario.thetas is None and (preset is None or preset.thetas is not None)


# ---- reading ------------------------------------------------------------------------------

_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def _read_number(text: str, key: str, sizes: Sizes = ()) -> float:
    text = text.strip()
    if not _NUMBER.match(text):
        raise ScenarioError("query_number", f"the link's value {key!r} is not a number: {text[:20]!r}", key=key)
    return float(text)


def _read_list(text: str, key: str, sep: str = ",") -> list[float]:
    if text == "":
        raise ScenarioError("query_empty", f"the link's value {key!r} is empty", key=key)
    return [_read_number(part, key) for part in text.split(sep)]


def _read_sizes(text: str, key: str, sizes: Sizes = ()) -> Sizes:
    # Checked here, before the weights are cut to these shapes (a 500-digit size is inf).
    return check_layer_sizes(_read_list(text, key, sep="-"))


def _read_rows(text: str, key: str, sizes: Sizes = ()) -> list[list[float]]:
    if text.count(";") >= MAX_EXAMPLES:
        raise ScenarioError(
            "examples_range",
            f"m must be between 1 and {MAX_EXAMPLES} examples",
            lo=1,
            hi=MAX_EXAMPLES,
            got=text.count(";") + 1,
        )
    return [_read_list(row, key) for row in text.split(";")]


def _read_weights(text: str, key: str, sizes: Sizes) -> tuple[np.ndarray | None, ...]:
    """The matrices ``w`` writes; None for one written ``~`` (the seed's draw, filled in by :func:`from_query`)."""
    shapes = [(after, before + 1) for before, after in pairwise(sizes)]
    need = sum(r * c for r, c in shapes)
    parts: list[list[float] | None]
    if ";" not in text and text.strip() != SEEDED:  # every weight in a row, Θ^(1) first: cut into the matrices
        values, parts, start = _read_list(text, key), [], 0
        ok = len(values) == need
        for r, c in shapes:
            parts.append(values[start : start + r * c])
            start += r * c
    else:  # matrix by matrix
        parts = [None if part.strip() == SEEDED else _read_list(part, key) for part in text.split(";")]
        ok = len(parts) == len(shapes) and all(
            part is None or len(part) == r * c for part, (r, c) in zip(parts, shapes, strict=True)
        )
    if not ok:
        got = sum(len(part) for part in parts if part is not None)
        raise ScenarioError(
            "query_weights",
            f"the link has {got} weights in {len(parts)} parts but the network needs {need} in {len(shapes)}",
            got=got,
            expected=need,
        )
    return tuple(
        None if part is None else np.array(part).reshape(shape) for part, shape in zip(parts, shapes, strict=True)
    )


def _read_loss(text: str, key: str, sizes: Sizes = ()) -> str:
    losses = {code: loss for loss, code in LOSS_CODES.items()}
    if text not in losses:
        raise ScenarioError("loss", f"unknown loss {text[:20]!r}", loss=text[:20])
    return losses[text]


def _read_text(text: str, key: str, sizes: Sizes = ()) -> str:
    return text


# ---- the table ----------------------------------------------------------------------------

PROPS: tuple[Prop[Any], ...] = (
    # Only a scenario that is no preset's carries its name (a preset's is ``p``).
    Prop("name", "name", str, _read_text, needed=lambda s, preset: preset is None and s.name != CUSTOM),
    Prop("layer_sizes", "n", _sizes_text, _read_sizes),
    Prop("seed", "seed", str, _read_number, needed=lambda s, p: _must_seed(s, p) or _differs(s, p, "seed")),
    Prop("epsilon", "eps", _fmt, _read_number, needed=lambda s, p: _must_seed(s, p) or _differs(s, p, "epsilon")),
    Prop(
        "thetas",
        "w",
        _weights_text,
        _read_weights,
        needed=lambda s, p: s.thetas is not None and _differs(s, p, "thetas"),
        write=_write_weights,
    ),
    Prop("X", "x", _rows_text, _read_rows),
    Prop("Y", "y", _rows_text, _read_rows),
    Prop("lam", "lam", _fmt, _read_number),
    Prop("loss", "loss", LOSS_CODES.__getitem__, _read_loss),
    Prop("alpha", "lr", _fmt, _read_number),
)
KEYS: tuple[str, ...] = (PRESET_KEY, *(prop.key for prop in PROPS))
"""Every query key a scenario can use."""
# Keys that change the weights' shape or their seed: without ``w`` they mean seeded weights.
_RESEED = frozenset({"n", "seed", "eps"})

_queries: weakref.WeakKeyDictionary[Scenario, tuple[tuple[str, str], ...]] = weakref.WeakKeyDictionary()


def to_query(scenario: Scenario) -> dict[str, str]:
    """Write a scenario's compact query: its preset's name plus only what differs from it.

    Computed once per scenario (scenarios are immutable).

    Parameters
    ----------
    scenario : Scenario
        Any valid scenario.

    Returns
    -------
    dict of str to str
        Query key to value, in :data:`PROPS` order after ``p``; :func:`from_query` reads it
        back to an equal scenario.
    """
    cached = _queries.get(scenario)
    if cached is None:
        preset = PRESETS.get(scenario.name)
        query = {PRESET_KEY: scenario.name} if preset is not None else {}
        for prop in PROPS:
            if prop.is_needed(scenario, preset):
                query[prop.key] = prop.text(scenario)
        cached = tuple(query.items())
        _queries[scenario] = cached
    return dict(cached)


def _value(query: Mapping[str, Any], key: str) -> str:
    """Read a query's value as stripped text (a repeated key counts by its last value), if not too long."""
    value = query[key]
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else ""
    value = str(value)
    if len(value) > MAX_QUERY_VALUE:
        raise ScenarioError("query_long", f"the link's value {key!r} is too long", key=key)
    return value.strip()


def from_query(query: Mapping[str, Any], default: str = DEFAULT_PRESET) -> Scenario:
    """Read the scenario a query describes (see :func:`to_query`); keys not in :data:`KEYS` are not read.

    Parameters
    ----------
    query : mapping of str to str
        A link's query; a list value (a repeated key) counts by its last element.
    default : str, optional
        The preset the query's changes apply to when it has no ``p``.

    Returns
    -------
    Scenario
        The preset with the query's changes; named by the query's ``name``, or "custom"
        when a query without ``p`` changes anything.

    Raises
    ------
    ScenarioError
        For an unknown preset, malformed or over-long values, and anything the scenario
        itself refuses.
    """
    texts = {key: _value(query, key) for key in KEYS if key in query}
    name = texts.get(PRESET_KEY, default)
    if name not in PRESETS:
        raise ScenarioError("unknown_preset", f"there is no example named {name[:40]!r}", name=name[:40])
    preset = PRESETS[name]
    changes: dict[str, Any] = {}
    for prop in PROPS:
        if prop.key in texts:
            sizes = changes.get("layer_sizes", preset.layer_sizes)
            changes[prop.field] = prop.decode(texts[prop.key], prop.key, sizes)
    if "w" not in texts and any(key in texts for key in _RESEED):
        changes["thetas"] = None
    elif changes.get("thetas") is not None and any(theta is None for theta in changes["thetas"]):
        # The rest is checked first (a seed must be one before it draws anything).
        drawn = preset.replace(**(changes | {"thetas": None})).network.thetas
        changes["thetas"] = tuple(
            its if mine is None else mine for mine, its in zip(changes["thetas"], drawn, strict=True)
        )
    if PRESET_KEY in texts:
        changes.pop("name", None)  # a preset keeps its own name
    elif changes and "name" not in changes:
        changes["name"] = CUSTOM
    return preset.replace(**changes)
