"""The one setup every page calls: page config, CSS, language, menu, and the scenario editor."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from backprop_ui import i18n
from backprop_ui.editor import keeper, state
from backprop_ui.editor import sidebar as editor
from backprop_ui.live import lecture

SIDEBAR_WIDTH = 344  # pixels
FAVICON = Path(__file__).resolve().parents[1] / "static" / "favicon.png"

PAGES = (
    ("streamlit_app.py", "menu.main", ":material/footprint:"),
    ("pages/1_Lesson.py", "menu.lesson", ":material/menu_book:"),
    ("pages/2_Gradient_check.py", "menu.gradcheck", ":material/rule:"),
    ("pages/3_Training.py", "menu.training", ":material/trending_down:"),
    ("pages/4_Worksheet.py", "menu.worksheet", ":material/print:"),
)

# Static CSS only: nothing user-controlled is ever put into it. (The stage has its own: assets/stage.css.)
BASE_CSS = """
<style>
.katex { direction: ltr; unicode-bidi: isolate; }
.katex-display { direction: ltr; overflow-x: auto; overflow-y: hidden; padding: 0.15rem 0; }
[data-testid="stMainBlockContainer"] { padding-top: 1.4rem; padding-bottom: 2rem; }
@media (max-width: 640px) { [data-testid="stMainBlockContainer"] { padding-top: 3.6rem; } }  /* below the header's menu button */
[data-testid="stMainBlockContainer"] h1 { font-size: 1.7rem; padding-top: 0; }
[data-testid="stSidebar"] .katex { font-size: 1em; }
.st-key-bp_keeper { display: none; }  /* keeper.py's component draws nothing: out of the page's flow */
/* The sidebar's small tables: no hover toolbar over their captions (a wide one opens in a window of its own). */
[data-testid="stSidebar"] [data-testid="stElementToolbar"] { display: none; }
</style>
"""

RTL_CSS = """
<style>
[data-testid="stMarkdownContainer"], [data-testid="stCaptionContainer"],
[data-testid="stWidgetLabel"], [data-testid="stAlertContainer"],
[data-testid="stExpander"] summary, [data-testid="stSidebar"] [data-testid="stPageLink-NavLink"],
[data-testid="stHeading"], [data-testid="stMetricLabel"] {
  direction: rtl; text-align: right;
}
[data-testid="stMarkdownContainer"] ul, [data-testid="stMarkdownContainer"] ol { padding-right: 1.4em; padding-left: 0; }
[data-testid="stSidebarUserContent"] { direction: rtl; }
[role="listbox"] [role="option"] { direction: rtl; text-align: right; }  /* the example box's list reads from the right */
[data-testid="stSidebarUserContent"] [data-testid="stDataFrame"],
[data-testid="stSidebarUserContent"] [data-testid="stNumberInput"] input,
[data-testid="stSidebarUserContent"] [data-testid="stTextInput"] input { direction: ltr; }
</style>
"""

# The worksheet printed: no menu, header or controls; A4; a step never split across pages; the key on a page of its own.
WORKSHEET_PRINT_CSS = """
<style>
@media print {
  @page { size: A4; margin: 14mm 13mm; }
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
  header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
  .st-key-ws_controls { display: none !important; }
  html, body, [data-testid="stApp"], [data-testid="stAppViewContainer"], [data-testid="stMain"],
  [data-testid="stMainBlockContainer"] { height: auto !important; overflow: visible !important; position: static !important; }
  [data-testid="stMainBlockContainer"] { padding: 0 !important; max-width: 100% !important; }
  [class*="st-key-ws_step_"] { break-inside: avoid; padding: 0.5rem 0.9rem 0.8rem !important; gap: 0.2rem !important; }
  [class*="st-key-ws_step_"] .katex-display { margin: 0.3em 0 !important; }
  [data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] { gap: 0.55rem !important; }
  .st-key-ws_key { break-before: page; }
  .katex-display { overflow: visible !important; }
}
</style>
"""


def setup(page: str, title_key: str = "app.title", query: dict[str, str] | None = None) -> str:
    """Configure the page, draw the sidebar (language, menu, scenario) and return the language."""
    state.ensure()
    if page == "main":
        lecture.enter()
    lang = state.lang()
    st.set_page_config(
        page_title=i18n.t(title_key, lang),
        page_icon=str(FAVICON),  # a file, not an icon name: icon names load from the internet
        layout="wide",
        # "auto" with a width: closed on a phone (it would cover the page), open and wide enough
        # for a four-column table elsewhere.
        initial_sidebar_state=SIDEBAR_WIDTH,
    )
    st.html(  # static CSS only
        BASE_CSS + (RTL_CSS if i18n.locale(lang).rtl else "") + (WORKSHEET_PRINT_CSS if page == "worksheet" else "")
    )
    keeper.render(lang)  # a reload of a network too big for a link: the tab gives it back first
    with st.sidebar:
        state.show_lang()
        st.segmented_control(
            i18n.t("lang.label", lang),
            options=list(i18n.LANGS),
            format_func=lambda code: i18n.LANG_NAMES[code],
            key=state.LANG_KEY,
            required=True,
            on_change=state.on_lang,
        )
        for path, label_key, icon in PAGES:
            st.page_link(path, label=i18n.t(label_key, lang), icon=icon)
        st.divider()
        if page != "main":
            editor.summary(lang)
        else:  # while presenting, the stage's stylesheet hides the sidebar
            editor.render(lang)
    problems = state.link_problems()
    if problems:
        st.warning(
            f"**{i18n.t('link.title', lang)}.** " + " ".join(i18n.problem_text(p, lang) for p in problems),
            icon=":material/link_off:",
        )
    lecture.message(lang)
    state.sync_link((query or {}) | lecture.view_keys())
    return lang
