"""The scenario editor in the sidebar: preset, layer sizes, weights, examples, λ, loss, α."""

from __future__ import annotations

import streamlit as st

from backprop_core import LOSSES, MAX_ABS, PRESETS

from . import i18n, state

ss = st.session_state
PRESET_OPTIONS = [*PRESETS, "custom"]


def _table(base, key: str, **kwargs):
    """A data editor that survives an edit state it cannot apply (only a broken or hostile client
    sends one, e.g. an edit of a row that does not exist): the table is reset to the last valid
    values and the page says so, instead of showing a traceback."""
    try:
        return st.data_editor(base, key=key, **kwargs)
    except (IndexError, KeyError, ValueError, TypeError):
        ss["editor_version"] = ss.get("editor_version", 0) + 1
        ss["_table_reset"] = True
        st.rerun()


def render(lang: str) -> None:
    """Draw every input; adopt the scenario they describe if valid, else show what is wrong."""
    st.subheader(i18n.t("sc.header", lang))
    if ss.pop("_table_reset", False):
        st.warning(i18n.t("sc.table_reset", lang), icon=":material/restart_alt:")
    st.selectbox(
        i18n.t("sc.preset", lang),
        PRESET_OPTIONS,
        format_func=lambda name: i18n.t(f"preset.{name}", lang),
        key="preset",
        on_change=state.on_preset,
    )
    error_slot = st.empty()
    st.text_input(
        i18n.t("sc.sizes", lang),
        key="sizes_text",
        help=i18n.t("sc.sizes_help", lang),
        on_change=state.on_sizes,
        max_chars=200,
    )
    st.radio(
        i18n.t("sc.weights", lang),
        ["seed", "edit"],
        format_func=lambda mode: i18n.t(f"sc.weights_{mode}", lang),
        key="weights_mode",
        horizontal=True,
        on_change=state.on_weights_mode,
    )
    thetas = None
    if ss.get("weights_mode") == "edit":
        thetas = []
        for layer, base in enumerate(ss["theta_bases"], start=1):
            st.markdown(i18n.t("sc.theta", lang, l=layer))
            thetas.append(
                _table(
                    base,
                    key=state.theta_key(layer),
                    width="stretch",
                    column_config={c: st.column_config.NumberColumn(c, format="%.4g") for c in base.columns},
                )
            )
    else:
        c1, c2 = st.columns(2)
        c1.number_input(i18n.t("sc.seed", lang), min_value=0, max_value=2**32 - 1, step=1, key="seed")
        c2.number_input(i18n.t("sc.eps", lang), min_value=1e-6, max_value=MAX_ABS, step=0.05, format="%.4g", key="eps")
    base = ss["examples_base"]
    st.markdown(i18n.t("sc.examples", lang))
    examples = _table(
        base,
        key=state.examples_key(),
        num_rows="dynamic",
        width="stretch",
        hide_index=True,
        column_config={c: st.column_config.NumberColumn(c, format="%.4g") for c in base.columns},
    )
    st.caption(i18n.t("sc.examples_help", lang))
    st.number_input(i18n.t("sc.lam", lang), min_value=0.0, max_value=MAX_ABS, step=0.1, format="%.4g", key="lam")
    st.radio(i18n.t("sc.loss", lang), list(LOSSES), format_func=lambda k: i18n.t(f"loss.{k}", lang), key="loss")
    st.number_input(i18n.t("sc.alpha", lang), min_value=1e-6, max_value=MAX_ABS, step=0.1, format="%.4g", key="alpha")
    error = state.accept(examples, thetas)
    if error is not None:
        with error_slot.container():
            st.error(i18n.t("sc.invalid", lang) + "\n\n" + i18n.error_text(error, lang), icon=":material/error:")


def summary(lang: str) -> None:
    """On the other pages: what the current scenario is, and where to change it."""
    sc = state.scenario()
    # A custom name can come from a link: made inert, or "![x](http://…)" would fetch an image.
    name = i18n.t(f"preset.{sc.name}", lang) if sc.name in PRESET_OPTIONS else i18n.md_escape(sc.name)
    st.subheader(i18n.t("sc.header", lang))
    sizes = "-".join(str(s) for s in sc.layer_sizes)
    st.markdown(
        i18n.t(
            "common.scenario",
            lang,
            name=name,
            sizes=i18n.digits(sizes, lang),
            m=sc.m,
            lam=f"{sc.lam:g}",
        )
    )
    st.caption(i18n.t(f"loss.{sc.loss}", lang))
    st.page_link("streamlit_app.py", label=i18n.t("sc.edit_there", lang), icon=":material/edit:")
