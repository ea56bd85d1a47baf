"""Pages of the app's own, outside Streamlit: the students' page of a class (``live/hall.py``), the
pages that say why there is nothing to show, and the one-file export (``exports/offline.py``).

What they share: their look (a header with the app's title, buttons, a message), how a stage's
data is written into a page as JSON, and how a page is sent (compressed once, never cached).
"""

from __future__ import annotations

import html
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import Response

from backprop_ui import i18n
from backprop_ui.stage import routes

NO_STORE = {"Cache-Control": "no-store"}  # pages follow rooms and links that change; their scripts are cached
# Everything a page uses is this server's: its scripts are files (the stage's data is JSON, not
# run), its socket and requests go back here; plotly and KaTeX set inline styles.
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'"
)
PAGE_HEADERS = NO_STORE | {"Content-Security-Policy": POLICY, "X-Content-Type-Options": "nosniff"}

_LOOK = """
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: #FFFFFF; color: #1A1A1A; font-family: Vazirmatn, sans-serif; line-height: 1.5; }
.bp-hall { max-width: 76rem; margin: 0 auto; padding: 0.75rem 1rem 2.5rem; }
.bp-hall-head { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.5rem; margin-bottom: 0.6rem; }
.bp-hall-head h1 { margin: 0; font-size: 1.25rem; line-height: 1.3; }
.bp-hall-nav { display: flex; flex-wrap: wrap; gap: 0.5rem; }
.bp-hall-sub { margin: 0; color: #4A4A4A; font-size: 0.9rem; }
.bp-hall .bp-page-btn { display: inline-flex; align-items: center; min-height: 2.5rem; padding: 0.35rem 0.8rem;
  border: 1px solid #C9CDD3; border-radius: 0.5rem; background: #FFFFFF; color: #1A1A1A; font: inherit;
  font-size: 0.95em; text-decoration: none; }
.bp-hall .bp-page-btn:hover { border-color: #0072B2; color: #005E94; }
.bp-hall .bp-page-btn:focus-visible { outline: 3px solid #0072B2; outline-offset: 2px; }
.bp-hall .bp-page-btn.bp-primary { background: #005E94; border-color: #005E94; color: #FFFFFF; }
.bp-hall-message { margin: 1.5rem 0 1rem; padding: 0.8rem 1rem; border-inline-start: 4px solid #8A4B00;
  background: #FFF6E5; border-radius: 0.25rem; }
@media (max-width: 640px) { .bp-hall { padding: 0.5rem 0.75rem 2rem; } .bp-hall-head h1 { font-size: 1.05rem; } }
"""


def page_css(font_src: Callable[[str], str]) -> str:
    """The pages' own stylesheet, with Vazirmatn's faces at ``font_src(file name)``."""
    faces = "".join(
        f'@font-face {{ font-family: Vazirmatn; src: url("{font_src(name)}") format("woff2"); '
        f"font-weight: {weight}; font-display: swap; }}\n"
        for name, weight in (("Vazirmatn-Regular.woff2", 400), ("Vazirmatn-Bold.woff2", 700))
    )
    return faces + _LOOK


PAGE_CSS = page_css(lambda name: f"{routes.FONTS_URL}/{name}")


def script_json(value: str) -> str:
    """JSON text made safe inside ``<script type="application/json">`` (no tag can end there)."""
    return (
        value.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def html_open(lang: str) -> str:
    """The document's first lines, in ``lang``'s direction."""
    loc = i18n.locale(lang)
    return "\n".join(
        [
            "<!doctype html>",
            f'<html lang="{lang}" dir="{"rtl" if loc.rtl else "ltr"}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
        ]
    )


def head(title: str, lang: str, extra: tuple[str, ...] = ()) -> str:
    """The head of a page this server sends: its fonts and the stage's stylesheet from here, then ``extra``."""
    parts = [
        html_open(lang),
        f"<title>{html.escape(title)}</title>",
        '<link rel="icon" href="/app/static/favicon.png">',
        f'<link rel="preload" href="{routes.FONTS_URL}/Vazirmatn-Regular.woff2" as="font" type="font/woff2" crossorigin>',
        f'<link rel="stylesheet" href="{routes.STAGE_CSS_URL}">',
        *extra,
        f"<style>{PAGE_CSS}</style>",
        "</head>",
    ]
    return "\n".join(parts)


def switch(lang: str, path: str) -> str:
    """The language switch: a link to this page in the other language (named in that language)."""
    other = next(x for x in i18n.LANGS if x != lang)
    href = path + (f"?lang={other}" if other != i18n.DEFAULT_LANG else "")
    label = i18n.t("lang.label", lang) + ": " + i18n.LANG_NAMES[other]
    return (
        f'<a class="bp-page-btn" href="{html.escape(href)}" hreflang="{other}" lang="{other}" '
        f'aria-label="{html.escape(label)}">{html.escape(i18n.LANG_NAMES[other])}</a>'
    )


def message_page(lang: str, message: str, link: str, link_label: str, nav: str = "") -> str:
    """A page that says why there is nothing to show here, with one way on (``nav``: more buttons in the header)."""
    return "\n".join(
        [
            head(i18n.t("app.title", lang), lang),
            '<body><div class="bp-hall">',
            '<header class="bp-hall-head">',
            f"<h1>{html.escape(i18n.t('app.title', lang))}</h1>",
            f'<nav class="bp-hall-nav">{nav}</nav>',
            "</header><main>",
            f'<p class="bp-hall-message" role="status">{html.escape(message)}</p>',
            f'<p><a class="bp-page-btn bp-primary" href="{html.escape(link)}">{html.escape(link_label)}</a></p>',
            "</main></div></body></html>",
        ]
    )


def send(request: Request, raw: bytes, packed: bytes, media: str, headers: dict[str, str] | None = None) -> Response:
    """``raw``, or its gzip ``packed`` to a browser that accepts it."""
    headers = (PAGE_HEADERS if headers is None else headers) | {"Vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(packed, media_type=media, headers=headers | {"Content-Encoding": "gzip"})
    return Response(raw, media_type=media, headers=headers)
