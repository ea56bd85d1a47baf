"""The course's gradient check for the current scenario: D against centred finite differences."""

import math

import numpy as np
import pandas as pd
import streamlit as st

from backprop_core import codec, numerical_gradient, relative_difference
from backprop_core.gradcheck import plan
from backprop_ui import i18n, page
from backprop_ui.editor import state

lang = page.setup("gradcheck", "gc.title")
AGREE = 1e-7  # the page's criterion; gc.criterion says why it is not the course's 1e-9


@st.cache_data(max_entries=32, show_spinner=False)
def numerical(query: tuple) -> list[np.ndarray]:
    """Finite-difference gradient of the scenario a query describes, the weights its plan affords
    (NaN for the others); cached: it costs 2 J per weight."""
    sc = codec.from_query(dict(query))
    checks = plan(sc.network, sc.m)  # decided before any J is computed: about a second at most
    return [np.array(g) for g in numerical_gradient(sc.network, sc.X, sc.Y, sc.lam, sc.loss, mask=checks.mask)]


sc = state.scenario()
trace = state.trace()
st.title(i18n.t("gc.title", lang))
st.markdown(i18n.t("gc.intro", lang))
st.latex(
    r"\frac{\partial}{\partial \Theta_{i,j}^{(l)}} J(\Theta) \approx "
    r"\frac{J(\Theta + \varepsilon\, e_{i,j}^{(l)}) - J(\Theta - \varepsilon\, e_{i,j}^{(l)})}{2\varepsilon}"
)
checks = plan(sc.network, sc.m)
n_weights = checks.checked
if checks.sampled:
    total, n = (i18n.plain_number(v, lang) for v in (checks.total, checks.checked))
    st.info(i18n.t("gc.sampled", lang, n=n, total=total), icon=":material/casino:")
with st.spinner(i18n.t("gc.computing", lang, n=n_weights)):
    num = numerical(tuple(sorted(codec.to_query(sc).items())))
rel = relative_difference(trace.D, num)
st.markdown(i18n.t("gc.rel", lang))
st.metric("rel", f"{rel:.3e}", label_visibility="collapsed")
if rel < AGREE:
    agree_digits = int(-math.log10(rel)) if rel > 0 else 16
    st.success(i18n.t("gc.ok", lang, digits=agree_digits), icon=":material/check_circle:")
else:
    st.error(i18n.t("gc.bad", lang, value=f"{rel:.2e}"), icon=":material/error:")
st.caption(i18n.t("gc.criterion", lang))

rows = []
for layer, (D, G) in enumerate(zip(trace.D, num), start=1):
    for (i, j), value in np.ndenumerate(D):
        if not np.isnan(G[i, j]):  # a sampled check lists the weights it checked
            # Each entry's own relative difference: an absolute one says nothing of an entry of 1e-11.
            scale = abs(value) + abs(G[i, j])
            rows.append((f"Θ({layer})", i + 1, j, value, G[i, j], abs(value - G[i, j]) / scale if scale else 0.0))
frame = pd.DataFrame(
    rows,
    columns=[
        i18n.t("gc.col_matrix", lang),
        "i",
        "j",
        i18n.t("gc.col_D", lang),
        i18n.t("gc.col_num", lang),
        i18n.t("gc.col_diff", lang),
    ],
)
formats = {frame.columns[3]: "{:.6g}", frame.columns[4]: "{:.6g}", frame.columns[5]: "{:.1e}"}  # significant figures
if i18n.locale(lang).rtl:  # a right-to-left reader starts on the right: the matrix first, the difference last
    frame = frame[frame.columns[::-1]]
st.dataframe(
    frame.style.format(formats),
    hide_index=True,
    width="stretch",
)
