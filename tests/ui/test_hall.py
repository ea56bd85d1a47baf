"""The students' light page (live/hall.py) on a real server: what it holds, what it never holds,
what a wrong or ended code gets, that the old student links come here, and that a hall of joins
builds the page once. Its behaviour in a browser is tests/e2e/test_class.py's."""

from __future__ import annotations

import gzip
import html
import json
import re
import urllib.error
import urllib.request
from urllib.parse import parse_qsl

import jsonschema
import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware

from backprop_core import PRESETS, codec, practice
from backprop_ui import i18n, links
from backprop_ui.live import class_routes, classroom, hall
from backprop_ui.live.hub import hub
from backprop_ui.stage import routes, walk
from tests.helpers import serving
from tests.ui.test_contract import schema

FOLLOWUP = schema("followup")

DATA = re.compile(r'<script type="application/json" id="bp-data">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def base():
    app = Starlette(
        routes=class_routes.ROUTES + hall.ROUTES + routes.ROUTES, middleware=[Middleware(hall.OldStudentLinks)]
    )
    with serving(app) as where:
        yield where


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(base, path, gzip_ok=False, follow=True):
    """(status, headers, body text) of a GET."""
    req = urllib.request.Request(f"http://{base}{path}", headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(req) as r:
            raw, status, headers = r.read(), r.status, r.headers
    except urllib.error.HTTPError as error:
        raw, status, headers = error.read(), error.code, error.headers
    if headers.get("Content-Encoding") == "gzip":
        raw = gzip.decompress(raw)
    return status, headers, raw.decode(errors="replace")


def page_data(body: str) -> dict:
    found = DATA.search(body)
    assert found, "the page carries the stage's data"
    return json.loads(found.group(1))


def room(query="p=xor"):
    made, secret = hub().create(query)
    return made, secret


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_a_room_s_page_holds_its_walk_and_the_class_but_not_the_secret(base, lang):
    made, secret = room()
    status, headers, body = get(base, classroom.join_path(made.code, lang), gzip_ok=True)
    assert status == 200 and headers["Content-Encoding"] == "gzip" and headers["Cache-Control"] == "no-store"
    # Only this server's files run: no inline script, no other origin.
    assert (
        "script-src 'self';" in headers["Content-Security-Policy"] and "http" not in headers["Content-Security-Policy"]
    )
    assert not re.search(r"<script(?![^>]*(?:src=|type=\"application/json\"))", body)
    assert f'<html lang="{lang}" dir="{"rtl" if lang == "fa" else "ltr"}">' in body
    assert secret not in body and "teach=" not in body and '"secret"' not in body
    data = page_data(body)
    assert data["query"] == made.query and data["class"] == data["class"] | {
        "code": made.code,
        "teacher": False,
        "ws": f"/api/classes/{made.code}/ws",
        "student_path": classroom.join_path(made.code, lang),
    }
    # The walk is the main page's, number for number.
    assert data["walk"] == walk.build_walk(PRESETS["xor"], lang)
    assert data["walk"]["meta"]["n"] == len(PRESETS["xor"].trace()) and data["walk"]["meta"]["lang"] == lang
    # Everything it loads comes from this server, under names that change with their content.
    for url in re.findall(r'(?:href|src)="(/[^"]+)"', body):
        if url.startswith(("/assets/", "/app/static/")):
            assert get(base, url)[0] == 200 or url.startswith("/app/static/"), url
    # "Open in the full app": the main page with the room's scenario, in the page's language.
    link = html.unescape(re.search(r'id="bp-open-app"[^>]*href="([^"]+)"', body).group(1))
    assert dict(parse_qsl(link.split("?", 1)[1])) == {"p": "xor"} | ({"lang": lang} if lang == "en" else {})


def test_a_hostile_scenario_name_stays_text(base):
    name = "</script><script>alert(1)//<img src=x>"
    query = links.encode(codec.to_query(PRESETS["tiny"].replace(name=name)))
    made, _secret = room(query)
    _status, _headers, body = get(base, classroom.join_path(made.code, "en"))
    assert "<script>alert" not in body and "<img src=x" not in body
    data = page_data(body)
    assert data["query"] == query and dict(parse_qsl(data["query"]))["name"] == name  # as data, whole


def test_a_hall_of_joins_builds_the_page_once(base):
    made, _secret = room("p=tiny")
    get(base, classroom.join_path(made.code, "en"))
    before = hall._page.cache_info()
    bodies = {get(base, classroom.join_path(made.code, "en"), gzip_ok=True)[2] for _ in range(40)}
    after = hall._page.cache_info()
    assert len(bodies) == 1 and after.misses == before.misses and after.hits == before.hits + 40


def test_a_following_phone_gets_the_room_s_new_scenario(base):
    made, secret = room()
    path = classroom.join_path(made.code, "en").replace("?", "/walk?")
    assert get(base, path)[0] == 200 and json.loads(get(base, path)[2])["query"] == "p=xor"
    hub().update(made.code, lambda r, now: classroom.show(r, "p=tiny", now))
    data = json.loads(get(base, path)[2])
    assert data["query"] == "p=tiny" and data["walk"]["meta"]["n"] == len(PRESETS["tiny"].trace())
    assert secret not in json.dumps(data)
    assert get(base, "/join/ZZZZZZ/walk")[0] == 404


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_a_follow_up_gives_each_phone_its_own_question_to_judge(base, lang):
    """In a follow-up round a phone asks for the room's question on its own example (its seed): the value and the
    mistakes' values of that example, as the walk's question records carry them, in the phone's language."""
    made, _secret = room()
    trace = classroom.trace_of(made.query)
    step = next(k for k, s in enumerate(trace) if s.phase == "output_delta" and s.example == 2)
    path = f"/join/{made.code}/followup?lang={lang}&seed="
    assert get(base, path + "7")[0] == 409  # no follow-up yet
    hub().update(made.code, lambda r, now: classroom.ask(r, step, now))
    hub().update(made.code, lambda r, now: classroom.followup(classroom.reveal(r, now), now))
    seen = {}
    for seed in (7, 8, 2**31 - 1):
        status, headers, body = get(base, path + str(seed))
        assert status == 200 and headers["Cache-Control"] == "no-store"
        data = json.loads(body)
        jsonschema.validate(data, FOLLOWUP)
        own = practice.question(classroom.followup_step(made.query, step, seed))
        q = data["question"]
        assert (data["step"], data["seed"], q["kind"]) == (step, seed, "delta")
        assert q["value"] == own.value and [c[0] for c in q["candidates"]] == [c.value for c in own.candidates]
        assert "panels" not in q and q["ask"] == walk.question_record(trace[step], lang, {})["ask"]
        seen[seed] = q["given"]
    assert len(set(seen.values())) == 3  # three phones, three sets of numbers
    for bad in ("", "x", "-1", str(2**31), "1e3"):
        assert get(base, path + bad)[0] == 400
    assert get(base, "/join/ZZZZZZ/followup?seed=1")[0] == 404


def test_a_follow_up_makes_examples_for_a_class_s_phones_and_no_more(base, monkeypatch):
    """Anyone with the code may ask with any seed: past twice the most students a room takes, a new seed is
    refused for that question, while the seeds already served are served again (a phone that reloads)."""
    monkeypatch.setattr(hall, "_seeds", hall._Seeds(3))
    made, _secret = room()
    step = next(k for k, s in enumerate(classroom.trace_of(made.query)) if s.phase == "output_delta")
    hub().update(made.code, lambda r, now: classroom.followup(classroom.reveal(classroom.ask(r, step, now), now), now))
    path = f"/join/{made.code}/followup?seed="
    assert [get(base, path + str(seed))[0] for seed in (1, 2, 3, 4, 1, 3)] == [200, 200, 200, 429, 200, 200]
    # The next question's follow-up starts afresh.
    hub().update(made.code, lambda r, now: classroom.close(r, now))
    hub().update(made.code, lambda r, now: classroom.followup(classroom.reveal(classroom.ask(r, step, now), now), now))
    assert get(base, path + "4")[0] == 200


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_a_wrong_or_gone_code_is_named_with_a_way_into_the_app(base, lang):
    suffix = "?lang=en" if lang == "en" else ""
    status, _h, body = get(base, "/join/%3Cb%3Ehi%20there%3C%2Fb%3E" + suffix)
    assert status == 404 and "<b>hi" not in body
    assert html.escape(i18n.t("hall.bad_code", lang, code="<b>hi there</b>"), quote=True) in body
    assert (
        html.escape(i18n.t("hall.to_app", lang)) in body
        and ('href="/?lang=en"' if lang == "en" else 'href="/"') in body
    )
    status, _h, body = get(base, "/join/QQQQQQ" + suffix)
    assert status == 404 and html.escape(i18n.t("hall.gone", lang, code="QQQQQQ")) in body
    # A class that has ended: the walk it last showed, to go through alone.
    made, _secret = room("p=tiny")
    hub().end(made.code)
    status, _h, body = get(base, classroom.join_path(made.code, lang))
    assert status == 404 and html.escape(i18n.t("hall.ended", lang, code=made.code)) in body
    assert re.search(r'href="/\?p=tiny(&amp;lang=en)?"', body) and "bp-data" not in body


def test_old_student_links_come_here_and_the_teacher_s_do_not(base):
    made, secret = room()
    status, headers, _ = get(base, f"/?class={made.code.lower()}&lang=en", follow=False)
    assert status == 302 and headers["Location"] == f"/join/{made.code.lower()}?lang=en"
    assert get(base, f"/?class={made.code}")[2] == get(base, f"/join/{made.code}")[2]  # and the page opens
    # The teacher's link is the main page's (here no route answers "/": not a redirect).
    assert get(base, f"/?class={made.code}&teach={secret}", follow=False)[0] == 404
    assert get(base, "/?p=xor", follow=False)[0] == 404
