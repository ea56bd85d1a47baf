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

from backprop_ui import i18n, links
from backprop_ui.live import classroom, words
from backprop_ui.live.classroom import RefusedError
from backprop_ui.live.hub import hub
from backprop_ui.stage import routes, walk

# The stage's modules the page needs (all but the Streamlit host), asked for at once.
_MODULES = sorted(name for name in routes.STAGE_FILES if name != "adapters/streamlit.js")
_NO_STORE = {"Cache-Control": "no-store"}  # the page follows a room that changes; its scripts are cached
# Everything the page uses is this server's: its scripts are files (the stage's data is JSON, not
# run), its socket and requests go back here; plotly and KaTeX set inline styles.
_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'"
)
_PAGE_HEADERS = _NO_STORE | {"Content-Security-Policy": _POLICY, "X-Content-Type-Options": "nosniff"}

PAGE_CSS = """
@font-face { font-family: Vazirmatn; src: url("FONTS/Vazirmatn-Regular.woff2") format("woff2"); font-weight: 400; font-display: swap; }
@font-face { font-family: Vazirmatn; src: url("FONTS/Vazirmatn-Bold.woff2") format("woff2"); font-weight: 700; font-display: swap; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: #FFFFFF; color: #1A1A1A; font-family: Vazirmatn, sans-serif; line-height: 1.5; }
.bp-hall { max-width: 76rem; margin: 0 auto; padding: 0.75rem 1rem 2.5rem; }
.bp-hall-head { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.5rem; margin-bottom: 0.6rem; }
.bp-hall-head h1 { margin: 0; font-size: 1.25rem; line-height: 1.3; }
.bp-hall-nav { display: flex; flex-wrap: wrap; gap: 0.5rem; }
.bp-hall .bp-btn { display: inline-flex; align-items: center; min-height: 2.5rem; padding: 0.35rem 0.8rem;
  border: 1px solid #C9CDD3; border-radius: 0.5rem; background: #FFFFFF; color: #1A1A1A; font: inherit;
  font-size: 0.95em; text-decoration: none; }
.bp-hall .bp-btn:hover { border-color: #0072B2; color: #005E94; }
.bp-hall .bp-btn:focus-visible { outline: 3px solid #0072B2; outline-offset: 2px; }
.bp-hall .bp-primary { background: #005E94; border-color: #005E94; color: #FFFFFF; }
.bp-hall-message { margin: 1.5rem 0 1rem; padding: 0.8rem 1rem; border-inline-start: 4px solid #8A4B00;
  background: #FFF6E5; border-radius: 0.25rem; }
@media (max-width: 640px) { .bp-hall { padding: 0.5rem 0.75rem 2rem; } .bp-hall-head h1 { font-size: 1.05rem; } }
""".replace("FONTS", routes.FONTS_URL)


def _script_json(value: str) -> str:
    """JSON text made safe inside ``<script type="application/json">`` (no tag can end there)."""
    return (
        value.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


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
            "labels": words.labels(lang),
        },
        "class_words": words.start_labels(lang),
        "follow": f"/join/{code}/walk" + (f"?lang={lang}" if lang != i18n.DEFAULT_LANG else ""),
        "default_lang": i18n.DEFAULT_LANG,
    } | routes.walk_keys(scenario, lang)
    # The walk is already JSON (cached): it goes in as it is, not parsed and written again.
    return '{"walk":' + walk.walk_json(scenario, lang) + "," + json.dumps(rest, ensure_ascii=False)[1:]


def _head(title: str, lang: str, preload: bool) -> str:
    loc = i18n.locale(lang)
    parts = [
        "<!doctype html>",
        f'<html lang="{lang}" dir="{"rtl" if loc.rtl else "ltr"}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title>",
        '<link rel="icon" href="/app/static/favicon.png">',
        f'<link rel="preload" href="{routes.FONTS_URL}/Vazirmatn-Regular.woff2" as="font" type="font/woff2" crossorigin>',
        f'<link rel="stylesheet" href="{routes.STAGE_CSS_URL}">',
    ]
    if preload:
        katex = routes.ASSETS["katex_css"]
        parts += [
            f'<link rel="stylesheet" href="{katex}" data-bp="{katex}">',
            f'<link rel="preload" href="{routes.ASSETS["plotly"]}" as="script">',
            f'<link rel="preload" href="{routes.ASSETS["katex_js"]}" as="script">',
        ]
        parts += [f'<link rel="modulepreload" href="{routes.STAGE_URL}/{name}">' for name in _MODULES]
    parts += [f"<style>{PAGE_CSS}</style>", "</head>"]
    return "\n".join(parts)


def _switch(lang: str, path: str) -> str:
    """The language switch: a link to this page in the other language (named in that language)."""
    other = next(x for x in i18n.LANGS if x != lang)
    href = path + (f"?lang={other}" if other != i18n.DEFAULT_LANG else "")
    label = i18n.t("lang.label", lang) + ": " + i18n.LANG_NAMES[other]
    return (
        f'<a class="bp-btn" href="{html.escape(href)}" hreflang="{other}" lang="{other}" '
        f'aria-label="{html.escape(label)}">{html.escape(i18n.LANG_NAMES[other])}</a>'
    )


@lru_cache(maxsize=64)
def _page(code: str, query: str, lang: str) -> tuple[bytes, bytes]:
    """The page of a live room, and its gzip (compressed once per room, scenario and language)."""
    path = f"/join/{code}"
    title = i18n.t("hall.title", lang, code=code)
    body = "\n".join(
        [
            _head(title, lang, preload=True),
            '<body><div class="bp-hall">',
            '<header class="bp-hall-head">',
            f"<h1>{html.escape(i18n.t('app.title', lang))}</h1>",
            '<nav class="bp-hall-nav">',
            f'<a id="bp-open-app" class="bp-btn" href="{html.escape(app_link(query, lang))}" target="_blank" '
            f'rel="noopener" title="{html.escape(i18n.t("hall.open_app_help", lang))}">'
            f"{html.escape(i18n.t('hall.open_app', lang))}</a>",
            _switch(lang, path),
            "</nav></header>",
            '<main id="bp-stage"></main>',
            "</div>",
            f'<script type="application/json" id="bp-data">{_script_json(stage_json(code, query, lang))}</script>',
            f'<script type="module" src="{routes.STAGE_URL}/adapters/page.js"></script>',
            "</body></html>",
        ]
    ).encode()
    return body, gzip.compress(body, 6)


def _message_page(lang: str, path: str, message: str, link: str, link_label: str) -> str:
    """A page that says why there is no class to join, with one way on."""
    return "\n".join(
        [
            _head(i18n.t("app.title", lang), lang, preload=False),
            '<body><div class="bp-hall">',
            '<header class="bp-hall-head">',
            f"<h1>{html.escape(i18n.t('app.title', lang))}</h1>",
            f'<nav class="bp-hall-nav">{_switch(lang, path)}</nav>',
            "</header><main>",
            f'<p class="bp-hall-message" role="status">{html.escape(message)}</p>',
            f'<p><a class="bp-btn bp-primary" href="{html.escape(link)}">{html.escape(link_label)}</a></p>',
            "</main></div></body></html>",
        ]
    )


def _send(request: Request, raw: bytes, packed: bytes, media: str) -> Response:
    headers = _PAGE_HEADERS | {"Vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(packed, media_type=media, headers=headers | {"Content-Encoding": "gzip"})
    return Response(raw, media_type=media, headers=headers)


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
        return _send(request, raw, packed, "text/html; charset=utf-8")
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
    return Response(text, status_code=status, media_type="text/html; charset=utf-8", headers=_PAGE_HEADERS)


@lru_cache(maxsize=64)
def _walk_body(code: str, query: str, lang: str) -> tuple[bytes, bytes]:
    """What a following phone fetches when the room shows another scenario, and its gzip: a hall asks
    for it at once, so it is compressed once."""
    raw = stage_json(code, query, lang).encode()
    return raw, gzip.compress(raw, 5)


async def join_walk(request: Request) -> Response:
    code, room, _up = await _find(request.path_params["code"])
    if room is None or code is None:
        return JSONResponse({"error": "gone"}, status_code=404, headers=_NO_STORE)
    raw, packed = _walk_body(code, room.query, _lang(request))
    return _send(request, raw, packed, "application/json")


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
    Route("/join/{code:path}", join_page),  # a code as typed may hold "/": it is named, not routed elsewhere
]
