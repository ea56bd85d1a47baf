"""Main page: the lesson's backpropagation, walked step by step (thin: everything lives in backprop_ui).

``app`` adds the stage's own HTTP routes beside Streamlit (``backprop_ui/routes.py``) and the
live class's (``backprop_ui/live/class_routes.py``), with the students' light page
(``backprop_ui/live/hall.py``), where the students' links of before are sent, and the walk as one
file that needs no server (``backprop_ui/exports/offline.py``).
``streamlit run`` also runs this file once at start-up, outside any session, to find ``app``:
the page itself is drawn only inside a session.
"""

import streamlit as st
from starlette.middleware import Middleware
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from backprop_ui.exports import offline
from backprop_ui.live import class_routes, hall
from backprop_ui.stage import routes

app = st.App(
    __file__,
    routes=routes.ROUTES + class_routes.ROUTES + hall.ROUTES + offline.ROUTES,
    middleware=[Middleware(hall.OldStudentLinks)],
)

if get_script_run_ctx(suppress_warning=True) is not None:
    from backprop_ui import i18n, page
    from backprop_ui.stage import component as stage

    lang = page.setup("main")
    st.title(i18n.t("app.title", lang))
    st.caption(i18n.t("app.subtitle", lang))
    stage.render(lang)
