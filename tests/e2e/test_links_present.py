"""Shared links, hostile links, presentation mode and what fits a screen, in a real browser."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from backprop_core import PRESETS
from tests.helpers import status

from .conftest import open_app, stage_step


def fits_screen(page) -> dict:
    """What sticks out: the main area's scrollbar, and the stage's parts beyond the screen's bottom or
    cut at their right (a formula or matrix wider than its box). Read once the layout has settled."""
    last = None
    for _ in range(20):
        box = _measure(page)
        if box == last:
            return box
        last = box
        page.wait_for_timeout(200)
    return last


def _measure(page) -> dict:
    return page.evaluate(
        """() => { const m = document.querySelector('[data-testid=stMain]');
             const bottom = (sel) => Math.round(document.querySelector(sel).getBoundingClientRect().bottom);
             const cut = [...document.querySelectorAll('.bp-card .bp-math, .bp-card p, .bp-btn, .bp-scroll, .bp-vectors')]
               .filter(e => e.offsetParent && e.scrollWidth > e.clientWidth + 1).map(e => e.className);
             return {overflow: m.scrollHeight - m.clientHeight, card: bottom('.bp-card'), figure: bottom('.bp-figure'),
                     height: window.innerHeight, cut,
                     sidebar: !!document.querySelector('[data-testid=stSidebar]')?.offsetParent}; }"""
    )


def every_step(page, preset: str):
    """Step through the whole walk with → from the first step, yielding each 0-based step once it is shown."""
    for i in range(len(PRESETS[preset].trace())):
        if i:
            page.keyboard.press("ArrowRight")
            page.wait_for_function(f"() => window.__backpropStage.shown === {i}")
        yield i


@pytest.mark.parametrize("preset, lang", [("tiny", "fa"), ("tiny", "en"), ("xor", "fa"), ("xor", "en")])
def test_every_step_fits_a_1280_by_720_screen(page, server, preset, lang):
    """Normal mode, 1280×720: the figure ends on the screen, the card starts on it, and no formula,
    matrix or button label is cut or scrolls sideways, at any step of the default and XOR walks."""
    open_app(page, server, f"?p={preset}&lang={lang}")
    for i in every_step(page, preset):
        box = fits_screen(page)
        card_top = page.evaluate("document.querySelector('.bp-card').getBoundingClientRect().top")
        assert box["figure"] <= 720 and card_top < 500, (i + 1, box)
        assert box["cut"] == [], (i + 1, box)


@pytest.mark.parametrize(
    "preset, lang, width, height",
    [("tiny", "fa", 1280, 720), ("mazur", "en", 1280, 720), ("xor", "fa", 1024, 768), ("mazur", "en", 1920, 1080)],
)
def test_presentation_mode_fits_every_step_on_a_projector(page, server, preset, lang, width, height):
    """?present=1: from 1024×768 to 1920×1080, every step shows figure and card whole, without scrolling."""
    page.set_viewport_size({"width": width, "height": height})
    open_app(page, server, f"?p={preset}&present=1&lang={lang}")
    for i in every_step(page, preset):
        box = fits_screen(page)
        assert box["overflow"] <= 0 and box["card"] <= height and box["figure"] <= height, (i + 1, box)
        assert box["cut"] == [], (i + 1, box)
        assert not box["sidebar"]


def test_presentation_mode_fits_the_largest_preset_phases(page, server):
    """The 3-5-3 gradient-check network: the start of every phase fits too (reached with the phase bar)."""
    open_app(page, server, "?p=gradcheck&present=1&lang=en")
    for phase in ("forward", "output_delta", "hidden_delta", "accumulate", "gradient"):
        page.locator(f".bp-phase[data-phase={phase}]").click()
        expect(page.locator(f".bp-phase[data-phase={phase}]")).to_have_attribute("aria-current", "step")
        box = fits_screen(page)
        assert box["overflow"] <= 0 and box["card"] <= 720, (phase, box)


def test_a_shared_link_reproduces_what_the_sender_saw(page, server, browser):
    """Step and change λ in one tab, copy the address, open it in a fresh browser: same step, card and language."""
    open_app(page, server, "?p=xor&lang=en")
    page.locator(".bp-phase[data-phase=hidden_delta]").click()
    expect(page.locator(".bp-status")).to_contain_text("backward pass")
    page.keyboard.press("ArrowRight")
    expect(page.locator(".bp-status")).to_contain_text("node 2")
    # The exact step in the address, not any step= (the phase click had already written one).
    step = stage_step(page) + 1
    expect(page).to_have_url(re.compile(rf"[?&]step={step}(&|$)"))
    url = page.url
    seen_status = status(page)
    seen_card = page.locator(".bp-card").inner_text()
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    other = context.new_page()
    try:
        open_app(other, url.split("/?")[0], "?" + url.split("?", 1)[1])
        expect(other.locator(".bp-status")).to_have_text(seen_status)
        assert other.locator(".bp-card").inner_text() == seen_card
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


def test_share_shows_the_current_link_a_copy_button_and_the_download(page, server):
    """Share opens a panel with the link of the step on screen (kept current), a visible Copy button, the JSON and the script."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_app(page, server, "?lang=en")
    page.keyboard.press("ArrowRight")
    page.locator(".bp-share-btn").click()
    url = page.locator(".bp-share-url")
    expect(url).to_have_value(re.compile(r"\?p=tiny&step=2&lang=en$"))
    copy = page.locator(".bp-copy")
    expect(copy).to_be_visible()  # not a hover-only icon: a phone can use it
    copy.click()
    expect(page.locator(".bp-copied")).to_have_text("Link copied.")
    assert page.evaluate("navigator.clipboard.readText()").endswith("?p=tiny&step=2&lang=en")
    page.locator(".bp-status").click()
    page.keyboard.press("ArrowRight")
    expect(url).to_have_value(re.compile(r"\?p=tiny&step=3&lang=en$"))
    with page.expect_download() as download:
        page.locator(".bp-download").click()
    assert download.value.suggested_filename == "backprop-classic-2-2-1.json"
    doc = json.loads(Path(download.value.path()).read_text())
    assert len(doc["steps"]) == 13 and doc["Theta"][0][0] == [0.35, 0.15, 0.2]
    with page.expect_download() as download:  # and the script that reproduces every number
        page.locator(".bp-script").click()
    assert download.value.suggested_filename == "backprop_classic_2_2_1.py"
    assert "Theta = [" in Path(download.value.path()).read_text(encoding="utf-8")
