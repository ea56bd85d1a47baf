"""One HTML file that holds a walk and everything needed to step through it: no server, no network.

Lecturers prepare on one machine and teach on another, halls often have no usable network, and
students revise on a train. The file is built from the same parts as the app's own pages:

* the walk (``walk.walk_json``, whole: a walk too big for one file is refused, naming the limit);
* the stage's modules (``assets/stage``, the offline host ``adapters/file.js`` and what it imports),
  each as a ``data:`` URL named in an import map, their relative imports written as those names;
* plotly.js's basic bundle and KaTeX, as scripts in the page;
* KaTeX's stylesheet with its woff2 fonts, and Vazirmatn, as ``data:`` URLs.

The file's Content-Security-Policy lets it load nothing from anywhere (only what it holds), so
opening it makes no request at all. It carries the scenario and the view it was saved with,
never a class's code or a teacher's secret.

* ``GET /export/walk.html?<a share link's query>``: the file, as a download named like the
  other downloads (``links.walk_stem``);
* ``GET /api/walk/<token>/offline[?step=&present=&practice=]``: the same for a walk the app has
  shown, when its network is too big for a link.
"""

from __future__ import annotations

import base64
import html
import json
import re
import zlib
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from backprop_core import PRESETS, Scenario, codec
from backprop_ui import html_page, i18n, links
from backprop_ui.stage import files, routes, walk

ENTRY = "adapters/file.js"
# A walk one file holds is sent whole (one window): the file has no server to ask for the others.
if walk.FILE_UNIT_STEPS > walk.WHOLE_UNIT_STEPS:
    raise RuntimeError("walk.FILE_UNIT_STEPS must not exceed walk.WHOLE_UNIT_STEPS: a file's walk is one window")
# The file's own rules: it holds every script, style, font and image it uses, and may fetch nothing.
POLICY = (
    "default-src 'none'; script-src 'unsafe-inline' data:; style-src 'unsafe-inline'; img-src data:; "
    "font-src data:; base-uri 'none'; form-action 'none'"
)
# The names plotly.js and KaTeX go by in the stage's data (adapters/file.js marks them loaded).
INLINE = {"plotly": "inline:plotly", "katex_js": "inline:katex", "katex_css": ""}
FILE_CSS = """
.bp-file-head { align-items: baseline; }
.bp-file-head .bp-hall-sub { flex: 1 1 16rem; }
"""


def _data_url(media: str, raw: bytes) -> str:
    return f"data:{media};base64," + base64.b64encode(raw).decode("ascii")


# A module's text in a data: URL as it is, but for what a URL would read otherwise: "%" (an escape), "#" (a
# fragment), "?" (a query), line ends and tabs (a URL drops them), other controls and what is not ASCII.
# A quarter smaller than base64, which the fonts and the icon keep.
_URL_KEEP = "".join(chr(c) for c in range(0x20, 0x7F) if chr(c) not in "%#?")


def _text_url(media: str, text: str) -> str:
    return f"data:{media};charset=utf-8," + quote(text, safe=_URL_KEEP)


def _module_name(name: str) -> str:
    return "bp/" + name


# A line that is only a comment: the stage's modules have no string or template that spans lines (checked
# when the file is made), so such a line is never inside one.
_COMMENT_LINE = re.compile(r"^[ \t]*//.*\n", re.M)


def _named_imports(name: str) -> str:
    """Module ``name``'s source, each relative import written as the map's name of what it imports
    (a data: URL cannot be the base of a relative import), without its lines that are only comments (the
    file runs the stage; the app's own server has them to read: a tenth of the modules' bytes)."""

    def named(m: re.Match) -> str:
        return f"{m.group(1)}{m.group(2)}{_module_name(files.imported(name, m.group(3)))}{m.group(2)}"

    source = files.STAGE_FILES[name].read_text(encoding="utf-8")
    if any(line.count("`") % 2 for line in source.splitlines()):
        raise ValueError(f"{name} has a template literal over several lines: its comment lines cannot be told apart")
    return files.IMPORT.sub(named, _COMMENT_LINE.sub("", source))


@lru_cache(maxsize=1)
def _import_map() -> str:
    """The stage's modules the file needs, each a ``data:`` URL under a name its importers now use."""
    imports = {
        _module_name(name): _text_url("text/javascript", _named_imports(name)) for name in files.reachable(ENTRY)
    }
    return html_page.script_json(json.dumps({"imports": imports}))


def _inline_script(path: str) -> str:
    """A vendored script as the text of a ``<script>`` element (nothing in it may close the element)."""
    text = files.STATIC.joinpath(path).read_text(encoding="utf-8")
    if re.search(r"</script|<!--", text, re.IGNORECASE):
        raise ValueError(f"{path} cannot be written inside a <script> element as it is")
    return text


@lru_cache(maxsize=1)
def _scripts() -> str:
    return "\n".join(
        [
            f"<script>{_inline_script('katex/katex.min.js')}</script>",
            f"<script>{_inline_script('plotly/plotly-basic.min.js')}</script>",
            f'<script type="importmap">{_import_map()}</script>',
            f'<script type="module">import "{_module_name(ENTRY)}";</script>',
        ]
    )


@lru_cache(maxsize=1)
def _styles() -> str:
    """KaTeX's stylesheet with its fonts in it (woff2 only: every browser that runs the stage reads it),
    the stage's stylesheet and the page's own, with Vazirmatn."""

    def katex_font(m: re.Match) -> str:
        return (
            "src:url("
            + _data_url("font/woff2", (files.KATEX_DIR / "fonts" / m.group(1)).read_bytes())
            + ')format("woff2")'
        )

    katex = re.sub(
        r"src:url\(fonts/([A-Za-z0-9_-]+\.woff2)\)[^;}]*",
        katex_font,
        (files.KATEX_DIR / "katex.min.css").read_text(encoding="utf-8"),
    )
    if "url(fonts/" in katex:
        raise ValueError("KaTeX's stylesheet names a font this file would not hold")
    page = html_page.page_css(lambda name: _data_url("font/woff2", files.FONTS[name].read_bytes()))
    stage = files.STAGE_CSS.read_text(encoding="utf-8")
    return f"<style>{katex}</style>\n<style>{stage}</style>\n<style>{page}{FILE_CSS}</style>"


@lru_cache(maxsize=1)
def _icon() -> str:
    return _data_url("image/png", files.FAVICON.read_bytes())


def walk_name(scenario: Scenario, lang: str) -> str:
    """What the file's header calls its walk: an example's name as the app says it, or the name it was given."""
    if scenario.name in PRESETS and PRESETS[scenario.name] == scenario:
        return i18n.preset_label(scenario.name, scenario.layer_sizes, lang)
    return f"{scenario.name} ({i18n.sizes(scenario.layer_sizes, lang)})"


def filename(scenario: Scenario, lang: str) -> str:
    """The file's name: ``backprop-xor-2-2-1-fa.html``, as the JSON download's with the language it speaks
    (a teacher may keep both)."""
    return f"{links.walk_stem(scenario)}-{lang}.html"


def stage_data(scenario: Scenario, lang: str) -> str:
    """The stage's data in the file, as JSON: the whole walk and no address of any server (the view it
    opens at is :func:`saved_view`'s, apart, so that one file's bytes serve every view)."""
    rest = {
        "target": None,
        "present": False,
        "practice": None,
        "practice_id": None,
        "shareable": False,
        "file": True,
        "query": links.encode(codec.to_query(scenario)),
        "class": None,
        "class_words": None,
        "default_lang": i18n.DEFAULT_LANG,
        "token": walk.token(scenario, lang),
        "skey": walk.token(scenario, ""),
        "download": None,
        "script": None,
        "offline": None,
        "offline_refused": None,
        "assets": INLINE,
        "address": links.address_codec(),
    }
    return '{"walk":' + walk.walk_json(scenario, lang) + "," + json.dumps(rest, ensure_ascii=False)[1:]


def saved_view(scenario: Scenario, step: int, present: bool, practice: str | None) -> dict:
    """The view the file opens at when its address has no #fragment: the step (the first for one past
    the end), presentation mode and the practice level ("watch": none)."""
    steps, _units = walk.size(scenario)
    return {"step": step if 0 <= step < steps else 0, "present": present, "practice": practice or "watch"}


def _body(scenario: Scenario, lang: str) -> str:
    """Everything of the file but the view it opens at: the same for every view of one walk."""
    refusal = walk.file_refusal(scenario, lang)
    if refusal is not None:
        raise ValueError(refusal)
    title = i18n.t("app.title", lang)
    name = walk_name(scenario, lang)
    return "\n".join(
        [
            html_page.html_open(lang),
            f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">',
            f"<title>{html.escape(name)} · {html.escape(title)}</title>",
            f'<link rel="icon" href="{_icon()}">',
            _styles(),
            "</head>",
            '<body><div class="bp-hall">',
            '<header class="bp-hall-head bp-file-head">',
            f"<h1>{html.escape(title)}</h1>",
            f'<p class="bp-hall-sub">{html.escape(name)} · {html.escape(i18n.t("share.file_sub", lang))}</p>',
            "</header>",
            '<main id="bp-stage"></main>',
            "</div>",
            f'<script type="application/json" id="bp-data">{html_page.script_json(stage_data(scenario, lang))}</script>',
            _scripts(),
            "",
        ]
    )


def _tail(view: dict) -> str:
    # The module script runs once the page is parsed, so this last element is there when it reads it.
    return f'<script type="application/json" id="bp-view">{html_page.script_json(json.dumps(view))}</script>\n</body></html>'


def page(scenario: Scenario, lang: str, step: int = 0, present: bool = False, practice: str | None = None) -> str:
    """The file. Raises ValueError for a walk too big for one file (``walk.file_refusal`` says why)."""
    return _body(scenario, lang) + _tail(saved_view(scenario, step, present, practice))


@lru_cache(maxsize=4)
def _packed(scenario: Scenario, lang: str) -> tuple[bytes, bytes, Any]:
    """The file but its view, raw and gzipped, and the compressor as it stands after it: a view costs the
    compression of its own few bytes (a hundred steps of one walk are one cache entry, not a hundred)."""
    raw = _body(scenario, lang).encode()
    packer = zlib.compressobj(5, zlib.DEFLATED, 31)  # 31: a gzip member
    return raw, packer.compress(raw), packer


def _file(scenario: Scenario, lang: str, view: dict) -> tuple[bytes, bytes]:
    raw, packed, packer = _packed(scenario, lang)
    tail = _tail(view).encode()
    rest = packer.copy()
    return raw + tail, packed + rest.compress(tail) + rest.flush()


def _refused(lang: str, message: str, status: int) -> Response:
    body = html_page.message_page(
        lang, message, "/" if lang == i18n.DEFAULT_LANG else f"/?lang={lang}", i18n.t("hall.to_app", lang)
    )
    return Response(body, status_code=status, media_type="text/html; charset=utf-8", headers=html_page.PAGE_HEADERS)


async def _send(request: Request, scenario: Scenario, lang: str, view: links.Link) -> Response:
    refusal = await run_in_threadpool(walk.file_refusal, scenario, lang)
    if refusal is not None:
        return _refused(lang, refusal, 413)
    saved = saved_view(scenario, view.step or 0, view.present, view.practice)
    raw, packed = await run_in_threadpool(_file, scenario, lang, saved)
    headers = html_page.NO_STORE | {
        "Content-Disposition": f'attachment; filename="{filename(scenario, lang)}"',
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox",  # a download: never a live page in the app's own origin
    }
    return html_page.send(request, raw, packed, "text/html; charset=utf-8", headers)


async def export_walk(request: Request) -> Response:
    """``/export/walk.html?<a link's query>``: the link's walk, language and view, as one file."""
    if len(request.url.query) > links.MAX_LINK_CHARS:
        lang = i18n.DEFAULT_LANG
        return _refused(lang, i18n.t("link.too_long", lang), 414)
    link = links.read_link(request.query_params)
    return await _send(request, link.scenario, link.lang, link)


async def export_token(request: Request) -> Response:
    """``/api/walk/<token>/offline``: a walk the app has shown (a network too big for a link), as one file."""
    found = routes.lookup(request.path_params["token"])
    if found is None:
        lang = request.query_params.get("lang")
        lang = lang if lang in i18n.LANGS else i18n.DEFAULT_LANG
        return _refused(lang, i18n.t("share.offline_gone", lang), 404)
    scenario, lang = found
    view = links.read_link({k: v for k, v in request.query_params.items() if k in ("step", "present", "practice")})
    return await _send(request, scenario, lang, view)


ROUTES = [
    Route("/export/walk.html", export_walk),
    Route("/api/walk/{token:str}/offline", export_token),
]
