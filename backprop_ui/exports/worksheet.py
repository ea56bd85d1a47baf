"""The printable worksheet of a walk: every step's formula with its numbers, a numbered blank
wherever practice would ask, then the answer key. No streamlit (``pages/4_Worksheet.py`` lays
it out and prints it).

Two kinds of sheet, one record each in :data:`KINDS`:

``guided``  every box gives the numbers it needs (the same ones the stage's question shows,
            ``walk.given_lines``), so a slip in one box does not carry over into the next;
            the key's values are worked from those printed, rounded numbers.
``quiz``    no step shows a value that a box asks for: where a box needs one, it names the
            earlier box, and the student works on from their own answer (``backprop_core.chain``).
            Steps that are not asked but build on an asked value would give it away, so they
            are left out, named in one line per run. The key gives each value with the
            tolerance that makes an answer worked from the student's own rounded answers right.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from backprop_core import FORMULAS, Step, Trace
from backprop_core.chain import Box, chain
from backprop_core.latex import aligned, num
from backprop_core.practice import Question, asks, question
from backprop_ui import i18n
from backprop_ui.stage import walk

MAX_STEPS = 240  # a few printed pages; a bigger walk is for the screen
BLANK = r"\boxed{\phantom{-0.00000}}"


@dataclass(frozen=True, slots=True)
class Item:
    """One step on the sheet, or a run of steps left out of a quiz (``through`` its last step).

    ``blank`` is the number of its blank (None when nothing is asked); ``formula`` the lesson's
    formula when the step starts a new one (else ""); ``uses`` the boxes a left-out run builds on."""

    step: int  # 1-based, as the status line counts
    title: str
    where: str
    formula: str
    latex: str
    blank: int | None
    formula_words: tuple[str, ...] = ()  # in Persian, D's two cases as the lesson writes them (with «اگر»)
    through: int | None = None
    uses: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Answer:
    blank: int
    step: int
    latex: str  # "a_{1}^{(2)} = 0.5933", in a quiz "a_{1}^{(2)} = 0.5933 \pm 0.00006"


def label(number: int, lang: str) -> str:
    """A box's number as LaTeX, in the digits the key writes it with: (3), or (۳) in Persian."""
    text = i18n.digits(number, lang)
    return f"({text})" if text == str(number) else rf"\text{{({text})}}"


def ref(number: int, lang: str = "en") -> str:
    """How a quiz writes an earlier box's answer where a later box needs it."""
    return rf"\boxed{{\scriptstyle {label(number, lang)}}}"


@dataclass(frozen=True)
class Kind:
    """What one kind of sheet asks, how its boxes are given, and how its key is worded (keys of ``locales/``)."""

    intro: str
    key_rule: str
    boxes: Callable[[Trace, str], list[Box]]


def _guided_boxes(trace: Trace, level: str) -> list[Box]:
    """Each box with the question's own givens, its value worked from them as printed."""
    boxes: list[Box] = []
    for step in trace:
        q = question(step)
        if asks(q, level):
            assert q is not None
            boxes.append(Box(len(boxes) + 1, step, q, q.worked, 0.0, {}))
    return boxes


KINDS: dict[str, Kind] = {
    "guided": Kind("ws.intro", "ws.key_rule_guided", _guided_boxes),
    "quiz": Kind("ws.intro_quiz", "ws.key_rule_quiz", chain),
}


def _reads(step: Step, q: Question | None) -> set[tuple]:
    """What a step shows of earlier values, as families (a whole vector or matrix: ``key[:3]``, D's ``key[:2]``)."""
    if step.phase == "result":  # J from every output, and every D
        L, m = step.network.L, step.context.backprop.m
        return {("a", L, t) for t in range(1, m + 1)} | {("D", layer) for layer in range(1, L)}
    if q is None:
        return set()
    families = {_family(key) for key in q.sources.values()}
    if step.phase == "accumulate":  # the whole Δ before, not only the asked entry
        families.add(("Delta", q.layer, (step.example or 1) - 1))
    return families


def _family(key: tuple) -> tuple:
    return key[:2] if key[0] == "D" else key[:3]


def sheet(trace: Trace, lang: str, level: str, kind: str = "guided") -> tuple[list[Item], list[Answer]]:
    """The sheet of ``trace`` for the fading ``level`` (``all`` asks every value): its items and answers."""
    boxes = {box.step.index: box for box in KINDS[kind].boxes(trace, level)}
    quiz = kind == "quiz"
    items: list[Item] = []
    given_away: dict[tuple, tuple[int, ...]] = {}  # a family a quiz may not show -> the boxes it comes from
    last_formula = None
    for step in trace:
        box = boxes.get(step.index)
        q = box.question if box else question(step, same_entry=quiz)
        formula_ids = walk.card_formula(step)
        where = i18n.status_line(step, len(trace), trace.m, lang, brief=True)  # the step and phase head the box
        title = i18n.t(f"phase.{step.phase}", lang)
        uses = tuple(sorted({n for family in _reads(step, q) for n in given_away.get(family, ())}))
        if quiz and box is None and uses:  # it would show a value a box asks: left out
            if q is not None:
                given_away[_family(q.key)] = uses
            previous = items[-1] if items else None
            if previous is not None and previous.through is not None:
                items[-1] = _left_out(previous, step, uses)
            else:
                items.append(Item(step.index + 1, title, where, "", "", None, through=step.index + 1, uses=uses))
            continue
        new = formula_ids != last_formula
        last_formula = formula_ids
        words = walk.formulas_in_words(lang) if step.phase == "gradient" and new else {}
        formula = _formula(formula_ids) if new and not words else ""
        words_of = tuple(words[fid] for fid in ("F14", "F13") if fid in words)
        if box is None:
            items.append(Item(step.index + 1, title, where, formula, step.latex, None, words_of))
            continue
        sym, _text = walk.asked_name(box.question)
        refs = {slot: ref(number, lang) for slot, number in box.refs.items()} if quiz else {}
        lines = walk.given_lines(step, box.question, sym, refs)
        lines[-1] = lines[-1].replace(r"\;?", rf"{BLANK}\;\;{label(box.number, lang)}")
        items.append(
            Item(step.index + 1, title, where, formula, aligned(lines, split_chains=False), box.number, words_of)
        )
        if quiz:
            given_away[_family(box.question.key)] = (box.number,)
    answers = [_answer(box, quiz) for box in boxes.values()]
    return items, answers


def _left_out(run: Item, step: Step, uses: tuple[int, ...]) -> Item:
    """A run of left-out steps, one step longer."""
    return Item(
        run.step, run.title, run.where, "", "", None, through=step.index + 1, uses=tuple(sorted({*run.uses, *uses}))
    )


def _answer(box: Box, quiz: bool) -> Answer:
    sym, _text = walk.asked_name(box.question)
    value = rf"{sym} = {num(box.value)}"
    if quiz:
        value += rf" \pm {plain(box.tol)}"
    return Answer(box.number, box.step.index + 1, value)


def plain(tol: float) -> str:
    """A tolerance (2 significant figures) written out in full, as a student compares it: 0.000056, not 5.6×10⁻⁵."""
    if tol >= 1e-3 or tol <= 1e-9:
        return num(tol, 2)
    decimals = 1 - math.floor(math.log10(tol))
    return f"{tol:.{decimals}f}"


def left_out_text(trace: Trace, item: Item, lang: str) -> str:
    """What a quiz says of a run it leaves out: its steps, their phases, and the boxes they build on."""
    last = item.through or item.step
    phases = dict.fromkeys(trace[k].phase for k in range(item.step - 1, last))
    titles = i18n.locale(lang).list_separator.join(i18n.t(f"phase.{phase}", lang) for phase in phases)
    numbers = [f"({i18n.digits(k, lang)})" for k in item.uses]
    boxes = (
        i18n.t("ws.box_one", lang, k=item.uses[0])
        if len(item.uses) == 1
        else i18n.t("ws.box_many", lang, ks=i18n.listed(numbers, lang))
    )
    if last == item.step:
        return i18n.t("ws.left_out_one", lang, n=item.step, titles=titles, boxes=boxes)
    return i18n.t("ws.left_out", lang, n=item.step, last=last, titles=titles, boxes=boxes)


def _formula(ids: str) -> str:
    return r" \qquad ".join(FORMULAS[fid] for fid in ids.split("|"))
