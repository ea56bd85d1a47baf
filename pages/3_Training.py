"""Gradient descent on the current scenario: J against iterations and, for two inputs, the decision boundary."""

import numpy as np
import pandas as pd
import streamlit as st

from backprop_core import MAX_ITERATIONS, ScenarioError, forward, gradient_descent, iteration_limit
from backprop_ui import i18n, page
from backprop_ui.editor import state
from backprop_ui.stage import figures

lang = page.setup("training", "train.title")
ss = st.session_state


ITERATIONS = "train_iterations"  # the session's iteration count (the box displays it)


def _use_trained() -> None:
    """Send the trained weights to the step-by-step page (a change that Undo there takes back)."""
    _key, result = ss["training"]
    state.change(state.scenario().replace(thetas=result.network.thetas), "trained", whole=True, keep_step=False)
    ss["_goto_main"] = True


def _on_iterations() -> None:
    value = ss.get("iterations")
    if isinstance(value, int) and 1 <= value <= MAX_ITERATIONS:
        ss[ITERATIONS] = value
        state.errors().pop("iterations", None)
    else:
        got = "" if value is None else value
        state.refuse("iterations", ScenarioError("iterations_box", "iterations", lo=1, hi=MAX_ITERATIONS, got=got))


if ss.pop("_goto_main", False):
    st.switch_page("streamlit_app.py")

sc = state.scenario()
st.title(i18n.t("train.title", lang))
st.markdown(i18n.t("train.intro", lang))
c0, c1, c2 = st.columns([2, 2, 1], vertical_alignment="bottom")
# Both boxes display the session's values; no min or max, so a refusal is said in the user's language.
ss["train_alpha"] = float(sc.alpha)
c0.number_input(i18n.t("sc.alpha", lang), step=0.1, format="%.10g", key="train_alpha", on_change=state.on_alpha)
ss["iterations"] = int(ss.setdefault(ITERATIONS, 1000))
iterations = c1.number_input(i18n.t("train.iterations", lang), step=100, key="iterations", on_change=_on_iterations)
for name in ("alpha", "iterations"):
    error = state.errors().get(name)
    if error is not None:
        st.error(f"**{i18n.t('sc.invalid', lang)}** " + i18n.error_text(error, lang), icon=":material/error:")
limit = iteration_limit(sc.network, sc.m)
if limit < MAX_ITERATIONS:
    st.caption(i18n.t("train.limit", lang, n=i18n.digits(limit, lang)))
if c2.button(i18n.t("train.run", lang), type="primary", key="train", icon=":material/play_arrow:"):
    try:  # the core refuses a run too large for a shared server, before doing any of it
        result = gradient_descent(sc.network, sc.X, sc.Y, sc.alpha, int(iterations), sc.lam, sc.loss)
    except ScenarioError as error:
        st.error(i18n.error_text(error, lang), icon=":material/error:")
    else:
        ss["training"] = (sc.key(), result)

training = ss.get("training")
if training is None or training[0] != sc.key():
    st.info(i18n.t("train.press", lang), icon=":material/info:")
else:
    result = training[1]
    history = result.history
    j0, j1 = (i18n.digits(f"{v:.4g}", lang) for v in (history[0], history[-1]))
    st.markdown(i18n.t("train.before_after", lang, j0=j0, j1=j1))
    left, right = st.columns(2)
    with left:
        st.plotly_chart(figures.cost_figure(history, lang), key="cost", config={"displayModeBar": False})
    with right:
        if sc.layer_sizes[0] == 2:
            st.markdown(i18n.t("train.boundary", lang))
            output = 1
            if sc.layer_sizes[-1] > 1:
                output = st.selectbox(
                    i18n.t("train.output", lang),
                    range(1, sc.layer_sizes[-1] + 1),
                    format_func=lambda k: i18n.digits(k, lang),
                    key="boundary_output",
                )
            st.plotly_chart(
                figures.boundary_figure(result.network, sc.X, sc.Y, output, lang),
                key="boundary",
                config={"displayModeBar": False},
            )
        else:
            st.info(i18n.t("train.no_boundary", lang), icon=":material/info:")
    st.markdown(i18n.t("train.outputs", lang))
    out = np.asarray(forward(result.network, sc.X).a[-1])
    # The network's outputs are a⁽ᴸ⁾ in the lesson's notation (it writes no h).
    sup = f"({len(sc.layer_sizes)})".translate(str.maketrans("0123456789()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾"))
    sub = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
    table = pd.DataFrame(
        np.hstack([sc.X, sc.Y, out]),
        columns=[f"x{j + 1}" for j in range(sc.X.shape[1])]
        + [f"y{k + 1}" for k in range(sc.Y.shape[1])]
        + [f"a{str(k + 1).translate(sub)}{sup}" for k in range(out.shape[1])],
    )
    if i18n.locale(lang).rtl:  # a right-to-left reader starts on the right: the inputs first
        table = table[table.columns[::-1]]
    st.dataframe(table.style.format("{:.4g}"), hide_index=True)
    st.button(i18n.t("train.use", lang), key="use_trained", on_click=_use_trained, icon=":material/arrow_forward:")
