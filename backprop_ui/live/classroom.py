"""A live class: the rules of a room, as pure functions (no streamlit, no server, no clock).

A teacher's room holds the teacher's scenario (its link query) and step, whether following is
locked, whether the phones are paused, the think time set, and the questions asked so far with
their answer counts per diagnosis (``practice.check``) and per round: the first vote, the revote
after the neighbours have talked, and the follow-up, where every phone answers the same kind of
question on an example of its own (``practice.fresh_example``, seeded by the phone). A question
may be asked as choices, and may ask which of the lesson's formulas was used (counted apart). Every change is a function ``room -> room`` that raises
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

from backprop_core import Scenario, Trace, codec, practice
from backprop_core.trace import Step
from backprop_ui import links
from backprop_ui.i18n import DEFAULT_LANG, LANGS
from backprop_ui.stage import walk

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a projector without doubt
CODE_LENGTH = 6
IDLE_SECONDS = 4 * 3600  # a room nobody has touched for this long is gone
MAX_MESSAGE_BYTES = 4096  # a scenario's query travels in the page, never in a message
RIGHT, OTHER = "right", "other"  # the two buckets that are not a mistake's id
ROUNDS = 2  # the first vote, and the revote after the neighbours have talked
VOTE, REVOTE, FOLLOWUP = "vote", "revote", "followup"  # what each round of a question is
THINK_SECONDS = (30, 60, 90)  # the think times a teacher may set (0 clears it)
MAX_SEED = 2**31  # a phone's own example: the seed it sends for a follow-up
_OWN_TRIES = 4  # draws of a phone's own example that may ask the room's own number before one is kept
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
    choices: bool = False  # asked as choices: the phones tap one of a few values
    which: bool = False  # asks which formula was used too, counted apart in ``formulas``
    kinds: tuple[str, ...] = (VOTE,)  # each round's kind: vote, revote, followup
    formulas: tuple[dict[str, int], ...] = ({},)  # per round, how many named each formula id
    namers: frozenset[str] = frozenset()  # the current round's browsers that named a formula
    query: str = ""  # the scenario it was asked of (a follow-up asks it again only while the room shows it)
    told: bool = False  # the right answer is shown; before, a revealed first vote shows only how the answers split

    def answered(self) -> int:
        return sum(self.counts[self.round - 1].values())

    @property
    def kind(self) -> str:
        """The current round's kind."""
        return self.kinds[self.round - 1]

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "step": self.step,
            "symbol": self.symbol,
            "round": self.round,
            "phase": self.phase,
            "counts": [dict(c) for c in self.counts],
            "voters": sorted(self.voters),
            "choices": self.choices,
            "which": self.which,
            "kinds": list(self.kinds),
            "formulas": [dict(c) for c in self.formulas],
            "namers": sorted(self.namers),
            "query": self.query,
            "told": self.told,
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
            choices=bool(d.get("choices", False)),
            which=bool(d.get("which", False)),
            # A room stored before rounds had kinds: its rounds were the vote and the revote.
            kinds=tuple(str(k) for k in d.get("kinds", (VOTE, REVOTE)[: len(d["counts"])])),
            formulas=tuple({str(k): int(v) for k, v in c.items()} for c in d.get("formulas", [{}] * len(d["counts"]))),
            namers=frozenset(d.get("namers", ())),
            query=str(d.get("query", "")),
            # A room stored before the split: its reveal told the answer.
            told=bool(d.get("told", d.get("phase") == "revealed")),
        )


@dataclass(frozen=True)
class Room:
    """One class: its code, the hash of the teacher's secret, what the teacher shows, the questions."""

    code: str
    secret_hash: str
    query: str  # the scenario as a link's query (``links.encode``)
    step: int = 0
    locked: bool = False
    paused: bool = False  # the phones' screens are blanked until the teacher resumes
    think: tuple[float, int] | None = None  # the think time: when it ends (the server's clock) and how long it is
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
            "paused": self.paused,
            "think": list(self.think) if self.think else None,
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
            paused=bool(d.get("paused", False)),
            think=(float(d["think"][0]), int(d["think"][1])) if d.get("think") else None,
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
def scenario_of(query: str) -> Scenario:
    """The scenario of a room's (checked) query."""
    return links.read_link(dict(parse_qsl(query, keep_blank_values=True))).scenario


@lru_cache(maxsize=16)
def trace_of(query: str) -> Trace:
    """The walk of a room's scenario (rooms share it when they show the same one)."""
    return scenario_of(query).trace()


def seed_of(value: object) -> int:
    """A phone's seed as it sent it, checked: an int in [0, 2**31)."""
    return _int(value, 0, MAX_SEED, "seed")


def voter_seed(voter: str) -> int:
    """The seed of a browser's own example: FNV-1a of its voter id, 31 bits (``seedOf`` in core/room.js, which
    the phone uses to ask for its question). The server works it out itself, so an answer is judged on the
    sender's own example whatever seed the message names."""
    h = 0x811C9DC5
    for ch in voter:
        h = ((h ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    return h & 0x7FFFFFFF


def _asked_value(step: Step) -> object:
    """The value ``step`` asks, as four figures show it (None when it asks nothing)."""
    q = practice.question(step)
    return None if q is None else practice.rounded(q.value)


@lru_cache(maxsize=1024)
def followup_step(query: str, step: int, seed: int) -> Step:
    """The step of a phone's own example (``practice.fresh_example``) that asks what ``step`` asks.

    Only the first example is new, so a question about a later example's a or δ is asked of the
    first example's: the same phase, layer and unit, on the phone's own numbers."""
    asked = trace_of(query)[step]
    room_value = _asked_value(asked)
    own = None
    for k in range(_OWN_TRIES):
        # Another draw when the phone's example would ask the room's own number again (a net whose output
        # hardly moves with x can give it): the follow-up is of numbers the room has not just seen answered.
        trace = practice.fresh_example(scenario_of(query), (seed + k * 0x9E3779B1) & 0xFFFFFFFF).trace()
        if asked.example is None or asked.example == 1:
            own = trace[step]
        else:
            own = next(
                s
                for s in trace
                if s.example == 1
                and (s.phase, s.layer, s.node, s.formula) == (asked.phase, asked.layer, asked.node, asked.formula)
            )
        if _asked_value(own) != room_value:
            break
    assert own is not None
    return own


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


def ask(room: Room, step: object, now: float, choices: object = False, which: object = False) -> Room:
    """A question on ``step``'s value, to everyone: the room moves there too. ``choices``: the phones tap
    one of a few values (``practice.choices``) instead of typing; ``which``: they are asked which of the
    lesson's formulas was used too."""
    trace = trace_of(room.query)
    step = _int(step, 0, len(trace), "step")
    if not isinstance(choices, bool) or not isinstance(which, bool):
        raise RefusedError("ask")
    if room.question is not None:
        raise RefusedError("question_open")
    if len(room.done) >= MAX_QUESTIONS:
        raise RefusedError("too_many_questions")
    q = practice.question(trace[step])
    if q is None:
        raise RefusedError("nothing_to_ask")
    asked = Question(id=len(room.done) + 1, step=step, symbol=q.symbol, choices=choices, which=which, query=room.query)
    return _changed(room, now, step=step, question=asked, think=None)


def reveal(room: Room, now: float) -> Room:
    """The answers are shown. After the first vote only how they split, by the value given, not which is
    right (peer instruction: the room talks it over, then votes again); after a revote or a follow-up,
    the answer with every bar named by its diagnosis."""
    q = room.question
    if q is None or q.phase != "open":
        raise RefusedError("not_open")
    return _changed(room, now, question=replace(q, phase="revealed", told=q.told or q.round > 1))


def tell(room: Room, now: float) -> Room:
    """*Show the answer* after the first vote, without a revote: the right value and the diagnoses."""
    q = room.question
    if q is None or q.phase != "revealed":
        raise RefusedError("not_revealed")
    return room if q.told else _changed(room, now, question=replace(q, told=True))


def _next_round(room: Room, q: Question, kind: str, now: float) -> Room:
    return _changed(
        room,
        now,
        think=None,
        question=replace(
            q,
            round=q.round + 1,
            phase="open",
            kinds=(*q.kinds, kind),
            counts=(*q.counts, {}),
            formulas=(*q.formulas, {}),
            voters=frozenset(),
            namers=frozenset(),
        ),
    )


def revote(room: Room, now: float) -> Room:
    """Peer instruction's second vote: the same question, new counts, everyone may answer again."""
    q = room.question
    if q is None or q.phase != "revealed" or q.round >= ROUNDS or q.kind != VOTE:
        raise RefusedError("not_revealed")
    return _next_round(room, q, REVOTE, now)


def followup(room: Room, now: float) -> Room:
    """The follow-up: every phone answers the same kind of question on an example of its own. Once the
    answers of the open question are revealed, or right after it was closed (it opens again for it);
    once per question."""
    q = room.question
    if q is None and room.done and followable(room, room.done[-1]):
        q, room = room.done[-1], replace(room, done=room.done[:-1])
    if q is None or q.phase != "revealed":
        raise RefusedError("not_revealed")
    if FOLLOWUP in q.kinds:
        raise RefusedError("followed_up")
    return _next_round(replace(room, step=q.step), replace(q, told=True), FOLLOWUP, now)  # after the answer


def followable(room: Room, q: Question) -> bool:
    """Whether F may follow up question ``q``, just closed: the room still shows its scenario and step."""
    return q.query == room.query and q.step == room.step and FOLLOWUP not in q.kinds


def pause(room: Room, on: object, now: float) -> Room:
    """*Pause phones*: every student's screen is blanked until the teacher resumes."""
    if not isinstance(on, bool):
        raise RefusedError("pause")
    return room if on == room.paused else _changed(room, now, paused=on)


def think(room: Room, seconds: object, now: float) -> Room:
    """A think time of 30, 60 or 90 s from now, shown on the projector and the phones; 0 clears it."""
    if type(seconds) is not int or seconds not in (0, *THINK_SECONDS):
        raise RefusedError("think")
    return _changed(room, now, think=(now + seconds, seconds) if seconds else None)


def close(room: Room, now: float) -> Room:
    """The question is done: its counts are kept for the CSV, its voters' hashes are dropped."""
    q = room.question
    if q is None:
        raise RefusedError("not_open")
    closed = replace(q, phase="revealed", told=True, voters=frozenset(), namers=frozenset())
    return _changed(room, now, question=None, think=None, done=(*room.done, closed))


# ---- the one thing a student may do ----------------------------------------------------------
def bucket(room: Room, step: int, value: object, seed: int | None = None) -> str:
    """Which bar of the histogram an answer goes to: right, a mistake's id (ids that give the
    same number are joined with +), or other. Raises RefusedError for what is not a number.
    With ``seed``, the answer is judged on that phone's own example (a follow-up)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise RefusedError("answer")
    if isinstance(value, str) and len(value) > 40:
        raise RefusedError("answer")
    asked = trace_of(room.query)[step] if seed is None else followup_step(room.query, step, seed)
    try:
        verdict = practice.check(asked, value)
    except (ValueError, OverflowError):
        raise RefusedError("answer") from None
    if isinstance(value, float) and not math.isfinite(value):
        raise RefusedError("answer")
    if verdict.correct:
        return RIGHT
    return "+".join(verdict.mistakes) if verdict.mistakes else OTHER


def answer(room: Room, voter: str, qid: object, round_: object, value: object, now: float, seed: object = None) -> Room:
    """One student's answer to the open question: counted once per browser and round. In a follow-up
    the answer is judged on the browser's own example (:func:`voter_seed`); a seed sent must be that one."""
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
    own = None
    if q.kind == FOLLOWUP:
        own = voter_seed(voter)
        if seed is not None and seed_of(seed) != own:  # another phone's seed: not this browser's example
            raise RefusedError("seed")
    name = bucket(room, q.step, value, own)
    counts = list(q.counts)
    counts[-1] = counts[-1] | {name: counts[-1].get(name, 0) + 1}
    return _changed(room, now, question=replace(q, counts=tuple(counts), voters=q.voters | {who}))


def menu_of(room: Room, step: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The "which formula?" prompt of the question at ``step``: the right ids, and the menu."""
    asked = trace_of(room.query)[step]
    q = practice.question(asked)
    assert q is not None, "a question is only asked where a step asks one"
    return practice.formula_menu(asked, q)


def name_formula(room: Room, voter: str, qid: object, round_: object, fid: object, now: float) -> Room:
    """A student names the formula the question used: once per browser and round, one of the menu's ids,
    counted apart from the numbers, while the round is open."""
    q = room.question
    if q is None or qid != q.id or not q.which:
        raise RefusedError("not_open")
    if round_ != q.round:
        raise RefusedError("round")
    if q.phase != "open":  # once revealed the card and the chart show which it was
        raise RefusedError("not_open")
    if not isinstance(fid, str) or fid not in menu_of(room, q.step)[1]:
        raise RefusedError("formula")
    who = voter_hash(room, voter)
    if who in q.namers:
        raise RefusedError("answered")
    named = list(q.formulas)
    named[-1] = named[-1] | {fid: named[-1].get(fid, 0) + 1}
    return _changed(room, now, question=replace(q, formulas=tuple(named), namers=q.namers | {who}))


# ---- what each side sees ------------------------------------------------------------------------
def public(room: Room, teacher: bool, students: int, now: float = 0.0) -> dict:
    """The room as sent to a browser: never the secret's hash, the salt or the voters. ``now`` (the
    server's clock) turns the think time into the seconds left, so no browser's clock matters."""
    q = room.question
    out: dict[str, Any] = {
        "t": "state",
        "v": room.version,
        "code": room.code,
        "query": room.query,
        "step": room.step,
        "locked": room.locked,
        "paused": room.paused,
        "think": None,
        "q": None,
    }
    if room.think is not None:
        ends, seconds = room.think
        out["think"] = {"left": round(max(0.0, min(float(seconds), ends - now)), 2), "total": seconds}
    if q is not None:
        # The counts while answering would sway the vote: they are shown once revealed; and until the answer is
        # told, only as the split by value (no one's screen, nor the messages, say which is right).
        seen = (q.phase == "revealed" and q.told) or teacher
        out["q"] = {
            "id": q.id,
            "step": q.step,
            "round": q.round,
            "phase": q.phase,
            "kinds": list(q.kinds),
            "choices": q.choices,
            "which": q.which,
            "answered": q.answered(),
            "told": q.told,
            "counts": [dict(c) for c in q.counts] if seen else None,
            "formulas": [dict(c) for c in q.formulas] if seen and q.which else None,
        }
        if q.phase == "revealed" and not q.told:
            out["q"]["split"] = split(room, q)
        if teacher and q.phase == "open":
            out["q"]["counts"] = [dict(c) for c in q.counts[:-1]]
            out["q"]["formulas"] = [dict(c) for c in q.formulas[:-1]] if q.which else None
        if q.which:
            out["q"]["named"] = sum(q.formulas[q.round - 1].values())
    if teacher:
        out["students"] = students
        out["asked"] = len(room.questions())
        last = room.done[-1] if room.done else None  # the teacher may follow it up right after closing it
        out["closed"] = None
        if last is not None and last.query == room.query:
            out["closed"] = {"id": last.id, "step": last.step, "followup": FOLLOWUP in last.kinds}
    return out


def split(room: Room, q: Question) -> list[list]:
    """How the current round's answers split, without saying which is right: [value as four figures show it,
    how many], most first (ties by value), and the answers that are no mistake of the table's last, as
    ``[null, n]``."""
    asked = practice.question(trace_of(room.query)[q.step])
    assert asked is not None, "a question is only asked where a step asks one"
    values = {RIGHT: asked.value} | {"+".join(c.ids): c.value for c in asked.candidates}
    shown: dict[str | None, int] = {}
    for name, n in q.counts[q.round - 1].items():
        value = values.get(name)
        key = None if value is None else walk.choice_label(value)
        shown[key] = shown.get(key, 0) + n
    known = sorted(((k, n) for k, n in shown.items() if k is not None), key=lambda kv: (-kv[1], float(kv[0])))
    return [[k, n] for k, n in known] + ([[None, shown[None]]] if None in shown else [])


def results_rows(room: Room, labels: dict[str, str]) -> list[list[str]]:
    """The CSV of the counts: one row per question, round and answer (no student appears). ``value`` names the entry
    asked in the lesson's notation, as the question did: a₁⁽³⁾, δ₂⁽²⁾, Δ₁,₀⁽¹⁾. ``kind``, last (the columns before
    it are where they were), says what the round was (vote, revote, followup); the formulas named in a round
    follow its answers, as ``formula:F7``."""
    rows = [["question", "step", "value", "round", "answer", "label", "count", "share", "kind"]]
    trace = trace_of(room.query)
    for q in room.questions():
        asked = practice.question(trace[q.step]) if q.step < len(trace) else None
        value = walk.asked_name(asked)[1] if asked is not None else q.symbol
        right = menu_of(room, q.step)[0] if q.which and asked is not None else ()
        for r, (counts, kind) in enumerate(zip(q.counts, q.kinds, strict=True), start=1):
            head = [str(q.id), str(q.step + 1), value, str(r)]
            total = sum(counts.values())
            for name, n in sorted(counts.items(), key=lambda kv: (kv[0] != RIGHT, -kv[1], kv[0])):
                label = " + ".join(labels.get(part, part) for part in name.split("+"))
                rows.append([*head, name, label, str(n), f"{n / total:.3f}", kind])
            named = q.formulas[r - 1] if r - 1 < len(q.formulas) else {}
            total = sum(named.values())
            for fid, n in sorted(named.items(), key=lambda kv: (kv[0] not in right, -kv[1], kv[0])):
                label = labels["formula_right" if fid in right else "formula"].format(id=fid)
                rows.append([*head, "formula:" + fid, label, str(n), f"{n / total:.3f}", kind])
    return rows
