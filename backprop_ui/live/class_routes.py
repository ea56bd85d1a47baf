"""The live class's HTTP and websocket routes (``st.App``, beside the app's own).

* ``POST /api/classes``: a new room, ``{code, teacher_url, student_url}`` (a course page or an
  LMS may call it; the projector's *Start a class* does);
* ``GET /api/classes/<code>/qr.svg``: the students' link as a QR code, drawn here (segno);
* ``GET /api/classes/<code>/results.csv?teach=…``: the counts of every question, for the teacher;
* ``/api/classes/<code>/ws``: the room's websocket. The first message says who is there
  (``{"t": "hello", "role": "teacher", "secret": …}`` or ``{"role": "student", "voter": …}``);
  then the server sends the room as that side may see it after every change, and takes the
  teacher's moves or a student's answers. A message that may not change the room is answered
  ``{"t": "refused", "why": …}`` and logged; it never closes the socket or changes the room.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import logging
import time
from urllib.parse import urlencode

import segno
from starlette.concurrency import run_in_threadpool
from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect
from streamlit.web.server import server_util

from backprop_core import DEFAULT_PRESET, PRESETS, codec, practice
from backprop_ui import i18n, links
from backprop_ui.live import classroom
from backprop_ui.live.classroom import RefusedError
from backprop_ui.live.hub import MAX_ROOMS, hub

log = logging.getLogger("backprop.class")

HELLO_SECONDS = 10
# Messages per second a browser may send, and the burst it may save up: a teacher's autoplay
# or a held arrow key stays well inside; a script hammering the room does not.
RATES = {True: (20.0, 60.0), False: (2.0, 6.0)}


def _origin_ok(conn: HTTPConnection) -> bool:
    """As Streamlit's own websocket: no Origin (not a browser), the same host, or an allowed origin."""
    origin = conn.headers.get("origin")
    if origin is None:
        return True
    host = conn.headers.get("host", "")
    if origin.split("://", 1)[-1] == host:
        return True
    return server_util.is_url_from_allowed_origins(origin)


def _base(conn: HTTPConnection) -> str:
    scheme = conn.headers.get("x-forwarded-proto", conn.url.scheme).split(",")[0].strip()
    scheme = {"ws": "http", "wss": "https"}.get(scheme, scheme)
    return f"{scheme}://{conn.headers.get('host', 'localhost')}"


def student_url(base: str, code: str, lang: str | None = None) -> str:
    """The students' link: the class's light page (``hall.py``)."""
    return base + classroom.join_path(code, lang)


def teacher_url(base: str, room: classroom.Room, secret: str, lang: str | None = None) -> str:
    query = room.query
    view = {"class": room.code, "teach": secret, "present": "1"}
    if lang and lang != i18n.DEFAULT_LANG:
        view["lang"] = lang
    return f"{base}/?{query}&{urlencode(view)}" if query else f"{base}/?{urlencode(view)}"


def _refuse(status: int, why: str) -> JSONResponse:
    return JSONResponse({"error": why}, status_code=status)


async def create_class(request: Request) -> Response:
    """``POST /api/classes`` with an optional JSON body ``{"query": "p=xor…", "lang": "en"}``."""
    if not _origin_ok(request):
        log.warning("class: refused a room from origin %r", request.headers.get("origin"))
        return _refuse(403, "origin")
    raw = await request.body()
    if len(raw) > links.MAX_LINK_CHARS + 200:
        return _refuse(413, "too_big")
    body: dict = {}
    if raw.strip():
        if "application/json" not in request.headers.get("content-type", ""):
            return _refuse(415, "json_only")  # a form on another site cannot post JSON without asking first
        try:
            body = json.loads(raw)
        except ValueError:
            return _refuse(400, "json")
        if not isinstance(body, dict):
            return _refuse(400, "json")
    query = body.get("query", links.encode(codec.to_query(PRESETS[DEFAULT_PRESET])))
    lang = body.get("lang")
    if lang is not None and lang not in i18n.LANGS:
        return _refuse(400, "lang")
    try:
        room, secret = await run_in_threadpool(hub().create, query)
    except RefusedError as refusal:
        log.warning("class: refused a room: %s", refusal.code)
        status = {"scenario": 400, "too_many_rooms": 503, "unavailable": 503}.get(refusal.code, 400)
        return _refuse(status, refusal.code)
    base = _base(request)
    log.info("class: room %s created", room.code)
    return JSONResponse(
        {
            "code": room.code,
            "teacher_url": teacher_url(base, room, secret, lang),
            "student_url": student_url(base, room.code, lang),
        },
        status_code=201,
    )


async def _room(conn: HTTPConnection) -> classroom.Room | None:
    code = classroom.read_code(conn.path_params["code"])
    if code is None:
        return None
    try:
        return await run_in_threadpool(hub().get, code)
    except RefusedError:
        return None


async def qr_code(request: Request) -> Response:
    room = await _room(request)
    if room is None:
        return _refuse(404, "gone")
    lang = request.query_params.get("lang")
    url = student_url(_base(request), room.code, lang if lang in i18n.LANGS else None)
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=8, border=2, xmldecl=False, title=url)
    return Response(out.getvalue(), media_type="image/svg+xml", headers={"Cache-Control": "no-store"})


def mistake_labels(lang: str) -> dict[str, str]:
    """Short names of the histogram's bars (and the CSV's), in ``lang``."""
    names = {m: i18n.t(f"mkn.{m}", lang) for m in practice.MISTAKES}
    formulas = {
        "formula_right": i18n.t("cl.formula_right", lang, id="{id}"),
        "formula": i18n.t("cl.formula_other", lang, id="{id}"),
    }
    return names | formulas | {classroom.RIGHT: i18n.t("mkn.right", lang), classroom.OTHER: i18n.t("mkn.other", lang)}


async def results_csv(request: Request) -> Response:
    room = await _room(request)
    if room is None:
        return _refuse(404, "gone")
    if not classroom.is_teacher(room, request.query_params.get("teach")):
        log.warning("class: refused the results of %s without the teacher's secret", room.code)
        return _refuse(403, "teacher_only")
    lang = request.query_params.get("lang")
    lang = lang if lang in i18n.LANGS else i18n.DEFAULT_LANG
    out = io.StringIO()
    csv.writer(out).writerows(classroom.results_rows(room, mistake_labels(lang)))
    return Response(
        "\ufeff" + out.getvalue(),  # the BOM: spreadsheets then read the Persian names as UTF-8
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="class-{room.code}-results.csv"',
            "Cache-Control": "no-store",
        },
    )


# ---- the room's websocket ------------------------------------------------------------------------
class _Socket:
    """One browser in a room: a hub listener that wakes its sender task from any thread."""

    def __init__(self, ws: WebSocket, code: str, teacher: bool, voter: str | None):
        self.ws, self.code, self.teacher, self.voter = ws, code, teacher, voter
        self.loop = asyncio.get_running_loop()
        self.changed = asyncio.Event()
        self.woken = 0.0  # when the hub last said the room changed (monotonic)
        rate, burst = RATES[teacher]
        self.rate, self.burst, self.tokens, self.at = rate, burst, burst, time.monotonic()

    def wake(self) -> None:
        self.loop.call_soon_threadsafe(self._woke)

    def _woke(self) -> None:
        self.woken = time.monotonic()
        self.changed.set()

    def allowed(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True

    async def send_states(self) -> None:
        """Send the room after every change (the latest only: a slow browser skips the ones between)."""
        sent = None
        while True:
            await self.changed.wait()
            self.changed.clear()
            room, student_text = await _rooms.latest(self.code, self.woken)
            if room is UNAVAILABLE:
                continue  # the hub wakes every socket again once it is back
            if room is None:
                await self.ws.send_json({"t": "gone"})
                return
            if self.teacher:
                students = await run_in_threadpool(hub().students, self.code)
                text = json.dumps(
                    classroom.public(room, True, students, time.time()), ensure_ascii=False, separators=(",", ":")
                )
            else:
                text = student_text
            if text != sent:
                await self.ws.send_text(text)
                sent = text


class _Rooms:
    """The latest room of each code, shared by this process's sockets: when a room changes, the first
    socket to wake reads it (from Redis in deploy/) and the others take that read, with the students'
    message written once. A socket takes a read that started after it was woken, so it never misses
    the change that woke it."""

    def __init__(self) -> None:
        self.reads: dict[str, tuple[float, object, str]] = {}
        self.locks: dict[str, asyncio.Lock] = {}

    async def latest(self, code: str, since: float) -> tuple[object, str]:
        read = self.reads.get(code)
        if read is None or read[0] < since:
            lock = self.locks.setdefault(code, asyncio.Lock())
            async with lock:
                read = self.reads.get(code)
                if read is None or read[0] < since:
                    started = time.monotonic()
                    room = await run_in_threadpool(_get, code)
                    text = ""
                    if isinstance(room, classroom.Room):
                        text = json.dumps(
                            classroom.public(room, False, 0, time.time()), ensure_ascii=False, separators=(",", ":")
                        )
                    if len(self.reads) > 4 * MAX_ROOMS:  # rooms long gone: forget them
                        self.reads.clear()
                        self.locks = {k: v for k, v in self.locks.items() if v.locked()}
                    read = self.reads[code] = (started, room, text)
        return read[1], read[2]


_rooms = _Rooms()


UNAVAILABLE = object()  # the rooms cannot be read right now (Redis is down): not the same as gone


def _get(code: str):
    try:
        return hub().get(code)
    except RefusedError:
        return UNAVAILABLE


_TEACHER = {
    "step": lambda m: lambda r, now: classroom.move(r, m.get("step"), now),
    "scenario": lambda m: lambda r, now: classroom.show(r, m.get("query"), now),
    "lock": lambda m: lambda r, now: classroom.lock(r, m.get("on"), now),
    "ask": lambda m: (
        lambda r, now: classroom.ask(r, m.get("step"), now, m.get("choices", False), m.get("which", False))
    ),
    "reveal": lambda m: lambda r, now: classroom.reveal(r, now),
    "revote": lambda m: lambda r, now: classroom.revote(r, now),
    "close": lambda m: lambda r, now: classroom.close(r, now),
    "followup": lambda m: lambda r, now: classroom.followup(r, now),
    "tell": lambda m: lambda r, now: classroom.tell(r, now),
    "pause": lambda m: lambda r, now: classroom.pause(r, m.get("on"), now),
    "think": lambda m: lambda r, now: classroom.think(r, m.get("seconds"), now),
}


# What a student may do, once per question and round: answer, and name the formula used.
_STUDENT = {
    "answer": lambda voter, m: (
        lambda r, now: classroom.answer(r, voter, m.get("q"), m.get("round"), m.get("value"), now, m.get("seed"))
    ),
    "formula": lambda voter, m: (
        lambda r, now: classroom.name_formula(r, voter, m.get("q"), m.get("round"), m.get("id"), now)
    ),
}


async def _hello(ws: WebSocket, room: classroom.Room) -> tuple[bool, str | None]:
    """Who is at the other end: the teacher (with the secret) or a student (with a voter id)."""
    raw = await asyncio.wait_for(ws.receive_text(), HELLO_SECONDS)
    if len(raw) > classroom.MAX_MESSAGE_BYTES:
        raise RefusedError("too_big")
    msg = json.loads(raw)
    if not isinstance(msg, dict) or msg.get("t") != "hello":
        raise RefusedError("hello")
    if msg.get("role") == "teacher":
        if not classroom.is_teacher(room, msg.get("secret")):
            raise RefusedError("teacher_only")
        return True, None
    voter = msg.get("voter")
    classroom.voter_hash(room, voter)  # refuses a malformed id
    return False, voter


async def room_socket(ws: WebSocket) -> None:
    if not _origin_ok(ws):
        log.warning("class: refused a websocket from origin %r", ws.headers.get("origin"))
        await ws.close(code=1008)
        return
    await ws.accept()
    code = classroom.read_code(ws.path_params["code"])
    room = await run_in_threadpool(_get, code) if code else None
    if room is UNAVAILABLE:
        await ws.close(code=1013)  # "try again later": the browser reconnects, the class goes on
        return
    if room is None:
        await ws.send_json({"t": "gone"})
        await ws.close()
        return
    try:
        teacher, voter = await _hello(ws, room)
    except (TimeoutError, RefusedError, ValueError) as error:
        why = error.code if isinstance(error, RefusedError) else "hello"
        log.warning("class %s: refused a hello (%s)", code, why)
        await ws.send_json({"t": "refused", "why": why, "what": "hello"})
        await ws.close(code=1008)
        return
    except WebSocketDisconnect:
        return
    sock = _Socket(ws, code, teacher, voter)
    try:
        await run_in_threadpool(hub().attach, code, sock)
    except RefusedError as refusal:
        if refusal.code == "unavailable":
            await ws.close(code=1013)
            return
        await ws.send_json({"t": "refused", "why": refusal.code, "what": "hello"})
        await ws.close()
        return
    sender = asyncio.create_task(sock.send_states())
    sock.wake()
    try:
        while True:
            message = await ws.receive()
            if message["type"] == "websocket.disconnect":
                break
            reply = await _handle(sock, message.get("text"))
            if reply is not None:
                await ws.send_json(reply)
            if sender.done():
                break
    except (WebSocketDisconnect, RuntimeError):
        pass
    finally:
        sender.cancel()
        await run_in_threadpool(hub().detach, code, sock)


async def _own_example(sock: _Socket) -> None:
    """In a follow-up, the sender's own example is made before the room is changed: its first draws and
    trace (a few ms) then run outside the hub's lock (or Redis's watch), which the answer takes cached."""
    read = _rooms.reads.get(sock.code)
    room = read[1] if read else None
    if isinstance(room, classroom.Room) and room.question and room.question.kind == classroom.FOLLOWUP:
        try:
            seed = classroom.voter_seed(sock.voter or "")
            await run_in_threadpool(classroom.followup_step, room.query, room.question.step, seed)
        except (StopIteration, IndexError):
            pass  # the room moved on meanwhile: the answer itself is refused or judged as it comes


async def _handle(sock: _Socket, text: str | None) -> dict | None:
    """One message: the room changed, or a refusal (sent back and logged); never an exception."""
    what = "?"
    try:
        if not sock.allowed():
            raise RefusedError("rate")
        if text is None or len(text) > classroom.MAX_MESSAGE_BYTES:
            raise RefusedError("too_big")
        msg = json.loads(text)
        if not isinstance(msg, dict) or not isinstance(msg.get("t"), str):
            raise RefusedError("message")
        what = msg["t"][:20]
        if sock.teacher and what in _TEACHER:
            await run_in_threadpool(hub().update, sock.code, _TEACHER[what](msg))
            return None
        if sock.teacher and what == "end":
            await run_in_threadpool(hub().end, sock.code)
            return None
        if not sock.teacher and what in _STUDENT:
            if what == "answer":
                await _own_example(sock)
            ack = (
                {"t": "ack"}
                | ({"what": what} if what != "answer" else {})
                | {"q": msg.get("q"), "round": msg.get("round")}
            )
            try:
                await run_in_threadpool(hub().update, sock.code, _STUDENT[what](sock.voter, msg))
            except RefusedError as refusal:
                if refusal.code != "answered":
                    raise
                # This browser's answer (or formula) is already in (sent again after a reconnect, or from another
                # tab): it was counted once, and the browser hears so.
                return ack | {"again": True}
            return ack
        raise RefusedError("teacher_only" if what in _TEACHER or what == "end" else "message")
    except RefusedError as refusal:
        log.warning(
            "class %s: refused %s from a %s (%s)",
            sock.code,
            what,
            "teacher" if sock.teacher else "student",
            refusal.code,
        )
        return {"t": "refused", "why": refusal.code, "what": what}
    except (ValueError, TypeError, KeyError, OverflowError, RecursionError) as error:
        log.warning("class %s: refused a malformed %s: %s", sock.code, what, type(error).__name__)
        return {"t": "refused", "why": "message", "what": what}


ROUTES = [
    Route("/api/classes", create_class, methods=["POST"]),
    Route("/api/classes/{code:str}/qr.svg", qr_code),
    Route("/api/classes/{code:str}/results.csv", results_csv),
    WebSocketRoute("/api/classes/{code:str}/ws", room_socket),
]
