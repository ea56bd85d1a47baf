"""The main page's stage: one component that steps through the walk in the browser.

Python builds the walk once per scenario and language (``walk.py``); the component
(``assets/stage/``: pure ES modules, views and adapters) draws the controls, phase bar, status line, figure, formula card and
matrices, and moves through the steps with no round trip. The server hands it the step to
start at (a link's, or one another page asks for) and otherwise hears nothing of the step.
"""

from __future__ import annotations

import json

import streamlit as st

from backprop_core import codec
from backprop_ui import links
from backprop_ui.editor import state
from backprop_ui.live import lecture, words
from backprop_ui.stage import routes, walk

ss = st.session_state
# The component's own script only imports the stage's modules from the app's route (routes.py),
# where they are ES modules importing each other: assets/stage/adapters/streamlit.js is the entry.
# Every module is asked for at once (modulepreload), not import by import as they are found.
LOADER = """
const BASE = "STAGE_URL", FILES = FILE_LIST;
let entry = null;
export default function (args) {
  let cleanup = null, gone = false;
  if (!entry) {
    // plotly.js and KaTeX load meanwhile, not after the modules (adapters/assets.js shares the promises).
    const scripts = (window.__bpScripts ??= {});
    for (const url of [args.data.assets.katex_js, args.data.assets.plotly]) {
      scripts[url] ??= new Promise((resolve, reject) => {
        const s = document.createElement("script");
        s.src = url;
        s.async = true;
        s.onload = () => resolve();
        s.onerror = () => { delete scripts[url]; reject(new Error("could not load " + url)); };
        document.head.appendChild(s);
      });
    }
    for (const name of FILES) {
      const preload = document.createElement("link");
      preload.rel = "modulepreload";
      preload.href = BASE + "/" + name;
      document.head.appendChild(preload);
    }
    entry = import(new URL(BASE + "/adapters/streamlit.js", location.origin).href);
  }
  entry.then((m) => { if (!gone) cleanup = m.default(args); });
  return () => { gone = true; cleanup?.(); };
}
""".replace("STAGE_URL", routes.STAGE_URL).replace("FILE_LIST", json.dumps(sorted(routes.STAGE_FILES)))
_component = st.components.v2.component(
    "backprop_stage",
    js=LOADER,
    css=routes.STAGE_CSS.read_text(encoding="utf-8"),
    isolate_styles=False,  # its stylesheet also lays out the page while presenting
)


def data(lang: str) -> dict:
    """What the component is handed: the walk, where to stand, the link's keys, and where its files are."""
    sc = state.scenario()
    return {
        "walk": walk.walk_json(sc, lang),
        "target": state.target(),
        "present": bool(ss.get(state.PRESENT)),
        "practice": (ss.get(state.PRACTICE) or {}).get("level"),
        "practice_id": (ss.get(state.PRACTICE) or {}).get("id"),
        "shareable": links.shareable(state.current_link()),
        "query": links.encode(codec.to_query(sc)),  # the scenario, as a class's room holds it
        "class": lecture.data(lang),
        "class_words": words.start_labels(lang),
    } | routes.walk_keys(sc, lang)


def render(lang: str) -> None:
    _component(
        key="stage",
        data=data(lang),
        height="content",
        on_follow_change=lecture.on_follow,
        on_left_change=lecture.on_left,
    )
