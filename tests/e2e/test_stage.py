"""The stage in the browser (issue 9): stepping costs the server nothing, animates, survives
edits, language and page switches and a stopped server, works on a phone, and passes axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.helpers import settle_stage

from .conftest import (
    PROBES,
    Field,
    axe_serious,
    enter,
    expect_step,
    go_to,
    open_app,
    reruns,
    shown,
    stage_step,
    wait_stage,
)


def test_fifteen_quick_presses_all_count_and_send_nothing_to_the_server(page, server):
    """Right ×9, Left ×2, PageDown ×3, PageUp at once: step 10; End, Home; not one rerun request."""
    page.add_init_script(PROBES)
    open_app(page, server, "?lang=en")
    before = reruns(page)
    for key in ["ArrowRight"] * 9 + ["ArrowLeft"] * 2 + ["PageDown"] * 3 + ["PageUp"]:
        page.keyboard.press(key)
    expect_step(page, 10)
    page.keyboard.press("End")
    expect_step(page, 13)
    page.keyboard.press("ArrowRight")  # past the end: stays
    page.keyboard.press("Home")
    expect_step(page, 1)
    for _ in range(4):
        page.locator(".bp-next").click()
    expect_step(page, 5)
    page.locator(".bp-prev").click()
    expect_step(page, 4)
    # The address bar follows the step (written after the step's drawing, with whatever else a step sends),
    # and the step settles: by then a rerun request would have been counted.
    page.wait_for_function("() => location.search.includes('step=4')")
    settle_stage(page)
    assert reruns(page) == before  # every step was the browser's alone


def test_autoplay_at_the_fastest_speed_shows_every_step_and_stops_at_the_end(page, server):
    """0.25 s per step: the status line shows 1, 2, …, 13 in order, then Play again; no rerun meanwhile."""
    page.add_init_script(PROBES)
    open_app(page, server, "?lang=en")
    page.locator(".bp-speed").select_option("0.25")
    page.evaluate(
        """() => { window.__seen = [];
           new MutationObserver(() => { const t = document.querySelector('.bp-status').innerText;
             if (window.__seen.at(-1) !== t) window.__seen.push(t); })
           .observe(document.querySelector('.bp-status'), {subtree: true, childList: true, characterData: true}); }"""
    )
    before = reruns(page)
    page.locator(".bp-play").click()
    expect(page.locator(".bp-play")).to_have_attribute("aria-pressed", "true")
    expect_step(page, 13, timeout=15_000)
    expect(page.locator(".bp-play")).to_have_attribute("aria-pressed", "false")
    seen = [int(m.group(1)) for t in page.evaluate("window.__seen") if (m := re.search(r"step (\d+) / 13", t))]
    assert seen == list(range(2, 14)), seen  # every step, in order, none skipped
    assert page.evaluate("window.__backpropStage.playing") is False  # stopped, so no tick can wrap it around
    settle_stage(page)
    assert shown(page) == 13 and reruns(page) == before


def test_a_forward_step_animates_and_a_press_finishes_it_at_once(page, server):
    """Next on a forward step sends dots along the edges; a second press ends the animation and moves on."""
    open_app(page, server, "?p=tiny&step=2&lang=en")
    page.locator(".bp-speed").select_option("3")  # long animations
    page.keyboard.press("ArrowRight")
    expect(page.locator(".bp-overlay circle")).to_have_count(3)  # bias and two inputs into unit 1 of layer 2
    units_text = "() => window.__backpropStage.painted.texts"  # what is written on the units now
    assert page.evaluate(units_text)[4] == ""  # unit (2, 1): its value appears when the dots arrive
    page.keyboard.press("ArrowRight")  # at once: no queue behind the animation
    expect_step(page, 4)
    page.keyboard.press("ArrowLeft")
    expect_step(page, 3)
    expect(page.locator(".bp-overlay circle")).to_have_count(0)
    assert page.evaluate(units_text)[4] == "0.5933"


def test_reduced_motion_moves_nothing(browser, server):
    """With prefers-reduced-motion the step changes without dots or fills."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, reduced_motion="reduce")
    try:
        page = context.new_page()
        open_app(page, server, "?p=tiny&step=2&lang=en")
        page.evaluate(
            """() => { window.__dots = 0; new MutationObserver((records) => { for (const r of records)
                 window.__dots += [...r.addedNodes].filter(n => n.tagName === 'circle').length; })
               .observe(document.querySelector('.bp-overlay'), {childList: true}); }"""
        )
        page.keyboard.press("ArrowRight")
        expect_step(page, 3)
        page.wait_for_function("() => window.__backpropStage.painted.texts[4] === '0.5933'")
        page.keyboard.press("ArrowRight")
        expect_step(page, 4)
        settle_stage(page)  # drawn whole: an animation would have started with the drawing
        assert page.evaluate("window.__dots") == 0
    finally:
        context.close()


def test_nothing_jumps_back_after_an_edit_a_language_switch_a_page_switch_or_a_reload(page, server):
    """At step 7 and the fastest speed: λ edited, English, the Lesson page and back, a reload: still step 7 each
    time, and the speed chosen."""
    page.add_init_script(PROBES)
    open_app(page, server, "?p=xor")
    for _ in range(6):
        page.keyboard.press("ArrowRight")
    expect_step(page, 7)
    page.locator(".bp-speed").select_option("0.25")
    enter(page, Field("lambda", "number", "lam", "0", ()), "0.5")
    wait_stage(page)
    page.locator(".bp-status").click()
    assert stage_step(page) == 6 and "lam=0.5" in page.url and "step=7" in page.url
    page.locator(".st-key-lang button", has_text="English").click()
    expect(page.locator(".bp-status")).to_contain_text("step 7 / 40")
    go_to(page, "Lesson")
    go_to(page, "")
    wait_stage(page)
    expect_step(page, 7)
    expect(page.locator(".bp-speed")).to_have_value("0.25")
    page.reload()
    page.wait_for_selector(".bp-status:not(:empty)", timeout=30_000)
    wait_stage(page)
    expect_step(page, 7)
    expect(page.locator(".bp-speed")).to_have_value("0.25")
    assert "step=7" in page.url and "lang=en" in page.url


def test_the_lesson_pages_go_to_step_opens_the_stage_there(page, server):
    """ "Go to the first step that uses F7" on the Lesson page: the stage opens at the first hidden δ."""
    open_app(page, server, "Lesson?lang=en")
    page.locator(".st-key-go_F7 button").click()
    page.wait_for_selector(".bp-status:not(:empty)", timeout=30_000)
    wait_stage(page)
    expect(page.locator(".bp-card .bp-badge")).to_have_text("F7")
    expect(page.locator(".bp-status")).to_contain_text("backward pass")


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_on_a_phone_the_stage_fits_and_taps_and_swipes_step(browser, server, lang):
    """390 × 844 with touch: the sidebar starts closed, nothing scrolls sideways, every control has a name,
    a tap on Next steps and a swipe steps."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        open_app(page, server, f"?p=xor&lang={lang}")
        assert not page.locator('[data-testid="stSidebar"]').is_visible() or (
            page.locator('[data-testid="stSidebar"]').bounding_box()["x"] < -100
        )
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert page.evaluate(
            "() => [...document.querySelectorAll('.bp-stage')].every(e => e.scrollWidth <= e.clientWidth + 1)"
        )
        names = page.evaluate(
            "[...document.querySelectorAll('.bp-stage button')].map(b => b.getAttribute('aria-label') || b.innerText)"
        )
        assert all(name and name.strip() for name in names)
        for button in page.locator(".bp-buttons .bp-btn").all():  # one or two rows, inside the screen
            box = button.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        page.locator(".bp-next").tap()
        expect_step(page, 2)
        figure = page.locator(".bp-figure").bounding_box()
        y = figure["y"] + figure["height"] / 2
        page.evaluate(
            """([x0, x1, y]) => { const el = document.querySelector('.bp-figure');
                 const touch = (x) => new Touch({identifier: 1, target: el, clientX: x, clientY: y});
                 el.dispatchEvent(new TouchEvent('touchstart', {bubbles: true, touches: [touch(x0)], changedTouches: [touch(x0)]}));
                 el.dispatchEvent(new TouchEvent('touchend', {bubbles: true, touches: [], changedTouches: [touch(x1)]})); }""",
            [300, 80, y],
        )
        expect_step(page, 3)
    finally:
        context.close()


@pytest.mark.parametrize("query", ["?p=mazur&step=12", "?lang=en&present=1&step=4"])
def test_axe_finds_no_serious_violation(page, server, query):
    """axe-core, WCAG 2 A/AA: no serious or critical finding on the main page; each language and each mode is
    audited once (Persian as normal, English as presenting)."""
    open_app(page, server, query)
    assert axe_serious(page) == []


def test_presentation_mode_blanks_the_screen_for_a_remote(page, server):
    """Present (the button) hides the sidebar; B blanks and brings back, . too, a remote's next unblanks;
    Space plays though the focus is on the button; Escape and P leave; the address says so."""
    open_app(page, server, "?lang=en")
    page.locator(".bp-present-btn").click()  # the focus stays on this button
    page.wait_for_function("() => location.search.includes('present=1')")
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    page.keyboard.press("b")
    expect(page.locator(".bp-blank")).to_be_visible()
    page.keyboard.press("b")
    expect(page.locator(".bp-blank")).to_be_hidden()
    page.keyboard.press(".")
    expect(page.locator(".bp-blank")).to_be_visible()
    page.keyboard.press("PageDown")  # a remote's next brings the picture back first, on the same step
    expect(page.locator(".bp-blank")).to_be_hidden()
    expect_step(page, 1)
    page.keyboard.press("PageDown")
    expect_step(page, 2)
    page.keyboard.press(" ")  # Space plays, even with the focus on the Present button it was pressed with
    expect(page.locator(".bp-play")).to_have_attribute("aria-pressed", "true")
    page.keyboard.press(" ")
    page.wait_for_function("() => document.documentElement.classList.contains('bp-presenting')")
    page.keyboard.press("Escape")  # Escape leaves presentation too
    page.wait_for_function("() => !document.documentElement.classList.contains('bp-presenting')")
    page.keyboard.press("p")
    page.keyboard.press("p")
    page.wait_for_function("() => !location.search.includes('present')")
    expect(page.locator('[data-testid="stSidebar"]')).to_be_visible()


def test_a_walk_too_big_to_send_whole_arrives_in_windows_before_it_is_needed(page, server):
    """10 × 32 (597 steps, in windows): End and Home and stepping across a window's edge all show their step."""
    page.add_init_script(PROBES)
    open_app(page, server, "?lang=en")
    enter(page, Field("layer_sizes", "text", "sizes_text", "2, 2, 1", ()), ", ".join(["32"] * 10))
    wait_stage(page)
    page.wait_for_function("() => window.__backpropStage.meta.n === 597", timeout=30_000)
    assert page.evaluate("window.__backpropStage.meta.windows") > 1
    size = page.evaluate("window.__backpropStage.meta.window")
    page.locator(".bp-status").click()  # out of the sizes box, where keys are the box's
    page.keyboard.press("End")
    expect_step(page, 597, timeout=15_000)
    page.keyboard.press("Home")
    expect_step(page, 1)
    for _ in range(size + 2):  # across the first window's end, one press at a time
        page.keyboard.press("ArrowRight")
    expect_step(page, size + 3, timeout=15_000)
    assert page.locator(".bp-notice").inner_text() == ""


def test_every_unit_shows_its_own_value_at_every_step(page, server):
    """The texts drawn on the units are the step's, unit by unit: bias units always +1, the rest their a."""
    open_app(page, server, "?p=tiny&lang=en")
    drawn = """() => [...document.querySelectorAll('.bp-plot .scatterlayer > .trace')]
        .map(g => [...g.querySelectorAll('.text text')].map(t => t.textContent.replace('\\u200b', '')))
        .find(texts => texts.length === 7)"""
    orange = """() => [...document.querySelectorAll('.bp-plot .point')]
        .filter(p => getComputedStyle(p).fill === 'rgb(230, 159, 0)').map(p => p.getAttribute('transform'))"""
    lit = []
    for i in range(13):
        if i:
            page.keyboard.press("ArrowRight")
            page.wait_for_function(f"() => window.__backpropStage.shown === {i}")
        page.wait_for_function("() => !window.__backpropStage.anim")
        texts = page.evaluate(drawn)
        assert texts[0] == texts[3] == "+1", (i + 1, texts)
        assert texts == page.evaluate("window.__backpropStage.painted.texts"), (i + 1, texts)
        lit.append(page.evaluate(orange))
    assert texts[4] == "0.5933" and texts[6] == "0.7514"  # a_1^(2) and a^(3) on the result step
    # The orange unit is the one the step computes: z_1^(2) at step 3, z_2^(2) at step 4.
    assert len(lit[2]) == len(lit[3]) == 1 and lit[2] != lit[3], lit[2:4]


def test_a_step_restyles_plotlys_own_drawing(page, server):
    """What views/figure.js relies on in plotly's drawing, which has no public API (requirements.txt pins the minor
    version): the axes' pixel offsets, one SVG group per trace, a text and a point per unit, and the highlight path
    it places among them. A plotly that draws otherwise fails here."""
    open_app(page, server, "?p=tiny&lang=en")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => window.__backpropStage.shown === 2 && !window.__backpropStage.anim")
    found = page.evaluate(
        """() => { const plot = document.querySelector('.bp-plot'), full = plot._fullLayout;
             const groups = plot.querySelectorAll('.scatterlayer > .trace'), meta = window.__backpropStage.meta;
             const units = groups[meta.fig.units];
             return { offsets: [full.xaxis._offset, full.yaxis._offset].every(Number.isFinite),
                      c2p: typeof full.xaxis.c2p, groups: groups.length, traces: plot.data.length,
                      points: units.querySelectorAll('.points path.point').length,
                      texts: units.querySelectorAll('.text text').length, units: meta.fig.node_ids.length,
                      lit: getComputedStyle(units.querySelectorAll('.points path.point')[4]).fill,
                      highlight: plot.querySelector('.bp-hl')?.getAttribute('d')?.length > 10,
                      after: plot.querySelector('.bp-hl')?.nextSibling === units }; }"""
    )
    assert found == {
        "offsets": True,
        "c2p": "function",
        "groups": found["traces"],
        "traces": found["traces"],
        "points": 7,
        "texts": 7,
        "units": 7,
        "lit": "rgb(230, 159, 0)",  # the unit this step computes, filled orange by the stage itself
        "highlight": True,
        "after": True,
    }
