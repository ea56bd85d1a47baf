"""The live class's browser tests through deploy/ (nginx, two replicas, Redis), with the teacher on
one replica and the students on the other, so that every step, answer, lock and refusal crosses
Redis.

The tests of tests/e2e/test_class.py run here again, in the same order, against fixtures that put
the teacher on replica 1's own port and the three students on replica 2's; then a class made by
`POST /api/classes` through nginx, with its teacher on replica 2.

Marked `load` (it starts the whole deployment and takes about two minutes): `make load` runs it,
`make test` does not.
"""

from __future__ import annotations

import json
import urllib.request

import pytest
import redis

from backprop_ui import classroom
from tests.helpers import until
from tests.load.test_load import deployed

from . import test_class as same
from .conftest import open_app
from .test_class import room, shown, start_lecture

# Every test of test_class.py, in its order (they share one class and the last one ends it), here
# against the fixtures below; the one for POST /api/classes is replaced by the cross-replica one at
# the end of this file.
globals().update(
    (name, test)
    for name, test in vars(same).items()
    if name.startswith("test_") and name != "test_post_api_creates_a_room_a_student_link_opens"
)

pytestmark = pytest.mark.load


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    with deployed(tmp_path_factory.mktemp("class-deploy")) as target:
        yield target


@pytest.fixture(scope="module")
def server(deployment):
    """The teacher's replica: the tests above use it for the projector's link and the CSV."""
    return deployment.direct[0]


@pytest.fixture(scope="module")
def lecture(browser, deployment):
    """The teacher on replica 1, the students on replica 2; the room lives in deploy/'s Redis."""
    for lecture in start_lecture(browser, deployment.direct[0], deployment.direct[1]):
        code = lecture[2]
        store = redis.Redis(port=deployment.redis_port)
        assert store.exists(f"bp:room:{code}")
        # Each replica counts the students whose socket it holds: all three are on replica 2.
        counts = sorted(int(v.decode().split(":")[0]) for v in store.hgetall(f"bp:students:{code}").values())
        assert counts in ([3], [0, 3]), counts
        yield lecture


def test_a_class_made_by_the_api_through_nginx_is_taught_from_either_replica(browser, deployment):
    """A course page creates the class through nginx; the teacher's link opens on replica 2 (as after
    a replica dies and nginx sends the teacher elsewhere) and still steers; a student on replica 1
    follows and is refused the teacher's actions."""
    req = urllib.request.Request(
        f"{deployment.url}/api/classes",
        data=json.dumps({"query": "p=tiny", "lang": "en"}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(req) as r:
        assert r.status == 201
        made = json.loads(r.read())
    path = lambda url: url.split("/", 3)[3]  # noqa: E731 -- the same link on another host
    contexts = [browser.new_context(viewport={"width": 1280, "height": 720}), browser.new_context()]
    try:
        teacher, student = (context.new_page() for context in contexts)
        open_app(teacher, deployment.direct[1], path(made["teacher_url"]))
        open_app(student, deployment.direct[0], path(made["student_url"]))
        until(lambda: (room(teacher) or {}).get("students") == 1, timeout=10, what="the student counted")
        assert room(student)["query"] == "p=tiny"
        for _ in range(2):
            teacher.keyboard.press("ArrowRight")
            step = shown(teacher)
            until(lambda step=step: shown(student) == step, timeout=3, what="the student following")
        assert step == 2 < len(classroom.trace_of("p=tiny"))
        refused = student.evaluate(
            """new Promise((done) => { const l = window.__backpropStage.lecture, old = l.receive.bind(l);
            l.receive = (m) => { old(m); if (m.t === 'refused') done(m.why); }; l.send({t: 'lock', on: true}); })"""
        )
        assert refused == "teacher_only" and not room(teacher)["locked"]
    finally:
        for context in contexts:
            context.close()
