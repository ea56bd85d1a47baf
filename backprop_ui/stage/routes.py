"""HTTP routes beside the app (``st.App``): the stage's scripts, the windows of a big walk, its download.

* ``/assets/stage-<hash>/...``: the stage's ES modules (``assets/stage/``), under a hash of them all;
* ``/assets/plotly-basic-<version>.min.js``: plotly.js's basic bundle, vendored into ``static/plotly``
  (``scripts/vendor-plotly.sh``) at the version the installed ``plotly`` package ships in full;
* ``/assets/stage-<hash>.css``: the stage's stylesheet (the light page links it; the main page's
  component carries it);
* ``/assets/fonts-<hash>/...``: Vazirmatn (``static/fonts``), for pages that are not Streamlit's;
* ``/assets/katex/...``: KaTeX, vendored into ``static/katex`` (``scripts/vendor-katex.sh``);
* ``/api/walk/<token>/<k>``: window k of a walk the app has shown (``walk.window``);
* ``/api/walk/<token>/download``: the whole walk as JSON (``links.trace_json``);
* ``/api/walk/<token>/script``: a numpy script that reproduces every number (``takehome.py``).

Scripts are sent gzipped when the browser accepts it and cached for a year: their address
carries their version. A walk is found by the token the page handed the browser; the
registry is per process (deploy/ keeps a session on one process), and a token it no longer
knows answers 404, which the stage reports instead of guessing.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from functools import lru_cache
from pathlib import Path

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from backprop_core import Scenario, codec
from backprop_ui import links
from backprop_ui.exports import takehome
from backprop_ui.stage import walk
from backprop_ui.stage.files import (  # noqa: F401 (re-exported: the paths beside the addresses)
    FONTS,
    KATEX_DIR,
    KATEX_VERSION,
    PLOTLY_DIR,
    PLOTLY_JS,
    PLOTLY_VERSION,
    STAGE_CSS,
    STAGE_FILES,
)
from backprop_ui.stage.graph import geometry

PLOTLY_URL = f"/assets/plotly-basic-{PLOTLY_VERSION}.min.js"
KATEX_URL = f"/assets/katex-{KATEX_VERSION}"
# The modules import each other by relative paths, so one hash over them all versions the folder.
STAGE_URL = (
    "/assets/stage-"
    + hashlib.blake2b(
        b"".join(name.encode() + p.read_bytes() for name, p in STAGE_FILES.items()), digest_size=6
    ).hexdigest()
)
STAGE_CSS_URL = "/assets/stage-" + hashlib.blake2b(STAGE_CSS.read_bytes(), digest_size=6).hexdigest() + ".css"
FONTS_URL = (
    "/assets/fonts-" + hashlib.blake2b(b"".join(p.read_bytes() for p in FONTS.values()), digest_size=6).hexdigest()
)
# Where a stage finds plotly.js and KaTeX (handed to it with its data).
ASSETS = {
    "plotly": PLOTLY_URL,
    "katex_js": KATEX_URL + "/katex.min.js",
    "katex_css": KATEX_URL + "/katex.min.css",
}
YEAR = "public, max-age=31536000, immutable"
TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".woff2": "font/woff2"}
MAX_WALKS = 256

_walks: OrderedDict[str, tuple[Scenario, str]] = OrderedDict()
_lock = threading.Lock()


def register(scenario: Scenario, lang: str) -> str:
    """Remember a walk the page shows, so the browser can ask for its windows; returns its token."""
    token = walk.token(scenario, lang)
    with _lock:
        _walks[token] = (scenario, lang)
        _walks.move_to_end(token)
        while len(_walks) > MAX_WALKS:
            _walks.popitem(last=False)
    return token


def walk_keys(scenario: Scenario, lang: str) -> dict:
    """The keys of a stage's data that name its walk and where its files are, for either host (the main
    page's component, the students' page): the walk's token and its downloads (one file of it, or why
    not), the scenario's key for where a tab stood in it, plotly.js and KaTeX, and how the address is
    written (core/address.js)."""
    token = register(scenario, lang)
    query = codec.to_query(scenario)
    # One file of this walk (exports/offline.py): from the scenario's link when it has one, so any
    # replica can make it; else from the walk this server has.
    offline = f"/api/walk/{token}/offline"
    if links.shareable(query | links.view_query(step=999_998, lang=lang, present=True, practice="output")):
        offline = "/export/walk.html?" + links.encode(query | links.view_query(lang=lang))  # the stage adds the view
    return {
        "token": token,
        "skey": walk.token(scenario, ""),  # the scenario alone: where a tab stood in it survives a language switch
        "download": f"/api/walk/{token}/download",
        "script": f"/api/walk/{token}/script",
        "assets": ASSETS,
        "address": links.address_codec(),
        "offline": offline,
        "offline_refused": walk.file_refusal(scenario, lang),
    }


def lookup(token: str) -> tuple[Scenario, str] | None:
    """The scenario and language of a walk the app has shown, by its token (None once forgotten)."""
    with _lock:
        return _walks.get(token)


@lru_cache(maxsize=64)
def _file(path: Path) -> tuple[bytes, bytes]:
    raw = path.read_bytes()
    return raw, gzip.compress(raw, 6)


def _send_file(request: Request, path: Path) -> Response:
    raw, packed = _file(path)
    headers = {"Cache-Control": YEAR, "Vary": "Accept-Encoding"}
    media = TYPES.get(path.suffix, "application/octet-stream")
    if "gzip" in request.headers.get("accept-encoding", "") and path.suffix != ".woff2":
        return Response(packed, media_type=media, headers=headers | {"Content-Encoding": "gzip"})
    return Response(raw, media_type=media, headers=headers)


async def plotly_js(request: Request) -> Response:
    return _send_file(request, PLOTLY_JS)


def _one_of(files: dict[str, Path]) -> Callable[[Request], Awaitable[Response]]:
    """A route's handler that sends the file its ``{name}`` names in ``files``, and 404 for any other."""

    async def send(request: Request) -> Response:
        path = files.get(request.path_params["name"])
        return Response(status_code=404) if path is None else _send_file(request, path)

    return send


stage_module = _one_of(STAGE_FILES)
font_file = _one_of(FONTS)


async def stage_css(request: Request) -> Response:
    return _send_file(request, STAGE_CSS)


_KATEX_NAME = re.compile(r"^(katex\.min\.(js|css)|fonts/KaTeX_[A-Za-z0-9-]+\.woff2)$")


async def katex_file(request: Request) -> Response:
    name = request.path_params["name"]
    if not _KATEX_NAME.match(name) or not (KATEX_DIR / name).is_file():
        return Response(status_code=404)
    return _send_file(request, KATEX_DIR / name)


@lru_cache(maxsize=64)
def _window(token: str, k: int) -> bytes:
    found = lookup(token)
    if found is None:
        return b""
    scenario, lang = found
    trace = scenario.trace()
    size = walk.window_size(len(trace), len(geometry(trace.network.layer_sizes).nodes))
    if not 0 <= k < -(-len(trace) // size):
        return b""
    doc = walk.window(trace, lang, k, size)
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()


async def walk_window(request: Request) -> Response:
    token, k = request.path_params["token"], request.path_params["k"]
    body = _window(token, k)
    if not body:
        return JSONResponse({"error": "unknown walk or window"}, status_code=404)
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(gzip.compress(body, 5), media_type="application/json", headers={"Content-Encoding": "gzip"})
    return Response(body, media_type="application/json")


async def walk_download(request: Request) -> Response:
    found = lookup(request.path_params["token"])
    if found is None:
        return JSONResponse({"error": "unknown walk"}, status_code=404)
    scenario, _lang = found
    body = links.trace_json(scenario.trace(), scenario)
    name = links.trace_filename(scenario)
    return Response(
        body.encode(),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


async def walk_script(request: Request) -> Response:
    found = lookup(request.path_params["token"])
    if found is None:
        return JSONResponse({"error": "unknown walk"}, status_code=404)
    scenario, _lang = found
    return Response(
        takehome.script(scenario).encode(),
        media_type="text/x-python; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{takehome.filename(scenario)}"'},
    )


ROUTES = [
    Route(STAGE_CSS_URL, stage_css),
    Route(STAGE_URL + "/{name:path}", stage_module),
    Route(FONTS_URL + "/{name:str}", font_file),
    Route(PLOTLY_URL, plotly_js),
    Route(KATEX_URL + "/{name:path}", katex_file),
    Route("/api/walk/{token:str}/download", walk_download),
    Route("/api/walk/{token:str}/script", walk_script),
    Route("/api/walk/{token:str}/{k:int}", walk_window),
]
