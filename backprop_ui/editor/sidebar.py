"""The scenario editor in the sidebar: example, layer sizes, weights, examples, λ, loss, α.

Every input displays the one scenario in ``state`` and hands a change of itself to
``state.change`` (see that module for why). What could not be taken is said right under
the input, in the user's language, and the input shows what is in use (or, for text and
tables, keeps what was typed so it can be corrected).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from backprop_core import LOSSES, PRESETS, Scenario, ScenarioError
from backprop_core.network import layer_index
from backprop_ui import i18n, links
from backprop_ui.editor import edits, state

ss = st.session_state
CURRENT = "current"  # the preset box's entry for a scenario that is not a ready-made example as shipped
TABLE_BASES = "table_bases"  # table key -> the frame its edits apply to
# A table with more columns than this (an index counts) does not fit the sidebar: it is edited
# in a wide dialog.
SIDEBAR_COLUMNS = 4
CELL_WIDTH = 58  # pixels: "-0.1234" whole
LONG_NAME = 30  # characters: an example's name longer than this does not fit the sidebar's select box

# Inputs that hold one number of the scenario: session key -> (scenario field, label key, step, format).
NUMBERS = {
    "seed": ("seed", "sc.seed", 1, "%d"),
    "eps": ("epsilon", "sc.eps", 0.05, "%.10g"),
    "lam": ("lam", "sc.lam", 0.1, "%.10g"),
    "alpha": ("alpha", "sc.alpha", 0.1, "%.10g"),
}


# ---- what the user sees of a change --------------------------------------------------------
def _field_error(name: str, lang: str, in_use: str | None = None) -> None:
    """Why the last value typed into ``name`` was refused, right under it, and what is still in use."""
    error = state.errors().get(name)
    if error is None:
        return
    text = f"**{i18n.t('sc.invalid', lang)}** " + i18n.error_text(error, lang)
    if in_use:
        text += " " + in_use
    st.error(text, icon=":material/error:")


def _notice(lang: str) -> None:
    """What the last change did besides (its notes), and Undo and Redo, each saying what it would take back or
    make again: the history keeps the changes of this session, not only the last one."""
    undo, redo = ss.get(state.UNDO) or [], ss.get(state.REDO) or []
    last = ss.get(state.LAST_CHANGE)
    if not last or not (undo or redo):
        return
    what, notes, kind = last
    if notes:
        st.info("\n".join(f"- {i18n.note_text(key, params, lang)}" for key, params in notes), icon=":material/info:")
    said = {"change": "sc.last_change", "undo": "sc.undone", "redo": "sc.redone"}[kind]
    st.caption(i18n.t(said, lang, what=i18n.change_label(what, lang)))
    row = st.container(horizontal=True, vertical_alignment="center", gap="small", key="change_row")
    with row:
        for name, history, act, label, hint in (
            ("undo", undo, state.undo, "sc.undo", "sc.undo_what"),
            ("redo", redo, state.redo, "sc.redo", "sc.redo_what"),
        ):
            if history:
                st.button(
                    i18n.t(label, lang),
                    key=f"{name}_btn",
                    on_click=act,
                    icon=f":material/{name}:",
                    help=i18n.t(hint, lang, what=i18n.change_label(history[-1][1], lang)),
                    width="content",
                )


# ---- callbacks: one input, one change -------------------------------------------------------------
def _on_preset(key: str) -> None:
    name = ss.get(key)
    if name in PRESETS and PRESETS[name] != state.scenario():
        ss[state.SHELF] = {}
        ss.pop(BY_HAND, None)  # a new example opens as it is given
        state.change(PRESETS[name], "preset", whole=True, keep_step=False)


def _on_sizes() -> None:
    text = ss.get("sizes_text", "")
    sc = state.scenario()
    try:
        sizes = edits.parse_sizes(text)
        resized = edits.resize(sc, sizes, ss[state.SHELF])
    except ScenarioError as error:
        state.drafts()["sizes"] = text
        state.refuse("sizes", error)
        return
    state.drafts().pop("sizes", None)
    ss[state.SHELF] = resized.shelf
    if resized.scenario != sc:
        state.change(resized.scenario, "sizes", resized.notes)
        _new_tables()
    state.errors().pop("sizes", None)


# The weights' tables are open on the seed's own draw: a scenario whose Θ are exactly its seed's draw is the
# seeded one (its link says ``seed``), so "by hand" is the user's choice kept here until a weight changes.
BY_HAND = "_weights_by_hand"


def _by_hand(sc: Scenario) -> bool:
    """The weights are shown as tables: edited ones, or the seed's draw opened to be edited."""
    return sc.thetas is not None or bool(ss.get(BY_HAND))


def _on_weights_mode(key: str) -> None:
    sc = state.scenario()
    mode = ss.get(key)
    ss[BY_HAND] = mode == "edit"  # opening the tables changes no weight, so neither the example's name nor the link
    if mode == "seed" and sc.thetas is not None:
        state.change(
            sc.replace(thetas=None), "weights_mode", [("edit.weights_seeded", {"seed": sc.seed, "eps": sc.epsilon})]
        )
    _new_tables()


def _on_loss(key: str) -> None:
    try:
        state.change(state.scenario().replace(loss=ss.get(key)), "loss")
    except ScenarioError as error:
        state.refuse("loss", error)


def _on_number(name: str) -> None:
    field = NUMBERS[name][0]
    value = ss.get(name)
    try:
        if value is None:
            raise ScenarioError(f"{name}_number", f"{field} must be a number", got="")
        state.change(state.scenario().replace(**{field: value}), name)
    except ScenarioError as error:
        state.refuse(name, error)


def _new_tables() -> None:
    """The tables' shapes or values changed under them: show them again from the scenario."""
    ss[state.TABLE_VERSION] = ss.get(state.TABLE_VERSION, 0) + 1
    for name in [k for k in state.drafts() if k == "examples" or k.startswith("theta")]:
        state.drafts().pop(name)
    ss[state.INPUT_ERROR] = None


# ---- the tables --------------------------------------------------------------------------------------
def examples_key(lang: str) -> str:
    """The examples table's key: its version, and the language. Streamlit gives a table whose rows can be added a
    new identity when its column settings change, and its help is in the user's language: under the same key a
    language switch would bring the table back empty of edits, which reads as the edits taken back (the trial's
    edited x went back to the example's). A key of its own per language starts it from the scenario instead."""
    return f"examples_{ss.get(state.TABLE_VERSION, 0)}_{lang}"


def theta_key(layer: int) -> str:
    return f"theta_{layer}_{ss.get(state.TABLE_VERSION, 0)}"


def _shown(v) -> str | None:
    """A cell as the table shows it: 4 significant digits (the exact value stays in the scenario)."""
    if v is None or isinstance(v, str):
        return v
    text = f"{float(v):.4g}"
    return "0" if text == "-0" else text


def examples_rows(sc: Scenario) -> list[list]:
    return [[*x, *y] for x, y in zip(sc.X.tolist(), sc.Y.tolist())]


def examples_columns(sc: Scenario) -> list[str]:
    s1, sL = sc.layer_sizes[0], sc.layer_sizes[-1]
    return [f"x{j + 1}" for j in range(s1)] + [f"y{k + 1}" for k in range(sL)]


def theta_columns(n_cols: int) -> list[str]:
    return [f"j={j}" for j in range(n_cols)]


def _frame(rows: list[list], columns: list[str], index: list[str] | None = None) -> pd.DataFrame:
    frame = pd.DataFrame([list(row) for row in rows], columns=columns, dtype=object)
    if index is not None:
        frame.index = index
    return frame


def _apply_edits(base: pd.DataFrame, edits_state) -> pd.DataFrame:
    """The table as the user sees it: its base with the edits the data editor keeps in session state."""
    if not isinstance(edits_state, dict):
        return base
    frame = base.copy()
    for row, changes in (edits_state.get("edited_rows") or {}).items():
        for col, value in changes.items():
            if col in frame.columns and int(row) < len(frame):
                frame.loc[frame.index[int(row)], col] = value
    deleted = sorted((int(r) for r in edits_state.get("deleted_rows") or [] if int(r) < len(frame)), reverse=True)
    if deleted:
        frame = frame.drop(index=[frame.index[r] for r in deleted])
    added = edits_state.get("added_rows") or []
    if added:
        extra = pd.DataFrame([{c: row.get(c) for c in frame.columns} for row in added], dtype=object)
        frame = pd.concat([frame, extra], ignore_index=True)
    return frame.reset_index(drop=True)


def _cells(frame: pd.DataFrame) -> list[list]:
    return [
        [None if v is None or (isinstance(v, float) and v != v) else v for v in row] for row in frame.values.tolist()
    ]


def _bases(key: str, rows: list[list], columns: list[str], index: list[str] | None = None) -> pd.DataFrame:
    """The frame a table shows (rounded) and the exact one its edits apply to, built anew whenever
    Streamlit holds no edits for ``key`` (a new table, another page visited, presentation left).

    A cell the user did not touch keeps its exact value: only typed cells are read as text.
    """
    bases = ss.setdefault(TABLE_BASES, {})
    if key not in ss or key not in bases:
        if len(bases) > 64:
            bases.clear()
        exact = _frame(rows, columns, index)
        shown = _frame([[_shown(v) for v in row] for row in rows], columns, index)
        bases[key] = (shown, exact)
        ss[state.TABLES_SEEN][key] = _cells(exact)
    return bases[key][0]


def _table(key: str, shown: pd.DataFrame, **kwargs) -> list[list] | None:
    """Draw a table editor; return its cells (exact where untouched) if they changed since last handled."""
    try:
        st.data_editor(shown, key=key, **kwargs)
    except (IndexError, KeyError, ValueError, TypeError):
        # Only a broken or hostile client sends an edit that cannot apply (a row that does not exist).
        _new_tables()
        ss["_table_reset"] = True
        st.rerun()
    exact = ss[TABLE_BASES][key][1]
    cells = _cells(_apply_edits(exact, ss.get(key)))
    seen = ss[state.TABLES_SEEN]
    if seen.get(key) == cells:
        return None
    seen[key] = cells
    return cells


def _column_config(columns, help_key: str, lang: str) -> dict:
    return {
        c: st.column_config.TextColumn(
            c, width=CELL_WIDTH, alignment="right", max_chars=40, help=i18n.t(help_key, lang)
        )
        for c in columns
    }


EXAMPLES_OPEN = "examples_open"  # whether the examples' box is open (its table drawn), in every language


def _on_a_phone() -> bool:
    """Whether the browser says it is a phone (its User-Agent): there the examples' box starts folded."""
    agent = st.context.headers.get("User-Agent") or ""
    return "Mobi" in agent or "Android" in agent


def _on_examples_box(key: str) -> None:
    ss[EXAMPLES_OPEN] = bool(ss[key])


def _examples_box(lang: str) -> None:
    """The examples' table in a box that draws it only while open: a phone, where the sidebar is
    folded anyway, does not load Streamlit's data grid (1.4 MB of scripts) until someone opens it.
    It starts open elsewhere, and opens by itself when the table has something to say."""
    if EXAMPLES_OPEN not in ss:
        ss[EXAMPLES_OPEN] = not _on_a_phone()
    if "examples" in state.errors() or state.drafts().get("examples") is not None:
        ss[EXAMPLES_OPEN] = True
    # The box's label is in the language, and Streamlit gives a box a new identity when its label
    # changes, folded: one key per language, each given the state the reader left.
    key = f"xy_box_{lang}"
    if ss.get(key) != ss[EXAMPLES_OPEN]:  # written only when it differs: a write redraws the box's table
        ss[key] = ss[EXAMPLES_OPEN]
    label = i18n.t("sc.examples", lang)
    with st.expander(label, key=key, on_change=_on_examples_box, args=(key,), icon=":material/table_rows:") as box:
        if box.open:
            _examples_table(lang, label=False)


def _examples_table(lang: str, inline: bool = True, label: bool = True) -> None:
    sc = state.scenario()
    key = examples_key(lang)
    draft = state.drafts().get("examples")
    base = _bases(key, draft or examples_rows(sc), examples_columns(sc))
    if label:
        st.markdown(i18n.t("sc.examples", lang))
    cells = _table(
        key,
        base,
        num_rows="dynamic",
        width="stretch",
        hide_index=True,
        column_config=_column_config(base.columns, "sc.cell_help", lang),
    )
    if cells is not None:
        _handle_examples(cells)
        _caught_up(sc, inline)
    st.caption(i18n.t("sc.examples_help", lang))
    incomplete = ss.get("examples_incomplete")
    if incomplete and state.drafts().get("examples") is not None:
        key = "sc.incomplete_one" if len(incomplete) == 1 else "sc.incomplete_many"
        st.info(i18n.t(key, lang, rows=i18n.number_list(incomplete, lang)), icon=":material/edit_note:")
    _field_error("examples", lang, i18n.t("sc.kept_examples", lang))


def _handle_examples(cells: list[list]) -> None:
    sc = state.scenario()
    ss["examples_incomplete"] = None
    try:
        table = edits.examples(cells, sc.layer_sizes[0])
        new = sc.replace(X=table.X, Y=table.Y)
    except edits.IncompleteRowsError as incomplete:
        state.drafts()["examples"] = cells
        state.errors().pop("examples", None)
        ss["examples_incomplete"] = incomplete.rows
        return
    except ScenarioError as error:
        state.drafts()["examples"] = cells
        state.refuse("examples", error)
        return
    # The complete rows are the examples now; a row being typed waits in the table (the draft).
    if table.incomplete:
        state.drafts()["examples"] = cells
        ss["examples_incomplete"] = table.incomplete
    else:
        state.drafts().pop("examples", None)
    state.change(new, "examples")


def _theta_table(layer: int, lang: str, inline: bool = True) -> None:
    sc = state.scenario()
    key = theta_key(layer)
    theta = sc.network.theta(layer)
    rows = state.drafts().get(f"theta{layer}") or theta.tolist()
    index = [f"i={i + 1}" for i in range(theta.shape[0])]
    base = _bases(key, rows, theta_columns(theta.shape[1]), index)
    st.markdown(i18n.t("sc.theta", lang, l=layer))
    cells = _table(key, base, width="stretch", column_config=_column_config(base.columns, "sc.cell_help", lang))
    if cells is not None:
        _handle_theta(layer, cells)
        _caught_up(sc, inline)
    _field_error(f"theta{layer}", lang, i18n.t("sc.kept_weights", lang))


def _handle_theta(layer: int, cells: list[list]) -> None:
    sc = state.scenario()
    name = f"theta{layer}"
    try:
        rows = edits.theta(cells, layer)
        thetas = [t.tolist() for t in sc.network.thetas]
        thetas[layer_index(layer)] = rows
        new = sc.replace(thetas=thetas)
    except ScenarioError as error:
        state.drafts()[name] = cells
        state.refuse(name, error)
        return
    state.drafts().pop(name, None)
    state.change(new, name)


def _caught_up(before: Scenario, inline: bool) -> None:
    """A table's edit is read where the table is drawn, after the example's name, Undo and the last change's
    note above it: once it changed the scenario, run again so they say so too. In the wide-table dialog the page
    catches up when the dialog closes (a rerun here would close it at every cell)."""
    if inline and state.scenario() is not before:
        st.rerun()


def _too_wide(columns: int) -> bool:
    return columns > SIDEBAR_COLUMNS


def _wide_tables(what: str, lang: str) -> None:
    """The tables too wide for the sidebar, in a dialog as wide as the screen allows."""
    sc = state.scenario()
    st.caption(i18n.t("sc.wide_help", lang))
    if what == "weights" and _by_hand(sc):
        for layer, theta in enumerate(sc.network.thetas, start=1):
            if _too_wide(theta.shape[1] + 1):
                _theta_table(layer, lang, inline=False)
    elif what == "examples":
        _examples_table(lang, inline=False)
    if st.button(i18n.t("sc.wide_done", lang), key="wide_done", type="primary", icon=":material/check:"):
        st.rerun()


# One dialog per language: a dialog's title is fixed when it is made. Closing it reruns the
# page, so the walk shows what was edited there.
_DIALOGS = {
    lang: st.dialog(i18n.t("sc.wide_title", lang), width="large", on_dismiss="rerun")(_wide_tables)
    for lang in i18n.LANGS
}


def _wide_button(what: str, lang: str) -> None:
    """A button that opens the wide editor for the examples or the weights."""
    if st.button(
        i18n.t(f"sc.wide_open_{what}", lang), key=f"wide_{what}", icon=":material/open_in_full:", width="stretch"
    ):
        _DIALOGS[lang](what, lang)


# ---- the whole editor ---------------------------------------------------------------------------------
def render(lang: str) -> None:
    """Draw every input from the scenario; a change goes to ``state.change``, a refusal is said under its input."""
    sc = state.scenario()
    st.subheader(i18n.t("sc.header", lang))
    if ss.pop("_table_reset", False):
        st.warning(i18n.t("sc.table_reset", lang), icon=":material/restart_alt:")
    _preset(sc, lang)
    _notice(lang)

    if "sizes_text" not in ss:  # Streamlit forgot the box (another page, presenting): what was typed, or the scenario
        ss["sizes_text"] = state.drafts().get("sizes") or edits.sizes_text(sc.layer_sizes)
    st.text_input(
        i18n.t("sc.sizes", lang),
        key="sizes_text",
        help=i18n.t("sc.sizes_help", lang),
        on_change=_on_sizes,
        max_chars=edits.MAX_SIZES_TEXT,
    )
    _field_error("sizes", lang, i18n.t("sc.kept_sizes", lang, sizes=i18n.sizes(sc.layer_sizes, lang)))

    mode_key = f"weights_mode_{lang}"  # the options' labels are part of a choice's value in the browser
    ss[mode_key] = "edit" if _by_hand(sc) else "seed"
    st.radio(
        i18n.t("sc.weights", lang),
        ["seed", "edit"],
        format_func=lambda mode: i18n.t(f"sc.weights_{mode}", lang),
        key=mode_key,
        horizontal=True,
        on_change=_on_weights_mode,
        args=(mode_key,),
    )
    if _by_hand(sc):
        wide = False
        for layer, theta in enumerate(sc.network.thetas, start=1):
            if _too_wide(theta.shape[1] + 1):
                wide = True
                st.markdown(i18n.t("sc.theta_wide", lang, l=layer, shape=i18n.shape(theta.shape, lang)))
            else:
                _theta_table(layer, lang)
        for layer in range(1, len(sc.layer_sizes)):
            if _too_wide(sc.network.theta(layer).shape[1] + 1):
                _field_error(f"theta{layer}", lang, i18n.t("sc.kept_weights", lang))
        if wide:
            _wide_button("weights", lang)
    else:
        c1, c2 = st.columns(2)
        with c1:
            _number("seed", sc, lang)
        with c2:
            _number("eps", sc, lang)
        for name in ("seed", "eps"):
            _field_error(name, lang, _in_use(name, sc, lang))

    if _too_wide(sc.layer_sizes[0] + sc.layer_sizes[-1]):
        st.markdown(i18n.t("sc.examples", lang))
        st.caption(i18n.t("sc.examples_wide", lang, m=sc.m, cols=sc.layer_sizes[0] + sc.layer_sizes[-1]))
        _field_error("examples", lang, i18n.t("sc.kept_examples", lang))
        _wide_button("examples", lang)
    else:
        _examples_box(lang)

    _number("lam", sc, lang)
    _field_error("lam", lang, _in_use("lam", sc, lang))
    loss_key = f"loss_{lang}"
    ss[loss_key] = sc.loss
    st.radio(
        i18n.t("sc.loss", lang),
        list(LOSSES),
        format_func=lambda k: i18n.t(f"loss.{k}", lang),
        key=loss_key,
        on_change=_on_loss,
        args=(loss_key,),
    )
    _field_error("loss", lang)
    _number("alpha", sc, lang)
    _field_error("alpha", lang, _in_use("alpha", sc, lang))
    _open_saved(lang)


OPENED = "opened_files"  # how many saved walks were opened: part of the uploader's key, so it empties after one


def _open_saved(lang: str) -> None:
    """Open a walk saved with Share (its JSON): the way to pass on a network too big for a link."""
    with st.expander(i18n.t("sc.open", lang), icon=":material/file_open:", expanded="file" in state.errors()):
        st.caption(i18n.t("sc.open_help", lang))
        key = f"open_file_{ss.get(OPENED, 0)}"
        st.file_uploader(
            i18n.t("sc.open_label", lang),
            type=["json"],
            key=key,
            on_change=_on_open,
            args=(key,),
            label_visibility="collapsed",
        )
        _field_error("file", lang, i18n.t("sc.kept_file", lang))


def _on_open(key: str) -> None:
    upload = ss.get(key)
    if upload is None:
        return
    try:
        new = links.read_saved(upload.getvalue())
    except ScenarioError as error:
        state.refuse("file", error)
        return
    ss[OPENED] = ss.get(OPENED, 0) + 1
    ss[state.SHELF] = {}
    state.change(new, "file", whole=True, keep_step=False)


def _preset(sc: Scenario, lang: str) -> None:
    pristine = edits.is_pristine(sc, PRESETS)
    options = list(PRESETS) if pristine else [CURRENT, *PRESETS]
    # The labels are part of the value the browser keeps: a key per language and per "edited".
    key = f"preset_{lang}_{'pristine' if pristine else 'edited'}"
    ss[key] = sc.name if pristine else CURRENT
    st.selectbox(
        i18n.t("sc.preset", lang),
        options,
        format_func=lambda name: (
            state.display_name(sc, lang)
            if name == CURRENT
            else i18n.preset_label(name, PRESETS[name].layer_sizes, lang)
        ),
        key=key,
        on_change=_on_preset,
        args=(key,),
    )
    name = state.display_name(sc, lang)
    if len(name) > LONG_NAME:  # the box cuts a long name short: here it is whole
        st.caption(i18n.md_escape(name, limit=120))


def _number(name: str, sc: Scenario, lang: str) -> None:
    field, label, step, fmt = NUMBERS[name]
    value = getattr(sc, field)
    ss[name] = int(value) if name == "seed" else float(value)
    # No min or max: the browser's own range message is English only; the scenario checks the range.
    st.number_input(i18n.t(label, lang), step=step, format=fmt, key=name, on_change=_on_number, args=(name,))


def _in_use(name: str, sc: Scenario, lang: str) -> str:
    value = getattr(sc, NUMBERS[name][0])
    return i18n.t("sc.kept_value", lang, symbol=i18n.change_label(name, lang), value=i18n.plain_number(value, lang))


def summary(lang: str) -> None:
    """On the other pages: what the current scenario is, and where to change it."""
    sc = state.scenario()
    # A custom name can come from a link: made inert, or "![x](http://…)" would fetch an image.
    name = i18n.md_escape(state.display_name(sc, lang), limit=120)
    st.subheader(i18n.t("sc.header", lang))
    st.markdown(
        i18n.scenario_line(name, sc, lang),
    )
    st.caption(i18n.t(f"loss.{sc.loss}", lang))
    st.page_link("streamlit_app.py", label=i18n.t("sc.edit_there", lang), icon=":material/edit:")
