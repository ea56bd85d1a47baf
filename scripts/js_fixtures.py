"""Write the fixtures the stage's node tests read (tests/js/fixtures/, made by `make test-js`, never committed).

Python is the reference for everything the stage reads or decides the same way: the walks it
draws (every preset in fa and en, and a walk big enough to come in windows, with the values
table Python knows at every step), the answers practice reads and judges, and the address the
view tables write.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from backprop_core import PRESETS, Scenario
from backprop_core.practice import judge, parse_answer, question, too_short
from backprop_ui import links
from backprop_ui.stage import walk
from backprop_ui.stage.graph import geometry

LANGS = ("fa", "en")
PARSE = [
    "0.5933",
    "۰٫۵۹۳۳",
    "۰/۵۹۳۳",
    "٠٫٥٩٣٣",
    "-0.0279",
    "−0.0279",
    "–0.0279",
    "+1",
    ".5",
    "5.",
    "1e-3",
    "1E-3",
    "2e−3",
    "  0.5 ",
    "1/2/3",
    "1/",
    "/5",
    "0,5",
    "1..2",
    "abc",
    "",
    "inf",
    "nan",
    "1e",
    "e5",
    "--1",
    "0x10",
    "1_000",
    "1e999",
    "۱۲۳",
]


def walk_of(scenario: Scenario, lang: str) -> dict:
    """The whole walk as the browser ends up with it: the meta and every window."""
    doc = walk.build_walk(scenario, lang)
    trace = scenario.trace()
    size = doc["meta"]["window"]
    doc["windows"] = [walk.window(trace, lang, k, size) for k in range(doc["meta"]["windows"])]
    return doc


def windowed() -> tuple[Scenario, dict]:
    """A walk too big to send whole, and the values table Python knows after each of its steps."""
    rng = np.random.default_rng(3)
    sc = Scenario(
        layer_sizes=(16, 16, 16, 16), X=rng.uniform(0, 1, (4, 16)).round(2), Y=np.eye(16)[[0, 5, 9, 15]], seed=3
    )
    trace = sc.trace()
    assert walk.window_size(len(trace), len(geometry(sc.layer_sizes).nodes)) < len(trace)
    tables = [walk._vector_table(step.known(), trace.network.L) for step in trace]
    return sc, tables


def judge_cases() -> dict:
    """Every question of the four presets (its record, as each language's walk has it): the right value, each wrong
    one, the edges of each tolerance and a far value, with practice.judge's verdict."""
    questions, cases = {}, []
    for name, sc in PRESETS.items():
        trace = sc.trace()
        for lang in LANGS:
            for w in walk_of(sc, lang)["windows"]:
                for k, rec in enumerate(w["steps"]):
                    if "question" in rec:
                        questions[f"{name}:{lang}:{w['start'] + k}"] = rec["question"]
        for key in [k for k in questions if k.startswith(name + ":")]:
            q = question(trace[int(key.rsplit(":", 1)[1])])
            xs = [q.value, q.value + 0.999 * q.tol, q.value - 1.001 * q.tol, q.value * 3 + 1]
            for c in q.candidates:
                xs += [c.value, c.value + 0.999 * c.tol, c.value + 1.001 * c.tol]
            for x in xs:
                v = judge(q, x)
                cases.append({"question": key, "x": x, "right": v.correct, "ids": list(v.mistakes)})
    return {"questions": questions, "cases": cases}


def short_cases() -> list[list]:
    """Answers right to the digits typed, and practice.too_short's word on each."""
    values = [0.008027, 0.6534, -0.02966, 12.34, 1.5e-5]
    texts = [
        "0.008",
        "0.0080",
        "0.008027",
        "0.009",
        "۰/۶۵",
        "0.65",
        "1",
        "8e-3",
        "-0.03",
        "−0.0297",
        "12",
        "12.3",
        "1.5e-5",
        "2e-5",
        "abc",
        "0",
        "1.2.3",
    ]
    return [[t, v, too_short(t, v)] for t in texts for v in values]


def parse_cases() -> list[list]:
    out = []
    for text in PARSE:
        try:
            out.append([text, parse_answer(text)])
        except ValueError:
            out.append([text, None])
    return out


def address_cases() -> dict:
    """The codec the stage is handed, and what the view tables write for each value the browser owns."""
    cases = []
    for step in (0, 1, 9):
        for present in (False, True):
            for level in ("watch", "output", "delta", "all"):
                expected = links.view_query(step=step, present=present, practice=None if level == "watch" else level)
                cases.append({"view": {"step": step, "present": present, "practice": level}, "query": expected})
    return {"codec": links.address_codec(), "cases": cases}


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, sc in PRESETS.items():
        for lang in LANGS:
            (out / f"walk-{name}-{lang}.json").write_text(
                json.dumps(walk_of(sc, lang), ensure_ascii=False), encoding="utf-8"
            )
    sc, tables = windowed()
    (out / "walk-windowed.json").write_text(
        json.dumps(walk_of(sc, "en") | {"tables": tables}, ensure_ascii=False), encoding="utf-8"
    )
    (out / "answers.json").write_text(
        json.dumps({"parse": parse_cases(), "judge": judge_cases(), "short": short_cases()}, ensure_ascii=False),
        encoding="utf-8",
    )
    (out / "address.json").write_text(json.dumps(address_cases(), ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "tests/js/fixtures"))
