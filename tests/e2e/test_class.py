"""The live class in real browsers: a teacher and three students, each in a browser context of
their own.

Every test runs twice. First on one server (the in-process rooms of `make run`; part of
`make test`), then through deploy/ (nginx, two replicas and Redis) with the teacher on replica 1's
own port and the students on replica 2's, so every step, lock and answer reaches the other side
through Redis (marked `load`: `make load` runs it, since it starts the whole deployment).
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
import urllib.request
from dataclasses import dataclass

import pytest
import redis
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect
from websockets.sync.client import connect

from backprop_core import practice
from backprop_ui import i18n
from backprop_ui.live import classroom
from backprop_ui.stage import walk
from tests.helpers import TWO_FRAMES, fits_screen, until
from tests.load.test_load import Target, deployed

from .conftest import axe_serious, open_app, open_hall, wait_ready, wait_stage

PHONE = {"width": 390, "height": 844}


def shown(page) -> int:
    return page.evaluate("window.__backpropStage.shown")


def room(page) -> dict:
    return page.evaluate("window.__backpropStage.lecture && window.__backpropStage.lecture.room")


# A refusal the student's socket receives, or "none" after 5 s (a test must not wait for ever).
REFUSED_JS = """(message) => new Promise((done) => {
  const s = window.__backpropStage;
  s.watch((action) => { if (action.type === 'refused') done(action.msg.why); });
  setTimeout(() => done('none'), 5000);
  s.lecture.send(message);
})"""


IN_VIEW = "(sel) => { const r = document.querySelector(sel).getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }"


@dataclass
class Hall:
    """Where the teacher and the students open the app."""

    teacher: str  # the teacher's server (the projector's link and the CSV come from it)
    students: str  # the students' server: the same one, or the other replica
    front: str  # where a course page would call POST /api/classes: the server, or nginx
    deploy: Target | None = None


@pytest.fixture(
    scope="module",
    params=["one server", pytest.param("deploy", marks=pytest.mark.load)],
)
def hall(request, tmp_path_factory):
    if request.param == "one server":
        server = request.getfixturevalue("server")
        yield Hall(server, server, server)
    else:
        with deployed(tmp_path_factory.mktemp("class-deploy")) as target:
            yield Hall(target.direct[0], target.direct[1], target.url, target)


@pytest.fixture(scope="module")
def lecture(browser, hall):
    """A teacher who started a class from presentation mode, and three students on phones who
    opened its link. Yields (teacher, students, code).

    One class for the tests below, in file order (the last one ends it): each leaves the room
    as it found it (no question open, unlocked, everyone following)."""
    contexts = []

    def new_page(viewport):
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: pytest.fail(f"page error: {error}"))
        return page

    try:
        teacher = new_page({"width": 1280, "height": 720})
        open_app(teacher, hall.teacher, "?p=xor&present=1&lang=en")
        teacher.click(".bp-class-btn")
        teacher.wait_for_url("**teach=**", timeout=20_000)
        wait_ready(teacher)
        wait_stage(teacher)
        teacher.wait_for_selector(".bp-c-join:not([hidden])")
        code = teacher.locator(".bp-c-big").text_content().replace(" ", "")
        assert classroom.read_code(code) == code
        link = teacher.locator(".bp-c-link").text_content().split("/", 3)[3]  # the link the projector shows
        students = []
        for path in (link, link, f"?class={code}&lang=en"):  # the last, a student's link of before
            page = new_page(PHONE)
            open_hall(page, hall.students, path)
            assert page.url == f"{hall.students}/join/{code}?lang=en"  # the light page
            students.append(page)
        until(lambda: (room(teacher) or {}).get("students") == 3, what="three students counted")
        if hall.deploy:  # the room is in deploy/'s Redis, and one replica (not the teacher's) counts the students
            with redis.Redis(port=hall.deploy.redis_port) as store:
                assert store.exists(f"bp:room:{code}")
                counts = [int(v.decode().split(":")[0]) for v in store.hgetall(f"bp:students:{code}").values()]
            assert counts == [3], counts
        yield teacher, students, code
    finally:
        for context in contexts:
            context.close()


def test_the_projector_shows_how_to_join(lecture, hall):
    teacher, _students, code = lecture
    assert (
        teacher.locator(".bp-c-link").text_content() == f"{hall.teacher}/join/{code}?lang=en"
    )  # the lecture's language
    assert (
        teacher.evaluate("document.querySelector('.bp-c-qr').naturalWidth") > 100
    )  # the QR code loaded, from this server
    assert "teach=" not in teacher.evaluate("window.__backpropStage.shareLink()")  # Share offers the students' link
    # Teaching starts (a step): the panel gives way and the code stays small in the bar; J shows it again.
    teacher.keyboard.press("ArrowRight")
    expect(teacher.locator(".bp-c-join")).to_be_hidden()
    assert code in teacher.locator(".bp-c-code").text_content()
    teacher.keyboard.press("j")
    expect(teacher.locator(".bp-c-join")).to_be_visible()
    assert teacher.locator(".bp-c-join-close").get_attribute("aria-keyshortcuts") == "J"
    teacher.click(".bp-c-join-close")
    assert teacher.locator(".bp-c-join").is_hidden()
    teacher.keyboard.press("Home")
    # With the class bar, the projector still shows figure and card whole, without scrolling.
    last = teacher.evaluate("window.__backpropStage.meta.n") - 1
    for step in (0, 6, last):
        teacher.evaluate(f"window.__backpropStage.go({step})")
        box = fits_screen(teacher)
        assert box["overflow"] <= 0 and box["card"] <= 720 and box["figure"] <= 720, (step, box)
    teacher.evaluate("window.__backpropStage.go(0)")


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
    """The lock brings every student to the teacher's step at once, those exploring on their own too (the trial's
    phone stayed on its own step and could still press Next), and holds them there."""
    teacher, students, _code = lecture
    explorer = students[1]
    explorer.click(".bp-c-detach")
    explorer.locator(".bp-next").click()
    explorer.locator(".bp-next").click()
    until(lambda: shown(explorer) == shown(teacher) + 2, what="a student exploring ahead")
    teacher.keyboard.press("l")
    until(lambda: room(students[0])["locked"], what="the lock reaching a student")
    until(lambda: shown(explorer) == shown(teacher), what="the explorer brought back by the lock")
    assert explorer.evaluate("window.__backpropStage.lecture.following") is True
    page = students[0]
    assert page.locator(".bp-c-detach").is_hidden() and explorer.locator(".bp-c-detach").is_hidden()
    for phone in (page, explorer):
        phone.locator(".bp-next").click()
        assert shown(phone) == shown(teacher)
        assert "locked" in phone.locator(".bp-c-text").text_content()
    assert "locked" not in page.locator(".bp-notice").text_content()  # said once, in the bar, which flashes
    expect(page.locator(".bp-cbar")).to_have_class(re.compile("bp-c-nudge"))
    teacher.click(".bp-c-lock")
    until(lambda: not room(page)["locked"], what="the unlock")
    page.locator(".bp-next").click()
    assert shown(page) == shown(teacher) + 1  # free again: the press detached the student
    page.click(".bp-c-detach")  # back to the lecture, for the tests after this one
    until(lambda: shown(page) == shown(teacher), what="the student back with the lecture")


def test_a_question_round_with_a_revote_counts_answers_by_diagnosis(lecture, hall):
    teacher, students, _code = lecture
    teacher.evaluate("window.__backpropStage.lecture.toggleJoin(false)")
    step = teacher.evaluate(
        "(() => { const s = window.__backpropStage; for (let i = 0; i < s.meta.n; i++) {"
        " const r = s.record(i); if (r && r.question && r.question.kind === 'delta' && r.question.candidates.length) return i; } })()"
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
    # What is not a number is said so on the phone (and not sent); a right value to three figures is asked for four.
    students[0].fill(".bp-q-input", "abc")
    students[0].click(".bp-q-check")
    expect(students[0].locator(".bp-q-feedback")).to_contain_text("“abc” is not a number")
    assert students[0].locator(".bp-q-input").get_attribute("aria-invalid") == "true"
    students[0].fill(".bp-q-input", f"{q.value:.3g}")
    students[0].click(".bp-q-check")
    expect(students[0].locator(".bp-q-feedback")).to_contain_text("now give 4 significant figures")
    assert room(teacher)["q"]["answered"] == 0
    for page, text in zip(students, [f"{q.value:.4f}", f"{wrong.value:.4f}", "123"], strict=True):
        page.fill(".bp-q-input", text)
        page.click(".bp-q-check")
    until(lambda: room(teacher)["q"]["answered"] == 3, what="three answers counted")
    assert "3 of 3 have answered" in teacher.locator(".bp-c-answered").text_content()
    assert "Wait for the teacher" in students[0].locator(".bp-q-feedback").text_content()
    # A phone reloaded after answering shows its answer, not a new box (the tab keeps what it sent).
    reloaded = students[2]
    reloaded.reload()
    wait_stage(reloaded)
    reloaded.wait_for_selector(".bp-q-feedback:has-text('Your answer')")
    assert reloaded.locator(".bp-q-input").is_hidden() and "123" in reloaded.locator(".bp-q-feedback").text_content()
    # Another tab of a browser that has answered may send an answer, and is told that the first counts.
    tab = students[1].context.new_page()
    open_hall(tab, hall.students, f"join/{lecture[2]}?lang=en")
    tab.wait_for_selector(".bp-q-input", state="visible")
    tab.fill(".bp-q-input", "7")
    tab.click(".bp-q-check")
    tab.wait_for_selector(".bp-q-feedback:has-text('first answer it sent is the one counted')")
    tab.close()
    assert room(teacher)["q"]["answered"] == 3
    # The teacher moves on with the question open: the bar says so, and Q goes back to it.
    teacher.keyboard.press("ArrowRight")
    until(lambda: "Question 1 is still open" in teacher.locator(".bp-c-text").text_content(), what="the bar's reminder")
    assert teacher.locator(".bp-c-ask").text_content() == "To question 1"
    box = fits_screen(teacher)  # the reminder gives way to the buttons: the bar stays one row
    assert box["overflow"] <= 0 and box["figure"] <= 720, box
    teacher.keyboard.press("q")
    until(lambda: shown(teacher) == step, what="the teacher back at the question")
    until(lambda: room(teacher)["students"] == 3, what="the closed tab no longer counted")
    teacher.keyboard.press("r")  # reveal: the split by the value given, not which is right (peer instruction)
    teacher.wait_for_selector(".bp-c-bars[data-round='split']")
    split = _bars(teacher, "split")
    assert split == {walk.choice_label(q.value): 1, walk.choice_label(wrong.value): 1, "other": 1}, split
    assert teacher.locator(".bp-c-bars .bp-c-right").count() == 0  # no bar marked right
    assert (
        teacher.locator(".bp-c-tell").is_visible()
        and teacher.locator(".bp-c-tell").get_attribute("aria-keyshortcuts") == "A"
    )
    phone = students[1]
    phone.wait_for_selector(".bp-c-bars[data-round='split']")  # students see the split too, and are not told
    assert "Talk it over with your neighbours" in phone.locator(".bp-q-feedback").text_content()
    assert "The answer" not in phone.locator(".bp-q-feedback").text_content()  # the right value is not shown yet
    assert "right" not in json.dumps(room(phone))  # nor do the messages say which is right
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
    # The revote's reveal tells the answer: both votes named by diagnosis, the first vote's split now as it was.
    assert _bars(teacher, "1") == {"right": 1, "+".join(wrong.ids): 1, "other": 1}
    labels = teacher.locator(".bp-c-bars[data-round='1'] li .bp-c-name").all_text_contents()
    assert labels[0] == "right" and i18n.t(f"mkn.{wrong.ids[0]}", "en") in " ".join(labels)
    until(lambda: "The answer" in phone.locator(".bp-q-feedback").text_content(), what="the phone told the answer")
    # The projector shows the question's count, both votes' bars and its buttons whole, at every size and in both
    # languages (the trial's were cut at the card's edge, the buttons in its hidden scroll area).
    question_area_is_whole(teacher, hall, ["Follow-up on own numbers", "Close the question"])
    csv_url = teacher.evaluate("window.__backpropStage.lecture.info.csv")
    with urllib.request.urlopen(hall.teacher + csv_url) as r:
        rows = r.read().decode("utf-8-sig").splitlines()
    name = walk.asked_name(q)[1]  # the entry asked, in the lesson's notation: δ₁⁽³⁾
    assert f"1,{step + 1},{name},2,right,right,3,1.000,revote" in rows and len(rows) == 5
    teacher.keyboard.press("c")  # every class action has a key: C closes the question
    for page in students:  # the question is closed: the value is shown
        until(lambda page=page: page.locator(".bp-q-input").is_hidden(), what="the box gone")


WHOLE = """() => { const area = document.querySelector('.bp-c-room'); if (!area || area.hidden) return 'no area';
  const r = area.getBoundingClientRect(), main = document.querySelector('[data-testid=stMain]');
  if (r.bottom > innerHeight + 1 || r.top < 0) return 'off screen: ' + r.top + '..' + r.bottom;
  if (area.scrollHeight > area.clientHeight + 1) return 'scrolls: ' + area.scrollHeight + ' > ' + area.clientHeight;
  if (main.scrollHeight > main.clientHeight + 1) return 'the page scrolls';
  for (const el of area.querySelectorAll('button:not([hidden]), .bp-c-row, .bp-c-answered, .bp-c-advice')) {
    if (!el.getClientRects().length) continue; // not shown (a part of the area that is hidden)
    const b = el.getBoundingClientRect(); if (b.bottom > r.bottom + 1 || b.right > r.right + 1 || b.left < r.left - 1) return 'cut: ' + el.className;
  }
  return 'ok'; }"""


def question_area_is_whole(teacher, hall, buttons):
    """The teacher's question area at 1024×768, 1280×720 and 1920×1080, in English and in Persian (a second
    projector tab of the same class), with the buttons named."""
    fa = teacher.context.new_page()
    try:
        open_app(fa, hall.teacher, teacher.url.split("/", 3)[3].replace("lang=en", "lang=fa"))
        fa.wait_for_selector(".bp-c-bars[data-round='2']")
        for page in (teacher, fa):
            for width, height in ((1024, 768), (1280, 720), (1920, 1080)):
                page.set_viewport_size({"width": width, "height": height})
                try:  # whole once the layout has followed the resize (a few frames)
                    page.wait_for_function(f"() => ({WHOLE})() === 'ok'", timeout=5_000)
                except PlaywrightTimeoutError:
                    raise AssertionError((page.evaluate(WHOLE), page.url, width, height)) from None
                page.evaluate(TWO_FRAMES)
                assert page.evaluate(WHOLE) == "ok", (page.url, width, height)  # and it stays so
        assert [b for b in teacher.locator(".bp-c-room button:visible").all_text_contents()] == buttons
    finally:
        fa.close()
        teacher.set_viewport_size({"width": 1280, "height": 720})


def _labels(page, sel: str) -> list[str]:
    return [t.strip() for t in page.locator(sel).all_text_contents()]


def _bars(page, round_: str) -> dict[str, int]:
    return {
        li.get_attribute("data-bucket"): int(li.get_attribute("data-count"))
        for li in page.locator(f".bp-c-bars[data-round='{round_}'] li").all()
    }


def test_choices_which_formula_a_follow_up_on_own_numbers_the_advisor_think_time_and_pause(lecture, hall):
    """Peer instruction with the app's own teaching tools: a question asked as choices (M) with "which formula?",
    tapped on three phones, each in its own order; a think time on the projector and the phones; the advisor's line
    from the first vote; a follow-up (F) where every phone has its own numbers and is judged on them; the results as
    tables and said once in a live region; Pause blanks every phone. axe finds nothing serious in the new states."""
    teacher, students, _code = lecture
    teacher.evaluate("window.__backpropStage.lecture.toggleJoin(false)")
    trace = classroom.trace_of("p=xor")
    step = next(k for k, s in enumerate(trace) if s.phase == "output_delta" and s.example == 1)
    asked = practice.question(trace[step])
    right_ids, _menu = practice.formula_menu(trace[step], asked)
    teacher.evaluate(f"window.__backpropStage.go({step})")
    teacher.keyboard.press("m")  # as choices
    teacher.click(".bp-c-ask-which")
    assert teacher.locator(".bp-c-ask-choices").get_attribute("aria-pressed") == "true"
    assert teacher.locator(".bp-c-ask-which").get_attribute("aria-pressed") == "true"
    teacher.reload()  # the projector's tab keeps how it asks
    wait_ready(teacher)
    wait_stage(teacher)
    expect(teacher.locator(".bp-c-ask-choices")).to_have_attribute("aria-pressed", "true")
    expect(teacher.locator(".bp-c-ask-which")).to_have_attribute("aria-pressed", "true")
    # Q asks once the room is back on the reloaded page's socket (before, the stage has no room to ask in).
    until(lambda: (room(teacher) or {}).get("step") == step, timeout=15, what="the reloaded projector's room")
    teacher.keyboard.press("q")
    until(lambda: (room(teacher) or {}).get("q") is not None, what="the question asked")
    for page in students:
        page.wait_for_selector(".bp-q-choice", state="visible")
        # The card does not give away which formula it is: the id and the formula are folded away.
        assert page.locator(".bp-formula").is_hidden() and page.locator(".bp-folded").is_visible()
    assert teacher.locator(".bp-formula").is_hidden() and teacher.locator(".bp-ids").is_hidden()  # the room reads it
    seeds = [page.evaluate("window.__backpropStage.lecture.seed") for page in students]
    assert len(set(seeds)) == 3  # each phone its own order (and, in the follow-up, its own numbers)
    choices = {c.mistake: c for c in practice.choices(trace[step], 4, None)}
    texts = [_labels(page, ".bp-q-choice") for page in students]
    assert all(sorted(t) == sorted(texts[0]) for t in texts) and len(texts[0]) == len(choices)
    # The think time: on the projector and on every phone, counting down.
    teacher.click(".bp-c-think-btn[data-seconds='30']")
    for page in students:
        page.wait_for_selector(".bp-quiz .bp-c-think:not([hidden])")
    first = int(students[0].locator(".bp-quiz .bp-c-think").get_attribute("data-left"))
    assert 25 <= first <= 30
    until(
        lambda: int(students[0].locator(".bp-quiz .bp-c-think").get_attribute("data-left")) < first, what="a countdown"
    )
    assert teacher.locator(".bp-c-room .bp-c-think").is_visible()
    assert axe_serious(teacher) == [] and axe_serious(students[0]) == []  # asking: choices, think time, the folded card
    # Three taps: the right value and two mistakes; two phones name a formula, the right one and another.
    mistakes = [m for m in choices if m is not None][:2]
    wanted = [None, *mistakes]
    for page, mistake in zip(students, wanted, strict=True):
        answer = f"{float(practice.rounded(choices[mistake].value)):.4g}"
        page.locator(f".bp-q-choice[data-answer='{answer}']").click()
        page.wait_for_selector(".bp-q-which-btn", state="visible")
    menu_ids = [b.get_attribute("data-id") for b in students[0].locator(".bp-q-which-btn").all()]
    wrong_id = next(i for i in menu_ids if i not in right_ids)
    students[0].locator(f".bp-q-which-btn[data-id='{right_ids[0]}']").click()
    students[1].locator(f".bp-q-which-btn[data-id='{wrong_id}']").click()
    until(
        lambda: room(teacher)["q"]["answered"] == 3 and room(teacher)["q"].get("named") == 2,
        what="3 answers, 2 formulas",
    )
    assert "3 of 3 have answered · 2 named a formula" in teacher.locator(".bp-c-answered").text_content()
    assert students[0].locator(".bp-q-which-btn[aria-pressed='true']").get_attribute("data-id") == right_ids[0]
    # The reveal: the advisor's line (1 of 3 right: discuss and vote again), the formulas apart, tables, a live region.
    teacher.keyboard.press("r")
    advice = teacher.locator(".bp-c-advice")
    expect(advice).to_be_visible()
    assert advice.get_attribute("data-advice") == "pair" and "33% right (1 of 3)" in advice.text_content()
    # The split first (no formula chart, the card still folded); the advisor says discuss, the teacher shows the answer.
    teacher.wait_for_selector(".bp-c-bars[data-round='split']")
    assert teacher.locator(".bp-c-formulas").count() == 0 and teacher.locator(".bp-formula").is_hidden()
    for page in students:
        until(
            lambda page=page: "without saying which is right" in page.locator(".bp-c-live").text_content(),
            what="the split said",
        )
    teacher.keyboard.press("a")
    teacher.wait_for_selector(".bp-c-bars[data-round='1']")
    assert teacher.locator(".bp-formula").is_visible()  # told: the card shows its formula again
    texts_sent = [f"{float(practice.rounded(choices[m].value)):.4g}" for m in wanted]
    expected = {}
    for text in texts_sent:
        verdict = practice.check(trace[step], text)
        name = "right" if verdict.correct else "+".join(verdict.mistakes) or "other"
        expected[name] = expected.get(name, 0) + 1
    assert _bars(teacher, "1") == expected and expected["right"] == 1
    assert _bars(teacher, "f1") == {right_ids[0]: 1, wrong_id: 1} | {i: 0 for i in right_ids[1:]}
    table = teacher.locator("table.bp-c-table[data-round='1']")
    assert table.locator("caption").text_content() == i18n.t("cl.histogram", "en")
    assert _labels(table, "tr[data-bucket='right'] td") == ["33%", "1"]
    for page in students:
        until(
            lambda page=page: "33% right (1 of 3)" in page.locator(".bp-c-live").text_content(), what="the reveal said"
        )
    assert "Yes" in students[0].locator(".bp-q-which-said").text_content()
    assert "Not that one" in students[1].locator(".bp-q-which-said").text_content()
    assert axe_serious(teacher) == [] and axe_serious(students[0]) == []
    # The follow-up: every phone its own numbers, judged there at once, and counted in a third kind of round.
    teacher.keyboard.press("f")
    owns = []
    for page, seed in zip(students, seeds, strict=True):
        page.wait_for_selector(".bp-c-own", state="visible")
        own = page.evaluate("window.__backpropStage.lecture.own")
        expected = practice.question(classroom.followup_step("p=xor", step, seed))
        assert own["value"] == expected.value
        owns.append((page.locator(".bp-q-given").inner_text(), expected))
    assert len({given for given, _ in owns}) == 3
    picks = []
    for page, mistake in zip(students[:2], [None, "sign_flipped"], strict=True):  # the third phone does not answer
        fresh = {c.mistake: c for c in practice.choices(classroom.followup_step("p=xor", step, seed_of(page)), 4, None)}
        pick = fresh.get(mistake) or fresh[None]
        picks.append(pick)
        page.locator(f".bp-q-choice[data-answer='{float(practice.rounded(pick.value)):.4g}']").click()
        feedback = page.locator(".bp-q-feedback")
        expect(feedback).to_have_attribute("data-mistakes", re.compile(r"\S"))  # judged on the phone, at once
        assert (pick.mistake or "right") in feedback.get_attribute("data-mistakes").split()
    until(lambda: room(teacher)["q"]["answered"] == 2, what="two follow-up answers")
    teacher.keyboard.press("r")
    teacher.wait_for_selector(".bp-c-bars[data-round='2']")
    follow = _bars(teacher, "2")
    # Right, each mistake, and the one who did not answer.
    assert follow.pop("none") == 1 and sum(follow.values()) == 2, follow
    assert follow.get("right", 0) == sum(1 for p in picks if p.mistake is None), follow
    assert "Follow-up (own numbers)" in teacher.locator(".bp-c-room").text_content()
    # A phone reloaded after the reveal shows its own numbers again, and the verdict it had.
    said = students[1].locator(".bp-q-feedback").get_attribute("data-mistakes")
    students[1].reload()
    wait_stage(students[1])
    students[1].wait_for_selector(".bp-c-own", state="visible")
    expect(students[1].locator(".bp-q-feedback")).to_have_attribute("data-mistakes", said)
    assert students[1].locator(".bp-q-given").inner_text() == owns[1][0]
    assert axe_serious(students[2]) == []
    # Pause phones: every phone blanks until the teacher resumes.
    teacher.click(".bp-c-pause")
    for page in students:
        expect(page.locator(".bp-c-paused")).to_be_visible()
        assert page.evaluate("document.querySelector('.bp-stage').inert")  # nothing behind it can be used
    assert axe_serious(students[0]) == []
    teacher.click(".bp-c-pause")
    for page in students:
        expect(page.locator(".bp-c-paused")).to_be_hidden()
        assert not page.evaluate("document.querySelector('.bp-stage').inert")
    # The CSV has the follow-up's round and the formulas named.
    csv_url = teacher.evaluate("window.__backpropStage.lecture.info.csv")
    with urllib.request.urlopen(hall.teacher + csv_url) as r:
        rows = list(csv.reader(io.StringIO(r.read().decode("utf-8-sig"))))
    qid = str(room(teacher)["q"]["id"])
    mine = [row for row in rows if row[0] == qid]
    assert {row[8] for row in mine} == {"vote", "followup"}, rows
    assert next(row[6] for row in mine if row[8] == "vote" and row[4] == f"formula:{right_ids[0]}") == "1"
    teacher.keyboard.press("c")
    for page in students:
        until(
            lambda page=page: page.locator(".bp-q-choice").count() == 0 or page.locator(".bp-quiz").is_hidden(),
            what="closed",
        )


def seed_of(page) -> int:
    return page.evaluate("window.__backpropStage.lecture.seed")


def test_a_student_cannot_act_as_the_teacher(lecture):
    teacher, students, _code = lecture
    before = room(teacher)["v"]
    assert students[0].evaluate(REFUSED_JS, {"t": "step", "step": 7}) == "teacher_only"
    time.sleep(0.3)
    assert room(teacher)["v"] == before and room(students[1])["step"] == shown(teacher)


def test_a_phone_s_own_page_opens_the_full_app_switches_language_and_steps_offline(lecture, hall):
    """What the light page adds to the stage: "Open in the full app" (the room's walk at the step on the
    phone's screen), the language switch (still in the class, still following), stepping with the network
    gone, and axe with no serious finding in either language."""
    teacher, students, code = lecture
    page = students[0]
    assert axe_serious(page) == []
    page.click(".bp-c-detach")
    page.locator(".bp-next").click()
    mine = shown(page)
    with page.context.expect_page() as opened:
        page.click("#bp-open-app")
    app = opened.value
    try:
        wait_ready(app)
        wait_stage(app)
        assert "p=xor" in app.url and f"step={mine + 1}" in app.url and "lang=en" in app.url and "class=" not in app.url
        assert shown(app) == mine and app.evaluate("!window.__backpropStage.lecture")
    finally:
        app.close()
    page.click(".bp-c-detach")  # back to the lecture
    until(lambda: shown(page) == shown(teacher), what="the student back with the lecture")
    # The language switch: the same class, in Persian, following the lecture.
    page.click("a[hreflang=fa]")
    page.wait_for_url(f"{hall.students}/join/{code}")
    wait_stage(page)
    assert page.evaluate("document.documentElement.lang") == "fa" and page.locator("h1").text_content() == i18n.t(
        "app.title", "fa"
    )
    until(lambda: room(page) is not None and shown(page) == shown(teacher), what="following again, in Persian")
    assert i18n.t("cl.following", "fa", code=code) in page.locator(".bp-c-text").text_content()
    assert axe_serious(page) == []
    # With every request refused, the phone still steps on its own: the walk is in the page.
    page.route("**/*", lambda route: route.abort())
    try:
        page.click(".bp-c-detach")
        for _ in range(3):
            page.locator(".bp-next").click()
        until(lambda: shown(page) == shown(teacher) + 3, what="three steps with no network")
    finally:
        page.unroute("**/*")
    page.click(".bp-c-detach")
    until(lambda: shown(page) == shown(teacher), what="the student back with the lecture")


def test_the_class_ends_for_everyone(lecture, hall):
    teacher, students, code = lecture
    for page in students:  # phones scrolled down to the card, as during a question
        page.evaluate("document.querySelector('.bp-stage').scrollIntoView({block: 'end'})")
    teacher.once("dialog", lambda dialog: dialog.accept())
    teacher.click(".bp-c-more > summary")  # End the class is under More
    teacher.click(".bp-c-end")
    for page in students:
        until(lambda page=page: page.evaluate("!window.__backpropStage.lecture"), what="the class ended")
        assert (
            i18n.t("cl.ended", "fa" if "lang=en" not in page.url else "en") in page.locator(".bp-notice").text_content()
        )
        until(lambda page=page: page.evaluate(IN_VIEW, ".bp-notice"), what="the notice scrolled into view")
    teacher.wait_for_url(lambda url: "teach=" not in url, timeout=10_000)
    wait_ready(teacher)
    # The walk stays, to go through alone.
    page = students[1]
    before = shown(page)
    page.locator(".bp-next").click()
    until(lambda: shown(page) == before + 1, what="a step on one's own after the class")
    # The class's link, opened later: it has ended, and its walk opens in the app.
    page.reload()
    message = page.locator(".bp-hall-message")
    assert message.text_content() == i18n.t("hall.ended", "en", code=code)
    page.get_by_role("link", name=i18n.t("hall.walk_on", "en")).click()
    wait_ready(page)
    wait_stage(page)
    assert "p=xor" in page.url and "class=" not in page.url and page.evaluate("window.__backpropStage.meta.n") == 40


@pytest.mark.parametrize(
    ("path", "code", "key", "lang"),
    [("?class=K7P3Q0", "K7P3Q0", "hall.bad_code", "fa"), ("join/QQQQQQ?lang=en", "QQQQQQ", "hall.gone", "en")],
)
def test_a_wrong_or_expired_code_is_named_with_a_way_into_the_app(page, hall, path, code, key, lang):
    page.goto(f"{hall.students}/{path}")
    assert page.locator(".bp-hall-message").text_content() == i18n.t(key, lang, code=code)
    assert axe_serious(page) == []
    page.get_by_role("link", name=i18n.t("hall.to_app", lang)).click()
    wait_ready(page)
    wait_stage(page)
    assert shown(page) == 0 and page.locator(".bp-cbar").count() == 0


def test_a_class_made_by_the_api_is_taught_from_its_links(browser, hall):
    """A course page creates the class (through nginx in deploy/); its teacher link opens on the
    students' replica (as after nginx moves a teacher whose replica died) and still steers; a
    student on the teacher's replica, at a desktop, follows and is refused the lock."""
    req = urllib.request.Request(
        f"{hall.front}/api/classes",
        data=json.dumps({"query": "p=tiny", "lang": "en"}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(req) as r:
        assert r.status == 201
        made = json.loads(r.read())
    # The student here is on a desktop (the lecture's students are phones).
    contexts = [browser.new_context(viewport={"width": 1280, "height": 720}) for _ in range(2)]
    try:
        teacher, student = (context.new_page() for context in contexts)
        open_app(teacher, hall.students, made["teacher_url"].split("/", 3)[3])  # the same link on another host
        open_hall(student, hall.teacher, made["student_url"].split("/", 3)[3])
        until(lambda: room(student) is not None and room(teacher) is not None, what="both in the room")
        until(lambda: room(teacher)["students"] == 1, what="the student counted")
        assert room(student)["query"] == "p=tiny" and student.evaluate("window.__backpropStage.meta.n") == len(
            classroom.trace_of("p=tiny")
        )
        for _ in range(2):
            teacher.keyboard.press("ArrowRight")
            step = shown(teacher)
            until(lambda step=step: shown(student) == step, timeout=3, what="the student following")
        assert step == 2
        assert student.evaluate(REFUSED_JS, {"t": "lock", "on": True}) == "teacher_only"
        # A lock applied would reach the teacher before the state of the step the teacher takes next.
        teacher.keyboard.press("ArrowRight")
        until(lambda: room(teacher)["step"] == 3, what="the teacher's next step in the room")
        assert not room(teacher)["locked"]
        # The room goes without this projector's End (ended elsewhere, expired, or lost with a
        # restarted server): the teacher is told it is lost, the student that the class has ended.
        secret = made["teacher_url"].split("teach=")[1].split("&")[0]
        with connect(hall.front.replace("http", "ws") + f"/api/classes/{made['code']}/ws") as ws:
            ws.send(json.dumps({"t": "hello", "role": "teacher", "secret": secret}))
            ws.send(json.dumps({"t": "end"}))
            until(lambda: teacher.evaluate("!window.__backpropStage.lecture"), what="the projector out of the class")
        assert "no longer on the server" in teacher.locator(".bp-notice").text_content()
        until(lambda: student.evaluate("!window.__backpropStage.lecture"), what="the student out of the class")
        assert "class has ended" in student.locator(".bp-notice").text_content()
    finally:
        for context in contexts:
            context.close()
