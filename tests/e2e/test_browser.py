"""The app in Chromium, as a student opens it: every page by URL (RTL, fonts, nothing from outside), keys in a box."""

import re

from playwright.sync_api import expect

from tests.helpers import PAGE_NAMES, status

from .conftest import open_app, stage_step

PATHS = ["", *PAGE_NAMES]


def test_every_page_opens_by_url_in_persian_and_loads_nothing_from_outside(page, server):
    """First request straight to each page: no exception, Persian right to left in Vazirmatn, KaTeX left to right,
    and not one request that leaves the app's own server (fonts, KaTeX and plotly.js are served by it).

    One page for all of them, as a student's browser would keep its cache between them."""
    outside = []
    page.on(
        "request",
        lambda r: None if r.url.startswith((server, f"blob:{server}", "data:")) else outside.append(r.url),
    )
    persian = re.compile("[\u0600-\u06ff]{3}")
    for path in PATHS:
        open_app(page, server, path)
        assert page.locator('[data-testid="stException"]').count() == 0, path
        para = page.locator(
            '[data-testid="stMainBlockContainer"] [data-testid="stMarkdownContainer"]', has_text=persian
        ).first
        # The stylesheet is code-split from the text it styles and lands a moment later.
        page.wait_for_function(
            "e => getComputedStyle(e).direction === 'rtl'", arg=para.element_handle(), timeout=10_000
        )
        assert para.evaluate("e => getComputedStyle(e).textAlign") in ("right", "start"), path
        assert "Vazirmatn" in para.evaluate("e => getComputedStyle(e).fontFamily"), path
        page.wait_for_selector(".katex")
        assert page.locator(".katex").first.evaluate("e => getComputedStyle(e).direction") == "ltr", path
        assert page.evaluate("document.fonts.check('16px Vazirmatn', 'سلام')"), path
    assert outside == []


def test_arrow_keys_in_a_text_box_edit_the_text(page, server):
    """With the cursor in a sidebar box, arrows move the cursor, not the walk."""
    open_app(page, server, "?lang=en")
    box = page.locator('[data-testid="stSidebar"] input[type="number"]').first
    box.click()
    for key in ("ArrowLeft", "ArrowRight", "PageDown"):
        box.press(key)  # the stage's key handler runs within the press: nothing to wait for
    assert stage_step(page) == 0 and "step 1 / 13" in status(page)
    page.locator(".bp-status").click()
    page.keyboard.press("ArrowRight")
    expect(page.locator(".bp-status")).to_contain_text("step 2 / 13")
