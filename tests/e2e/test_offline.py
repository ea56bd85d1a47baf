"""The walk as one file, in Chromium, from file:// with the network off and every request refused
(issue 26): saved from Share, it opens at the step it was saved at, steps with its animation and keys,
plays, presents and blanks, keeps its step in its #fragment across a reload, practises at every level
with diagnoses, and fits a phone; and "Print as slides", from the main page and from the file, makes a
16:9 PDF page per step. Debian's Firefox opens the file too (over WebDriver BiDi). What the file holds is
tests/ui/test_offline.py's."""

from __future__ import annotations

import io
import json
import re
import unicodedata

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from backprop_core import PRESETS
from backprop_ui import i18n

from .conftest import answer, asked_steps, expect_step, file_tab, firefox, open_app, save_file, typed

HOOK = "window.__backpropStage"


def statuses(page) -> list[str]:
    return page.evaluate(f"Array.from({{length: {HOOK}.meta.n}}, (_, i) => {HOOK}.record(i).status)")


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_saved_from_share_the_file_walks_end_to_end_with_no_network(page, server, browser, tmp_path, lang):
    """Share offers the file; downloaded, it opens at the step on screen, in the link's language, and
    every step, the keys, autoplay, presentation mode, blanking and a reload work with no request at all."""
    open_app(page, server, f"?p=xor&step=4&lang={lang}")
    page.locator(".bp-share-btn").click()
    link = page.locator(".bp-offline")
    expect(link).to_have_text(i18n.t("share.offline", lang))
    assert link.get_attribute("href") == "/export/walk.html?p=xor&step=4" + ("&lang=en" if lang == "en" else "")
    with page.expect_download() as saving:
        link.click()
    download = saving.value
    assert download.suggested_filename == f"backprop-xor-2-2-1-{lang}.html"
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    with file_tab(browser, path) as (tab, others, errors):
        expect(tab.locator("html")).to_have_attribute("lang", lang)
        expect_step(tab, 4)
        texts = statuses(tab)
        n = len(texts)
        assert n == 40 and texts[3] in tab.locator(".bp-status").inner_text()
        # Every step, with the keys (in Persian; in English the first ten, then End); a forward step's pulse
        # runs (motion is not reduced here).
        tab.keyboard.press("ArrowRight")
        expect_step(tab, 5)
        assert tab.evaluate(f"{HOOK}.anim !== null")
        for k in range(6, (n if lang == "fa" else 10) + 1):
            tab.keyboard.press("ArrowRight")
            expect_step(tab, k)
            expect(tab.locator(".bp-status")).to_have_text(texts[k - 1])
        tab.keyboard.press("End")
        expect_step(tab, n)
        expect(tab.locator(".bp-status")).to_have_text(texts[n - 1])
        # Written once a burst of presses ends.
        tab.wait_for_function(f"() => location.hash === '#step={n}&present=0&practice=0'")
        tab.reload()  # the fragment keeps the step
        expect_step(tab, n)
        tab.keyboard.press("Home")
        expect_step(tab, 1)
        tab.keyboard.press("End")
        expect_step(tab, n)
        tab.keyboard.press("ArrowLeft")
        expect_step(tab, n - 1)
        # Autoplay from the start: it moves on by itself, and Space stops it.
        tab.keyboard.press("Home")
        tab.keyboard.press(" ")
        tab.wait_for_function(f"() => {HOOK}.playing && {HOOK}.shown >= 2", timeout=10_000)
        tab.keyboard.press(" ")
        tab.wait_for_function(f"() => !{HOOK}.playing")
        # Presentation mode and the blank screen, kept in the fragment too. (The file's policy forbids eval: every
        # wait here is a function, which Playwright does not evaluate from a string.)
        tab.keyboard.press("p")
        expect(tab.locator("html")).to_have_class(re.compile("bp-presenting"))
        tab.keyboard.press("b")
        expect(tab.locator(".bp-blank")).to_be_visible()
        tab.keyboard.press("b")
        expect(tab.locator(".bp-blank")).to_be_hidden()
        tab.wait_for_function("() => location.hash.includes('present=1')")
        tab.reload()
        expect(tab.locator("html")).to_have_class(re.compile("bp-presenting"))
        tab.keyboard.press("Escape")
        expect(tab.locator("html")).not_to_have_class(re.compile("bp-presenting"))
        # Back at the first step, not presenting: a reload stays there, not at the view the file was saved with.
        tab.keyboard.press("Home")
        tab.wait_for_function("() => location.hash === '#step=1&present=0&practice=0'")
        tab.reload()
        expect_step(tab, 1)
        # Share in the file: the file is what to send; no link to a server, nothing to download.
        tab.locator(".bp-share-btn").click()
        expect(tab.locator(".bp-share-panel")).to_contain_text(i18n.t("share.file", lang))
        expect(tab.locator(".bp-share-url")).to_be_hidden()
        expect(tab.locator(".bp-offline")).to_be_hidden()
        expect(tab.locator(".bp-download")).to_be_hidden()
        assert others == [] and errors == []


def test_practice_in_the_file_at_every_level_names_each_mistake(server, browser, tmp_path):
    """Practice needs no server: at each level a question's mistake is named and a right answer is right
    (the 2-2-2 classic example, in Persian with Persian digits)."""
    path = save_file(server, "p=mazur&practice=output", tmp_path)
    with file_tab(browser, path) as (tab, others, errors):
        feedback = tab.locator(".bp-q-feedback")
        done: set[int] = set()
        for level in ("output", "delta", "all"):
            tab.locator(".bp-level").select_option(level)
            # A step this level asks that no level before it did (an answered step is not asked again).
            number, q = next((k, q) for k, q in asked_steps("mazur", level) if q.candidates and k not in done)
            done.add(number)
            tab.evaluate(f"{HOOK}.go({number - 1})")
            expect_step(tab, number)
            expect(tab.locator(".bp-q-form")).to_be_visible()
            cand = q.candidates[0]
            answer(tab, typed(cand.value, "fa"))
            expect(feedback).to_have_attribute("data-mistakes", " ".join(cand.ids))
            answer(tab, typed(q.value, "fa"))
            expect(feedback).to_have_class(re.compile("bp-q-right"))
        expect(tab.locator(".bp-score")).to_contain_text("۰ از ۳")  # three answered, none right the first time
        assert others == [] and errors == []


def test_on_a_phone_the_file_fits_and_steps_by_touch(server, browser, tmp_path):
    """At 390×844 the file's page has no sideways scroll, the figure and the card are on it, and a swipe steps."""
    path = save_file(server, "p=xor", tmp_path)
    phone = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}
    with file_tab(browser, path, **phone) as (tab, others, errors):
        assert tab.evaluate("document.scrollingElement.scrollWidth") <= 390
        expect(tab.locator(".bp-plot .scatterlayer")).to_be_attached()
        expect(tab.locator(".bp-card")).to_be_visible()
        tab.locator(".bp-next").tap()
        expect_step(tab, 2)
        box = tab.locator(".bp-card").bounding_box()
        y = box["y"] + 20
        tab.evaluate(
            """([x0, x1, y]) => {
              const el = document.querySelector('.bp-card');
              const touch = (x) => new Touch({identifier: 1, target: el, clientX: x, clientY: y});
              el.dispatchEvent(new TouchEvent('touchstart', {touches: [touch(x0)], bubbles: true}));
              el.dispatchEvent(new TouchEvent('touchend', {changedTouches: [touch(x1)], bubbles: true}));
            }""",
            [300, 120, y],
        )
        expect_step(tab, 3)
        assert others == [] and errors == []


def test_a_walk_too_big_for_one_file_says_so_in_share(page, server):
    """Share names the limits instead of offering a file the app would refuse, or a deck of too many slides."""
    sizes = "4-8-8-3"
    rows = ";".join(["0.1,0.2,0.3,0.4"] * 6)
    ys = ";".join(["1,0,0"] * 6)
    open_app(page, server, f"?n={sizes}&x={rows}&y={ys}&lang=en")
    page.locator(".bp-share-btn").click()
    expect(page.locator(".bp-offline-no")).to_contain_text("5,000")
    expect(page.locator(".bp-offline")).to_be_hidden()
    # Its 257 steps are also more than a deck holds: said before anything is tried.
    expect(page.locator(".bp-slides-no")).to_contain_text("200")
    expect(page.locator(".bp-slides")).to_be_hidden()


def _deck(page) -> list[str]:
    """Print as slides (the print dialog replaced by a note that it was asked for), and the PDF's text,
    page by page, as a browser's "Save as PDF" makes it with the page size the deck sets."""
    page.evaluate("() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; }")
    page.locator(".bp-share-btn").click()
    page.locator(".bp-slides").click()
    page.wait_for_function("() => window.__printed === 1", timeout=60_000)
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    reader = PdfReader(io.BytesIO(pdf))
    for sheet in reader.pages:  # landscape 16:9 (10 × 5.625 in)
        width, height = float(sheet.mediabox.width), float(sheet.mediabox.height)
        assert abs(width - 720) < 1 and abs(height - 405) < 1, (width, height)
    return [unicodedata.normalize("NFKC", sheet.extract_text()) for sheet in reader.pages]


def test_the_main_page_prints_a_slide_per_step_whole(page, server):
    """English, the classic example: as many 16:9 pages as steps, each with its own "step k / n" once (a
    slide split over two pages would show one without it), and afterwards the stage is as it was."""
    open_app(page, server, "?p=tiny&step=3&lang=en")
    pages = _deck(page)
    n = len(PRESETS["tiny"].trace())
    assert len(pages) == n
    for k, text in enumerate(pages, 1):
        assert re.findall(r"step \d+ / \d+", text) == [f"step {k} / {n}"], (k, text[:200])
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    expect(page.locator(".bp-deck")).to_have_count(0)
    expect_step(page, 3)
    expect(page.locator("html")).not_to_have_class(re.compile("bp-presenting"))
    assert "present" not in page.url


def test_the_file_prints_a_slide_per_step_in_persian(server, browser, tmp_path):
    """Persian, from the file with no network: a page per step of the XOR walk, each carrying its "گام k از n"
    (the PDF's text runs right to left, so a number may come out reversed), and practice is kept."""
    path = save_file(server, "p=xor&practice=output", tmp_path)
    with file_tab(browser, path) as (tab, others, errors):
        pages = _deck(tab)
        n = len(PRESETS["xor"].trace())
        assert len(pages) == n
        fa = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
        for k, text in enumerate(pages, 1):
            # The status line, as written or as the PDF's text has it in visual order ("۴۰ از۱ گام").
            found = re.findall(r"([۰-۹]+)\s*از\s*([۰-۹]+)\s*گام|گام\s*([۰-۹]+)\s*از\s*([۰-۹]+)", text)
            assert len(found) == 1, (k, text[:200])
            numbers = {x for x in found[0] if x}
            want = [str(k).translate(fa), str(n).translate(fa)]
            assert all(w in numbers or w[::-1] in numbers for w in want), (k, numbers)
        tab.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
        assert tab.evaluate(f"{HOOK}.state.ledger.level") == "output"
        assert others == [] and errors == []


def test_the_file_works_in_firefox_too(server, tmp_path):
    """Debian's Firefox (ESR), headless: the file opens at its saved step, every step with the keys,
    autoplay, presentation mode and blanking, a reload keeps the step in the fragment, practice names a
    mistake and takes the right answer, and on a phone's width nothing scrolls sideways; it loads nothing."""
    path = save_file(server, "p=xor&step=6&lang=en", tmp_path)
    n = len(PRESETS["xor"].trace())
    with firefox(tmp_path) as ff:
        ff.call("browsingContext.setViewport", {"context": ff.context, "viewport": {"width": 1280, "height": 720}})
        ff.goto(path.as_uri())
        ff.wait(f"Boolean({HOOK}?.settled)")
        assert ff.js(f"{HOOK}.shown") == 5
        assert ff.js(
            "Boolean(document.querySelector('.bp-card .katex') && document.querySelector('.bp-plot .scatterlayer .trace'))"
        )
        for k in range(7, n + 1):
            ff.press("ArrowRight")
            ff.wait(f"{HOOK}.shown === {k - 1}")
            assert ff.js("document.querySelector('.bp-status').textContent").endswith(f"step {k} / {n}")
        ff.wait(f"location.hash.startsWith('#step={n}&')")
        ff.press("p")
        ff.wait("document.documentElement.classList.contains('bp-presenting')")
        ff.press("b")
        ff.wait("!document.querySelector('.bp-blank').hidden")
        ff.press("Escape")
        ff.press("Escape")
        ff.wait("!document.documentElement.classList.contains('bp-presenting')")
        ff.reload()
        ff.wait(f"Boolean({HOOK}?.settled)")
        assert ff.js(f"{HOOK}.shown") == n - 1
        ff.press("Home")
        ff.wait(f"{HOOK}.shown === 0")
        ff.press(" ")
        ff.wait(f"{HOOK}.playing && {HOOK}.shown >= 2", timeout=10)
        ff.press(" ")
        ff.wait(f"!{HOOK}.playing")
        # Practice, typed with the keys: a mistake named, then the right answer.
        number, q = next((k, q) for k, q in asked_steps("xor", "output") if q.candidates)
        ff.goto(path.as_uri() + f"#step={number}&present=0&practice=output")
        ff.reload()
        ff.wait(f"Boolean({HOOK}?.settled) && {HOOK}.shown === {number - 1}")
        cand = q.candidates[0]
        for text, done in (
            (typed(cand.value, "en"), "dataset.mistakes"),
            (typed(q.value, "en"), "classList.contains('bp-q-right')"),
        ):
            ff.js("(() => { const b = document.querySelector('.bp-q-input'); b.value = ''; b.focus(); })()")
            for key in text:
                ff.press(key)
            ff.press("Enter")
            ff.wait(f"Boolean(document.querySelector('.bp-q-feedback').{done})")
            if done == "dataset.mistakes":
                assert ff.js("document.querySelector('.bp-q-feedback').dataset.mistakes") == " ".join(cand.ids)
        # A phone's width.
        ff.call("browsingContext.setViewport", {"context": ff.context, "viewport": {"width": 390, "height": 844}})
        ff.reload()
        ff.wait(f"Boolean({HOOK}?.settled)")
        assert ff.js("document.scrollingElement.scrollWidth") <= 390
        assert ff.js("document.querySelector('.bp-card').getBoundingClientRect().width") <= 390
        # What it loaded: the file and nothing else (its policy forbids the rest; the browser's own list says so).
        names = ff.js("JSON.stringify(performance.getEntriesByType('resource').map(e => e.name))")
        assert [name for name in json.loads(names) if not name.startswith("data:")] == []
