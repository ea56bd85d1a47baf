"""A printable worksheet of the walk: every step with its numbers, a blank wherever practice would ask, then the answer key."""

import streamlit as st

from backprop_core.practice import LEVELS
from backprop_ui import i18n, links, page, print_button, state, worksheet

ss = st.session_state

state.ensure()
if "ws_level" not in ss:  # a link's level (?practice=…), else every value
    ss["ws_level"] = (ss.get(state.PRACTICE) or {}).get("level") or "all"
lang = page.setup("worksheet", "ws.title", query=links.view_query(practice=ss["ws_level"]))

sc = state.scenario()
trace = state.trace()
st.title(i18n.t("ws.title", lang))
name = i18n.md_escape(state.display_name(sc, lang), limit=120)
st.markdown(i18n.scenario_line(name, sc, lang))

with st.container(key="ws_controls"):
    st.markdown(i18n.t("ws.intro", lang))
    st.selectbox(
        i18n.t("ws.level", lang),
        LEVELS,
        index=LEVELS.index(ss["ws_level"]),
        format_func=lambda level: i18n.t(f"lv.{level}", lang),
        key=f"ws_level_{lang}",  # one widget per language: a switch re-labels it, ws_level keeps the choice
        on_change=lambda: ss.update(ws_level=ss[f"ws_level_{lang}"]),
    )
    if len(trace) <= worksheet.MAX_STEPS:
        print_button.render(lang)
        st.caption(i18n.t("ws.print_help", lang))

if len(trace) > worksheet.MAX_STEPS:
    st.info(i18n.t("ws.too_big", lang, n=len(trace), max=worksheet.MAX_STEPS), icon=":material/print_disabled:")
    st.stop()

items, answers = worksheet.sheet(trace, lang, ss["ws_level"])
st.markdown(i18n.t("ws.name_line", lang))
if not answers:
    st.caption(i18n.t("ws.no_blanks", lang))
for item in items:
    with st.container(border=True, key=f"ws_step_{item.step}"):
        st.markdown(i18n.t("ws.step", lang, n=item.step, title=item.title) + "  \n" + item.where)
        if item.formula:
            st.latex(item.formula)
        for words in item.formula_words:
            st.markdown(words)
        st.latex(item.latex)

if answers:
    with st.container(key="ws_key"):
        st.subheader(i18n.t("ws.key_title", lang))
        # One line per blank, its number first (no list marks): "(3) step 5: a = 0.7514".
        st.markdown("  \n".join(i18n.t("ws.answer", lang, k=a.blank, n=a.step, value=a.latex) for a in answers))
