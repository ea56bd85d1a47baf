"""Where the browser's files are: the stage's modules and stylesheet, and the vendored plotly.js,
KaTeX and Vazirmatn. No streamlit, no server: the app's routes (``routes.py``) send these files, and
the one-file export (``exports/offline.py``) writes them into its file."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "static"
KATEX_DIR = STATIC / "katex"
PLOTLY_DIR = STATIC / "plotly"
PLOTLY_JS = PLOTLY_DIR / "plotly-basic.min.js"
PLOTLY_VERSION = (PLOTLY_DIR / "VERSION").read_text().strip()
KATEX_VERSION = (KATEX_DIR / "VERSION").read_text().strip() if (KATEX_DIR / "VERSION").exists() else "0"
STAGE_DIR = ROOT / "backprop_ui" / "assets" / "stage"
# Every module of the stage by its path inside the folder ("adapters/page.js"): they import each other by those paths.
STAGE_FILES = {p.relative_to(STAGE_DIR).as_posix(): p for p in sorted(STAGE_DIR.rglob("*.js"))}
STAGE_CSS = ROOT / "backprop_ui" / "assets" / "stage.css"
FONTS_DIR = STATIC / "fonts"
FONTS = {p.name: p for p in sorted(FONTS_DIR.glob("*.woff2"))}
FAVICON = STATIC / "favicon.png"

# An import of another module of the stage, by a relative path: `from "./x.js"`, `import "../core/x.js"`.
IMPORT = re.compile(r"""(\bfrom\s*|\bimport\s*\(?\s*)(["'])(\.\.?/[^"']+)\2""")


def imported(name: str, spec: str) -> str:
    """The stage's module that ``spec``, imported by module ``name``, names ("views/card.js", "./dom.js" -> "views/dom.js")."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(name), spec))


def reachable(entry: str) -> list[str]:
    """The stage's modules that ``entry`` needs, itself included: what a page with that host loads."""
    seen: set[str] = set()
    todo = [entry]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        source = STAGE_FILES[name].read_text(encoding="utf-8")
        todo += [imported(name, m.group(3)) for m in IMPORT.finditer(source)]
    return sorted(seen)
