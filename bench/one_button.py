"""The reference for the browser benchmark: the smallest Streamlit script a click can rerun.

One button that counts its clicks and shows the count. ``bench/browser.py`` runs it beside the
app in the same Chromium and compares a step of the stage with a click here.
"""

import streamlit as st

st.session_state.setdefault("clicks", 0)
if st.button("Next", key="next"):
    st.session_state["clicks"] += 1
st.markdown(f"clicks: {st.session_state['clicks']}")
