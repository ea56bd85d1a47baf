"""Shared links, hostile links, presentation mode and what fits a screen, in a real browser."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from backprop_core import PRESETS
from tests.helpers import fits_screen, go, status

from .conftest import open_app, stage_step


def every_step(page, preset: str):
    """Every step of the walk, jumped to one after another; yields each 0-based step once it is settled."""
    for i in range(len(PRESETS[preset].trace())):
        go(page, i)
        yield i


def phase_starts(page, preset: str):
    """The first step of each phase and the last step, jumped to; yields each once it is settled. (`make shots`
    measures every step of every walk at every viewport, in both languages, and fails on a misfit.)"""
    trace = PRESETS[preset].trace()
    first = {}
    for i, step in enumerate(trace):
        first.setdefault(step.phase, i)
    for i in sorted({*first.values(), len(trace) - 1}):
        go(page, i)
        yield i


@pytest.mark.parametrize("preset, lang", [("tiny", "fa"), ("tiny", "en"), ("xor", "fa"), ("xor", "en")])
def test_the_walk_fits_a_1280_by_720_screen(page, server, preset, lang):
    """Normal mode, 1280×720: the figure ends on the screen, the card starts on it, and no formula,
    matrix or button label is cut or scrolls sideways, at the start of every phase of the default and XOR walks."""
    open_app(page, server, f"?p={preset}&lang={lang}")
    for i in phase_starts(page, preset):
        box = fits_screen(page)
        card_top = page.evaluate("document.querySelector('.bp-card').getBoundingClientRect().top")
        assert box["figure"] <= 720 and card_top < 500, (i + 1, box)
        assert box["cut"] == [], (i + 1, box)


@pytest.mark.parametrize(
    "preset, lang, width, height",
    [
        ("tiny", "fa", 1280, 720),
        ("mazur", "en", 1280, 720),
        ("xor", "en", 1280, 720),  # D's cases after a step whose card was shrunk to fit (found by make shots)
        ("xor", "fa", 1024, 768),
        ("mazur", "en", 1920, 1080),
    ],
)
def test_presentation_mode_fits_a_projector(page, server, preset, lang, width, height):
    """?present=1: from 1024×768 to 1920×1080, figure and card whole, without scrolling, at the start of every
    phase; XOR at 1280×720 at every step in order (a card's fit once depended on the step before it)."""
    page.set_viewport_size({"width": width, "height": height})
    open_app(page, server, f"?p={preset}&present=1&lang={lang}")
    steps = every_step if (preset, width) == ("xor", 1280) else phase_starts
    for i in steps(page, preset):
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
    """A phase and a step in one tab: the address is exactly ?p=xor&step=k&lang=en; opened in a fresh browser it shows
    the same step, card and language, and nothing to warn about."""
    open_app(page, server, "?p=xor&lang=en")
    page.locator(".bp-phase[data-phase=hidden_delta]").click()
    expect(page.locator(".bp-status")).to_contain_text("backward pass")
    page.keyboard.press("ArrowRight")
    expect(page.locator(".bp-status")).to_contain_text("node 2")
    # The exact step in the address, not any step= (the phase click had already written one).
    step = stage_step(page) + 1
    expect(page).to_have_url(re.compile(rf"/\?p=xor&step={step}&lang=en$"))
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
