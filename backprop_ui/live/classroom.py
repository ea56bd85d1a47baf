"""A live class: the rules of a room, as pure functions (no streamlit, no server, no clock).

A teacher's room holds the teacher's scenario (its link query) and step, whether following is
locked, and the questions asked so far with their answer counts per diagnosis
(``practice.check``). Every change is a function ``room -> room`` that raises
:class:`RefusedError` with a short code when the message may not change the room: the teacher's
secret is checked before any of them runs (``hub.py`` and ``class_routes.py``), students can only
answer, once per question and round.

What is stored about students: the counts, and for the question being asked, a salted hash
of each voting browser's random id, so a reconnect cannot vote twice. Those hashes go when the
question is closed.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import re
import secrets
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, quote

from backprop_core import Trace, codec, practice
from backprop_ui import links
from backprop_ui.i18n import DEFAULT_LANG, LANGS
from backprop_ui.stage import walk

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a projector without doubt
CODE_LENGTH = 6
IDLE_SECONDS = 4 * 3600  # a room nobody has touched for this long is gone
MAX_MESSAGE_BYTES = 4096  # a scenario's query travels in the page, never in a message
RIGHT, OTHER = "right", "other"  # the two buckets that are not a mistake's id
ROUNDS = 2  # the first vote, and the revote after the neighbours have talked
MAX_QUESTIONS = 200  # per room: a lecture asks a few dozen at most


class RefusedError(Exception):
    """A message that may not change the room; ``code`` says why (sent back, and logged)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Question:
    """A question put to the room: which step's value, which round, and the counts of each round."""

    id: int
    step: int
    symbol: str  # practice's symbol of the value asked: a, delta, Delta, D
    round: int = 1
    phase: str = "open"  # open: answers are taken; revealed: the counts are shown
    counts: tuple[dict[str, int], ...] = ({},)
    voters: frozenset[str] = frozenset()  # the current round's voters (salted hashes)

    def answered(self) -> int:
        return sum(self.counts[self.round - 1].values())

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "step": self.step,
            "symbol": self.symbol,
            "round": self.round,
            "phase": self.phase,
            "counts": [dict(c) for c in self.counts],
            "voters": sorted(self.voters),
        }

    @classmethod
    def from_json(cls, d: dict) -> Question:
        return cls(
            id=int(d["id"]),
            step=int(d["step"]),
            symbol=str(d["symbol"]),
            round=int(d["round"]),
            phase=str(d["phase"]),
            counts=tuple({str(k): int(v) for k, v in c.items()} for c in d["counts"]),
            voters=frozenset(d.get("voters", ())),
        )


@dataclass(frozen=True)
class Room:
    """One class: its code, the hash of the teacher's secret, what the teacher shows, the questions."""

    code: str
    secret_hash: str
    query: str  # the scenario as a link's query (``links.encode``)
    step: int = 0
    locked: bool = False
    question: Question | None = None  # the one being asked, if any
    done: tuple[Question, ...] = ()  # the questions closed, for the CSV
    touched: float = 0.0
    version: int = 0
    salt: str = field(default_factory=lambda: secrets.token_hex(8))

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "secret_hash": self.secret_hash,
            "query": self.query,
            "step": self.step,
            "locked": self.locked,
            "question": self.question.to_json() if self.question else None,
            "done": [q.to_json() for q in self.done],
            "touched": self.touched,
            "version": self.version,
            "salt": self.salt,
        }

    @classmethod
    def from_json(cls, d: dict) -> Room:
        return cls(
            code=d["code"],
            secret_hash=d["secret_hash"],
            query=d["query"],
            step=int(d["step"]),
            locked=bool(d["locked"]),
            question=Question.from_json(d["question"]) if d.get("question") else None,
            done=tuple(Question.from_json(q) for q in d.get("done", ())),
            touched=float(d["touched"]),
            version=int(d["version"]),
            salt=d["salt"],
        )

    def questions(self) -> tuple[Question, ...]:
        """Every question asked, the one still open last."""
        return self.done + ((self.question,) if self.question else ())


# ---- codes and secrets ----------------------------------------------------------------------
def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def new_secret() -> str:
    return secrets.token_urlsafe(18)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(("backprop-class:" + secret).encode()).hexdigest()


def is_teacher(room: Room, secret: str | None) -> bool:
    """Whether ``secret`` is this room's teacher's (compared in constant time)."""
    if not secret or not isinstance(secret, str) or len(secret) > 100:
        return False
    return hmac.compare_digest(hash_secret(secret), room.secret_hash)


_CODE_TYPED = re.compile(r"[\s-]+")


def read_code(text: object) -> str | None:
    """A code as typed or linked (any case, spaces or a dash between its halves), or None when it cannot be one."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    code = _CODE_TYPED.sub("", text).upper()
    if len(code) != CODE_LENGTH or any(c not in ALPHABET for c in code):
        return None
    return code


def join_path(code: str, lang: str | None = None) -> str:
    """Where a student joins: the class's own light page (``hall.py``), in ``lang`` when it is not the default."""
    path = "/join/" + quote(code, safe="")
    return path + (f"?lang={lang}" if lang in LANGS and lang != DEFAULT_LANG else "")


def voter_hash(room: Room, voter: object) -> str:
    """The salted hash a browser's random id is stored as (the id itself is never stored)."""
    if not isinstance(voter, str) or not re.fullmatch(r"[A-Za-z0-9_-]{8,64}", voter):
        raise RefusedError("voter")
    return hashlib.sha256((room.salt + ":" + voter).encode()).hexdigest()[:24]


# ---- the scenario -----------------------------------------------------------------------------
def scenario_query(query: object) -> str:
    """``query`` checked: the encoded link query of a scenario that opens with no problem."""
    if not isinstance(query, str) or len(query) > links.MAX_LINK_CHARS:
        raise RefusedError("scenario")
    parsed = dict(parse_qsl(query, keep_blank_values=True))
    if any(k not in links.SCENARIO_KEYS for k in parsed):
        raise RefusedError("scenario")
    link = links.read_link(parsed)
    if link.problems:
        raise RefusedError("scenario")
    return links.encode(codec.to_query(link.scenario))


@lru_cache(maxsize=16)
def trace_of(query: str) -> Trace:
    """The walk of a room's scenario (rooms share it when they show the same one)."""
    return links.read_link(dict(parse_qsl(query, keep_blank_values=True))).scenario.trace()


# ---- the changes a teacher may make --------------------------------------------------------
def _int(value: object, low: int, high: int, code: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value < high:
        raise RefusedError(code)
    return value


def _changed(room: Room, now: float, **changes: Any) -> Room:  # any of Room's fields
    return replace(room, touched=now, version=room.version + 1, **changes)


def move(room: Room, step: object, now: float) -> Room:
    """The teacher shows another step."""
    step = _int(step, 0, len(trace_of(room.query)), "step")
    return room if step == room.step else _changed(room, now, step=step)


def show(room: Room, query: object, now: float) -> Room:
    """The teacher shows another scenario: the walk starts again and any question is closed."""
    query = scenario_query(query)
    if query == room.query:
        return room
    room = close(room, now) if room.question else room
    return _changed(room, now, query=query, step=0)


def lock(room: Room, on: object, now: float) -> Room:
    if not isinstance(on, bool):
        raise RefusedError("lock")
    return _changed(room, now, locked=on)


def ask(room: Room, step: object, now: float) -> Room:
    """A question on ``step``'s value, to everyone: the room moves there too."""
    trace = trace_of(room.query)
    step = _int(step, 0, len(trace), "step")
    if room.question is not None:
        raise RefusedError("question_open")
    if len(room.done) >= MAX_QUESTIONS:
        raise RefusedError("too_many_questions")
    q = practice.question(trace[step])
    if q is None:
        raise RefusedError("nothing_to_ask")
    asked = Question(id=len(room.done) + 1, step=step, symbol=q.symbol)
    return _changed(room, now, step=step, question=asked)


def reveal(room: Room, now: float) -> Room:
    q = room.question
    if q is None or q.phase != "open":
        raise RefusedError("not_open")
    return _changed(room, now, question=replace(q, phase="revealed"))


def revote(room: Room, now: float) -> Room:
    """Peer instruction's second vote: the same question, new counts, everyone may answer again."""
    q = room.question
    if q is None or q.phase != "revealed" or q.round >= ROUNDS:
        raise RefusedError("not_revealed")
    return _changed(
        room, now, question=replace(q, round=q.round + 1, phase="open", counts=(*q.counts, {}), voters=frozenset())
    )


def close(room: Room, now: float) -> Room:
    """The question is done: its counts are kept for the CSV, its voters' hashes are dropped."""
    q = room.question
    if q is None:
        raise RefusedError("not_open")
    return _changed(room, now, question=None, done=(*room.done, replace(q, phase="revealed", voters=frozenset())))


# ---- the one thing a student may do ----------------------------------------------------------
def bucket(room: Room, step: int, value: object) -> str:
    """Which bar of the histogram an answer goes to: right, a mistake's id (ids that give the
    same number are joined with +), or other. Raises RefusedError for what is not a number."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise RefusedError("answer")
    if isinstance(value, str) and len(value) > 40:
        raise RefusedError("answer")
    try:
        verdict = practice.check(trace_of(room.query)[step], value)
    except (ValueError, OverflowError):
        raise RefusedError("answer") from None
    if isinstance(value, float) and not math.isfinite(value):
        raise RefusedError("answer")
    if verdict.correct:
        return RIGHT
    return "+".join(verdict.mistakes) if verdict.mistakes else OTHER


def answer(room: Room, voter: str, qid: object, round_: object, value: object, now: float) -> Room:
    """One student's answer to the open question: counted once per browser and round."""
    q = room.question
    if q is None or qid != q.id:
        raise RefusedError("not_open")
    if round_ != q.round:
        raise RefusedError("round")
    if q.phase != "open":
        raise RefusedError("not_open")
    who = voter_hash(room, voter)
    if who in q.voters:
        raise RefusedError("answered")
    name = bucket(room, q.step, value)
    counts = list(q.counts)
    counts[-1] = counts[-1] | {name: counts[-1].get(name, 0) + 1}
    return _changed(room, now, question=replace(q, counts=tuple(counts), voters=q.voters | {who}))


# ---- what each side sees ------------------------------------------------------------------------
def public(room: Room, teacher: bool, students: int) -> dict:
    """The room as sent to a browser: never the secret's hash, the salt or the voters."""
    q = room.question
    out: dict[str, Any] = {
        "t": "state",
        "v": room.version,
        "code": room.code,
        "query": room.query,
        "step": room.step,
        "locked": room.locked,
        "q": None,
    }
    if q is not None:
        out["q"] = {
            "id": q.id,
            "step": q.step,
            "round": q.round,
            "phase": q.phase,
            "answered": q.answered(),
            # The counts while answering would sway the vote: they are shown once revealed.
            "counts": [dict(c) for c in q.counts] if q.phase == "revealed" or teacher else None,
        }
        if teacher and q.phase == "open":
            out["q"]["counts"] = [dict(c) for c in q.counts[:-1]]
    if teacher:
        out["students"] = students
        out["asked"] = len(room.questions())
    return out


def results_rows(room: Room, labels: dict[str, str]) -> list[list[str]]:
    """The CSV of the counts: one row per question, round and answer (no student appears). ``value`` names the entry
    asked in the lesson's notation, as the question did: a₁⁽³⁾, δ₂⁽²⁾, Δ₁,₀⁽¹⁾."""
    rows = [["question", "step", "value", "round", "answer", "label", "count", "share"]]
    trace = trace_of(room.query)
    for q in room.questions():
        asked = practice.question(trace[q.step]) if q.step < len(trace) else None
        value = walk.asked_name(asked)[1] if asked is not None else q.symbol
        for r, counts in enumerate(q.counts, start=1):
            total = sum(counts.values())
            for name, n in sorted(counts.items(), key=lambda kv: (kv[0] != RIGHT, -kv[1], kv[0])):
                label = " + ".join(labels.get(part, part) for part in name.split("+"))
                rows.append([str(q.id), str(q.step + 1), value, str(r), name, label, str(n), f"{n / total:.3f}"])
    return rows
