"""Main page: the lesson's backpropagation, walked step by step (thin: everything lives in backprop_ui)."""

import streamlit as st

from backprop_ui import i18n, page, stage

lang = page.setup("main")
if not st.session_state.get("present"):
    st.title(i18n.t("app.title", lang))
    st.caption(i18n.t("app.subtitle", lang))
stage.render(lang)
