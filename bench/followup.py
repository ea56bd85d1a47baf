"""A class's follow-up on each phone's own numbers (issue 25): the server's CPU per phone, side by side
with what it already pays per phone for an answer to an ordinary question, in one run.

Per phone, a follow-up costs the server its own example (``practice.fresh_example`` with the phone's
seed: up to 400 draws judged in one batch, then the example's trace), its question record
(``hall.followup_json``, what ``GET /join/<code>/followup`` sends) and the judging of its answer on that
example (``classroom.bucket`` with the seed). An ordinary answer costs ``classroom.bucket`` on the
room's one trace. Every phone is a new seed, so every follow-up is measured cold (its caches cleared
first); rounds interleaved, the medians of 5 kept. Process CPU time (``time.process_time``), one core.

Goal: a follow-up for a hall of 300 phones takes at most 3 s of one core (10 ms a phone) on XOR, and at
most 30 ms a phone on the deepest nets a link holds (8 hidden layers, where no draw is friendly on δ
and all 400 are tried).

Prints Markdown for BENCHMARKS.md.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from backprop_core import Scenario, codec  # noqa: E402
from backprop_ui import links  # noqa: E402
from backprop_ui.live import classroom, hall  # noqa: E402

PHONES = 60
ROUNDS = 5


def deep() -> Scenario:
    rng = np.random.default_rng(0)
    return Scenario(layer_sizes=(3, *([6] * 8), 1), X=rng.uniform(0, 1, (1, 3)).round(2), Y=np.array([[1.0]]), seed=0)


def cases() -> dict[str, tuple[str, int]]:
    """name -> (a room's query, the step asked: the output δ of the first example)."""
    out = {}
    for name, query in (("XOR 2-2-1, m = 4", "p=xor"), ("3-6×8-1, m = 1", links.encode(codec.to_query(deep())))):
        room_query = classroom.scenario_query(query)
        trace = classroom.trace_of(room_query)
        step = next(k for k, s in enumerate(trace) if s.phase == "output_delta" and s.example == 1)
        out[name] = (room_query, step)
    return out


def per_phone_followup(query: str, step: int, seed0: int) -> float:
    classroom.followup_step.cache_clear()
    hall.followup_json.cache_clear()
    start = time.process_time()
    for seed in range(seed0, seed0 + PHONES):
        hall.followup_json(query, step, seed, "fa")
        room = classroom.Room(code="ABCDEF", secret_hash="", query=query)
        classroom.bucket(room, step, "0.5", seed)
    return (time.process_time() - start) / PHONES


def per_phone_answer(query: str, step: int) -> float:
    room = classroom.Room(code="ABCDEF", secret_hash="", query=query)
    start = time.process_time()
    for k in range(PHONES):
        classroom.bucket(room, step, f"0.{k + 1}")
    return (time.process_time() - start) / PHONES


def main() -> None:
    rows = []
    for name, (query, step) in cases().items():
        per_phone_followup(query, step, 10_000)  # warm-up: imports, the room's own trace
        follow, plain = [], []
        for r in range(ROUNDS):
            follow.append(per_phone_followup(query, step, r * PHONES))
            plain.append(per_phone_answer(query, step))
        f, p = statistics.median(follow), statistics.median(plain)
        rows.append((name, f, p))
    print("| room's network | follow-up, per phone (cold) | an ordinary answer, per phone | 300 phones' follow-up |")
    print("|---|---|---|---|")
    for name, f, p in rows:
        print(f"| {name} | {f * 1000:.1f} ms | {p * 1000:.2f} ms | {f * 300:.1f} s |")


if __name__ == "__main__":
    main()
