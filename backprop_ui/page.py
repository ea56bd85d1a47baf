"""The one setup every page calls: page config, CSS, language, menu, and the scenario editor."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from . import editor, i18n, state

FAVICON = Path(__file__).resolve().parents[1] / "static" / "favicon.png"

PAGES = (
    ("streamlit_app.py", "menu.main", ":material/footprint:"),
    ("pages/1_Lesson.py", "menu.lesson", ":material/menu_book:"),
    ("pages/2_Gradient_check.py", "menu.gradcheck", ":material/rule:"),
    ("pages/3_Training.py", "menu.training", ":material/trending_down:"),
)

# Static CSS only: nothing user-controlled is ever put into it.
BASE_CSS = """
<style>
.katex { direction: ltr; unicode-bidi: isolate; }
.katex-display { direction: ltr; overflow-x: auto; overflow-y: hidden; padding: 0.15rem 0; }
.st-key-next_pg, .st-key-prev_pg { display: none; }
.st-key-card { background: #FAFBFD; }
.st-key-card .katex-display { font-size: 1.05em; margin: 0.4em 0; }
.st-key-statusline p { font-size: 1.05rem; font-weight: 600; margin: 0; }
[data-testid="stMainBlockContainer"] { padding-top: 2.2rem; padding-bottom: 2rem; }
[data-testid="stMainBlockContainer"] h1 { font-size: 2rem; padding-top: 0; }
.st-key-controls button p { white-space: nowrap; }
[data-testid="stSidebar"] .katex { font-size: 1em; }
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
[data-testid="stSidebarUserContent"] [data-testid="stDataFrame"],
[data-testid="stSidebarUserContent"] [data-testid="stNumberInput"] input,
[data-testid="stSidebarUserContent"] [data-testid="stTextInput"] input { direction: ltr; }
</style>
"""


def _init_lang() -> None:
    if state.LANG_KEY not in st.session_state:
        wanted = st.query_params.get("lang", i18n.DEFAULT_LANG)
        st.session_state[state.LANG_KEY] = wanted if wanted in i18n.LANGS else i18n.DEFAULT_LANG


def setup(page: str, title_key: str = "app.title") -> str:
    """Configure the page, draw the sidebar (language, menu, scenario) and return the language."""
    _init_lang()
    lang = state.lang()
    st.set_page_config(
        page_title=i18n.t(title_key, lang),
        page_icon=str(FAVICON),  # a file, not an icon name: icon names load from the internet
        layout="wide",
        initial_sidebar_state="expanded",
    )
    st.html(BASE_CSS + (RTL_CSS if lang == "fa" else ""))  # static CSS only
    state.ensure()
    state.keep_widget_state(page)
    with st.sidebar:
        st.segmented_control(
            i18n.t("lang.label", lang),
            options=list(i18n.LANGS),
            format_func=lambda code: i18n.LANG_NAMES[code],
            key=state.LANG_KEY,
            required=True,
        )
        for path, label_key, icon in PAGES:
            st.page_link(path, label=i18n.t(label_key, lang), icon=icon)
        st.divider()
        if page == "main":
            editor.render(lang)
        else:
            editor.summary(lang)
    return lang
