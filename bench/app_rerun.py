"""Server time of a "next" rerun, as a ratio to a one-button Streamlit script in the same process.

Two numbers per network, from the same 50 AppTest clicks (medians):

- *full*: AppTest's click, which reruns the whole page (sidebar editors included);
- *fragment*: what a browser click or a Right key makes the server run: only the stage
  fragment. AppTest cannot ask for a fragment-only rerun, so this is the floor (one rerun's
  fixed cost) plus the measured time of the stage fragment's body inside the full rerun.

Also: figure JSON per step and how the cost grows with the network (2-2-1 … 10 × 32).
Prints Markdown for BENCHMARKS.md.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from backprop_ui import stage

ROOT = Path(__file__).resolve().parents[1]
MAIN = str(ROOT / "streamlit_app.py")
CLICKS = 50
STAGE_TIMES: list[float] = []
_stage = stage._stage


def _timed_stage(*args, **kwargs):
    """The stage fragment's body: all a browser click makes the server run, besides Streamlit's own overhead."""
    start = time.perf_counter()
    try:
        return _stage(*args, **kwargs)
    finally:
        STAGE_TIMES.append(time.perf_counter() - start)


stage._stage = _timed_stage


def _clicks(at: AppTest) -> list[float]:
    """Time CLICKS clicks on Next; at the last step an untimed Reset starts the walk again."""
    times = []
    for _ in range(CLICKS):
        if "trace" in at.session_state and at.session_state["step"] >= len(at.session_state["trace"]) - 1:
            at.button(key="reset").click().run()
            if STAGE_TIMES:
                STAGE_TIMES.pop()  # the reset's stage run is not a step
        start = time.perf_counter()
        at.button(key="next").click().run()
        times.append(time.perf_counter() - start)
        if at.exception:
            raise RuntimeError(at.exception[0].value)
    return times


def floor() -> float:
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "one_button.py"
        script.write_text('import streamlit as st\nst.button("next", key="next")\n')
        at = AppTest.from_file(str(script), default_timeout=60)
        at.run()
        return statistics.median(_clicks(at))


def app(sizes: str | None = None, m: int = 1) -> tuple[float, float, int]:
    at = AppTest.from_file(MAIN, default_timeout=120)
    at.run()
    if sizes:
        at.text_input(key="sizes_text").set_value(sizes).run()
        if m > 1:
            s = [int(v) for v in sizes.split(",")]
            row = {f"x{j + 1}": 0.5 for j in range(s[0])} | {f"y{k + 1}": 0.5 for k in range(s[-1])}
            at.session_state[f"examples_{at.session_state['editor_version']}"] = {
                "edited_rows": {},
                "added_rows": [row] * (m - 1),
                "deleted_rows": [],
            }
            at.run()
        assert at.session_state["scenario"].m == m, at.error
    STAGE_TIMES.clear()
    times = _clicks(at)
    spec = at.get("plotly_chart")[0].proto.spec
    return statistics.median(times), statistics.median(STAGE_TIMES), len(spec)


def main() -> None:
    base = floor()
    print(f"one-button floor: {base * 1000:.2f} ms (median of {CLICKS} clicks)\n")
    print("| network | m | full rerun | × floor | fragment (floor + stage) | × floor | figure JSON |")
    print("|---|---|---|---|---|---|---|")
    for sizes, m in [
        (None, 1),
        ("4, 8, 8, 3", 4),
        ("8, 16, 16, 4", 10),
        ("16, 16, 16, 16, 16, 16", 20),
        (", ".join(["32"] * 10), 50),
    ]:
        full, stage_time, spec = app(sizes, m)
        frag = base + stage_time
        name = "2-2-1 (default)" if sizes is None else sizes.replace(", ", "-")
        print(
            f"| {name} | {m} | {full * 1000:.1f} ms | {full / base:.1f}× | {frag * 1000:.1f} ms | {frag / base:.1f}× "
            f"| {spec / 1024:.0f} KB |"
        )
        sys.stdout.flush()


if __name__ == "__main__":
    main()
