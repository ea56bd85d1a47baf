"""Session state: the one owner of the scenario, its trace, the step, and what the user typed.

The scenario lives in one place (``SCENARIO``). Every input in the sidebar only displays it:
before an input is drawn it is set from the scenario, and a change the user makes is handed
to :func:`change` as a change of that one input (``edits``). So no input can overwrite another
one's value, whatever Streamlit does to a widget's state when its labels change (a language
switch re-labels every choice), a page is left, or the editor is hidden while presenting.

What the user typed that is not the scenario (yet), layer sizes that do not parse or a table
with a row still being filled in, is a *draft*: it stays on screen, survives a language switch
and a page switch, and is named, but the walk keeps the last valid scenario.
"""

from __future__ import annotations

import uuid

import numpy as np
import streamlit as st

from backprop_core import PRESETS, Scenario, ScenarioError, Trace
from backprop_ui import i18n, links
from backprop_ui.editor import edits

ss = st.session_state

# ---- session keys -------------------------------------------------------------------------
SCENARIO = "scenario"  # the current, valid Scenario: the one owner
TRACE = "trace"  # its walk
TARGET = "stage_target"  # {"step", "id"}: a step the stage should go to once (a link's, another page's)
UNDO = "undo"  # [(scenario before a change, what changed, notes)], the newest last: what Undo takes back
REDO = "redo"  # the same for the changes undone: what Redo makes again
LAST_CHANGE = "last_change"  # (what, notes, "change" | "undo" | "redo"): the last thing done, shown by the buttons
MAX_UNDO = 50
ERRORS = "field_errors"  # input name -> ScenarioError: why the last value typed there was refused
DRAFTS = "drafts"  # input name -> what was typed there and is not the scenario
SHELF = "shelf"  # values a change of shape put aside, so that going back restores them
TABLE_VERSION = "editor_version"  # part of every table's key: a new version shows new values
TABLES_SEEN = "tables_seen"  # table key -> the cells last handled, so a table is handled once per edit
PRESENT = "present"
PRACTICE = "practice"  # {"level", "id"} from the opening link: the stage applies it once
SHEET = "sheet"  # the worksheet's kind the opening link names, if any
LANG_KEY = "lang"  # the sidebar's language control
_LANG = "_lang"  # the session's language: a plain key, so no page switch or rerun can drop it
INPUT_ERROR = "input_error"  # the error of the examples or weights tables, shown above the stage too
RESTORE = "restore"  # {"id", "step", "problems"}: a reload whose scenario the browser tab keeps (keeper.py)
LINK_PROBLEMS = "link_problems"  # (scenario key, problems): what the opening link had that was ignored


# ---- the language ---------------------------------------------------------------------------
def lang() -> str:
    value = ss.get(_LANG)
    return value if value in i18n.LANGS else i18n.DEFAULT_LANG


def show_lang() -> None:
    """Put the session's language into the control (before it is drawn, on every page)."""
    ss[LANG_KEY] = lang()


FOLD = "fold_sidebar"  # an id: the sidebar folds once after a language switch on a phone (keeper.js)


def on_lang() -> None:
    if ss.get(LANG_KEY) in i18n.LANGS:
        ss[_LANG] = ss[LANG_KEY]
        ss[FOLD] = uuid.uuid4().hex


# ---- the owner ---------------------------------------------------------------------------------
def scenario() -> Scenario:
    return ss[SCENARIO]


def trace() -> Trace:
    return ss[TRACE]


def set_scenario(scenario: Scenario, keep_step: bool = False) -> None:
    """Make ``scenario`` the current one and build its trace.

    The step is the browser's (the stage keeps its place in a walk of the same length); a new
    walk that should start at the beginning (another example, trained weights) says so.
    """
    ss[SCENARIO] = scenario
    ss[TRACE] = scenario.trace()
    if not keep_step:
        go(0)


def change(new: Scenario, what: str, notes=(), *, whole: bool = False, keep_step: bool = True) -> None:
    """Adopt ``new``, changed by the input ``what``; the previous scenario can be had back with :func:`undo`.

    ``notes`` say what else had to change and why (see ``edits``); ``whole`` is for a
    scenario replaced as a whole (an example loaded, trained weights), after which every
    input is refilled from it and every draft is dropped.
    """
    ss[ERRORS].pop(what, None)
    # A refused number's box already shows the value in use: once anything else changes, its
    # message has been read and goes (refused text and tables keep theirs: they still hold it).
    for name in ("lam", "alpha", "seed", "eps", "loss", "iterations"):
        ss[ERRORS].pop(name, None)
    if new == scenario():
        return
    ss[UNDO] = [*(ss.get(UNDO) or [])[-(MAX_UNDO - 1) :], (scenario(), what, tuple(notes))]
    ss[REDO] = []
    ss[LAST_CHANGE] = (what, tuple(notes), "change")
    set_scenario(new, keep_step=keep_step)
    if whole:
        refill()


def refuse(what: str, error: ScenarioError) -> None:
    """Keep the scenario as it is and say, under the input ``what``, why its new value was not taken."""
    ss[ERRORS][what] = error


def undo() -> None:
    """Take back the last change still in the history (Redo makes it again)."""
    _step_back(UNDO, REDO, "undo")


def redo() -> None:
    """Make again the last change Undo took back."""
    _step_back(REDO, UNDO, "redo")


def _step_back(source: str, target: str, kind: str) -> None:
    history = list(ss.get(source) or [])
    if not history:
        return
    previous, what, notes = history.pop()
    ss[source] = history
    ss[target] = [*(ss.get(target) or []), (scenario(), what, notes)]
    ss[LAST_CHANGE] = (what, (), kind)
    set_scenario(previous, keep_step=True)
    refill()


def refill() -> None:
    """Every input shows the scenario again: drafts and refusals are dropped, the tables get new keys."""
    ss[DRAFTS] = {}
    ss[ERRORS] = {}
    ss[INPUT_ERROR] = None
    ss["sizes_text"] = edits.sizes_text(scenario().layer_sizes)
    ss[TABLE_VERSION] = ss.get(TABLE_VERSION, 0) + 1
    ss[TABLES_SEEN] = {}


def drafts() -> dict:
    return ss[DRAFTS]


def errors() -> dict:
    return ss[ERRORS]


def display_name(sc: Scenario, lang: str) -> str:
    """The scenario's name as the user sees it, with its layer sizes now.

    An example as shipped is "XOR, four examples (2-2-1)"; once changed, "XOR, four examples,
    edited (2-3-1)"; a link's own name or "Custom network" otherwise.
    """
    shape = i18n.sizes(sc.layer_sizes, lang)
    if sc.name in PRESETS:
        if edits.is_pristine(sc, PRESETS):
            return i18n.preset_label(sc.name, sc.layer_sizes, lang)
        return i18n.t("sc.edited", lang, name=i18n.t(f"preset.{sc.name}", lang), sizes=shape)
    name = i18n.t("preset.custom", lang) if sc.name == "custom" else " ".join(sc.name.split())
    return f"{name} ({shape})"


# ---- the first run of a session -----------------------------------------------------------------
def ensure() -> None:
    """First run of a session: what the link asks for (or the default), with its problems noted."""
    if SCENARIO in ss:
        return
    link = links.read_link(st.query_params.to_dict())
    set_scenario(link.scenario, keep_step=True)
    ss[UNDO] = []
    ss[REDO] = []
    ss[LAST_CHANGE] = None
    ss[SHELF] = {}
    refill()
    ss[TARGET] = None
    ss.setdefault(_LANG, link.lang)
    ss[PRESENT] = link.present
    ss[PRACTICE] = {"level": link.practice, "id": uuid.uuid4().hex} if link.practice else None
    ss[SHEET] = link.sheet
    if link.tab:  # the scenario is the tab's to give back (keeper.py); the step waits for it
        ss[RESTORE] = {"id": link.tab, "step": link.step, "problems": list(link.problems)}
        return
    ss[RESTORE] = None
    _open_at(link.step, list(link.problems))


def _open_at(step: int | None, problems: list) -> None:
    """Go to a link's step if this walk has it, and note what of the link was ignored."""
    if step is not None:
        if step < len(ss[TRACE]):
            go(step)
        else:
            problems.append(links.Problem("step", str(step + 1)))
    ss[LINK_PROBLEMS] = (scenario().key(), problems)


def restoring() -> dict | None:
    """The reload waiting for its tab to give back the scenario it kept, if any."""
    return ss.get(RESTORE)


def restored(kept: Scenario | None) -> None:
    """The tab gave back the scenario it kept (None: it had none): open it, or the default and say why."""
    pending = ss.get(RESTORE)
    if not pending:
        return
    ss[RESTORE] = None
    problems = list(pending["problems"])
    if kept is None:  # the default example, from its start: the link's step was another walk's
        problems.append(links.Problem("tab"))
        _open_at(None, problems)
        return
    set_scenario(kept, keep_step=True)
    refill()
    _open_at(pending["step"], problems)


def link_problems() -> list:
    """What the opening link had that was ignored; shown until the scenario changes."""
    key, problems = ss.get(LINK_PROBLEMS, (None, []))
    return problems if problems and key == scenario().key() else []


def current_link() -> dict[str, str]:
    """The scenario and language as a link; the step and presentation mode are the browser's to add."""
    return links.link_query(scenario(), 0, lang(), False)


def sync_link(extra: dict[str, str] | None = None) -> None:
    """Keep the address bar's scenario and language what is on screen (the stage writes the step);
    ``extra`` is a page's own view keys (the worksheet's practice level)."""
    query = current_link() | (extra or {})
    if not links.shareable(query):
        # An address this long would not open again (not even on reload): it names the scenario
        # the tab keeps instead (keeper.py), and the Share menu says why there is no link.
        view = links.view_query(lang=lang(), tab=links.tab_id(scenario()))
        query = view | {k: v for k, v in (extra or {}).items() if k not in view}
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)


# ---- the step: the browser's; the server only asks the stage to go somewhere ------------------------
def go(index: int) -> None:
    """Ask the stage to show step ``index`` (once: the id tells a new request from one it has seen)."""
    ss[TARGET] = {"step": max(0, min(int(index), len(trace()) - 1)), "id": uuid.uuid4().hex}


def target() -> dict | None:
    return ss.get(TARGET)


# ---- changes from the other pages -------------------------------------------------------------------
def on_alpha() -> None:
    """The Training page's learning rate belongs to the scenario (so a link carries it); the walk does not change."""
    try:
        change(scenario().replace(alpha=ss.get("train_alpha")), "alpha")
    except ScenarioError as error:
        refuse("alpha", error)


def same_weights(a: Scenario, b: Scenario) -> bool:
    return all(np.array_equal(x, y) for x, y in zip(a.network.thetas, b.network.thetas))
