"""Where the rooms of a live class live, and how a change reaches every browser in the room.

``MemoryHub`` keeps the rooms in this process: ``make run``, one server, nothing to install.
``RedisHub`` (when ``REDIS_URL`` is set) keeps each room as one JSON value in Redis that
expires after ``classroom.IDLE_SECONDS`` untouched, and tells every replica of a change by
pub/sub, so a teacher and students on different replicas share one room.

Both have the same synchronous, thread-safe interface: a Streamlit script thread reads a
room to show its scenario, the websocket handlers change it. A change wakes the local
listeners (the room's websockets); each listener then reads the room and sends what its
side may see. Listeners only ever learn "this room changed": a slow browser misses states
in between, never the last one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
import uuid
from collections.abc import Callable
from typing import Protocol

from backprop_ui.live import classroom
from backprop_ui.live.classroom import RefusedError, Room

log = logging.getLogger("backprop.class")

MAX_ROOMS = int(os.environ.get("BACKPROP_MAX_ROOMS", "500"))
MAX_STUDENTS = int(os.environ.get("BACKPROP_MAX_STUDENTS", "400"))
# A replica writes its number of students in a room this often, and a count older than FRESH_SECONDS is
# a replica that has died: its students are reconnecting to another one (and counted there).
COUNT_EVERY_SECONDS = 5
FRESH_SECONDS = 15
ENDED_SECONDS = 24 * 3600  # how long a late link to a class that has gone still opens its walk
MAX_ENDED = 5000  # rooms that have gone, remembered in this process


class Listener(Protocol):
    teacher: bool
    voter: str | None  # a student's browser (its random id), None for the teacher

    def wake(self) -> None:
        """The room changed (called from any thread)."""


def joined_hash(code: str, voter: str | None) -> str:
    """How a room remembers a browser that joined it: a hash of the room's code and the browser's random id."""
    return hashlib.sha256(f"{code}:{voter}".encode()).hexdigest()[:24]


class MemoryHub:
    """Rooms in this process's memory."""

    def __init__(self, max_rooms: int = MAX_ROOMS, max_students: int = MAX_STUDENTS, clock=time.time):
        self.max_rooms = max_rooms
        self.max_students = max_students
        self.clock = clock
        self._rooms: dict[str, Room] = {}
        self._ended: dict[str, tuple[str, float]] = {}  # code -> (the query it last showed, when it went)
        self._listeners: dict[str, set[Listener]] = {}
        self._joined: dict[str, set[str]] = {}  # per room, the browsers that have joined it (hashed)
        self._lock = threading.RLock()

    # -- rooms --
    def create(self, query: str) -> tuple[Room, str]:
        """A new room showing ``query``'s scenario; returns it and the teacher's secret."""
        query = classroom.scenario_query(query)
        now = self.clock()
        with self._lock:
            self._sweep(now)
            if len(self._rooms) >= self.max_rooms:
                raise RefusedError("too_many_rooms")
            code = classroom.new_code()
            while code in self._rooms:
                code = classroom.new_code()
            secret = classroom.new_secret()
            room = Room(code=code, secret_hash=classroom.hash_secret(secret), query=query, touched=now)
            self._rooms[code] = room
        return room, secret

    def get(self, code: str) -> Room | None:
        with self._lock:
            room = self._rooms.get(code)
            if room is not None and self.clock() - room.touched > classroom.IDLE_SECONDS:
                self._drop(code)
                return None
            return room

    def update(self, code: str, change: Callable[[Room, float], Room]) -> Room:
        """Apply ``change`` (which may raise RefusedError) to the room and wake its listeners."""
        with self._lock:
            room = self.get(code)
            if room is None:
                raise RefusedError("gone")
            new = change(room, self.clock())
            if new is room:
                return room
            self._rooms[code] = new
            listeners = list(self._listeners.get(code, ()))
        for listener in listeners:
            listener.wake()
        return new

    def end(self, code: str) -> None:
        """The teacher ends the class: the room goes, and its browsers are told."""
        with self._lock:
            listeners = list(self._listeners.get(code, ()))
            self._forget(code)
        for listener in listeners:
            listener.wake()

    def last_query(self, code: str) -> str | None:
        """What a room that has gone (ended or expired) last showed, for a day: a late link opens that walk."""
        with self._lock:
            self._sweep(self.clock())
            query, when = self._ended.get(code, (None, 0.0))
            return query if query is not None and self.clock() - when <= ENDED_SECONDS else None

    def _forget(self, code: str) -> None:
        self._joined.pop(code, None)
        room = self._rooms.pop(code, None)
        if room is not None:
            self._ended[code] = (room.query, self.clock())
            while len(self._ended) > MAX_ENDED:
                self._ended.pop(next(iter(self._ended)))

    def _sweep(self, now: float) -> None:
        for code in [c for c, r in self._rooms.items() if now - r.touched > classroom.IDLE_SECONDS]:
            self._drop(code)

    def _drop(self, code: str) -> None:
        self._forget(code)
        for listener in self._listeners.get(code, ()):
            listener.wake()

    # -- who is listening --
    def attach(self, code: str, listener: Listener) -> None:
        """Listen to the room; refuses a new student when the room is full (a browser that was already in
        it is let back in: after a drop its old connection may still be counted)."""
        with self._lock:
            here = self._listeners.setdefault(code, set())
            if not listener.teacher:
                joined = self._joined.setdefault(code, set())
                browser = joined_hash(code, listener.voter)
                if browser not in joined and self._students(code) >= self.max_students:
                    raise RefusedError("full")
                joined.add(browser)
            here.add(listener)
            teachers = [x for x in here if x.teacher]
        for teacher in teachers:  # the count of students changed
            teacher.wake()

    def detach(self, code: str, listener: Listener) -> None:
        for teacher in self._remove(code, listener):  # the count of students changed
            teacher.wake()

    def _remove(self, code: str, listener: Listener) -> list[Listener]:
        """Stop ``listener`` listening; returns the room's teachers."""
        with self._lock:
            here = self._listeners.get(code, set())
            here.discard(listener)
            if not here:
                self._listeners.pop(code, None)
            return [x for x in here if x.teacher]

    def students(self, code: str) -> int:
        with self._lock:
            return self._students(code)

    def _students(self, code: str) -> int:
        return sum(1 for x in self._listeners.get(code, ()) if not x.teacher)

    def close(self) -> None:
        pass


class RedisHub(MemoryHub):
    """Rooms in Redis, shared by every replica; this process keeps only its own listeners.

    A room is the JSON of ``Room`` at ``bp:room:CODE``, expiring ``IDLE_SECONDS`` after its last
    change. A change is a WATCH/MULTI transaction (retried when another replica changed the room
    meanwhile), then a PUBLISH on ``bp:room:CODE``; every replica's listener thread wakes its own
    listeners of that room. Each replica counts its own students under ``bp:students:CODE`` in a
    hash field of its own, refreshed while it lives, so a killed replica's students stop counting
    within a minute.
    """

    PREFIX = "bp:room:"
    STUDENTS = "bp:students:"
    LAST = "bp:last:"  # the query a room last showed, kept a day longer than the room
    JOINED = "bp:joined:"  # the browsers that have joined a room (hashed), so that one coming back is let in

    def __init__(self, url: str, max_rooms: int = MAX_ROOMS, max_students: int = MAX_STUDENTS, clock=time.time):
        super().__init__(max_rooms, max_students, clock)
        import redis  # only when REDIS_URL is set: `make run` needs no Redis

        self.redis = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5, health_check_interval=30)
        self.replica = uuid.uuid4().hex[:12]
        self._errors = redis.RedisError
        self._watch_error = redis.WatchError
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._listen, name="backprop-class-redis", daemon=True)
        self._thread.start()

    def _key(self, code: str) -> str:
        return self.PREFIX + code

    def create(self, query: str) -> tuple[Room, str]:
        query = classroom.scenario_query(query)
        now = self.clock()
        try:
            rooms = sum(1 for _ in self.redis.scan_iter(self.PREFIX + "*", count=1000))
            if rooms >= self.max_rooms:
                raise RefusedError("too_many_rooms")
            secret = classroom.new_secret()
            for _ in range(20):
                room = Room(
                    code=classroom.new_code(), secret_hash=classroom.hash_secret(secret), query=query, touched=now
                )
                if self.redis.set(self._key(room.code), json.dumps(room.to_json()), ex=classroom.IDLE_SECONDS, nx=True):
                    self.redis.set(self.LAST + room.code, query, ex=classroom.IDLE_SECONDS + ENDED_SECONDS)
                    return room, secret
        except self._errors as error:
            log.warning("redis: cannot create a room: %s", error)
            raise RefusedError("unavailable") from None
        raise RefusedError("too_many_rooms")

    def get(self, code: str) -> Room | None:
        try:
            raw = self.redis.get(self._key(code))
        except self._errors as error:
            log.warning("redis: cannot read room %s: %s", code, error)
            raise RefusedError("unavailable") from None
        return Room.from_json(json.loads(raw)) if raw else None

    def update(self, code: str, change: Callable[[Room, float], Room]) -> Room:
        key = self._key(code)
        try:
            with self.redis.pipeline() as pipe:
                while True:
                    try:
                        pipe.watch(key)
                        raw = pipe.get(key)
                        if not raw:
                            raise RefusedError("gone")
                        room = Room.from_json(json.loads(raw))
                        new = change(room, self.clock())
                        if new is room:
                            pipe.reset()
                            return room
                        pipe.multi()
                        pipe.set(key, json.dumps(new.to_json()), ex=classroom.IDLE_SECONDS)
                        pipe.set(self.LAST + code, new.query, ex=classroom.IDLE_SECONDS + ENDED_SECONDS)
                        pipe.publish(key, str(new.version))
                        pipe.execute()
                        return new
                    except self._watch_error:
                        continue
        except self._errors as error:
            log.warning("redis: cannot change room %s: %s", code, error)
            raise RefusedError("unavailable") from None

    def end(self, code: str) -> None:
        try:
            self.redis.expire(self.LAST + code, ENDED_SECONDS)
            self.redis.delete(self._key(code), self.STUDENTS + code, self.JOINED + code)
            self.redis.publish(self._key(code), "end")
        except self._errors as error:
            log.warning("redis: cannot end room %s: %s", code, error)
            raise RefusedError("unavailable") from None

    def last_query(self, code: str) -> str | None:
        try:
            if self.redis.exists(self._key(code)):
                return None
            raw = self.redis.get(self.LAST + code)
        except self._errors as error:
            log.warning("redis: cannot read room %s: %s", code, error)
            return None
        return raw.decode() if raw else None

    # -- students, counted per replica --
    def attach(self, code: str, listener: Listener) -> None:
        if not listener.teacher:
            browser = joined_hash(code, listener.voter)
            try:
                back = bool(self.redis.sismember(self.JOINED + code, browser))
            except self._errors as error:
                raise RefusedError("unavailable") from error
            if not back and self.students(code) >= self.max_students:
                raise RefusedError("full")
            try:
                pipe = self.redis.pipeline()
                pipe.sadd(self.JOINED + code, browser)
                pipe.expire(self.JOINED + code, classroom.IDLE_SECONDS)
                pipe.execute()
            except self._errors as error:
                raise RefusedError("unavailable") from error
        with self._lock:
            self._listeners.setdefault(code, set()).add(listener)
        self._count(code)

    def detach(self, code: str, listener: Listener) -> None:
        self._remove(code, listener)
        self._count(code)  # tells the teachers on every replica, through Redis

    def _count(self, code: str) -> None:
        """Write this replica's number of students in the room, and tell the room's teachers."""
        mine = self._students(code)
        try:
            pipe = self.redis.pipeline()
            field = self.replica
            if mine:
                pipe.hset(self.STUDENTS + code, field, f"{mine}:{self.clock():.0f}")
            else:
                pipe.hdel(self.STUDENTS + code, field)
            pipe.expire(self.STUDENTS + code, classroom.IDLE_SECONDS)
            pipe.publish(self._key(code), "students")
            pipe.execute()
        except self._errors as error:
            log.warning("redis: cannot count students of %s: %s", code, error)

    def students(self, code: str) -> int:
        try:
            counts = self.redis.hgetall(self.STUDENTS + code)
        except self._errors:
            return self._students(code)
        now, total = self.clock(), 0
        for raw in counts.values():
            n, _, seen = raw.decode().partition(":")
            if now - float(seen or 0) <= FRESH_SECONDS:  # a live replica wrote it moments ago
                total += int(n)
        return total

    def _listen(self) -> None:
        """This replica's one subscription: wakes the local listeners of a room that changed."""
        refreshed = 0.0
        while not self._stop.is_set():
            pubsub = None
            try:
                pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
                pubsub.psubscribe(self.PREFIX + "*")
                # Back after an outage: every room may have changed meanwhile.
                self._wake_all()
                while not self._stop.is_set():
                    message = pubsub.get_message(timeout=1.0)
                    if message and message.get("type") == "pmessage":
                        code = message["channel"].decode()[len(self.PREFIX) :]
                        with self._lock:
                            listeners = list(self._listeners.get(code, ()))
                        wanted = [x for x in listeners if x.teacher] if message["data"] == b"students" else listeners
                        for listener in wanted:
                            listener.wake()
                    if self.clock() - refreshed > COUNT_EVERY_SECONDS:
                        refreshed = self.clock()
                        with self._lock:
                            codes = list(self._listeners)
                        for code in codes:
                            self._count(code)
            except self._errors as error:
                log.warning("redis: subscription lost (%s); trying again", error)
                self._stop.wait(1.0)
            finally:
                if pubsub is not None:
                    try:
                        pubsub.close()
                    except Exception:  # closing a broken connection: nothing to save
                        pass

    def _wake_all(self) -> None:
        with self._lock:
            listeners = [x for here in self._listeners.values() for x in here]
        for listener in listeners:
            listener.wake()

    def close(self) -> None:
        self._stop.set()


_hub: MemoryHub | None = None
_hub_lock = threading.Lock()


def hub() -> MemoryHub:
    """This process's hub: Redis when ``REDIS_URL`` is set, else memory."""
    global _hub
    with _hub_lock:
        if _hub is None:
            url = os.environ.get("REDIS_URL", "").strip()
            _hub = RedisHub(url) if url else MemoryHub()
            log.info("live class rooms: %s", "redis" if url else "in this process")
        return _hub
