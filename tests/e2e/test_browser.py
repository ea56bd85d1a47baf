"""The app in Chromium, as a student opens it: every page by URL, keys, autoplay, RTL and fonts."""

import re

import pytest
from playwright.sync_api import expect

from tests.helpers import PAGE_NAMES, status

from .conftest import open_app, wait_ready

PATHS = ["", *PAGE_NAMES]


@pytest.mark.parametrize("path", PATHS)
def test_every_page_opens_by_url_in_persian(page, server, path):
    """First request straight to the page: no exception, Persian right to left in Vazirmatn, KaTeX left to right."""
    open_app(page, server, path)
    assert page.locator('[data-testid="stException"]').count() == 0
    persian = re.compile("[\u0600-\u06ff]{3}")
    para = page.locator(
        '[data-testid="stMainBlockContainer"] [data-testid="stMarkdownContainer"]', has_text=persian
    ).first
    # The stylesheet is code-split from the text it styles and lands a moment later.
    page.wait_for_function("e => getComputedStyle(e).direction === 'rtl'", arg=para.element_handle(), timeout=10_000)
    assert para.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert para.evaluate("e => getComputedStyle(e).textAlign") in ("right", "start")
    assert "Vazirmatn" in para.evaluate("e => getComputedStyle(e).fontFamily")
    page.wait_for_selector(".katex")
    assert page.locator(".katex").first.evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert page.evaluate("document.fonts.check('16px Vazirmatn', 'سلام')")


def test_arrow_keys_space_and_home_drive_the_step(page, server):
    """Right/Left/PageDown/Home move the step line and the highlighted unit; nothing is loaded from outside."""
    outside = []
    page.on(
        "request",
        lambda r: None if r.url.startswith((server, f"blob:{server}", "data:")) else outside.append(r.url),
    )
    open_app(page, server)
    expect(page.locator(".bp-status")).to_contain_text("گام ۱ از ۱۳")
    for n in (2, 3, 4):
        page.keyboard.press("ArrowRight")
        expect(page.locator(".bp-status")).to_contain_text(f"گام {'۰۱۲۳۴۵۶۷۸۹'[n]} از ۱۳")
    assert "گره ۲" in status(page)  # forward z_2^(2)
    page.keyboard.press("ArrowLeft")
    expect(page.locator(".bp-status")).to_contain_text("گام ۳ از ۱۳")
    page.keyboard.press("PageDown")
    expect(page.locator(".bp-status")).to_contain_text("گام ۴ از ۱۳")
    page.keyboard.press("Home")
    expect(page.locator(".bp-status")).to_contain_text("گام ۱ از ۱۳")
    assert outside == []


def test_autoplay_advances_and_stops_at_the_end(page, server):
    """Space starts autoplay at the fastest speed; it walks all 13 steps alone and stops on the last."""
    open_app(page, server, "?lang=en")
    page.locator(".bp-speed").select_option("0.25")  # fastest: 0.25 s per step
    expect(page.locator(".bp-speed")).to_have_value("0.25")
    wait_ready(page)
    page.locator(".bp-status").click()  # focus away from the slider, which would take Space itself
    wait_ready(page)
    page.evaluate(
        """() => { window.__seen = [];
           new MutationObserver(() => { const t = document.querySelector('.bp-status').innerText;
             if (window.__seen.at(-1) !== t) window.__seen.push(t); })
           .observe(document.body, {subtree: true, childList: true, characterData: true}); }"""
    )
    page.keyboard.press("Space")
    expect(page.locator(".bp-status")).to_contain_text("step 13 / 13", timeout=30_000)
    expect(page.locator(".bp-play")).to_contain_text("Play", timeout=10_000)
    page.wait_for_timeout(1200)
    assert "step 13 / 13" in status(page)  # stopped at the end, not wrapped around
    steps = [int(m.group(1)) for t in page.evaluate("window.__seen") if (m := re.search(r"step (\d+) / 13", t))]
    assert steps == sorted(steps) and len(set(steps)) >= 8  # it walked, one step after another, on its own


def test_highlighted_unit_follows_the_step(page, server):
    """The orange (current) unit in the figure moves when the step changes."""
    open_app(page, server, "?lang=en")
    page.keyboard.press("ArrowRight")
    expect(page.locator(".bp-status")).to_contain_text("step 2 / 13")
    page.keyboard.press("ArrowRight")
    expect(page.locator(".bp-status")).to_contain_text("step 3 / 13")
    page.wait_for_selector(".js-plotly-plot .scatterlayer")

    orange = """() => [...document.querySelectorAll('.js-plotly-plot .point')]
                 .filter(p => (p.style.fill || '').replace(/\\s/g,'') === 'rgb(230,159,0)')
                 .map(p => p.getAttribute('transform'))"""
    page.wait_for_function(f"() => ({orange})().length === 1")
    first = page.evaluate(orange)
    page.keyboard.press("ArrowRight")
    expect(page.locator(".bp-status")).to_contain_text("step 4 / 13")
    page.wait_for_function(
        """(before) => { const now = [...document.querySelectorAll('.js-plotly-plot .point')]
             .filter(p => (p.style.fill || '').replace(/\\s/g,'') === 'rgb(230,159,0)')
             .map(p => p.getAttribute('transform')); return now.length === 1 && now[0] !== before; }""",
        arg=first[0],
    )
    assert re.search(r"layer 2 · node 2", status(page))


def test_quick_presses_are_all_counted(page, server):
    """Presses in a burst, faster than the server reruns, all count: forward, back, a remote's PageDown/PageUp."""
    open_app(page, server, "?lang=en")
    for key in ["ArrowRight"] * 9 + ["ArrowLeft"] * 2 + ["PageDown"] * 3 + ["PageUp"]:
        page.keyboard.press(key)  # no pause: most arrive while an earlier press is still running
    expect(page.locator(".bp-status")).to_contain_text("step 10 / 13")
    for _ in range(9):
        page.keyboard.press("ArrowRight")  # past the end: stops on the last step
    expect(page.locator(".bp-status")).to_contain_text("step 13 / 13")
    page.keyboard.press("ArrowLeft")
    expect(page.locator(".bp-status")).to_contain_text("step 12 / 13")
    wait_ready(page)
    page.wait_for_timeout(800)
    assert "step 12 / 13" in status(page)


def test_arrow_keys_in_a_text_box_edit_the_text(page, server):
    """With the cursor in a sidebar box, arrows move the cursor, not the walk."""
    open_app(page, server, "?lang=en")
    box = page.locator('[data-testid="stSidebar"] input[type="number"]').first
    box.click()
    for key in ("ArrowLeft", "ArrowRight", "PageDown"):
        box.press(key)
    page.wait_for_timeout(1000)
    wait_ready(page)
    assert "step 1 / 13" in status(page)
    page.locator(".bp-status").click()
    page.keyboard.press("ArrowRight")
    expect(page.locator(".bp-status")).to_contain_text("step 2 / 13")


def test_language_step_and_speed_survive_a_page_switch(page, server):
    """English, a step taken and a chosen speed all come back after a visit to another page."""
    open_app(page, server, "?lang=en")
    page.keyboard.press("ArrowRight")
    expect(page.locator(".bp-status")).to_contain_text("step 2 / 13")
    page.locator(".bp-speed").select_option("0.25")  # 0.25 s per step
    expect(page.locator(".bp-speed")).to_have_value("0.25")
    wait_ready(page)
    page.locator('[data-testid="stSidebar"] a[href*="Lesson"]').click()
    expect(page.locator("h1").first).to_have_text("The lesson's formulas")
    assert "lang=en" in page.url
    page.locator('[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]').first.click()  # the main page
    expect(page.locator(".bp-status")).to_contain_text("step 2 / 13")
    expect(page.locator(".bp-speed")).to_have_value("0.25")
    assert "Backpropagation, step by step" in page.locator("h1").first.inner_text()
