"""A printable worksheet of the walk: every step with its numbers, a blank wherever practice would ask, then the answer key."""

import streamlit as st

from backprop_core.practice import LEVELS
from backprop_ui import i18n, links, page
from backprop_ui.editor import state
from backprop_ui.exports import print_button, worksheet

ss = st.session_state

state.ensure()
if "ws_level" not in ss:  # a link's level (?practice=…), else every value
    ss["ws_level"] = (ss.get(state.PRACTICE) or {}).get("level") or "all"
if "ws_kind" not in ss:  # a link's kind (?sheet=quiz), else guided
    ss["ws_kind"] = ss.get(state.SHEET) or "guided"
lang = page.setup("worksheet", "ws.title", query=links.view_query(practice=ss["ws_level"], sheet=ss["ws_kind"]))

sc = state.scenario()
trace = state.trace()
kind = worksheet.KINDS[ss["ws_kind"]]
st.title(i18n.t("ws.title", lang))
name = i18n.md_escape(state.display_name(sc, lang), limit=120)
st.markdown(i18n.scenario_line(name, sc, lang))

with st.container(key="ws_controls"):
    st.markdown(i18n.t(kind.intro, lang))
    # One widget per language: a switch re-labels it, ws_level and ws_kind keep the choice.
    st.selectbox(
        i18n.t("ws.level", lang),
        LEVELS,
        index=LEVELS.index(ss["ws_level"]),
        format_func=lambda level: i18n.t(f"lv.{level}", lang),
        key=f"ws_level_{lang}",
        on_change=lambda: ss.update(ws_level=ss[f"ws_level_{lang}"]),
    )
    st.radio(
        i18n.t("ws.kind", lang),
        list(worksheet.KINDS),
        index=list(worksheet.KINDS).index(ss["ws_kind"]),
        format_func=lambda name: i18n.t(f"ws.kind_{name}", lang),
        key=f"ws_kind_{lang}",
        on_change=lambda: ss.update(ws_kind=ss[f"ws_kind_{lang}"]),
        horizontal=True,
    )
    if len(trace) <= worksheet.MAX_STEPS:
        print_button.render(lang)
        st.caption(i18n.t("ws.print_help", lang))

if len(trace) > worksheet.MAX_STEPS:
    st.info(i18n.t("ws.too_big", lang, n=len(trace), max=worksheet.MAX_STEPS), icon=":material/print_disabled:")
    st.stop()

items, answers = worksheet.sheet(trace, lang, ss["ws_level"], ss["ws_kind"])
st.markdown(i18n.t("ws.name_line", lang))
if not answers:
    st.caption(i18n.t("ws.no_blanks", lang))
for item in items:
    with st.container(border=True, key=f"ws_step_{item.step}"):
        if item.through is not None:  # a run a quiz leaves out
            st.markdown(worksheet.left_out_text(trace, item, lang))
            continue
        st.markdown(i18n.t("ws.step", lang, n=item.step, title=item.title) + "  \n" + item.where)
        if item.formula:
            st.latex(item.formula)
        for words in item.formula_words:
            st.markdown(words)
        st.latex(item.latex)

if answers:
    with st.container(key="ws_key"):
        st.subheader(i18n.t("ws.key_title", lang))
        st.caption(i18n.t(kind.key_rule, lang))
        # One line per blank, its number first (no list marks): "(3) step 5: a = 0.7514".
        st.markdown("  \n".join(i18n.t("ws.answer", lang, k=a.blank, n=a.step, value=a.latex) for a in answers))
