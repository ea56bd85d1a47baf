"""The lesson's formula catalogue, each explained in our words and linked to the steps that use it."""

import streamlit as st

from backprop_core import FORMULAS, LESSON_IDS
from backprop_ui import i18n, page
from backprop_ui.editor import state
from backprop_ui.stage import walk

lang = page.setup("lesson", "lesson.title")
ss = st.session_state
# The lesson's four slips, each under the formula it concerns (the step cards show them too).
SLIPS = {
    "F3": "slip.delta_is_error",
    "F11": "slip.forward_range",
    "F12": "slip.product_shape",
    "F13": "slip.d_after_loop",
}


def _go(index: int) -> None:
    state.go(index)
    ss["_goto_main"] = True


if ss.pop("_goto_main", False):
    st.switch_page("streamlit_app.py")

st.title(i18n.t("lesson.title", lang))
st.markdown(i18n.t("lesson.intro", lang))

trace = state.trace()
first_use: dict[str, int] = {}
phases: dict[str, list[str]] = {}
for step in trace:
    for fid in step.formulas:
        first_use.setdefault(fid, step.index)
        if step.phase not in phases.setdefault(fid, []):
            phases[fid].append(step.phase)

in_words = walk.formulas_in_words(lang)
for fid in (*LESSON_IDS, "SE4"):
    with st.container(border=True, key=f"formula_{fid}"):
        # The id badge sits where a reader starts: on the right in a right-to-left language.
        if i18n.locale(lang).rtl:
            body, head = st.columns([7, 1], vertical_alignment="center")
        else:
            head, body = st.columns([1, 7], vertical_alignment="center")
        head.markdown(f"### :blue-badge[{fid}]")
        with body:
            if fid in in_words:  # D's two cases as the lesson writes them in Persian: «… اگر j ≠ 0»
                st.markdown(in_words[fid])
            else:
                st.latex(FORMULAS[fid])
            st.markdown(i18n.t(f"expl.{fid}", lang))
            if fid in SLIPS:
                st.info(f"**{i18n.t('slip.title', lang)}.** {i18n.t(SLIPS[fid], lang)}", icon=":material/lightbulb:")
            if fid in first_use:
                names = i18n.locale(lang).list_separator.join(i18n.t(f"phase.{p}", lang) for p in phases[fid])
                st.caption(i18n.t("lesson.used", lang, phases=names))
                st.button(
                    i18n.t("lesson.go", lang, id=fid),
                    key=f"go_{fid}",
                    on_click=_go,
                    args=(first_use[fid],),
                    icon=":material/arrow_forward:",
                )
            elif fid != "SE4":
                st.caption(i18n.t("lesson.context", lang))
