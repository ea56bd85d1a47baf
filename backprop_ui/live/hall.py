"""The students' page of a live class: a light page of its own, beside the app (``st.App`` routes).

A lecture hall is a hundred phones joining in the same minute. Each of them gets one small HTML
page with the stage's data written into it, and loads the stage's modules, plotly.js's basic
bundle, KaTeX and the fonts from this app's own routes (cached for a year, sent compressed):
no Streamlit frontend and no Streamlit session. The walk comes from the cache the main page uses
(``walk.walk_json``) and the page is built once per room, scenario and language, so a hundred
joins build it once.

* ``GET /join/<code>[?lang=en]``: the page. A code that names no room, or is not a code, gets a
  page that says so in the student's language, with a way into the app;
* ``GET /join/<code>/walk[?lang=en]``: the stage's data for the room's scenario now (when the
  teacher shows another one, a following phone asks here);
* ``GET /join/<code>/followup?seed=N[&lang=en]``: in a follow-up round, the question of the room
  asked again on the phone's own example (``practice.fresh_example`` with the phone's seed): what
  the phone shows and judges itself, as the walk's question records are;
* the students' links of before, ``/?class=CODE``, are sent here (``OldStudentLinks``); the
  teacher's (with ``teach=``) still open the main page.

The page carries no teacher's secret: a student's data is built here from the room's public part.
"""

from __future__ import annotations

import gzip
import html
import json
from functools import lru_cache
from urllib.parse import parse_qs, parse_qsl

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from backprop_ui import html_page, i18n, links
from backprop_ui.live import classroom, words
from backprop_ui.live.classroom import RefusedError
from backprop_ui.live.hub import MAX_ROOMS, MAX_STUDENTS, hub
from backprop_ui.stage import files, routes, walk

# The stage's modules the page needs (its host and what it imports), asked for at once.
_MODULES = files.reachable("adapters/page.js")


def _lang(request: Request) -> str:
    lang = request.query_params.get("lang")
    return lang if lang in i18n.LANGS else i18n.DEFAULT_LANG


def app_link(query: str, lang: str) -> str:
    """The main page with ``query``'s scenario, in ``lang``."""
    extra = links.encode({"lang": lang}) if lang != i18n.DEFAULT_LANG else ""
    rest = "&".join(part for part in (query, extra) if part)
    return "/?" + rest if rest else "/"


@lru_cache(maxsize=64)
def stage_json(code: str, query: str, lang: str) -> str:
    """The stage's data for a student of room ``code`` showing ``query``, as JSON (built once per room,
    scenario and language: the walk is ``walk.walk_json``'s, the cache the main page uses)."""
    scenario = links.read_link(dict(parse_qsl(query, keep_blank_values=True))).scenario
    doc = walk.walk_json(scenario, lang)  # first: its build notes the walk's size, which walk_keys asks
    rest = {
        "target": None,
        "present": False,
        "practice": None,
        "practice_id": None,
        "shareable": True,
        "query": query,  # the room's, as its messages name it: the stage compares the two
        "class": {
            "code": code,
            "teacher": False,
            "ws": f"/api/classes/{code}/ws",
            "student_path": classroom.join_path(code, lang),
            "followup": f"/join/{code}/followup?lang={lang}",
            "labels": words.labels(lang),
        },
        "class_words": words.start_labels(lang),
        "follow": f"/join/{code}/walk" + (f"?lang={lang}" if lang != i18n.DEFAULT_LANG else ""),
        "default_lang": i18n.DEFAULT_LANG,
    } | routes.walk_keys(scenario, lang)
    # The walk is already JSON (cached): it goes in as it is, not parsed and written again.
    return '{"walk":' + doc + "," + json.dumps(rest, ensure_ascii=False)[1:]


def _preloads() -> tuple[str, ...]:
    """What a student's page asks for at once: KaTeX's stylesheet, plotly.js, KaTeX and every module of the stage."""
    katex = routes.ASSETS["katex_css"]
    return (
        f'<link rel="stylesheet" href="{katex}" data-bp="{katex}">',
        f'<link rel="preload" href="{routes.ASSETS["plotly"]}" as="script">',
        f'<link rel="preload" href="{routes.ASSETS["katex_js"]}" as="script">',
        *(f'<link rel="modulepreload" href="{routes.STAGE_URL}/{name}">' for name in _MODULES),
    )


@lru_cache(maxsize=64)
def _page(code: str, query: str, lang: str) -> tuple[bytes, bytes]:
    """The page of a live room, and its gzip (compressed once per room, scenario and language)."""
    path = f"/join/{code}"
    title = i18n.t("hall.title", lang, code=code)
    body = "\n".join(
        [
            html_page.head(title, lang, _preloads()),
            '<body><div class="bp-hall">',
            '<header class="bp-hall-head">',
            f"<h1>{html.escape(i18n.t('app.title', lang))}</h1>",
            '<nav class="bp-hall-nav">',
            f'<a id="bp-open-app" class="bp-page-btn" href="{html.escape(app_link(query, lang))}" target="_blank" '
            f'rel="noopener" title="{html.escape(i18n.t("hall.open_app_help", lang))}">'
            f"{html.escape(i18n.t('hall.open_app', lang))}</a>",
            html_page.switch(lang, path),
            "</nav></header>",
            '<main id="bp-stage"></main>',
            "</div>",
            f'<script type="application/json" id="bp-data">{html_page.script_json(stage_json(code, query, lang))}</script>',
            f'<script type="module" src="{routes.STAGE_URL}/adapters/page.js"></script>',
            "</body></html>",
        ]
    ).encode()
    return body, gzip.compress(body, 6)


def _message_page(lang: str, path: str, message: str, link: str, link_label: str) -> str:
    return html_page.message_page(lang, message, link, link_label, nav=html_page.switch(lang, path))


async def _find(typed: str) -> tuple[str | None, classroom.Room | None, bool]:
    """(the code, its room, whether the class service answered) for a code as typed in a link."""
    code = classroom.read_code(typed)
    if code is None:
        return None, None, True
    try:
        return code, await run_in_threadpool(hub().get, code), True
    except RefusedError:
        return code, None, False


async def join_page(request: Request) -> Response:
    typed = request.path_params["code"]
    lang = _lang(request)
    code, room, up = await _find(typed)
    if room is not None and code is not None:
        raw, packed = _page(code, room.query, lang)
        return html_page.send(request, raw, packed, "text/html; charset=utf-8")
    path = classroom.join_path(typed[:40])
    home = app_link("", lang)
    if code is None:
        text = _message_page(
            lang, path, i18n.t("hall.bad_code", lang, code=typed[:40]), home, i18n.t("hall.to_app", lang)
        )
        status = 404
    elif not up:
        text = _message_page(lang, path, i18n.t("hall.unavailable", lang), home, i18n.t("hall.to_app", lang))
        status = 503
    else:
        last = await run_in_threadpool(hub().last_query, code)
        if last is not None:  # a late link: the walk the class last showed, to go through alone
            text = _message_page(
                lang, path, i18n.t("hall.ended", lang, code=code), app_link(last, lang), i18n.t("hall.walk_on", lang)
            )
        else:
            text = _message_page(lang, path, i18n.t("hall.gone", lang, code=code), home, i18n.t("hall.to_app", lang))
        status = 404
    return Response(text, status_code=status, media_type="text/html; charset=utf-8", headers=html_page.PAGE_HEADERS)


@lru_cache(maxsize=64)
def _walk_body(code: str, query: str, lang: str) -> tuple[bytes, bytes]:
    """What a following phone fetches when the room shows another scenario, and its gzip: a hall asks
    for it at once, so it is compressed once."""
    raw = stage_json(code, query, lang).encode()
    return raw, gzip.compress(raw, 5)


async def join_walk(request: Request) -> Response:
    code, room, _up = await _find(request.path_params["code"])
    if room is None or code is None:
        return JSONResponse({"error": "gone"}, status_code=404, headers=html_page.NO_STORE)
    raw, packed = _walk_body(code, room.query, _lang(request))
    return html_page.send(request, raw, packed, "application/json")


@lru_cache(maxsize=2048)
def followup_json(query: str, step: int, seed: int, lang: str) -> bytes:
    """A phone's follow-up: the room's question at ``step`` on the phone's own example, as a walk's question
    record (the value, its mistakes' values, choices and the formula menu; no panels: its numbers are in
    the question's own lines)."""
    asked = classroom.followup_step(query, step, seed)
    record = walk.question_record(asked, lang, {})
    if record is None:  # cannot be: the same kind of step asks the same kind of question
        raise LookupError(f"step {step} of the phone's example asks nothing")
    record.pop("panels", None)
    body = {"step": step, "seed": seed, "question": record}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


class _Seeds:
    """The seeds this process has made a follow-up for, per room and question: a class's phones (each a
    seed, and asked again after a reload) and no more. Anyone with a class's code may ask with any seed,
    and each new one costs an example and its trace; past twice the most students a room takes, a new
    seed is refused (429) until the next question."""

    def __init__(self, most: int) -> None:
        self.most = most
        self.seen: dict[str, tuple[int, set[int]]] = {}

    def admit(self, code: str, qid: int, seed: int) -> bool:
        at, seeds = self.seen.get(code, (qid, set()))
        if at != qid:
            at, seeds = qid, set()
        if seed not in seeds:
            if len(seeds) >= self.most:
                return False
            seeds.add(seed)
        if len(self.seen) > 4 * MAX_ROOMS:  # rooms long gone
            self.seen.clear()
        self.seen[code] = (at, seeds)
        return True


_seeds = _Seeds(2 * MAX_STUDENTS)


async def join_followup(request: Request) -> Response:
    code, room, _up = await _find(request.path_params["code"])
    if room is None or code is None:
        return JSONResponse({"error": "gone"}, status_code=404, headers=html_page.NO_STORE)
    q = room.question
    if q is None or q.kind != classroom.FOLLOWUP:
        return JSONResponse({"error": "no_followup"}, status_code=409, headers=html_page.NO_STORE)
    try:
        seed = classroom.seed_of(int(request.query_params.get("seed", "")))
    except (ValueError, RefusedError):
        return JSONResponse({"error": "seed"}, status_code=400, headers=html_page.NO_STORE)
    if not _seeds.admit(code, q.id, seed):
        return JSONResponse({"error": "too_many"}, status_code=429, headers=html_page.NO_STORE)
    try:
        raw = await run_in_threadpool(followup_json, room.query, q.step, seed, _lang(request))
    except (LookupError, StopIteration):
        return JSONResponse({"error": "no_followup"}, status_code=409, headers=html_page.NO_STORE)
    return Response(raw, media_type="application/json", headers=html_page.NO_STORE)


class OldStudentLinks:
    """Sends a student's link of before (``/?class=CODE``, no teacher's secret) to the class's page."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("path") == "/" and scope.get("method") in ("GET", "HEAD"):
            query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
            if "class" in query and "teach" not in query:
                lang = (query.get("lang") or [None])[0]
                target = classroom.join_path(query["class"][0][:40], lang)
                await RedirectResponse(target, status_code=302)(scope, receive, send)
                return
        await self.app(scope, receive, send)


ROUTES = [
    Route("/join/{code:str}/walk", join_walk),
    Route("/join/{code:str}/followup", join_followup),
    Route("/join/{code:path}", join_page),  # a code as typed may hold "/": it is named, not routed elsewhere
]
