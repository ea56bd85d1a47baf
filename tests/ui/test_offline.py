"""The walk as one file (exports/offline.py): it holds everything it uses and names no server, its walk
is the app's, a hostile name stays text, no class's code or secret goes into it, a walk too big for
one file is refused naming the limit, and the largest walk the limit lets in still makes a file under
the budget. That it works from file:// with every request refused is tests/e2e/test_offline.py's."""

from __future__ import annotations

import gzip
import html
import json
import re
import urllib.error
import urllib.request
from urllib.parse import quote, unquote

import numpy as np
import pytest
from starlette.applications import Starlette

from backprop_core import PRESETS, Scenario, codec
from backprop_ui import html_page, i18n, links
from backprop_ui.exports import offline
from backprop_ui.stage import files, routes, walk
from tests.helpers import serving

DATA = re.compile(r'<script type="application/json" id="bp-data">(.*?)</script>', re.S)
VIEW = re.compile(r'<script type="application/json" id="bp-view">(.*?)</script>\n</body></html>$', re.S)
IMPORT_MAP = re.compile(r'<script type="importmap">(.*?)</script>', re.S)
BUDGET = 3_000_000  # bytes: issue 26's budget for the XOR walk's file; the limit keeps every file under it


@pytest.fixture(scope="module")
def base():
    with serving(Starlette(routes=offline.ROUTES + routes.ROUTES)) as where:
        yield where


def get(base, path):
    """(status, headers, body text) of a GET that accepts gzip."""
    req = urllib.request.Request(f"http://{base}{path}", headers={"Accept-Encoding": "gzip"})
    try:
        with urllib.request.urlopen(req) as r:
            raw, status, headers = r.read(), r.status, r.headers
    except urllib.error.HTTPError as error:
        raw, status, headers = error.read(), error.code, error.headers
    if headers.get("Content-Encoding") == "gzip":
        raw = gzip.decompress(raw)
    return status, headers, raw.decode()


def data_of(page: str) -> dict:
    return json.loads(DATA.search(page).group(1))


def view_of(page: str) -> dict:
    """The view the file opens at without a #fragment: its last element."""
    return json.loads(VIEW.search(page).group(1))


def near_the_limit() -> Scenario:
    """The biggest walk of the 4-8-8-3 kind one file holds: 4 examples, 4 498 unit-steps."""
    rng = np.random.default_rng(0)
    return Scenario(layer_sizes=(4, 8, 8, 3), X=rng.uniform(0, 1, (4, 4)).round(2), Y=np.eye(3)[[0, 1, 2, 0]], seed=0)


def too_big() -> Scenario:
    rng = np.random.default_rng(1)
    return Scenario(
        layer_sizes=(4, 8, 8, 3), X=rng.uniform(0, 1, (6, 4)).round(2), Y=np.eye(3)[[0, 1, 2, 0, 1, 2]], seed=0
    )


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_the_file_holds_everything_it_uses_and_may_load_nothing(lang):
    """Every script, style, font and image is in the file: no address of any server, a policy that lets
    nothing in, and the stage's modules all in its import map, importing each other only by its names."""
    page = offline.page(PRESETS["xor"], lang)
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page).group(1)
    assert "default-src 'none'" in policy and "connect-src" not in policy  # fetch, sockets: default-src, none
    markup = re.sub(
        r"<script([^>]*)>.*?</script>", r"<script\1></script>", page, flags=re.S
    )  # the page, not plotly's code
    assert re.findall(r'\b(?:src|href)="(?!data:)[^"]*"', markup) == []
    assert re.findall(r"url\((?!\"?data:)[^)]*\)", markup) == []
    imports = json.loads(IMPORT_MAP.search(page).group(1))["imports"]
    assert sorted(imports) == ["bp/" + name for name in files.reachable("adapters/file.js")]
    assert "bp/adapters/streamlit.js" not in imports
    seen = 0
    for name, url in imports.items():
        assert url.startswith("data:text/javascript;charset=utf-8,"), name
        body = url.split(",", 1)[1]
        # What a URL would read otherwise is escaped: no line end (a URL drops it), "#" (a fragment) or "?" (a query).
        assert not re.search(r"[\s#?]", body.replace(" ", "")) and not re.search(r"[^\x20-\x7e]", body), name
        source = unquote(body)
        # The module as it is, but for its imports' names and its lines that are only comments.
        original = files.STAGE_FILES[name[3:]].read_text(encoding="utf-8")
        kept = [line for line in original.splitlines() if not line.lstrip().startswith("//")]
        assert len(source.splitlines()) == len(kept), name
        assert all(a == b or "bp/" in a for a, b in zip(source.splitlines(), kept, strict=True)), name
        statements = re.findall(
            r"""^(?:import\b[^;'"]*?\bfrom|import|export\b[^;'"(]*?\bfrom)\s*["']([^"']+)["']""", source, re.M
        )
        seen += len(statements)
        for spec in statements + re.findall(r"""\bimport\(\s*["']([^"']+)["']""", source):
            assert spec in imports, (name, spec)
    assert seen >= 40  # the stage's imports were read (main.js alone has 20)
    assert page.count("@font-face") >= 2 + len(list((files.KATEX_DIR / "fonts").glob("*.woff2")))


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_the_files_walk_is_the_apps_whole_walk_at_the_saved_view(lang):
    """The walk is the one the app shows (the same cache), whole, in the link's language; the view it was
    saved with; no server's address to fetch windows, downloads or a class from."""
    sc = PRESETS["xor"]
    page = offline.page(sc, lang, step=6, present=True, practice="output")
    data = data_of(page)
    assert data["walk"] == json.loads(walk.walk_json(sc, lang))
    assert data["walk"]["meta"]["windows"] == 1 and data["walk"]["meta"]["lang"] == lang
    assert view_of(page) == {"step": 6, "present": True, "practice": "output"}
    assert data["file"] is True and data["class"] is None and data["class_words"] is None
    assert data["download"] is data["script"] is data["offline"] is None
    assert all(not value or value.startswith("inline:") for value in data["assets"].values())
    assert data["query"] == links.encode(codec.to_query(sc))


def test_a_saved_step_past_the_end_opens_the_first():
    assert view_of(offline.page(PRESETS["tiny"], "en", step=99)) == {"step": 0, "present": False, "practice": "watch"}


def test_a_view_costs_its_own_bytes_and_the_gzip_is_the_file():
    """Views of one walk share one cache entry (the file but its view, compressed once); each view's gzip
    is exactly its file, and a step past the end does not make an entry of its own."""
    offline._packed.cache_clear()
    sc = PRESETS["xor"]
    files_made = [offline._file(sc, "fa", offline.saved_view(sc, k, k % 2 == 0, None)) for k in (0, 5, 39, 999_999)]
    assert offline._packed.cache_info().misses == 1
    for k, (raw, packed) in zip((0, 5, 39, 999_999), files_made):
        assert gzip.decompress(packed) == raw
        assert raw.decode() == offline.page(sc, "fa", k, k % 2 == 0, None)
    assert view_of(files_made[3][0].decode())["step"] == 0


def test_json_in_a_script_element_cannot_end_it():
    """What html_page.script_json writes: no "<" or ">" at all (so no </script>, no <!--), and it reads back
    as the same JSON."""
    value = {"name": "</script><script>alert(1)</script><!--", "amp": "&", "lines": "\u2028\u2029"}
    text = html_page.script_json(json.dumps(value, ensure_ascii=False))
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == value


def test_a_hostile_name_stays_text():
    """A scenario named with markup: escaped in the title and header, data in the stage's JSON, no element."""
    for name in ("</script><script>alert(1)</script>", "<img src=x onerror=alert(2)>"):
        sc = PRESETS["tiny"].replace(name=name)
        page = offline.page(sc, "en")
        assert "<script>alert" not in page and "<img src=x" not in page
        assert html.escape(name) in page
        assert data_of(page)["query"] == links.encode(codec.to_query(sc))  # the name, as data


def test_the_route_sends_a_links_walk_as_a_named_download_with_no_class_in_it(base):
    """/export/walk.html with a share link's query (and a teacher's class keys): the file of that walk,
    language and step, named like the JSON download; neither the class's code nor its secret is in it."""
    query = codec.to_query(PRESETS["xor"]) | {
        "step": "5",
        "lang": "en",
        "present": "1",
        "class": "K7P3QX",
        "teach": "s3cret",
    }
    status, headers, body = get(base, "/export/walk.html?" + links.encode(query))
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert headers["Content-Disposition"] == 'attachment; filename="backprop-xor-2-2-1-en.html"'
    assert view_of(body) == {"step": 4, "present": True, "practice": "watch"}
    assert data_of(body)["walk"]["meta"]["lang"] == "en"
    assert headers["Content-Security-Policy"] == "sandbox"
    assert "K7P3QX" not in body and "s3cret" not in body


def test_a_walk_without_a_link_is_saved_from_the_servers_walk(base):
    """The walk's own address (a network too big for a link): the same file; a walk the server forgot gets a page saying so."""
    sc = PRESETS["mazur"]
    token = routes.register(sc, "fa")
    status, headers, body = get(base, f"/api/walk/{token}/offline?step=3&practice=delta")
    assert status == 200 and "backprop-classic-two-outputs-2-2-2-fa.html" in headers["Content-Disposition"]
    assert view_of(body) == {"step": 2, "present": False, "practice": "delta"}
    status, _headers, body = get(base, "/api/walk/0123456789abcdef01234567/offline?lang=en")
    assert status == 404 and html.escape(i18n.t("share.offline_gone", "en")) in body


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_a_walk_too_big_for_one_file_is_refused_naming_the_limit(base, lang):
    """Over the limit: no file; a page in the link's language that names the walk's size and the limit,
    and the stage's data carries the same sentence for the Share panel."""
    sc = too_big()
    steps, units = walk.size(sc)
    assert steps * units > walk.FILE_UNIT_STEPS
    query = codec.to_query(sc) | {"lang": lang}
    status, _headers, body = get(base, "/export/walk.html?" + links.encode(query))
    sentence = walk.file_refusal(sc, lang)
    assert status == 413 and html.escape(sentence) in body
    assert i18n.digits(f"{walk.FILE_UNIT_STEPS:,}", lang) in sentence and i18n.digits(f"{steps:,}", lang) in sentence
    keys = routes.walk_keys(sc, lang)
    assert keys["offline_refused"] == sentence
    with pytest.raises(ValueError):
        offline.page(sc, lang)


def test_the_limit_keeps_every_file_under_the_budget():
    """The largest walk of the kind the limit names (4-8-8-3, four examples) makes a file under 3 MB, in
    either language; so does every example. (Time to open is make bench's.)"""
    big = near_the_limit()
    steps, units = walk.size(big)
    assert steps * units <= walk.FILE_UNIT_STEPS
    for lang in ("fa", "en"):
        assert len(offline.page(big, lang).encode()) <= BUDGET
        for sc in PRESETS.values():
            assert len(offline.page(sc, lang).encode()) <= BUDGET


def test_the_stage_is_offered_the_file_by_the_link_or_by_the_walk():
    """Share's download: the export's address with the scenario's link when it has one, else the walk's own."""
    keys = routes.walk_keys(PRESETS["xor"], "en")
    assert keys["offline"] == "/export/walk.html?p=xor&lang=en" and keys["offline_refused"] is None
    rng = np.random.default_rng(0)
    wide = Scenario(layer_sizes=(32, 2, 1), X=rng.uniform(0, 1, (50, 32)), Y=rng.uniform(0, 1, (50, 1)), seed=0)
    assert not links.shareable(codec.to_query(wide))
    keys = routes.walk_keys(wide, "fa")
    assert keys["offline"] == f"/api/walk/{keys['token']}/offline"


def test_a_link_too_long_once_the_view_is_added_is_saved_from_the_walk(monkeypatch):
    """A scenario's link just short enough alone, but not with the step, language and modes the stage adds:
    the walk's own address, not an export that would answer 414."""
    query = codec.to_query(PRESETS["xor"])
    monkeypatch.setattr(links, "MAX_LINK_CHARS", len(links.encode(query)) + 10)
    assert links.shareable(query)
    keys = routes.walk_keys(PRESETS["xor"], "en")
    assert keys["offline"] == f"/api/walk/{keys['token']}/offline"


def test_a_hostile_query_still_makes_a_file_of_the_default_walk(base):
    """Markup in every key of the link: the default example's file, nothing of the markup as markup."""
    hostile = "<script>alert(1)</script>"
    query = "&".join(f"{k}={quote(hostile)}" for k in ("p", "n", "name", "step", "lang", "present", "practice"))
    status, _headers, body = get(base, "/export/walk.html?" + query)
    assert status == 200 and "<script>alert" not in body
    assert data_of(body)["walk"]["meta"]["lang"] == i18n.DEFAULT_LANG


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_a_deck_is_offered_up_to_its_limit_and_past_it_says_why(lang):
    """Print as slides: the walk's words say nothing against XOR's 40 steps; past walk.MAX_SLIDES they name
    the walk's steps and the limit."""
    assert walk.build_walk(PRESETS["xor"], lang)["meta"]["labels"]["share.slides_too_many"] == ""
    sc = too_big()
    steps, _units = walk.size(sc)
    assert steps > walk.MAX_SLIDES
    sentence = walk.build_walk(sc, lang)["meta"]["labels"]["share.slides_too_many"]
    assert i18n.digits(str(walk.MAX_SLIDES), lang) in sentence and i18n.digits(f"{steps:,}", lang) in sentence


def test_the_largest_walk_the_app_accepts_is_refused_by_its_size_alone():
    """10 × 32 with 50 examples (29 311 steps): refused from its shape, in a moment, without building its walk."""
    rng = np.random.default_rng(0)
    sc = Scenario(layer_sizes=(32,) * 10, X=rng.uniform(0, 1, (50, 32)).round(2), Y=np.zeros((50, 32)), seed=0)
    walk._build.cache_clear()
    sentence = walk.file_refusal(sc, "en")
    assert sentence is not None and "29,311" in sentence and "5,000" in sentence
    assert walk._build.cache_info().currsize == 0
