"""Shared links, hostile links and presentation mode in a real browser; screenshots for the README."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from backprop_core import PRESETS

from .conftest import ROOT, open_app, wait_ready

SHOTS = ROOT / "shots"


def status(page) -> str:
    return page.locator(".bp-status").inner_text()


def fits_screen(page) -> dict:
    """No scrollbar in the main area, and the figure and card end inside the 720-pixel screen.

    Measured once the layout has settled: elements of the previous step leave the page a
    moment after the run ends, so two equal readings 250 ms apart are required.
    """
    last = None
    for _ in range(20):
        box = _measure(page)
        if box == last:
            return box
        last = box
        page.wait_for_timeout(250)
    return last


def _measure(page) -> dict:
    return page.evaluate(
        """() => { const m = document.querySelector('[data-testid=stMain]');
             const card = document.querySelector('.st-key-card').getBoundingClientRect();
             const fig = document.querySelector('.js-plotly-plot').getBoundingClientRect();
             return {overflow: m.scrollHeight - m.clientHeight, card: card.bottom, figure: fig.bottom,
                     sidebar: !!document.querySelector('[data-testid=stSidebar]')?.offsetParent}; }"""
    )


@pytest.mark.parametrize("preset, lang", [("tiny", "fa"), ("mazur", "en"), ("mazur", "fa")])
def test_presentation_mode_fits_every_step_on_a_projector(page, server, preset, lang):
    """?present=1: at 1280×720, every step of the walk shows figure and card without scrolling."""
    open_app(page, server, f"?p={preset}&present=1&lang={lang}")
    n = len(PRESETS[preset].trace())
    for i in range(n):
        if i:
            before = status(page)
            page.keyboard.press("ArrowRight")
            expect(page.locator(".bp-status")).not_to_have_text(before)
            wait_ready(page)
        box = fits_screen(page)
        assert box["overflow"] <= 0 and box["card"] <= 720 and box["figure"] <= 720, (i + 1, box)
        assert not box["sidebar"]


def test_presentation_mode_fits_the_largest_preset_phases(page, server):
    """The 3-5-3 gradient-check network: the start of every phase fits too (reached with the phase bar)."""
    open_app(page, server, "?p=gradcheck&present=1&lang=en")
    for phase in ("forward", "output_delta", "hidden_delta", "accumulate", "gradient"):
        page.locator(f".st-key-bar_{phase} button").first.click()
        wait_ready(page)
        box = fits_screen(page)
        assert box["overflow"] <= 0 and box["card"] <= 720, (phase, box)


def test_a_shared_link_reproduces_what_the_sender_saw(page, server, browser):
    """Step and change λ in one tab, copy the address, open it in a fresh browser: same step, card and language."""
    open_app(page, server, "?p=xor&lang=en")
    page.locator(".st-key-bar_hidden_delta button").first.click()
    expect(page.locator(".bp-status")).to_contain_text("backward pass")
    wait_ready(page)
    page.keyboard.press("ArrowRight")
    expect(page.locator(".bp-status")).to_contain_text("node 2")
    wait_ready(page)
    page.wait_for_function("() => location.search.includes('step=')")
    url = page.url
    seen_status = status(page)
    seen_card = page.locator(".st-key-card").inner_text()
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    other = context.new_page()
    try:
        open_app(other, url.split("/?")[0], "?" + url.split("?", 1)[1])
        assert status(other) == seen_status
        assert other.locator(".st-key-card").inner_text() == seen_card
        assert other.locator('[data-testid="stAlertContainer"]').count() == 0
    finally:
        context.close()


def test_hostile_link_runs_no_script_and_says_what_was_ignored(page, server):
    """Markup and script in every key: no dialog, no element from the payload, the default example and a message."""
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    payload = "<img src=x onerror=alert(1)><script>alert(2)</script>"
    query = "&".join(
        f"{k}={payload}" for k in ("p", "n", "x", "y", "w", "lam", "loss", "seed", "eps", "lr", "step", "lang")
    )
    open_app(page, server, "?" + query.replace("&lang=", "&lang=en&x2="))
    expect(page.locator('[data-testid="stAlertContainer"]').first).to_be_visible()
    page.wait_for_timeout(1000)
    assert dialogs == []
    assert page.locator("img[src=x]").count() == 0
    assert page.evaluate("[...document.scripts].filter(s => s.textContent.includes('alert(2)')).length") == 0
    assert "step 1 / 13" in status(page)


@pytest.mark.parametrize("name, query", [("main-fa", ""), ("main-en", "?lang=en"), ("present-fa", "?present=1")])
def test_screenshots(page, server, name, query):
    """Screenshots of the main page for the README (saved to the git-ignored shots/ folder)."""
    open_app(page, server, query)
    for _ in range(4):
        before = status(page)
        page.keyboard.press("ArrowRight")
        expect(page.locator(".bp-status")).not_to_have_text(before)
    wait_ready(page)
    page.wait_for_timeout(500)
    SHOTS.mkdir(exist_ok=True)
    path = Path(SHOTS / f"{name}.png")
    page.screenshot(path=str(path))
    assert path.stat().st_size > 20_000


def test_share_opens_with_the_current_link(page, server):
    """Share is built only when opened: it then shows the link of the step on screen, and again after a step."""
    open_app(page, server, "?lang=en")
    page.keyboard.press("ArrowRight")
    expect(page.locator(".bp-status")).to_contain_text("step 2 / 13")
    page.locator(".st-key-share button").first.click()
    expect(page.locator('[data-testid="stCode"]')).to_contain_text("?p=tiny&step=2&lang=en")
    page.keyboard.press("Escape")
    page.locator(".bp-status").click()
    page.keyboard.press("ArrowRight")
    expect(page.locator(".bp-status")).to_contain_text("step 3 / 13")
    page.locator(".st-key-share button").first.click()
    expect(page.locator('[data-testid="stCode"]')).to_contain_text("?p=tiny&step=3&lang=en")
