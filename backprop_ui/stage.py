"""The main page's stage: controls, the network figure, the formula card, the matrices.

It runs as a fragment: a click on a control or an autoplay tick reruns only the stage,
not the sidebar and its editors.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import streamlit as st

from backprop_core import FORMULAS, Step
from backprop_core.latex import aligned, num

from . import figures, i18n, keys, links, state
from .matrices import HIGHLIGHT, cell_mask, fits, matrix_latex

ss = st.session_state
SPEEDS = [0.25, 0.5, 1.0, 2.0, 3.0]


# ---- control callbacks (they run before the rerun they cause) ---------------------------
# Callbacks only record what was asked; _resolve() applies it once per run. One request can
# carry a button press *and* a stale slider position (two quick key presses, an autoplay
# tick): a button always wins, so the step never jumps back.
def _stop_playing() -> None:
    if ss.get("playing"):
        ss["playing"] = False
        ss["_app_rerun"] = True


def _move(delta: int) -> None:
    ss["_clicked"] = True
    ss["_ask_move"] = ss.get("_ask_move", 0) + delta
    _stop_playing()


def _key_goto(index: int) -> None:
    ss["_clicked"] = True
    ss["_ask_goto"] = index
    _stop_playing()


def _reset() -> None:
    ss["_clicked"] = True
    ss["_ask_goto"] = 0
    _stop_playing()


def _toggle_play() -> None:
    ss["_clicked"] = True
    playing = not ss.get("playing", False)
    if playing and state.step_index() >= len(state.trace()) - 1:
        ss["_ask_goto"] = 0
    ss["playing"] = playing
    ss["_last_tick"] = time.monotonic()
    ss["_app_rerun"] = True  # run_every changes only with a run of the whole page


def slider_key(index: int) -> str:
    """The step slider is a new widget for every step (see _controls)."""
    return f"step_slider_{index}"


def _jump(index: int) -> None:
    """The slider drawn at step ``index`` moved (or its browser says so: see _controls)."""
    # While playing, the slider follows the walk; a position arriving then is an old one
    # (an autoplay tick sent before the last step reached the browser), not a drag.
    if ss.get("playing"):
        return
    position = int(ss.get(slider_key(index), index + 1))
    if position == index + 1:  # where this slider was drawn: an echo, not a drag
        return
    ss["_clicked"] = True
    ss["_ask_slider"] = position - 1


def _resolve() -> None:
    """Apply what the controls asked for in this request: explicit jumps, then moves, then the slider."""
    goto, move, slider = ss.pop("_ask_goto", None), ss.pop("_ask_move", 0), ss.pop("_ask_slider", None)
    if goto is not None:
        state.go(goto)
    elif move:
        state.go(state.step_index() + move)
    elif slider is not None:
        state.go(slider)


def _speed(key: str) -> None:
    if ss.get(key) in SPEEDS:
        ss[state.SPEED] = ss[key]
    if ss.get("playing"):
        ss["_app_rerun"] = True


def _tick() -> None:
    """Autoplay: advance one step per period; stop (and drop the timer) at the end."""
    if not ss.get("playing") or ss.pop("_clicked", False):
        return
    now = time.monotonic()
    if now - ss.get("_last_tick", 0.0) < 0.75 * float(ss.get(state.SPEED, 1.0)):
        return
    ss["_last_tick"] = now
    state.go(state.step_index() + 1)
    if state.step_index() >= len(state.trace()) - 1:
        ss["playing"] = False
        ss["_app_rerun"] = True


# ---- the stage ----------------------------------------------------------------------------
def render(lang: str) -> None:
    """Draw the stage as a fragment; while playing it reruns itself every ``speed`` seconds."""
    present = bool(ss.get("present"))
    run_every = float(ss.get(state.SPEED, 1.0)) if ss.get("playing") else None
    st.fragment(_stage, run_every=run_every)(lang, present)


def _stage(lang: str, present: bool) -> None:
    _resolve()
    _tick()
    ss.pop("_clicked", None)
    if ss.pop("_app_rerun", False):
        st.rerun(scope="app")
    trace = state.trace()
    n = len(trace)
    step = trace[state.step_index()]
    _controls(lang, n, present)
    _phase_bar(step, trace, lang, present)
    with st.container(key="statusline"):
        st.markdown(i18n.status_line(step, n, trace.m, lang))
    left, right = st.columns([1, 1] if present else [5, 6], gap="small")
    with left:
        st.plotly_chart(
            figures.Prebuilt(figures.network_spec(step, lang, present=present)),
            key="network",
            config={"displayModeBar": False, "responsive": True},
            width="stretch",
        )
    with right:
        _card(step, trace, lang, present)
    if not present:
        _matrices(step, trace, lang)
    state.sync_link()


def _toggle_present() -> None:
    ss["_clicked"] = True
    ss["present"] = not ss.get("present", False)
    ss["_app_rerun"] = True  # the sidebar and the page's CSS change: a run of the whole page


def _jump_to(index: int) -> None:
    ss["_clicked"] = True
    ss["_ask_goto"] = index
    _stop_playing()


BAR_PHASES = ("forward", "output_delta", "hidden_delta", "accumulate", "gradient")


def phase_targets(step: Step, trace) -> dict[str, int | None]:
    """Where each phase of the lecture script starts: in the current example (example 1 outside the loop)."""
    example = step.example or 1
    return {phase: trace.first(phase, None if phase == "gradient" else example) for phase in BAR_PHASES}


def _phase_bar(step: Step, trace, lang: str, present: bool) -> None:
    targets = phase_targets(step, trace)
    # A horizontal container, not st.columns (see _controls).
    with st.container(key="phasebar", horizontal=True, wrap=False, gap="small", vertical_alignment="center"):
        for phase in BAR_PHASES:
            st.button(
                i18n.t(f"bar.{phase}", lang),
                key=f"bar_{phase}",
                on_click=_jump_to,
                args=(targets[phase] or 0,),
                disabled=targets[phase] is None,
                type="primary" if step.phase == phase else "secondary",
                width="stretch",
            )


def _present_button(lang: str) -> None:
    st.button(
        i18n.t("present.on", lang),
        key="present_btn",
        shortcut="P",
        on_click=_toggle_present,
        icon=":material/slideshow:",
        help=i18n.t("present.help", lang),
        width="content",
    )


def _share(trace, lang: str) -> None:
    query = state.current_link()
    if links.shareable(query):
        st.markdown(i18n.t("share.intro", lang))
        base = (st.context.url or "").split("?")[0]
        st.code(base + "?" + links.encode(query), language=None, wrap_lines=True)
    else:
        size = i18n.digits(f"{len(links.encode(query)):,}", lang)
        st.warning(i18n.t("share.too_long", lang, n=size), icon=":material/link_off:")
    scenario = state.scenario()
    st.download_button(
        i18n.t("share.json", lang),
        data=lambda: links.trace_json(trace, scenario),
        file_name=links.trace_filename(scenario),
        mime="application/json",
        key="download_json",
        icon=":material/download:",
        on_click="ignore",
    )


def _controls(lang: str, n: int, present: bool = False) -> None:
    playing = bool(ss.get("playing"))
    with st.container(key="controls"):
        # Horizontal containers, not st.columns: every column is a block of its own, and on each
        # step the stage's blocks cost the server as much time as its widgets.
        row = st.container(key="buttons", horizontal=True, wrap=False, gap="small", vertical_alignment="bottom")
        row.button(
            i18n.t("ctl.reset", lang),
            key="reset",
            shortcut="Home",
            on_click=_reset,
            icon=":material/first_page:",
            width="stretch",
        )
        row.button(
            i18n.t("ctl.prev", lang),
            key="prev",
            on_click=_move,
            args=(-1,),
            icon=":material/arrow_back:",
            width="stretch",
        )
        row.button(
            i18n.t("ctl.pause" if playing else "ctl.play", lang),
            key="play",
            shortcut="Space",
            on_click=_toggle_play,
            icon=":material/pause:" if playing else ":material/play_arrow:",
            type="primary",
            width="stretch",
        )
        row.button(
            i18n.t("ctl.next", lang),
            key="next",
            on_click=_move,
            args=(1,),
            icon=":material/arrow_forward:",
            width="stretch",
        )
        if present:
            row.button(
                i18n.t("present.off", lang),
                key="present_btn",
                shortcut="P",
                on_click=_toggle_present,
                icon=":material/close_fullscreen:",
                width="stretch",
            )
        else:
            # The slider displays the session's speed; its labels (Persian digits or Latin) are part of
            # its value in the browser, so a language switch must not make it read a label it lacks.
            key = f"speed_{lang}"
            ss[key] = ss.get(state.SPEED, 1.0)
            row.select_slider(
                i18n.t("ctl.speed", lang),
                options=SPEEDS,
                key=key,
                on_change=_speed,
                args=(key,),
                format_func=lambda v: i18n.digits(f"{v:g}", lang),
            )
        # Right/Left and a presenter remote's PageDown/PageUp (see keys.py for why not shortcuts).
        keys.listen(_key_goto, state.step_index(), n)
        if not present:
            # One slider per step. A browser that has not yet drawn the last step (a busy server,
            # the end of autoplay) can report the position an older slider still shows, as if it
            # had been dragged there; the callback knows where each slider was drawn and ignores
            # such echoes, so the walk never jumps back on its own.
            index = state.step_index()
            key = slider_key(index)
            ss[key] = index + 1
            row = st.container(key="jumprow", horizontal=True, wrap=False, gap="small", vertical_alignment="bottom")
            row.slider(
                i18n.t("ctl.jump", lang),
                1,
                n,
                key=key,
                on_change=_jump,
                args=(index,),
                help=i18n.t("ctl.keys", lang),
            )
            with row:
                _present_button(lang)
            # Stateful, so the link and the download are built only while it is open.
            share = row.popover(
                i18n.t("share.label", lang), icon=":material/share:", width="content", key="share", on_change="rerun"
            )
            if share.open:
                with share:
                    _share(state.trace(), lang)


# ---- the formula card -----------------------------------------------------------------------
def _caption_params(step: Step, trace) -> dict:
    layer = step.layer or 1
    return dict(t=step.example or 0, j=step.node or 0, l=layer, l1=layer + 1, lp=layer - 1, m=trace.m)


def _card(step: Step, trace, lang: str, present: bool = False) -> None:
    with st.container(border=True, key="card"):
        ids = " · ".join(f":blue-badge[{fid}]" for fid in step.formulas)
        st.markdown(f"#### {i18n.t('phase.' + step.phase, lang)} &nbsp; {ids}")
        params = _caption_params(step, trace)
        caption_key = "cap.output_delta_se" if step.formula == "SE4" else f"cap.{step.phase}"
        st.markdown(i18n.t(caption_key, lang, **params))
        st.caption(i18n.t("card.lesson_formula", lang))
        if step.phase == "gradient":
            bias, other, matrix = step.latex_lines
            with st.container(key="cases"):
                c0, c1 = st.columns(2)
                with c0:
                    st.markdown(i18n.t("card.case_bias", lang))
                    st.latex(FORMULAS["F14"])
                    st.latex(bias)
                with c1:
                    st.markdown(i18n.t("card.case_other", lang))
                    st.latex(FORMULAS["F13"])
                    st.latex(other)
            st.caption(i18n.t("card.numbers", lang))
            with st.container(key="bigmath" if present else None):
                st.latex(matrix)
        else:
            st.latex(FORMULAS[step.formula])
            st.caption(i18n.t("card.numbers", lang))
            # The wide projector card keeps each equation on one line; the narrow one breaks at "=".
            body = aligned(step.latex_lines, split_chains=not present)
            big = step.phase == "accumulate" and max(trace.network.thetas[step.layer - 1].shape) > 4
            if present and big:
                # Big matrices on a projector: the old Δ is named, not written out, and the type is smaller.
                old = rf"\Delta^{{({step.layer})}}"
                first = step.latex_lines[0]
                first = old + " := " + old + " + " + first.split(" + ", 1)[1]
                with st.container(key="bigmath"):
                    st.latex(aligned((first, step.latex_lines[1]), split_chains=False))
            else:
                st.latex(body)
        if step.phase == "result":
            st.metric(i18n.t("card.cost", lang), f"J(Θ) = {trace.J:.6g}")
        if present:
            _current_matrix(step, trace)
        notes = []
        bias_key = f"bias.{step.phase}"
        if bias_key in i18n.EN:
            notes.append((":material/info:", "", i18n.t(bias_key, lang, **params)))
        slip = _slip_for(step)
        if slip:
            notes.append((":material/lightbulb:", i18n.t("slip.title", lang), i18n.t(slip, lang)))
        if step.formula == "SE4":
            notes.append((":material/warning:", i18n.t("notlesson.title", lang), i18n.t("notlesson.se4", lang)))
        if present and len(notes) > 1:
            notes = notes[1:]  # one note on the projector: the lesson's slip matters more than the bias reminder
        for icon, title, text in notes:
            head = f"**{title}.** " if title else ""
            if present or not title:  # on the projector every line counts: notes as captions
                st.caption(f"{icon} {head}{text}")
            elif icon == ":material/warning:":
                st.warning(head + text, icon=icon)
            else:
                st.info(head + text, icon=icon)


def _current_matrix(step: Step, trace) -> None:
    """In presentation mode, the part of Θ this step uses: the row (forward) or column (δ) of weights."""
    if step.phase == "forward":
        layer = step.layer - 1
        row = trace.network.thetas[layer - 1][step.node - 1]
        st.latex(
            matrix_latex(rf"\Theta^{{({layer})}}_{{{step.node},\cdot}}", row[None, :], np.ones((1, row.size), bool))
        )
    elif step.phase == "hidden_delta":
        col = trace.network.thetas[step.layer - 1][:, step.node]
        symbol = rf"(\Theta^{{({step.layer})}}_{{\cdot,{step.node}}})^T"
        st.latex(matrix_latex(symbol, col[None, :], np.ones((1, col.size), bool)))


def _slip_for(step: Step) -> str | None:
    if step.phase == "output_delta" and step.node == 1:
        return "slip.delta_is_error"
    if step.phase == "input" or (step.phase == "forward" and step.layer == 2 and step.node == 1):
        return "slip.forward_range"
    if step.phase == "accumulate":
        return "slip.product_shape"
    if step.phase == "gradient":
        return "slip.d_after_loop"
    return None


# ---- the matrices ---------------------------------------------------------------------------
def layer_in_play(step: Step, L: int) -> int:
    """The l of the Θ^(l), Δ^(l), D^(l) this step reads or writes."""
    if step.phase == "forward":
        return step.layer - 1
    if step.phase in ("hidden_delta", "accumulate", "gradient"):
        return step.layer
    if step.phase == "output_delta":
        return L - 1
    return 1 if step.phase in ("init", "input") else L - 1


def _matrix(symbol: str, arr, mask) -> None:
    if fits(arr):
        st.latex(matrix_latex(symbol, arr, mask))
        return
    # Too big to typeset: the cells this step touches first (as a small row), then the whole matrix.
    st.latex(symbol)
    rows, cols = np.nonzero(mask)
    if 0 < len(rows) <= MAX_KATEX_UNITS * 4 and (len(set(rows)) == 1 or len(set(cols)) == 1):
        st.latex(matrix_latex(r"\text{}", arr[mask][None, :], np.ones((1, len(rows)), bool)))
    st.dataframe(pd.DataFrame(np.asarray(arr)).round(4), height=260)


def _matrices(step: Step, trace, lang: str) -> None:
    net = trace.network
    L = net.L
    layer = layer_in_play(step, L)
    known = step.known()
    cells = step.highlight.cells
    st.markdown(f"##### {i18n.t('mx.header', lang, l=layer)}")
    theta = net.thetas[layer - 1]
    shape = theta.shape
    panels = [("Theta", rf"\Theta^{{({layer})}}", theta)]
    if step.phase == "accumulate":
        panels.append(("outer", rf"\delta^{{({layer + 1})}}(a^{{({layer})}})^T", step.terms["outer"]))
    panels.append(("Delta", rf"\Delta^{{({layer})}}", known.Delta[layer - 1]))
    panels.append(("D", rf"D^{{({layer})}}", known.D[layer - 1]))
    cols = st.columns(len(panels))
    for col, (name, symbol, arr) in zip(cols, panels):
        with col:
            if arr is None:
                st.latex(symbol)
                st.caption(i18n.t("mx.pending", lang))
                continue
            mask = np.ones(shape, dtype=bool) if name == "outer" else cell_mask(shape, cells, name, layer)
            _matrix(symbol, arr, mask)
    if step.phase == "accumulate":
        st.caption(i18n.t("mx.outer", lang, l=layer, l1=layer + 1))
    _vectors(step, known, L, lang)


def _vectors(step: Step, known, L: int, lang: str) -> None:
    """a, z and δ of the current example, one row each per layer; bias units as column 0."""
    with st.expander(i18n.t("mx.vectors", lang), expanded=True):
        if max(len(a) for a in known.a) <= MAX_KATEX_UNITS:
            st.latex(vectors_latex(step, known))
        else:
            st.dataframe(vectors_frame(known), width="stretch")


MAX_KATEX_UNITS = 8


def _vector_rows(known):
    L = len(known.a)
    for k in range(L):
        layer = k + 1
        yield f"a^{{({layer})}}", ([1.0] if layer < L else [None]) + list(known.a[k]), ("a", layer)
        if known.z[k] is not None:
            yield f"z^{{({layer})}}", [None, *known.z[k]], ("z", layer)
        if known.delta[k] is not None:
            yield f"\\delta^{{({layer})}}", [None, *known.delta[k]], ("delta", layer)


def vectors_latex(step: Step, known) -> str:
    """The values of the current example as one KaTeX table; the value this step computes is boxed."""
    width = max(len(a) for a in known.a) + 1
    target = step.highlight.target
    kind = "delta" if step.phase in ("output_delta", "hidden_delta") else "a"
    head = " & ".join(["", *(f"{j}" for j in range(width))])
    lines = []
    for name, values, (which, layer) in _vector_rows(known):
        cells = []
        for j in range(width):
            v = values[j] if j < len(values) else None
            text = "" if v is None or np.isnan(v) else num(v)
            if target == (layer, j) and which == kind and text:
                text = rf"\colorbox{{{HIGHLIGHT}}}{{${text}$}}"
            elif j == 0 and text:
                text = rf"\color{{gray}}{{{text}}}"
            cells.append(text)
        lines.append(" & ".join([name, *cells]))
    rows = [head + r" \\ \hline", *(line + r" \\" for line in lines)]
    return r"\begin{array}{r|" + "r" * width + "}" + " ".join(rows) + r"\end{array}"


def vectors_frame(known) -> pd.DataFrame:
    """The same values as a plain table, for networks too wide to typeset."""
    width = max(len(a) for a in known.a) + 1
    rows, names = [], []
    for name, values, _ in _vector_rows(known):
        text = ["" if v is None or np.isnan(v) else f"{v:.4g}" for v in values]
        rows.append(text + [""] * (width - len(text)))
        names.append(name.replace("\\delta", "δ").replace("^{(", "(").replace(")}", ")"))
    return pd.DataFrame(rows, index=names, columns=[str(j) for j in range(width)])
