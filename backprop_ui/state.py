"""Session state: the last valid scenario, its trace, the step, and the editors' drafts.

Data flows one way: widgets -> candidate Scenario -> (if valid) trace -> pages render a
step. An invalid candidate never replaces the last valid scenario, and the editors keep
what the user typed, because an editor's base table only changes when a preset is loaded
or the layer sizes change (``editor_version`` then gives the editors fresh keys).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import streamlit as st

from backprop_core import (
    MAX_LAYERS,
    MAX_UNITS,
    MIN_LAYERS,
    MIN_UNITS,
    PRESETS,
    Network,
    Scenario,
    ScenarioError,
    Trace,
)

from . import i18n, links

ss = st.session_state
LANG_KEY = "lang"  # the sidebar's language control
_LANG = "_lang"  # the session's language: a plain key, so no page switch or rerun can drop it


# Streamlit forgets a widget's value when the page changes; every run writes these back.
def keep_widget_state(page: str) -> None:
    """Refill the scenario editor whenever the main page is entered.

    (Speed and iterations keep their values across pages with ``persist_state="session"``;
    the language lives in a plain session key, see ``lang``.)
    """
    if page == "main" and ss.get("_last_page", "main") != "main":
        load_editors(scenario())
    ss["_last_page"] = page


# ---- the language ---------------------------------------------------------------------
def lang() -> str:
    value = ss.get(_LANG)
    return value if value in i18n.LANGS else i18n.DEFAULT_LANG


def show_lang() -> None:
    """Put the session's language into the control (before it is drawn, on every page)."""
    ss[LANG_KEY] = lang()


def on_lang() -> None:
    if ss.get(LANG_KEY) in i18n.LANGS:
        ss[_LANG] = ss[LANG_KEY]


# ---- turning editors into numbers and back --------------------------------------------
def sizes_text(sizes) -> str:
    return ", ".join(str(s) for s in sizes)


_SEP = re.compile(r"[\s,;\-–—/|×]+")


def parse_sizes(text: str) -> tuple[int, ...]:
    """``"2, 3, 1"`` (also with dashes or Persian digits) as layer sizes; ScenarioError if not."""
    parts = [p for p in _SEP.split(i18n.latin_digits(text or "").strip()) if p]
    # isascii: "²" and other digits that int() cannot read pass isdigit() alone (found by the fuzz suite)
    if not parts or len(parts) > 64 or not all(p.isascii() and p.isdigit() and len(p) <= 4 for p in parts):
        raise ScenarioError("sizes_parse", "layer sizes must be whole numbers separated by commas, e.g. 2, 3, 1")
    return tuple(int(p) for p in parts)


def examples_frame(X: np.ndarray, Y: np.ndarray) -> pd.DataFrame:
    cols = {f"x{j + 1}": X[:, j] for j in range(X.shape[1])}
    cols.update({f"y{k + 1}": Y[:, k] for k in range(Y.shape[1])})
    return pd.DataFrame(cols)


def theta_frame(theta: np.ndarray) -> pd.DataFrame:
    frame = pd.DataFrame(theta, columns=[f"j={j}" for j in range(theta.shape[1])])
    frame.index = [f"i={i + 1}" for i in range(theta.shape[0])]
    return frame


def _cells(frame: pd.DataFrame) -> list[list]:
    """Rows of a table with empty cells as None (so they read as "not a number")."""
    values = frame.astype(object).to_numpy()
    return [[None if (v is None or (isinstance(v, float) and np.isnan(v))) else v for v in row] for row in values]


def split_examples(frame: pd.DataFrame, s1: int) -> tuple[list, list]:
    rows = _cells(frame)
    return [r[:s1] for r in rows], [r[s1:] for r in rows]


def reshape_examples(frame: pd.DataFrame, old_s1: int, sizes) -> pd.DataFrame:
    """Keep what the user typed when the layer sizes change: pad new columns with 0, drop extra ones."""
    X, Y = split_examples(frame, old_s1)
    s1, sL = sizes[0], sizes[-1]

    def fit(rows, n):
        return [[(r[k] if k < len(r) and r[k] is not None else 0.0) for k in range(n)] for r in rows]

    X, Y = fit(X, s1), fit(Y, sL)
    if not X:
        X, Y = [[0.0] * s1], [[0.0] * sL]
    return examples_frame(np.array(X, dtype=float), np.array(Y, dtype=float))


# ---- loading a scenario into the editors ---------------------------------------------
def load_editors(scenario: Scenario) -> None:
    """Put a scenario's values into every editor (callers: callbacks and first load only)."""
    ss["preset"] = scenario.name if scenario.name in PRESETS else "custom"
    ss["sizes_text"] = sizes_text(scenario.layer_sizes)
    ss["weights_mode"] = "seed" if scenario.thetas is None else "edit"
    ss["seed"] = int(scenario.seed)
    ss["eps"] = float(scenario.epsilon)
    ss["lam"] = float(scenario.lam)
    ss["loss"] = scenario.loss
    ss["alpha"] = float(scenario.alpha)
    ss["examples_base"] = examples_frame(scenario.X, scenario.Y)
    ss["examples_s1"] = scenario.layer_sizes[0]
    ss["theta_bases"] = [theta_frame(t) for t in scenario.network.thetas]
    ss["editor_version"] = ss.get("editor_version", 0) + 1


def set_scenario(scenario: Scenario, keep_step: bool = False) -> None:
    """Make ``scenario`` the current one and build its trace (the step stays if the walk has the same length)."""
    old = ss.get("trace")
    trace = scenario.trace()
    ss["scenario"] = scenario
    ss["trace"] = trace
    if not (keep_step and old is not None and len(old) == len(trace)):
        ss["step"] = 0
    ss["step"] = min(ss.get("step", 0), len(trace) - 1)


def ensure() -> None:
    """First run of a session: what the link asks for (or the default), with its problems noted."""
    if "scenario" in ss:
        return
    link = links.read_link(st.query_params.to_dict())
    set_scenario(link.scenario)
    load_editors(link.scenario)
    problems = list(link.problems)
    if link.step is not None:
        if link.step < len(ss["trace"]):
            ss["step"] = link.step
        else:
            problems.append(links.Problem("step", str(link.step + 1)))
    ss.setdefault(_LANG, link.lang)
    ss["present"] = link.present
    ss["link_problems"] = (link.scenario.key(), problems)
    ss["playing"] = False
    ss.setdefault("speed", 1.0)
    ss["input_error"] = None


def link_problems() -> list:
    """What the opening link had that was ignored; shown until the scenario changes."""
    key, problems = ss.get("link_problems", (None, []))
    return problems if problems and key == scenario().key() else []


def current_link() -> dict[str, str]:
    return links.link_query(scenario(), step_index(), lang(), bool(ss.get("present")))


def sync_link() -> None:
    """Keep the address bar reproducing what is on screen (not on every autoplay tick)."""
    if ss.get("playing"):
        return
    query = current_link()
    if not links.shareable(query):
        # An address this long would not open again (not even on reload): keep only the view,
        # and the Share menu says why the scenario is not in it.
        query = {k: v for k, v in query.items() if k in ("lang", "present")}
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)


def scenario() -> Scenario:
    return ss["scenario"]


def trace() -> Trace:
    return ss["trace"]


# ---- callbacks of the scenario editor --------------------------------------------------
def on_preset() -> None:
    name = ss.get("preset")
    if name in PRESETS:
        set_scenario(PRESETS[name])
        load_editors(PRESETS[name])
        ss["input_error"] = None


def on_sizes() -> None:
    """Valid new sizes reshape the editors now, so they render with the new columns this run."""
    try:
        sizes = parse_sizes(ss.get("sizes_text", ""))
    except ScenarioError:
        return
    base = ss["examples_base"]
    if not (MIN_LAYERS <= len(sizes) <= MAX_LAYERS) or not all(MIN_UNITS <= s <= MAX_UNITS for s in sizes):
        return  # the main run reports the limit; the editors keep their shape meanwhile
    current = scenario().layer_sizes
    if sizes == current and ss.get("examples_s1") == sizes[0] and base.shape[1] == sizes[0] + sizes[-1]:
        return
    ss["examples_base"] = reshape_examples(_current_examples(), ss.get("examples_s1", current[0]), sizes)
    ss["examples_s1"] = sizes[0]
    seed = int(ss.get("seed", 0))
    eps = float(ss.get("eps", 0.12)) or 0.12
    ss["theta_bases"] = [theta_frame(t) for t in Network.random(sizes, seed, eps).thetas]
    # A new shape has no hand-written weights yet: draw them from the seed (and keep the link short).
    ss["weights_mode"] = "seed"
    ss["editor_version"] = ss.get("editor_version", 0) + 1


def on_weights_mode() -> None:
    """Switching to hand editing starts from the weights on screen."""
    if ss.get("weights_mode") == "edit":
        ss["theta_bases"] = [theta_frame(t) for t in scenario().network.thetas]
        ss["editor_version"] = ss.get("editor_version", 0) + 1


def examples_key() -> str:
    return f"examples_{ss.get('editor_version', 0)}"


def theta_key(layer: int) -> str:
    return f"theta_{layer}_{ss.get('editor_version', 0)}"


def _apply_edits(base: pd.DataFrame, key: str) -> pd.DataFrame:
    """The editor's table as the user sees it: its base with the edits kept in session state."""
    edits = ss.get(key)
    if not isinstance(edits, dict):
        return base
    frame = base.copy()
    for row, changes in (edits.get("edited_rows") or {}).items():
        for col, value in changes.items():
            if col in frame.columns and int(row) < len(frame):
                frame.loc[frame.index[int(row)], col] = value
    deleted = sorted((int(r) for r in edits.get("deleted_rows") or [] if int(r) < len(frame)), reverse=True)
    if deleted:
        frame = frame.drop(index=[frame.index[r] for r in deleted])
    added = edits.get("added_rows") or []
    if added:
        extra = pd.DataFrame([{c: row.get(c) for c in frame.columns} for row in added])
        frame = pd.concat([frame, extra], ignore_index=True)
    return frame.reset_index(drop=True)


def _current_examples() -> pd.DataFrame:
    return _apply_edits(ss["examples_base"], examples_key())


# ---- reading the editors ----------------------------------------------------------------
def candidate(examples: pd.DataFrame, thetas: list[pd.DataFrame] | None) -> Scenario:
    """The scenario the editors describe now; raises ScenarioError if it is not valid."""
    sizes = parse_sizes(ss.get("sizes_text", ""))
    s1 = ss.get("examples_s1", sizes[0])
    X, Y = split_examples(examples, s1)
    weights = None
    if ss.get("weights_mode") == "edit" and thetas is not None:
        weights = [_cells(frame) for frame in thetas]
    preset = ss.get("preset", "custom")
    cand = Scenario(
        layer_sizes=sizes,
        X=X,
        Y=Y,
        seed=ss.get("seed", 0),
        epsilon=ss.get("eps", 0.12),
        thetas=weights,
        lam=ss.get("lam", 0.0),
        loss=ss.get("loss", "cross_entropy"),
        alpha=ss.get("alpha", scenario().alpha),
        name=preset if preset in PRESETS else _custom_name(),
    )
    return cand  # keeps its preset's name when edited: the link stays "preset + what differs"


def _custom_name() -> str:
    """A custom scenario keeps the name it came with (from a link), so editing does not rename it."""
    name = scenario().name
    return "custom" if name in PRESETS else name


def accept(examples: pd.DataFrame, thetas: list[pd.DataFrame] | None) -> ScenarioError | None:
    """Adopt the editors' scenario if valid; otherwise keep the last valid one and return the error."""
    try:
        cand = candidate(examples, thetas)
    except ScenarioError as error:
        ss["input_error"] = error
        return error
    ss["input_error"] = None
    if cand != scenario():
        set_scenario(cand, keep_step=True)
    return None


# ---- the step -----------------------------------------------------------------------------
def step_index() -> int:
    n = len(trace())
    value = int(ss.get("step", 0))
    return max(0, min(value, n - 1))


def go(index: int) -> None:
    ss["step"] = max(0, min(int(index), len(trace()) - 1))


def on_alpha() -> None:
    """The learning rate belongs to the scenario (so a link carries it); the walk does not change."""
    alpha = ss.get("train_alpha")
    try:
        set_scenario(scenario().replace(alpha=alpha), keep_step=True)
    except ScenarioError as error:
        ss["input_error"] = error
