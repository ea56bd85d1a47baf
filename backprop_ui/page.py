"""The one setup every page calls: page config, CSS, language, menu, and the scenario editor."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from . import editor, i18n, state

SIDEBAR_WIDTH = 344  # pixels
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
.st-key-stage_keys { display: none; }
.st-key-card { background: #FAFBFD; }
.st-key-card .katex-display { font-size: 1.05em; margin: 0.4em 0; }
.st-key-statusline p { font-size: 1.05rem; font-weight: 600; margin: 0; }
[data-testid="stMainBlockContainer"] { padding-top: 2.2rem; padding-bottom: 2rem; }
[data-testid="stMainBlockContainer"] h1 { font-size: 2rem; padding-top: 0; }
.st-key-controls button p { white-space: nowrap; }
.st-key-phasebar > [data-testid="stElementContainer"], .st-key-buttons > [data-testid="stElementContainer"] { flex: 1 1 0; min-width: 0; }
.st-key-buttons > .st-key-reset, .st-key-buttons > .st-key-play { flex-grow: 1.15; }
.st-key-buttons > .st-key-speed { flex-grow: 1.6; }
[data-testid="stSidebar"] .katex { font-size: 1em; }
</style>
"""

# Lecture projection: no sidebar or toolbar, large type, everything in one 1280×720 screen.
PRESENT_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.5rem 1.2rem 0 1.2rem !important; max-width: 100% !important; }
[data-testid="stMainBlockContainer"] > div > [data-testid="stVerticalBlock"] { gap: 0.45rem; }
.st-key-statusline p { font-size: 1.4rem !important; }
.st-key-card { background: #FFFFFF; border-color: #1A1A1A !important; padding: 0.6rem 0.9rem !important; }
.st-key-card [data-testid="stVerticalBlock"] { gap: 0.12rem; }
.st-key-card p, .st-key-card li { font-size: 1.1rem; line-height: 1.42; }
.st-key-cases .katex-display { font-size: 1.05em !important; }
.st-key-bigmath .katex-display { font-size: 1.0em !important; }
.st-key-cases p { font-size: 1rem !important; }
.st-key-card h4 { font-size: 1.5rem; padding: 0; }
.st-key-card .katex-display { font-size: 1.3em; margin: 0.05em 0; }
.st-key-card [data-testid="stCaptionContainer"] p { font-size: 0.92rem; line-height: 1.3; }
.st-key-card [data-testid="stAlertContainer"] p { font-size: 1rem; }
.st-key-phasebar button, .st-key-controls button { min-height: 2.3rem; padding-top: 0.1rem; padding-bottom: 0.1rem; }
.st-key-phasebar button p, .st-key-controls button p { font-size: 1.1rem; font-weight: 600; }
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


def setup(page: str, title_key: str = "app.title") -> str:
    """Configure the page, draw the sidebar (language, menu, scenario) and return the language."""
    state.ensure()
    lang = state.lang()
    st.set_page_config(
        page_title=i18n.t(title_key, lang),
        page_icon=str(FAVICON),  # a file, not an icon name: icon names load from the internet
        layout="wide",
        # "auto" with a width: closed on a phone (it would cover the page), open and wide enough
        # for a four-column table elsewhere.
        initial_sidebar_state=SIDEBAR_WIDTH,
    )
    present = page == "main" and bool(st.session_state.get("present"))
    st.html(BASE_CSS + (RTL_CSS if lang == "fa" else "") + (PRESENT_CSS if present else ""))  # static CSS only
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
        elif not present:  # hidden while presenting; refilled from the scenario on the way out
            editor.render(lang)
    problems = state.link_problems()
    if problems:
        st.warning(
            f"**{i18n.t('link.title', lang)}.** " + " ".join(i18n.problem_text(p, lang) for p in problems),
            icon=":material/link_off:",
        )
    state.sync_link()
    return lang
