"""The live class's routes on a real server (uvicorn, the class routes only): creating a room,
the QR code, the CSV, and the websocket's refusals of forged, oversized and out-of-order messages."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from contextlib import ExitStack, contextmanager

import jsonschema
import pytest
from starlette.applications import Starlette
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from backprop_core import practice
from backprop_ui.live import class_routes, classroom
from backprop_ui.live.hub import hub
from tests.helpers import serving
from tests.ui.test_contract import SERVER_MESSAGE

# The contract's schema, compiled once (jsonschema.validate compiles it at every call: 0.1 s a message).
CHECK = jsonschema.validators.validator_for(SERVER_MESSAGE)(SERVER_MESSAGE)


@pytest.fixture(scope="module")
def base():
    with serving(Starlette(routes=class_routes.ROUTES)) as where:
        yield where


def post(base, body=b"", content_type="application/json", origin=None):
    headers = {"Content-Type": content_type} | ({"Origin": origin} if origin else {})
    req = urllib.request.Request(f"http://{base}/api/classes", data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def new_room(base, query="p=xor"):
    status, body = post(base, json.dumps({"query": query}).encode())
    assert status == 201
    secret = body["teacher_url"].split("teach=")[1].split("&")[0]
    return body["code"], secret


@contextmanager
def hello(base, code, **msg):
    with connect(f"ws://{base}/api/classes/{code}/ws") as ws:
        ws.send(json.dumps({"t": "hello"} | msg))
        yield ws


def recv(ws, kind=None):
    """The next message (of ``kind``); every message the room sends keeps the written contract."""
    while True:
        msg = json.loads(ws.recv(timeout=5))
        CHECK.validate(msg)
        if kind is None or msg["t"] == kind:
            return msg


def test_post_creates_a_room_with_both_links(base):
    status, body = post(base, json.dumps({"query": "p=xor", "lang": "en"}).encode())
    assert status == 201
    code = body["code"]
    assert body["student_url"] == f"http://{base}/join/{code}?lang=en"  # the light page (hall.py)
    assert body["teacher_url"].startswith(f"http://{base}/?p=xor&class={code}&teach=")
    assert "present=1" in body["teacher_url"] and hub().get(code).query == "p=xor"
    assert post(base)[0] == 201  # no body: the default example


@pytest.mark.parametrize(
    ("body", "content_type", "origin", "status", "why"),
    [
        (b'{"query": "p=nope"}', "application/json", None, 400, "scenario"),
        (b'{"query": "p=xor"}', "text/plain", None, 415, "json_only"),
        (b"not json", "application/json", None, 400, "json"),
        (b"[1, 2]", "application/json", None, 400, "json"),
        (b'{"lang": "de"}', "application/json", None, 400, "lang"),
        (b"{}", "application/json", "http://evil.example", 403, "origin"),
        (b"x" * 20_000, "application/json", None, 413, "too_big"),
    ],
)
def test_post_refuses_what_it_cannot_use(base, body, content_type, origin, status, why):
    assert post(base, body, content_type, origin) == (status, {"error": why})


def test_qr_code_and_csv(base):
    code, secret = new_room(base)
    with urllib.request.urlopen(f"http://{base}/api/classes/{code}/qr.svg") as r:
        svg = r.read().decode()
    assert r.headers["Content-Type"] == "image/svg+xml" and svg.startswith("<svg") and f"/join/{code}</title>" in svg
    for path in ("ZZZZZZ/qr.svg", "nope/qr.svg", f"{code}/results.csv", f"{code}/results.csv?teach=wrong"):
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(f"http://{base}/api/classes/{path}")
        assert info.value.code in (403, 404)
    with urllib.request.urlopen(f"http://{base}/api/classes/{code}/results.csv?teach={secret}&lang=en") as r:
        assert r.read().decode("utf-8-sig").splitlines() == ["question,step,value,round,answer,label,count,share,kind"]


def test_a_step_reaches_a_student_and_a_student_cannot_move_the_room(base):
    code, secret = new_room(base)
    with (
        hello(base, code, role="teacher", secret=secret) as teacher,
        hello(base, code, role="student", voter="browser-abc123") as student,
    ):
        _sides_of_a_room(code, teacher, student)


def _sides_of_a_room(code, teacher, student):
    assert recv(teacher, "state")["students"] in (0, 1)
    first = recv(student, "state")
    assert first["step"] == 0 and "students" not in first
    teacher.send(json.dumps({"t": "step", "step": 4}))
    assert recv(student, "state")["step"] == 4
    version = hub().get(code).version
    for forged in (
        {"t": "step", "step": 9},
        {"t": "ask", "step": 5},
        {"t": "reveal"},
        {"t": "end"},
        {"t": "lock", "on": True},
    ):
        student.send(json.dumps(forged))
        assert recv(student, "refused") == {"t": "refused", "why": "teacher_only", "what": forged["t"]}
    assert hub().get(code).version == version and hub().get(code).step == 4


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("not json", "message"),
        ('["t", "step"]', "message"),
        ('{"t": 5}', "message"),
        ('{"t": "step", "step": 99999}', "step"),
        ('{"t": "step", "step": "2"}', "step"),
        ('{"t": "reveal"}', "not_open"),
        ('{"t": "scenario", "query": "p=nope"}', "scenario"),
        ('{"t": "ask", "step": 0}', "nothing_to_ask"),
        ('{"t": "step", "pad": "' + "x" * 5000 + '"}', "too_big"),
        ('{"t": "dance"}', "message"),
    ],
)
def test_a_forged_or_out_of_order_message_is_refused_and_changes_nothing(base, raw, why):
    code, secret = new_room(base)
    with hello(base, code, role="teacher", secret=secret) as teacher:
        recv(teacher, "state")
        before = hub().get(code)
        teacher.send(raw)
        assert recv(teacher, "refused")["why"] == why
        assert hub().get(code) == before


def test_hellos_that_are_refused(base):
    code, _secret = new_room(base)
    for msg in ({"role": "teacher", "secret": "guess"}, {"role": "student", "voter": "x"}, {"role": "student"}):
        with hello(base, code, **msg) as ws:
            assert recv(ws)["t"] == "refused"
    with connect(f"ws://{base}/api/classes/QQQQQQ/ws") as ws:  # no such room: told at once
        assert recv(ws) == {"t": "gone"}
    with pytest.raises(InvalidStatus):  # another site's page may not open the room's socket
        connect(f"ws://{base}/api/classes/{code}/ws", additional_headers={"Origin": "http://evil.example"})


def test_a_student_who_floods_the_room_is_slowed_down(base):
    code, _secret = new_room(base)
    with hello(base, code, role="student", voter="browser-abc123") as student:
        recv(student, "state")
        for _ in range(15):
            student.send(json.dumps({"t": "answer", "q": 1, "round": 1, "value": "1"}))
        whys = [recv(student)["why"] for _ in range(15)]
    assert whys.count("rate") >= 5 and set(whys) == {"not_open", "rate"}


def test_a_browser_that_answers_again_is_told_its_vote_was_already_in(base):
    """One vote per browser, question and round: the second (after a reconnect, or from another tab
    with the same voter id) is acknowledged with "again", so the page can say which answer counts."""
    code, secret = new_room(base)
    step = next(k for k, s in enumerate(classroom.trace_of("p=xor")) if practice.question(s))
    with (
        hello(base, code, role="teacher", secret=secret) as teacher,
        hello(base, code, role="student", voter="browser-abc123") as tab1,
        hello(base, code, role="student", voter="browser-abc123") as tab2,
    ):
        recv(teacher, "state")
        teacher.send(json.dumps({"t": "ask", "step": step}))
        for tab in (tab1, tab2):
            while not (recv(tab, "state").get("q") or {}).get("phase") == "open":
                pass
        tab1.send(json.dumps({"t": "answer", "q": 1, "round": 1, "value": "0.5"}))
        assert recv(tab1, "ack") == {"t": "ack", "q": 1, "round": 1}
        tab2.send(json.dumps({"t": "answer", "q": 1, "round": 1, "value": "7"}))
        assert recv(tab2, "ack") == {"t": "ack", "q": 1, "round": 1, "again": True}
    room = hub().get(code)
    assert room.question.counts[0] == {classroom.bucket(room, step, "0.5"): 1}  # the first answer, once


def test_a_follow_up_answer_is_judged_on_the_phone_s_seed_and_a_formula_is_counted_apart(base):
    """The whole round over the socket: asked as choices and "which formula?", revealed, followed up (F), a phone's
    answer judged on its own example, its formula named once, the think time and the pause; a student can do none
    of the teacher's."""
    code, secret = new_room(base)
    trace = classroom.trace_of("p=xor")
    step = next(k for k, s in enumerate(trace) if s.phase == "output_delta" and s.example == 1)
    right, menu = practice.formula_menu(trace[step], practice.question(trace[step]))
    with (
        hello(base, code, role="teacher", secret=secret) as teacher,
        hello(base, code, role="student", voter="browser-abc123") as phone,
    ):
        recv(teacher, "state")
        for msg in ({"t": "pause", "on": True}, {"t": "followup"}):  # (a phone may send 6 at once: see RATES)
            phone.send(json.dumps(msg))
            assert recv(phone, "refused")["why"] == "teacher_only"
        teacher.send(json.dumps({"t": "ask", "step": step, "choices": True, "which": True}))
        teacher.send(json.dumps({"t": "think", "seconds": 60}))
        while not (state := recv(phone, "state"))["think"]:
            pass
        assert state["q"]["choices"] and state["q"]["which"] and 59 < state["think"]["left"] <= 60
        teacher.send(json.dumps({"t": "reveal"}))
        teacher.send(json.dumps({"t": "followup"}))
        while (recv(phone, "state")["q"] or {}).get("kinds") != ["vote", "followup"]:
            pass
        seed = classroom.voter_seed("browser-abc123")
        own = practice.question(classroom.followup_step("p=xor", step, seed))
        phone.send(json.dumps({"t": "answer", "q": 1, "round": 2, "value": "0.5", "seed": seed + 1}))  # not its seed
        assert recv(phone, "refused") == {"t": "refused", "why": "seed", "what": "answer"}
        phone.send(json.dumps({"t": "answer", "q": 1, "round": 2, "value": f"{own.value:.6f}", "seed": seed}))
        assert recv(phone, "ack") == {"t": "ack", "q": 1, "round": 2}
        phone.send(json.dumps({"t": "formula", "q": 1, "round": 2, "id": right[0]}))
        assert recv(phone, "ack") == {"t": "ack", "what": "formula", "q": 1, "round": 2}
        phone.send(json.dumps({"t": "formula", "q": 1, "round": 2, "id": menu[-1]}))
        assert recv(phone, "ack")["again"] is True  # named once
        teacher.send(json.dumps({"t": "pause", "on": True}))
        while not recv(phone, "state")["paused"]:
            pass
    room = hub().get(code)
    assert room.question.counts[1] == {"right": 1} and room.question.formulas[1] == {right[0]: 1}


def test_a_change_is_read_once_for_all_the_students_it_wakes(base, monkeypatch):
    """Thirty students in a room: each of the teacher's steps reaches every one of them, and the server reads
    the changed room a few times for them all, not once per student (in deploy/, each read is a Redis round
    trip); every student still gets exactly the step the teacher took."""
    code, secret = new_room(base)
    reads = []
    read = hub().get
    monkeypatch.setattr(hub(), "get", lambda c: (reads.append(c), read(c))[1])
    with ExitStack() as stack:
        students = [stack.enter_context(hello(base, code, role="student", voter=f"browser-{k:04d}")) for k in range(30)]
        teacher = stack.enter_context(hello(base, code, role="teacher", secret=secret))
        for ws in students:
            assert recv(ws, "state")["step"] == 0
        recv(teacher, "state")
        for step in (3, 4, 5):
            reads.clear()
            teacher.send(json.dumps({"t": "step", "step": step}))
            for ws in students:
                assert recv(ws, "state")["step"] == step
            # Sockets woken after a read began read again, so a few reads: before, one per student.
            assert 1 <= len(reads) <= len(students) // 5, (step, len(reads))
