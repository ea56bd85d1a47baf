"""The Redis hub: two hubs on one redis-server stand for two replicas sharing a room. A change
made through one wakes the other's listeners, students are counted across both, a room expires
when idle, and an outage is a refusal ("unavailable"), not a lost room."""

from __future__ import annotations

import threading
import time

import pytest
import redis

from backprop_ui.live import classroom
from backprop_ui.live import hub as hub_module
from backprop_ui.live.classroom import RefusedError
from backprop_ui.live.hub import RedisHub
from tests.helpers import FakeListener as Listener
from tests.helpers import free_port, start_redis, until

XOR = "p=xor"


@pytest.fixture
def redis_url(tmp_path):
    port = free_port()
    proc = start_redis(port, tmp_path)
    yield f"redis://127.0.0.1:{port}/0", proc, port, tmp_path
    proc.kill()
    proc.wait(10)


@pytest.fixture
def replicas(redis_url):
    url = redis_url[0]
    hubs = [RedisHub(url, max_rooms=3, max_students=3), RedisHub(url, max_rooms=3, max_students=3)]
    yield hubs
    for hub in hubs:
        hub.close()


def test_a_room_made_on_one_replica_is_read_and_changed_on_the_other(replicas):
    one, two = replicas
    room, secret = one.create(XOR)
    assert two.get(room.code) == room and classroom.is_teacher(two.get(room.code), secret)
    student = Listener()
    one.attach(room.code, student)
    time.sleep(0.3)  # the other replica's subscription is up
    before = student.woken
    moved = two.update(room.code, lambda r, now: classroom.move(r, 4, now))
    assert moved.step == 4 and one.get(room.code).step == 4
    until(lambda: student.woken > before)  # told through pub/sub


def test_students_are_counted_across_replicas_and_the_cap_holds(replicas):
    one, two = replicas
    room, _ = one.create(XOR)
    one.attach(room.code, Listener())
    two.attach(room.code, Listener())
    two.attach(room.code, Listener())
    assert one.students(room.code) == two.students(room.code) == 3
    with pytest.raises(RefusedError, match="full"):
        one.attach(room.code, Listener())
    teacher = Listener(teacher=True)
    one.attach(room.code, teacher)  # the teacher is never refused
    left = next(iter(two._listeners[room.code]))
    two.detach(room.code, left)
    assert one.students(room.code) == 2


def test_rooms_are_capped_and_expire_when_idle(replicas, redis_url):
    one, two = replicas
    codes = [one.create(XOR)[0].code for _ in range(3)]
    with pytest.raises(RefusedError, match="too_many_rooms"):
        two.create(XOR)
    client = redis.Redis.from_url(redis_url[0])
    ttl = client.ttl(RedisHub.PREFIX + codes[0])
    assert classroom.IDLE_SECONDS - 60 < ttl <= classroom.IDLE_SECONDS
    client.expire(RedisHub.PREFIX + codes[0], 1)  # four idle hours, shortened
    until(lambda: one.get(codes[0]) is None)
    two.create(XOR)


def test_concurrent_answers_from_two_replicas_are_all_counted_once(replicas):
    one, two = replicas
    room, _ = one.create(XOR)
    step = next(k for k, s in enumerate(classroom.trace_of(XOR)) if classroom.practice.question(s))
    one.update(room.code, lambda r, now: classroom.ask(r, step, now))

    def vote(hub, k):
        hub.update(room.code, lambda r, now: classroom.answer(r, f"browser-{k:04d}", 1, 1, "7", now))

    threads = [threading.Thread(target=vote, args=((one, two)[k % 2], k)) for k in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with pytest.raises(RefusedError, match="answered"):
        vote(two, 3)  # a browser's second try, on the other replica
    assert one.get(room.code).question.answered() == 40


def test_an_outage_is_refused_and_the_rooms_come_back(redis_url, replicas):
    _url, proc, port, workdir = redis_url
    one, _two = replicas
    room, _ = one.create(XOR)
    one.update(room.code, lambda r, now: classroom.move(r, 6, now))
    listener = Listener()
    one.attach(room.code, listener)
    time.sleep(0.3)
    woken = listener.woken
    proc.kill()
    proc.wait(10)
    with pytest.raises(RefusedError, match="unavailable"):
        one.get(room.code)
    with pytest.raises(RefusedError, match="unavailable"):
        one.update(room.code, lambda r, now: classroom.move(r, 7, now))
    restarted = start_redis(port, workdir)  # the same files: the append-only log brings the rooms back
    try:
        until(lambda: _readable(one, room.code), timeout=10)
        assert one.get(room.code).step == 6
        until(lambda: listener.woken > woken, timeout=10)  # resubscribed, and every room's sockets told
    finally:
        restarted.kill()
        restarted.wait(10)


def _readable(hub, code):
    try:
        return hub.get(code) is not None
    except RefusedError:
        return False


def test_an_ended_room_is_remembered_on_every_replica_by_what_it_showed(replicas):
    """A late link, served by either replica, opens the walk the class last showed."""
    one, two = replicas
    room, _ = one.create(XOR)
    assert two.last_query(room.code) is None  # still open
    two.update(room.code, lambda r, now: classroom.show(r, "p=tiny", now))
    one.end(room.code)
    assert two.last_query(room.code) == "p=tiny" and one.last_query(room.code) == "p=tiny"
    assert one.last_query("NOSUCH") is None


def test_a_browser_coming_back_to_a_full_room_is_let_in_and_a_dead_replica_stops_counting(redis_url):
    """A hall of 300 lost a replica: its students' counts stayed for 90 s and their reconnects were refused as
    "full" (the stage then gives up). A browser that was in the room is let back in at the cap, a new one is not;
    and a replica's count that nobody refreshes stops counting after FRESH_SECONDS."""
    now = [1000.0]
    clock = lambda: now[0]  # noqa: E731
    one, two = RedisHub(redis_url[0], max_students=2, clock=clock), RedisHub(redis_url[0], max_students=2, clock=clock)
    try:
        room, _ = one.create(XOR)
        a, b = Listener(voter="browser-aaaaaaaa"), Listener(voter="browser-bbbbbbbb")
        two.attach(room.code, a)
        two.attach(room.code, b)
        assert one.students(room.code) == 2
        with pytest.raises(RefusedError, match="full"):
            one.attach(room.code, Listener(voter="browser-cccccccc"))
        # Replica two dies (no detach): its students come back through replica one, counted there too meanwhile.
        two.close()
        one.attach(room.code, Listener(voter="browser-aaaaaaaa"))
        one.attach(room.code, Listener(voter="browser-bbbbbbbb"))
        assert one.students(room.code) == 4  # two's last count is still fresh
        now[0] += hub_module.FRESH_SECONDS + 1
        one._count(room.code)  # replica one refreshes its count; two never will again
        assert one.students(room.code) == 2
        with pytest.raises(RefusedError, match="full"):
            one.attach(room.code, Listener(voter="browser-dddddddd"))
    finally:
        one.close()
        two.close()
