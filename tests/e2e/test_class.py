"""The live class in real browsers: a teacher and three students, each in a browser context of
their own, on one server (the in-process rooms of `make run`)."""

from __future__ import annotations

import json
import time
import urllib.request

import pytest

from backprop_core import practice
from backprop_ui import classroom, i18n
from tests.helpers import until

from .conftest import open_app, wait_ready, wait_stage

PHONE = {"width": 390, "height": 844}


def shown(page) -> int:
    return page.evaluate("window.__backpropStage.shown")


def room(page) -> dict:
    return page.evaluate("window.__backpropStage.lecture && window.__backpropStage.lecture.room")


def start_lecture(browser, teacher_at: str, students_at: str):
    """A teacher who started a class from presentation mode on ``teacher_at``, and three students
    on phones who opened its link on ``students_at`` (the same server, or another replica).

    Yields (teacher, students, code); closes every browser context afterwards."""
    contexts = []

    def new_page(viewport):
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: pytest.fail(f"page error: {error}"))
        return page

    teacher = new_page({"width": 1280, "height": 720})
    open_app(teacher, teacher_at, "?p=xor&present=1&lang=en")
    teacher.click(".bp-class-btn")
    teacher.wait_for_url("**teach=**", timeout=20_000)
    wait_ready(teacher)
    wait_stage(teacher)
    teacher.wait_for_selector(".bp-c-join:not([hidden])")
    code = teacher.locator(".bp-c-big").text_content().replace(" ", "")
    assert classroom.read_code(code) == code
    students = []
    for _ in range(3):
        page = new_page(PHONE)
        open_app(page, students_at, f"?class={code}&lang=en")  # the link the projector shows
        students.append(page)
    until(lambda: (room(teacher) or {}).get("students") == 3, what="three students counted")
    yield teacher, students, code
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def lecture(browser, server):
    """One class for the tests below, in file order (the last one ends it): each leaves the room
    as it found it (no question open, unlocked, everyone following).

    tests/e2e/test_class_deploy.py runs the same tests with the teacher and the students on
    different replicas of deploy/."""
    yield from start_lecture(browser, server, server)


def test_the_projector_shows_how_to_join(lecture, server):
    teacher, _students, code = lecture
    assert teacher.locator(".bp-c-link").text_content() == f"{server}/?class={code}&lang=en"  # the lecture's language
    assert (
        teacher.evaluate("document.querySelector('.bp-c-qr').naturalWidth") > 100
    )  # the QR code loaded, from this server
    assert "teach=" not in teacher.evaluate("window.__backpropStage.shareLink()")  # Share offers the students' link
    teacher.click(".bp-c-join-close")
    assert teacher.locator(".bp-c-join").is_hidden()


def test_students_follow_within_a_second_and_can_detach_and_rejoin(lecture):
    teacher, students, _code = lecture
    teacher.evaluate("window.__backpropStage.lecture.toggleJoin(false)")
    for _ in range(3):
        teacher.keyboard.press("ArrowRight")
        step = shown(teacher)
        for page in students:
            took = until(lambda page=page, step=step: shown(page) == step, timeout=3, what="a student following")
            assert took < 1.0
    leaver = students[0]
    leaver.click(".bp-c-detach")
    leaver.locator(".bp-prev").click()
    for _ in range(2):
        teacher.keyboard.press("ArrowRight")
    until(lambda: shown(students[1]) == shown(teacher), what="the others following")
    assert shown(leaver) == 2  # exploring: stays where the student went
    assert "lecture is at step 6" in leaver.locator(".bp-c-text").text_content()
    leaver.click(".bp-c-detach")  # now "Back to the lecture"
    until(lambda: shown(leaver) == shown(teacher), what="the student back with the lecture")


def test_a_locked_room_keeps_students_with_the_lecture(lecture):
    teacher, students, _code = lecture
    teacher.click(".bp-c-lock")
    until(lambda: room(students[0])["locked"], what="the lock reaching a student")
    page = students[0]
    assert page.locator(".bp-c-detach").is_hidden()
    page.locator(".bp-next").click()
    assert shown(page) == shown(teacher)
    assert "locked" in page.locator(".bp-notice").text_content()
    teacher.click(".bp-c-lock")
    until(lambda: not room(page)["locked"], what="the unlock")
    page.locator(".bp-next").click()
    assert shown(page) == shown(teacher) + 1  # free again: the press detached the student
    page.click(".bp-c-detach")  # back to the lecture, for the tests after this one
    until(lambda: shown(page) == shown(teacher), what="the student back with the lecture")


def test_a_question_round_with_a_revote_counts_answers_by_diagnosis(lecture, server):
    teacher, students, _code = lecture
    teacher.evaluate("window.__backpropStage.lecture.toggleJoin(false)")
    step = teacher.evaluate(
        "(() => { const s = window.__backpropStage; for (let i = 0; i < s.meta.n; i++) {"
        " const r = s.recordAt(i); if (r && r.q && r.q.k === 'delta' && r.q.c.length) return i; } })()"
    )
    q = practice.question(classroom.trace_of("p=xor")[step])
    teacher.evaluate("window.__backpropStage.go(0)")
    teacher.keyboard.press("q")  # the first step asks nothing: refused in words, no room change
    assert "computes no value" in teacher.locator(".bp-notice").text_content() and room(teacher)["q"] is None
    teacher.evaluate(f"window.__backpropStage.go({step})")
    teacher.keyboard.press("q")
    for page in students:
        page.wait_for_selector(".bp-q-input", state="visible")
        assert shown(page) == step
    # The projector does not give the answer away while the room answers.
    assert teacher.locator(".bp-q-input").is_hidden()
    assert teacher.locator(".bp-numbers").is_hidden() and teacher.locator(".bp-q-given").is_visible()
    wrong = q.candidates[0]
    for page, text in zip(students, [f"{q.value:.4f}", f"{wrong.value:.4f}", "123"], strict=True):
        page.fill(".bp-q-input", text)
        page.click(".bp-q-check")
    until(lambda: room(teacher)["q"]["answered"] == 3, what="three answers counted")
    assert "3 of 3 have answered" in teacher.locator(".bp-c-answered").text_content()
    assert "Wait for the teacher" in students[0].locator(".bp-q-feedback").text_content()
    teacher.keyboard.press("r")  # reveal
    teacher.wait_for_selector(".bp-c-bars[data-round='1']")
    first = {
        li.get_attribute("data-bucket"): int(li.get_attribute("data-count"))
        for li in teacher.locator(".bp-c-bars li").all()
    }
    assert first == {"right": 1, "+".join(wrong.ids): 1, "other": 1}
    labels = teacher.locator(".bp-c-bars li .bp-c-name").all_text_contents()
    assert labels[0] == "right" and i18n.t(f"mkn.{wrong.ids[0]}", "en") in " ".join(labels)
    students[1].wait_for_selector(".bp-c-bars[data-round='1']")  # students see the split too
    teacher.click(".bp-c-revote")
    for page in students:
        page.wait_for_selector(".bp-q-input", state="visible")
        page.fill(".bp-q-input", f"{q.value:.4f}")
        page.click(".bp-q-check")
    until(lambda: room(teacher)["q"]["answered"] == 3, what="three answers in the revote")
    # A browser that sends its answer again (as after a reconnect) is not counted twice.
    students[0].evaluate("window.__backpropStage.lecture.send({t: 'answer', q: 1, round: 2, value: '0.1'})")
    teacher.keyboard.press("r")
    teacher.wait_for_selector(".bp-c-bars[data-round='2']")
    second = {
        li.get_attribute("data-bucket"): int(li.get_attribute("data-count"))
        for li in teacher.locator(".bp-c-bars[data-round='2'] li").all()
    }
    assert second == {"right": 3}
    csv_url = teacher.evaluate("window.__backpropStage.lecture.info.csv")
    with urllib.request.urlopen(server + csv_url) as r:
        rows = r.read().decode("utf-8-sig").splitlines()
    assert f"1,{step + 1},delta,2,right,right,3,1.000" in rows and len(rows) == 5
    teacher.click(".bp-c-close")
    for page in students:  # the question is closed: the value is shown
        until(lambda page=page: page.locator(".bp-q-input").is_hidden(), what="the box gone")


def test_a_student_cannot_act_as_the_teacher(lecture):
    teacher, students, _code = lecture
    before = room(teacher)["v"]
    refused = students[0].evaluate(
        """new Promise((done) => { const l = window.__backpropStage.lecture, old = l.receive.bind(l);
        l.receive = (m) => { old(m); if (m.t === 'refused') done(m.why); }; l.send({t: 'step', step: 7}); })"""
    )
    assert refused == "teacher_only"
    time.sleep(0.3)
    assert room(teacher)["v"] == before and room(students[1])["step"] == shown(teacher)


def test_the_class_ends_for_everyone(lecture):
    teacher, students, _code = lecture
    teacher.once("dialog", lambda dialog: dialog.accept())
    teacher.click(".bp-c-end")
    for page in students:
        until(lambda page=page: page.evaluate("!window.__backpropStage.lecture"), what="the class ended")
        assert "class has ended" in page.locator(".bp-notice").text_content()
        assert "class=" not in page.url
    teacher.wait_for_url(lambda url: "teach=" not in url, timeout=10_000)
    wait_ready(teacher)
    # The student's session has forgotten the class: a later rerun (here a switch to Persian) does
    # not look for the room again and say that there is no class with its code.
    page = students[0]
    page.wait_for_function("() => window.__backpropStage.data.class === null")  # the rerun the stage asked for
    wait_ready(page)
    assert page.locator('[data-testid="stAlertContainer"]').count() == 0  # the stage has already said it
    page.locator('[data-testid="stExpandSidebarButton"]').click()  # a phone: the sidebar is closed
    page.locator(".st-key-lang button", has_text=i18n.LANG_NAMES["fa"]).click()
    page.wait_for_function(
        "(title) => document.querySelector('h1')?.textContent === title", arg=i18n.t("app.title", "fa")
    )
    wait_ready(page)
    assert page.locator('[data-testid="stAlertContainer"]').count() == 0
    assert page.evaluate("!window.__backpropStage.lecture") and "class=" not in page.url


@pytest.mark.parametrize(("link", "key"), [("?class=K7P3Q0", "cl.bad_code"), ("?class=QQQQQQ", "cl.gone")])
@pytest.mark.parametrize("lang", ["fa", "en"])
def test_a_wrong_or_expired_code_is_named_and_the_app_opens(page, server, link, key, lang):
    open_app(page, server, f"{link}&lang={lang}")
    text = page.locator('[data-testid="stAlertContainer"]').first.text_content()
    code = link.split("=")[1]
    expected = i18n.t(key, lang, code=code)
    assert i18n.latin_digits(text).strip().endswith(i18n.latin_digits(expected)[-40:])
    assert page.locator(".bp-cbar").count() == 0 and shown(page) == 0
    assert "class=" not in page.url


def test_post_api_creates_a_room_a_student_link_opens(page, server):
    req = urllib.request.Request(
        f"{server}/api/classes",
        data=json.dumps({"query": "p=tiny"}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(req) as r:
        body = json.loads(r.read())
    open_app(page, server, body["student_url"].split("/", 3)[3])
    until(lambda: room(page) is not None, what="the student joined")
    assert room(page)["query"] == "p=tiny" and page.evaluate("window.__backpropStage.meta.n") == len(
        classroom.trace_of("p=tiny")
    )
