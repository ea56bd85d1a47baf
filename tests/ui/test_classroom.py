"""The live class's rules (classroom.py) and the in-process hub: codes, secrets, the order of a
question's rounds, what is counted, and what each side is sent."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from backprop_core import practice
from backprop_ui import links
from backprop_ui.live import classroom
from backprop_ui.live.classroom import RefusedError
from backprop_ui.live.hub import MemoryHub
from backprop_ui.stage import walk
from tests.helpers import FakeListener

ROOT = Path(__file__).resolve().parents[2]
XOR = "p=xor"
TRACE = classroom.trace_of(XOR)
ASKING = [k for k, step in enumerate(TRACE) if practice.question(step) is not None]
QUIET = [k for k, step in enumerate(TRACE) if practice.question(step) is None]


def _room(**kw) -> classroom.Room:
    return classroom.Room(code="ABCDEF", secret_hash=classroom.hash_secret("s3cret"), query=XOR, **kw)


def _refused(code: str, fn, *args):
    with pytest.raises(RefusedError) as info:
        fn(*args)
    assert info.value.code == code


def test_codes_are_six_unambiguous_characters():
    """New codes use the alphabet without 0/O/1/I; typed codes are read in any case, with a space or dash."""
    codes = {classroom.new_code() for _ in range(300)}
    assert len(codes) > 290
    assert all(len(c) == 6 and set(c) <= set(classroom.ALPHABET) for c in codes)
    assert not set("0O1I") & set(classroom.ALPHABET)
    assert classroom.read_code(" k7p-3qx ") == "K7P3QX"
    assert classroom.read_code("K7P 3QX") == "K7P3QX"
    for bad in ("K7P3Q", "K7P3QXX", "K7P3Q0", "KIP3QX", "", None, 123, "x" * 100):
        assert classroom.read_code(bad) is None


def test_only_the_secret_makes_a_teacher():
    room = _room()
    assert classroom.is_teacher(room, "s3cret")
    for other in ("s3cre", "S3CRET", "", None, 42, "s3cret" * 40):
        assert not classroom.is_teacher(room, other)


def test_moves_are_checked_against_the_walk():
    room = _room()
    moved = classroom.move(room, 5, now=10.0)
    assert (moved.step, moved.version, moved.touched) == (5, 1, 10.0)
    assert classroom.move(moved, 5, now=11.0) is moved  # no change, no new version
    for bad in (-1, len(TRACE), True, 2.0, "3", None):
        _refused("step", classroom.move, room, bad, 1.0)


def test_a_question_goes_open_revealed_revote_revealed_closed():
    """Each teacher action is taken only in its turn; anything out of order is refused and changes nothing."""
    room = _room()
    _refused("not_open", classroom.reveal, room, 1.0)
    _refused("not_revealed", classroom.revote, room, 1.0)
    _refused("not_open", classroom.close, room, 1.0)
    _refused("nothing_to_ask", classroom.ask, room, QUIET[0], 1.0)
    step = ASKING[2]
    room = classroom.ask(room, step, 2.0)
    assert room.step == step and room.question.phase == "open" and room.question.round == 1
    _refused("question_open", classroom.ask, room, ASKING[3], 3.0)
    _refused("not_revealed", classroom.revote, room, 3.0)
    room = classroom.reveal(room, 4.0)
    _refused("not_open", classroom.reveal, room, 5.0)
    room = classroom.revote(room, 6.0)
    assert (room.question.round, room.question.phase, len(room.question.counts)) == (2, "open", 2)
    room = classroom.reveal(room, 7.0)
    _refused("not_revealed", classroom.revote, room, 8.0)  # two rounds at most
    room = classroom.close(room, 9.0)
    assert room.question is None and len(room.done) == 1


def test_answers_are_bucketed_by_diagnosis_and_counted_once_per_browser_and_round():
    step = next(k for k in ASKING if len(practice.question(TRACE[k]).candidates) >= 2)
    q = practice.question(TRACE[step])
    room = classroom.ask(_room(), step, 1.0)
    qid = room.question.id
    right = str(q.value)
    wrong = q.candidates[0]
    room = classroom.answer(room, "browser-one", qid, 1, right, 2.0)
    room = classroom.answer(room, "browser-two", qid, 1, wrong.value, 2.0)
    room = classroom.answer(room, "browser-3333", qid, 1, "12345", 2.0)
    _refused("answered", classroom.answer, room, "browser-one", qid, 1, right, 3.0)
    _refused("round", classroom.answer, room, "browser-four", qid, 2, right, 3.0)
    _refused("not_open", classroom.answer, room, "browser-four", qid + 1, 1, right, 3.0)
    _refused("answer", classroom.answer, room, "browser-four", qid, 1, "abc", 3.0)
    _refused("answer", classroom.answer, room, "browser-four", qid, 1, float("nan"), 3.0)
    _refused("answer", classroom.answer, room, "browser-four", qid, 1, [1], 3.0)
    _refused("voter", classroom.answer, room, "x", qid, 1, right, 3.0)
    assert room.question.counts == ({"right": 1, "+".join(wrong.ids): 1, "other": 1},)
    assert room.question.answered() == 3
    room = classroom.reveal(room, 4.0)
    _refused("not_open", classroom.answer, room, "browser-four", qid, 1, right, 5.0)
    room = classroom.revote(room, 6.0)
    room = classroom.answer(room, "browser-one", qid, 2, "۰" + right[1:].replace(".", "٫"), 7.0)  # Persian digits
    assert room.question.counts[1] == {"right": 1}
    closed = classroom.close(room, 8.0)
    assert closed.done[0].voters == frozenset()  # who voted is forgotten with the question


def test_what_each_side_is_sent():
    """Students never see the counts before the reveal; no one is sent the secret's hash, the salt or the voters."""
    step = ASKING[0]
    room = classroom.ask(_room(), step, 1.0)
    room = classroom.answer(room, "browser-one", room.question.id, 1, "1", 2.0)
    student = classroom.public(room, teacher=False, students=7)
    teacher = classroom.public(room, teacher=True, students=7)
    assert student["q"]["counts"] is None and "students" not in student
    assert teacher["students"] == 7 and teacher["q"]["answered"] == 1
    revealed = classroom.public(classroom.tell(classroom.reveal(room, 3.0), 3.5), teacher=False, students=7)
    assert sum(revealed["q"]["counts"][0].values()) == 1
    for side in (student, teacher, revealed):
        text = repr(side)
        assert room.secret_hash not in text and room.salt not in text and "voters" not in text


def test_a_new_scenario_starts_the_walk_again_and_closes_the_question():
    room = classroom.ask(classroom.move(_room(), 3, 1.0), ASKING[0], 2.0)
    tiny = links.encode({"p": "tiny"})
    shown = classroom.show(room, tiny, 3.0)
    assert (shown.query, shown.step, shown.question, len(shown.done)) == (tiny, 0, None, 1)
    for bad in ("p=nope", "evil=1", "p=xor&n=2,99999", "x" * 20_000, 42):
        _refused("scenario", classroom.show, room, bad, 4.0)


def test_results_rows_hold_the_counts_and_their_shares():
    step = ASKING[0]
    room = classroom.ask(_room(), step, 1.0)
    for k in range(3):
        room = classroom.answer(
            room, f"browser-{k}xxxx", room.question.id, 1, "99" if k else str(classroom.trace_of(XOR)[step].result), 1.0
        )
    rows = classroom.results_rows(room, {"right": "RIGHT", "other": "OTHER"})
    assert rows[0][:3] == ["question", "step", "value"]
    assert rows[0][3:] == ["round", "answer", "label", "count", "share", "kind"]  # kind last: the rest where it was
    assert rows[1][3:] == ["1", "right", "RIGHT", "1", "0.333", "vote"]
    assert rows[2][4:] == ["other", "OTHER", "2", "0.667", "vote"]
    assert all(r[1] == str(step + 1) for r in rows[1:])
    q = practice.question(classroom.trace_of(XOR)[step])
    assert {r[2] for r in rows[1:]} == {walk.asked_name(q)[1]} and rows[1][2][0] in "aδΔD" and "⁽" in rows[1][2]


def test_a_room_survives_its_json():
    """Redis keeps a room as JSON: every field comes back."""
    room = classroom.ask(_room(), ASKING[0], 1.0)
    room = classroom.answer(room, "browser-one", 1, 1, "0.5", 2.0)
    back = classroom.Room.from_json(classroom.Room.from_json(room.to_json()).to_json())
    assert back == room


def test_memory_hub_caps_rooms_and_students_and_forgets_idle_rooms():
    now = [1000.0]
    hub = MemoryHub(max_rooms=2, max_students=2, clock=lambda: now[0])
    a, secret = hub.create(XOR)
    hub.create(XOR)
    _refused("too_many_rooms", hub.create, XOR)
    _refused("scenario", MemoryHub().create, "p=nope")
    teacher, s1, s2 = FakeListener(True), FakeListener(), FakeListener()
    for listener in (teacher, s1, s2):
        hub.attach(a.code, listener)
    _refused("full", hub.attach, a.code, FakeListener())
    assert hub.students(a.code) == 2
    before = (s1.woken, s2.woken)
    hub.update(a.code, lambda r, t: classroom.move(r, 2, t))
    assert (s1.woken, s2.woken) == (before[0] + 1, before[1] + 1)
    hub.detach(a.code, s2)
    assert hub.students(a.code) == 1
    assert classroom.is_teacher(hub.get(a.code), secret)
    now[0] += classroom.IDLE_SECONDS + 1
    assert hub.get(a.code) is None
    hub.create(XOR)  # the idle rooms made room for new ones
    _refused("gone", hub.update, a.code, lambda r, t: r)


def test_a_room_that_goes_is_remembered_by_what_it_showed_for_a_day():
    """A late link to an ended or expired class opens the walk it last showed (lecture.enter), for a day."""
    now = [0.0]
    memory = MemoryHub(clock=lambda: now[0])
    room, _secret = memory.create("p=xor")
    assert memory.last_query(room.code) is None  # still open
    memory.update(room.code, lambda r, t: classroom.show(r, "p=tiny", t))
    memory.end(room.code)
    assert memory.last_query(room.code) == "p=tiny"
    other, _secret = memory.create("p=xor")
    now[0] += classroom.IDLE_SECONDS + 1  # expired without an end
    assert memory.get(other.code) is None and memory.last_query(other.code) == "p=xor"
    now[0] += 24 * 3600 + 1
    assert memory.last_query(room.code) is None and memory.last_query("NOSUCH") is None


# ---- the teaching tools: choices, "which formula?", the follow-up on each phone's own numbers, think time, pause ----
LABELS = {"right": "RIGHT", "other": "OTHER", "formula_right": "F {id} ok", "formula": "F {id}"}


def _delta_step(example: int) -> int:
    """A δ question at the output, in ``example`` (XOR has four)."""
    return next(k for k in ASKING if TRACE[k].phase == "output_delta" and TRACE[k].example == example)


def test_a_follow_up_asks_each_phone_the_same_kind_of_question_on_its_own_example():
    """F after the reveal (or right after the close): a third kind of round, once per question; each phone's answer
    is judged on its own example, as it sent its seed; the room's own value is no longer right."""
    step = _delta_step(1)
    room = classroom.ask(_room(), step, 1.0)
    _refused("not_revealed", classroom.followup, room, 2.0)  # not while the room answers
    room = classroom.reveal(room, 2.0)
    room = classroom.followup(room, 3.0)
    q = room.question
    assert (q.round, q.phase, q.kinds, len(q.counts)) == (2, "open", ("vote", "followup"), 2)
    _refused("followed_up", classroom.followup, classroom.reveal(room, 4.0), 5.0)
    _refused("not_revealed", classroom.revote, classroom.reveal(room, 4.0), 5.0)  # no revote after a follow-up
    voters = ("browser-one", "browser-two", "browser-3333")
    own = {v: practice.question(classroom.followup_step(XOR, step, classroom.voter_seed(v))) for v in voters}
    assert len({o.value for o in own.values()}) == 3  # every phone its own numbers
    room = classroom.answer(room, voters[0], q.id, 2, f"{own[voters[0]].value:.6f}", 6.0)
    wrong = own[voters[1]].candidates[0]
    room = classroom.answer(room, voters[1], q.id, 2, f"{wrong.value:.6f}", 6.0, classroom.voter_seed(voters[1]))
    room_value = practice.question(TRACE[step]).value
    room = classroom.answer(room, voters[2], q.id, 2, f"{room_value:.6f}", 6.0)  # the class's answer, copied
    assert room.question.counts[1] == {"right": 1, "+".join(wrong.ids): 1, "other": 1}
    # Judged on the sender's own example: a neighbour's seed (with the neighbour's right answer) is refused.
    neighbour = classroom.voter_seed(voters[0])
    _refused("seed", classroom.answer, room, "browser-four", q.id, 2, f"{own[voters[0]].value:.6f}", 7.0, neighbour)
    for bad in (-1, 2**31, "7", True, 1.5):
        _refused("seed", classroom.answer, room, "browser-four", q.id, 2, "0.5", 7.0, bad)
    # Right after the close, F opens the question again for its follow-up.
    closed = classroom.close(classroom.reveal(classroom.ask(_room(), step, 1.0), 2.0), 3.0)
    again = classroom.followup(closed, 4.0)
    assert again.question.id == 1 and again.question.kinds == ("vote", "followup") and again.done == ()
    _refused("not_revealed", classroom.followup, classroom.move(closed, step + 1, 5.0), 6.0)  # not from elsewhere
    assert classroom.public(closed, True, 3)["closed"] == {"id": 1, "step": step, "followup": False}
    # Nor once the room shows another scenario, even at the same step (its question was of the one before).
    tiny = links.encode({"p": "tiny"})
    elsewhere = classroom.show(closed, tiny, 5.0)
    elsewhere = classroom.move(elsewhere, min(step, len(classroom.trace_of(tiny)) - 1), 6.0)
    _refused("not_revealed", classroom.followup, elsewhere, 7.0)
    assert classroom.public(elsewhere, True, 3)["closed"] is None


def test_the_server_works_out_a_phone_s_seed_as_the_phone_does():
    """The phone asks for its question with seedOf(voter id) (core/room.js); the server judges its answer with
    voter_seed: the two agree (node runs the stage's own function)."""
    voters = ["a1b2c3d4e5f6a7b8c9d0e1f2", "browser-one", "0" * 24, "f" * 64, "AbC_-xyz09"]
    script = (
        "import('./backprop_ui/assets/stage/core/room.js').then((m) => "
        f"console.log(JSON.stringify({json.dumps(voters)}.map(m.seedOf))))"
    )
    out = subprocess.run(["node", "-e", script], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == [classroom.voter_seed(v) for v in voters]
    assert len({classroom.voter_seed(v) for v in voters}) == len(voters)


def test_a_follow_up_never_asks_the_room_s_own_number_again():
    """XOR's output hardly moves with x: a phone's own example could ask the very number the room just answered.
    Another draw is taken then: over 300 phones, none is asked the room's value."""
    step = _delta_step(1)
    room_value = practice.rounded(practice.question(TRACE[step]).value)
    own = [practice.rounded(practice.question(classroom.followup_step(XOR, step, seed)).value) for seed in range(300)]
    assert room_value not in own and len(set(own)) > 100


def test_a_follow_up_of_a_later_example_is_asked_of_the_first():
    """Only the first example is new, so δ of example 3 is asked again as δ of example 1, at the same layer and unit."""
    step = _delta_step(3)
    for seed in (5, 6):
        own = classroom.followup_step(XOR, step, seed)
        asked = TRACE[step]
        assert own.example == 1 and (own.phase, own.layer, own.node) == (asked.phase, asked.layer, asked.node)
        assert practice.question(own).value != practice.question(TRACE[_delta_step(1)]).value


def test_a_question_asked_as_choices_and_which_formula_counts_the_formulas_apart():
    step = _delta_step(1)
    right, menu = practice.formula_menu(TRACE[step], practice.question(TRACE[step]))
    room = classroom.ask(_room(), step, 1.0, choices=True, which=True)
    assert room.question.choices and room.question.which
    _refused("ask", classroom.ask, _room(), step, 1.0, "yes", False)
    qid = room.question.id
    room = classroom.name_formula(room, "browser-one", qid, 1, right[0], 2.0)
    room = classroom.name_formula(room, "browser-two", qid, 1, menu[-1], 2.0)
    _refused("answered", classroom.name_formula, room, "browser-one", qid, 1, menu[-1], 3.0)
    for bad in ("F99", None, 7, "x" * 50):
        _refused("formula", classroom.name_formula, room, "browser-four", qid, 1, bad, 3.0)
    _refused("round", classroom.name_formula, room, "browser-four", qid, 2, right[0], 3.0)
    assert room.question.formulas == ({right[0]: 1, menu[-1]: 1},)
    student = classroom.public(room, teacher=False, students=3)
    teacher = classroom.public(room, teacher=True, students=3)
    assert student["q"]["formulas"] is None and student["q"]["named"] == 2  # not before the reveal
    assert teacher["q"]["formulas"] == [] and teacher["q"]["choices"] is True
    room = classroom.name_formula(room, "browser-3333", qid, 1, right[0], 2.5)
    revealed = classroom.reveal(room, 4.0)
    assert classroom.public(revealed, teacher=False, students=3)["q"]["formulas"] is None  # not before it is told
    told = classroom.public(classroom.tell(revealed, 4.5), teacher=False, students=3)
    assert told["q"]["formulas"] == [{right[0]: 2, menu[-1]: 1}]
    # Once revealed, the card and the chart say which it was: no more naming.
    _refused("not_open", classroom.name_formula, revealed, "browser-four", qid, 1, right[0], 5.0)
    rows = classroom.results_rows(revealed, LABELS)
    formula_rows = [r for r in rows if r[4].startswith("formula:")]
    assert formula_rows[0][4:] == [f"formula:{right[0]}", f"F {right[0]} ok", "2", "0.667", "vote"]
    assert formula_rows[1][4:] == [f"formula:{menu[-1]}", f"F {menu[-1]}", "1", "0.333", "vote"]
    plain = classroom.ask(_room(), step, 1.0)
    _refused("not_open", classroom.name_formula, plain, "browser-one", 1, 1, right[0], 2.0)  # it did not ask


def test_think_time_counts_down_on_the_server_s_clock_and_pause_blanks_the_phones():
    room = classroom.think(classroom.ask(_room(), ASKING[0], 1.0), 60, 100.0)
    assert classroom.public(room, False, 0, 130.0)["think"] == {"left": 30.0, "total": 60}
    assert classroom.public(room, False, 0, 200.0)["think"] == {"left": 0.0, "total": 60}
    assert classroom.think(room, 0, 140.0).think is None
    for bad in (45, True, "30", None, -30, 30.0):
        _refused("think", classroom.think, room, bad, 1.0)
    assert classroom.reveal(room, 150.0).think == room.think  # it runs on through the reveal ...
    assert classroom.close(room, 150.0).think is None  # ... and goes with the question
    paused = classroom.pause(room, True, 160.0)
    assert paused.paused and classroom.public(paused, False, 0, 160.0)["paused"] is True
    assert classroom.pause(paused, True, 161.0) is paused
    _refused("pause", classroom.pause, room, "yes", 1.0)
    assert not classroom.pause(paused, False, 162.0).paused


def test_a_follow_up_and_its_formulas_survive_json_and_an_older_room_loads():
    step = _delta_step(1)
    room = classroom.ask(_room(), step, 1.0, which=True)
    room = classroom.think(classroom.pause(classroom.followup(classroom.reveal(room, 2.0), 3.0), True, 4.0), 30, 5.0)
    room = classroom.answer(room, "browser-one", 1, 2, "0.5", 6.0)
    back = classroom.Room.from_json(classroom.Room.from_json(room.to_json()).to_json())
    assert back == room
    old = classroom.revote(classroom.reveal(classroom.ask(_room(), step, 1.0), 2.0), 3.0).to_json()
    for key in ("paused", "think"):
        del old[key]
    for key in ("choices", "which", "kinds", "formulas", "namers", "query"):
        del old["question"][key]
    loaded = classroom.Room.from_json(old)
    assert loaded.question.kinds == ("vote", "revote") and loaded.question.formulas == ({}, {}) and not loaded.paused
    rows = classroom.results_rows(room, LABELS)
    assert [(r[3], r[8]) for r in rows[1:]] == [("2", "followup")]


def test_the_first_vote_s_reveal_shows_how_the_answers_split_and_not_which_is_right():
    """Peer instruction: after the first vote the room sees the split by the value given (most first, the answers
    that are no table mistake last), and no one's message says which is right, until the revote's reveal, Show the
    answer, a follow-up or the close."""
    step = next(k for k in ASKING if len(practice.question(TRACE[k]).candidates) >= 2)
    q = practice.question(TRACE[step])
    room = classroom.ask(_room(), step, 1.0)
    texts = [str(q.value), str(q.candidates[0].value), str(q.candidates[0].value), "12345"]
    for k, text in enumerate(texts):
        room = classroom.answer(room, f"browser-{k}xxxx", 1, 1, text, 2.0)
    revealed = classroom.reveal(room, 3.0)
    assert not revealed.question.told
    student = classroom.public(revealed, teacher=False, students=4)
    teacher = classroom.public(revealed, teacher=True, students=4)
    expected = [[walk.choice_label(q.candidates[0].value), 2], [walk.choice_label(q.value), 1], [None, 1]]
    assert student["q"]["split"] == teacher["q"]["split"] == expected
    assert student["q"]["counts"] is None and "right" not in json.dumps(student)
    assert teacher["q"]["counts"] == [{"right": 1, "+".join(q.candidates[0].ids): 2, "other": 1}]  # the advisor's
    # Told: by Show the answer, by the revote's reveal, by a follow-up, by the close.
    assert "split" not in classroom.public(classroom.tell(revealed, 4.0), False, 4)["q"]
    revoted = classroom.reveal(classroom.revote(revealed, 4.0), 5.0)
    assert revoted.question.told and "split" not in classroom.public(revoted, False, 4)["q"]
    assert classroom.followup(revealed, 4.0).question.told
    assert classroom.close(revealed, 4.0).done[-1].told
    _refused("not_revealed", classroom.tell, room, 4.0)  # not while the room answers
    assert classroom.tell(classroom.tell(revealed, 4.0), 5.0).version == classroom.tell(revealed, 4.0).version
    # A room stored before the split was told at its reveal.
    old = revealed.to_json()
    del old["question"]["told"]
    assert classroom.Room.from_json(old).question.told
