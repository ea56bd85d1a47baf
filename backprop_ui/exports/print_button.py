"""The worksheet's Print button: a tiny component that opens the browser's print dialog."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from backprop_ui import i18n

CSS = """
.bp-print { min-height: 2.5rem; padding: 0.35rem 1.2rem; border-radius: 0.5rem; border: 1px solid #005E94;
  background: #005E94; color: #FFFFFF; font: inherit; font-weight: 600; cursor: pointer; }
.bp-print:hover { background: #004B75; }
.bp-print:focus-visible { outline: 3px solid #0072B2; outline-offset: 2px; }
"""
_component = st.components.v2.component(
    "backprop_print", js=(Path(__file__).parents[1] / "assets" / "print.js").read_text(encoding="utf-8"), css=CSS
)


def render(lang: str) -> None:
    _component(
        key="ws_print",
        data={
            "label": i18n.t("ws.print", lang),
            "help": i18n.t("ws.print_help", lang),
            "dir": i18n.locale(lang).direction,
        },
    )
