"""The live class's words, as the stage is handed them (no streamlit: the main page's component
and the students' light page, ``hall.py``, hand the same)."""

from __future__ import annotations

from functools import lru_cache

from backprop_core import practice
from backprop_ui import i18n
from backprop_ui.live import classroom

_LABELS = (
    "cl.label cl.code cl.join cl.qr cl.show_code cl.hide_code cl.lock "
    "cl.unlock cl.lock_help cl.ask cl.ask_help cl.ask_none cl.reveal cl.revote cl.revote_help cl.close cl.end "
    "cl.end_confirm cl.csv cl.vote1 cl.vote2 cl.histogram cl.no_answers cl.detach cl.rejoin cl.locked "
    "cl.asked cl.answer_now cl.send cl.sent cl.too_late cl.ended cl.offline cl.full cl.share_student "
    "cl.already cl.lost cl.csv_help cl.mine cl.starting cl.ask_choices cl.ask_choices_help cl.ask_which "
    "cl.ask_which_help cl.followup cl.followup_help cl.vote_followup cl.followup_card cl.followup_loading "
    "cl.followup_failed cl.followup_none cl.reveal_none cl.tell_none cl.sent_own cl.formulas cl.advice_label cl.think cl.think_up cl.pause cl.resume "
    "cl.more cl.tell cl.tell_help cl.split_other cl.not_answered cl.split_title cl.split_phone cl.revealed_split cl.pause_help cl.paused cl.table_answer cl.table_share cl.table_count"
).split()


@lru_cache(maxsize=len(i18n.LANGS))
def labels(lang: str) -> dict:
    """The class bar's words; sentences with a number get it filled in by the browser.

    Built once per language (every rerun of the main page hands them to the stage); not to be changed."""
    out: dict[str, object] = {key: i18n.t(key, lang) for key in _LABELS}
    for key, params in {
        "cl.students": {"n": "{n}"},
        "cl.answered": {"n": "{n}", "total": "{total}"},
        "cl.following": {"code": "{code}"},
        "cl.detached": {"n": "{n}"},
        "cl.question": {"n": "{n}"},
        "cl.your_answer": {"v": "{v}"},
        "cl.q_open": {"n": "{n}", "k": "{k}"},
        "cl.to_question": {"n": "{n}"},
        "cl.start_failed": {"why": "{why}"},
        "cl.named": {"n": "{n}"},
        "cl.advice_teach": {"pct": "{pct}", "n": "{n}", "total": "{total}"},
        "cl.advice_pair": {"pct": "{pct}", "n": "{n}", "total": "{total}"},
        "cl.advice_move": {"pct": "{pct}", "n": "{n}", "total": "{total}"},
        "cl.revealed_live": {"pct": "{pct}", "n": "{n}", "total": "{total}"},
        "cl.think_left": {"t": "{t}"},
        "cl.think_seconds": {"n": "{n}"},
    }.items():
        out[key] = i18n.t(key, lang, **params)
    out["buckets"] = {m: i18n.t(f"mkn.{m}", lang) for m in (*practice.MISTAKES, classroom.RIGHT, classroom.OTHER)}
    return out


@lru_cache(maxsize=len(i18n.LANGS))
def start_labels(lang: str) -> dict:
    """The words of *Start a class*, which the projector shows before there is a class (once per language)."""
    # With them, what the stage says once a class has gone (its own words go with the class).
    keys = ("cl.start", "cl.start_help", "cl.starting", "cl.ended", "cl.lost", "cl.full")
    out: dict[str, object] = {key: i18n.t(key, lang) for key in keys}
    out["cl.start_failed"] = i18n.t("cl.start_failed", lang, why="{why}")
    out["why"] = {
        code: i18n.t(f"cl.why_{code}", lang) for code in ("too_many_rooms", "unavailable", "scenario", "other")
    }
    return out
