r"""A chain of answers: a quiz where each box is worked from the student's own earlier answers.

A guided worksheet prints, at every box, the numbers it needs, so a slip does not carry on.
A quiz prints none of the values its boxes ask: where a box needs one, it names the earlier
box instead, and the student works on from their own answer there. This module says which
given is which earlier box (from :attr:`~backprop_core.practice.Question.sources`), the
value a student gets who works from the printed numbers and their own answers rounded to 4
significant figures, and how far from it a right answer may lie.

The tolerance of box k. A right earlier answer r lies within :math:`T_r` of the key's
value :math:`c_r`. Set each of them, one at a time, to :math:`c_r \pm T_r` and see how far
box k's value moves; their sum, or if it is larger the move with every answer at its worst
at once (a product's terms add up: a near-saturated :math:`a(1 - a)` known to a few digits,
times a δ), with a thousandth more for what is not linear, plus half a unit in the 4th
significant figure for the student's own rounding, is how far a right answer may lie from
box k's value. The key prints the value to 4 significant figures, so the gap that rounding
leaves is added too, and the tolerance is rounded up to 2 significant figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .practice import Question, asks, half_unit, question, rounded, work
from .trace import Step, Trace


@dataclass(frozen=True, slots=True)
class Box:
    """One asked value of a quiz.

    ``number`` is the box's number (1-based); ``refs`` maps a slot of the question's givens
    to the number of the earlier box whose answer stands there; ``value`` is the key's value
    (4 significant figures) and ``tol`` how far a right answer may lie from it.
    """

    number: int
    step: Step
    question: Question
    value: float
    tol: float
    refs: dict = field(default_factory=dict)


def _round_up(x: float, digits: int = 2) -> float:
    """``x`` > 0 rounded up to ``digits`` significant figures."""
    if x <= 0:
        return x
    unit = 10.0 ** (math.floor(math.log10(x)) - digits + 1)
    return math.ceil(x / unit * (1 - 1e-12)) * unit


def chain(trace: Trace, level: str) -> list[Box]:
    r"""The boxes of a quiz of ``trace`` at the fading ``level``, in the walk's order.

    A :math:`\Delta` or :math:`D` question asks the same entry of its layer at every example
    (``same_entry``), so the accumulation is a chain too.
    """
    boxes: list[Box] = []
    by_key: dict[tuple, Box] = {}
    for step in trace:
        q = question(step, same_entry=True)
        if not asks(q, level):
            continue
        assert q is not None
        refs = {slot: by_key[key] for slot, key in q.sources.items() if key in by_key}
        mine = {slot: box.value for slot, box in refs.items()}
        centre = work(step, mine, same_entry=True)
        carried, up, down = 0.0, {}, {}
        for slot, box in refs.items():
            moved = {
                sign: work(step, mine | {slot: box.value + sign * box.tol}, same_entry=True) - centre
                for sign in (1, -1)
            }
            carried += max(abs(v) for v in moved.values())
            rise = 1 if moved[1] >= moved[-1] else -1  # the way this answer pushes the value up
            up[slot], down[slot] = box.value + rise * box.tol, box.value - rise * box.tol
        if refs:  # every earlier answer at its worst at once: what the one-at-a-time sum misses
            for worst in (up, down):
                carried = max(carried, abs(work(step, mine | worst, same_entry=True) - centre))
        carried *= 1.001
        tol = carried + half_unit(abs(centre) + carried) + 1e-15
        value = float(rounded(centre))
        box = Box(
            len(boxes) + 1, step, q, value, _round_up(tol + abs(centre - value)), {s: b.number for s, b in refs.items()}
        )
        boxes.append(box)
        by_key[q.key] = box
    return boxes
