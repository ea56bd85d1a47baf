"""The printable worksheet of a walk: every step's formula with its numbers, a numbered blank
wherever practice would ask, then the answer key. No streamlit (``pages/4_Worksheet.py`` lays
it out and prints it).

A step that asks gives the numbers it needs (the same ones the stage's question shows,
``walk.given_lines``), so a slip in one blank does not carry over into the next.
"""

from __future__ import annotations

from dataclasses import dataclass

from backprop_core import FORMULAS, Trace
from backprop_core.latex import aligned, num
from backprop_core.practice import asks, question

from . import i18n, walk

MAX_STEPS = 240  # a few printed pages; a bigger walk is for the screen
BLANK = r"\boxed{\phantom{-0.00000}}"


@dataclass(frozen=True, slots=True)
class Item:
    """One step on the sheet. ``blank`` is the number of its blank (None when nothing is asked);
    ``formula`` the lesson's formula when the step starts a new one (else "")."""

    step: int  # 1-based, as the status line counts
    title: str
    where: str
    formula: str
    latex: str
    blank: int | None
    formula_words: tuple[str, ...] = ()  # in Persian, D's two cases as the lesson writes them (with «اگر»)


@dataclass(frozen=True, slots=True)
class Answer:
    blank: int
    step: int
    latex: str  # "a_{1}^{(2)} = 0.5933"


def sheet(trace: Trace, lang: str, level: str) -> tuple[list[Item], list[Answer]]:
    """The sheet of ``trace`` for the fading ``level`` (``all`` asks every value): its items and answers."""
    items: list[Item] = []
    answers: list[Answer] = []
    last_formula = None
    for step in trace:
        q = question(step)
        formula_ids = walk.card_formula(step)
        new = formula_ids != last_formula
        last_formula = formula_ids
        words = walk.formulas_in_words(lang) if step.phase == "gradient" and new else {}
        formula = _formula(formula_ids) if new and not words else ""
        words_of = tuple(words[fid] for fid in ("F14", "F13") if fid in words)
        where = i18n.status_line(step, len(trace), trace.m, lang)
        title = i18n.t(f"phase.{step.phase}", lang)
        if asks(q, level):
            sym, _text = walk.asked_name(q)
            lines = walk.given_lines(step, q, sym)
            blank = len(answers) + 1
            lines[-1] = lines[-1].replace(r"\;?", rf"{BLANK}\;\;({blank})")
            answers.append(Answer(blank, step.index + 1, rf"{sym} = {num(q.value)}"))
            items.append(Item(step.index + 1, title, where, formula, _aligned(lines), blank, words_of))
        else:
            items.append(Item(step.index + 1, title, where, formula, step.latex, None, words_of))
    return items, answers


def _formula(ids: str) -> str:
    return r" \qquad ".join(FORMULAS[fid] for fid in ids.split("|"))


def _aligned(lines: list[str]) -> str:
    return aligned(lines, split_chains=False)
