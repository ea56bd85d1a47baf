"""The scenario editor in a browser (issue 14's editor faults): wide tables, a row being typed,
what a change of shape says, undo, refusals in the user's language."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .conftest import PROBES, ROW, Field, enter, open_app, settle, wait_stage


def test_a_table_too_wide_for_the_sidebar_opens_whole_in_a_dialog(page, server):
    """Sizes 3, 4, 2: the notes say what changed; x1–x3, y1, y2 are edited in a dialog where all five show."""
    page.add_init_script(PROBES)
    open_app(page, server, "?lang=en")
    enter(page, Field("layer_sizes", "text", "sizes_text", "2, 2, 1", ()), "3, 4, 2")
    sidebar = page.locator('[data-testid="stSidebar"]')
    notes = sidebar.locator('[data-testid="stAlertContentInfo"]').first
    expect(notes).to_contain_text("changed shape from 2×3 to 4×4")
    expect(notes).to_contain_text("was added to every example, set to 0 for now")
    expect(sidebar).to_contain_text("The examples table has 5 columns, too many for the sidebar.")
    settle(page, sidebar.locator(".st-key-wide_examples button").click)
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Edit the numbers")
    grid = dialog.locator('[data-testid="stDataFrameResizable"]').first
    expect(grid).to_be_visible()
    box = grid.bounding_box()
    assert box["width"] >= 5 * 58 + 30  # every column at its full width, none cut
    scroller = dialog.locator(".dvn-scroller").first
    assert scroller.evaluate("e => e.scrollWidth <= e.clientWidth + 1")  # nothing hidden to the side
    grid.locator("canvas").first.focus()  # glide writes its accessible copy of the table once focused
    expect(grid.locator("th")).to_have_count(5)
    headers = [h.text_content() for h in grid.locator("th").all()]
    assert headers == ["x1", "x2", "x3", "y1", "y2"]
    dialog.locator(".st-key-wide_done button").click()
    expect(dialog).to_have_count(0)
    wait_stage(page)
    assert "n=3-4-2" in page.url


def test_a_new_example_row_is_not_an_error_while_it_is_typed(page, server):
    """A click on the empty row adds a row: no red error, a note naming row 2 (the walk keeps its one
    example meanwhile), empty cells shown empty, never "None", and the help says how to delete a row.
    (Completing a row is AppTest's: tests/app/test_main_page.py::test_examples_rebuild_the_trace.)"""
    page.add_init_script(PROBES)
    open_app(page, server, "?lang=en")
    grid = page.locator('[class*="st-key-examples_"] [data-testid="stDataFrameResizable"]')
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    settle(page, lambda: page.mouse.click(box["x"] + box["width"] / 2, box["y"] + ROW * 2.5))
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.locator('[data-testid="stAlertContentInfo"]', has_text="Row 2 is not complete yet")).to_be_visible()
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0
    page.keyboard.press("Escape")
    cells = page.locator('[class*="st-key-examples_"] [data-testid^="glide-cell-"][data-testid$="-1"]')
    assert cells.count() == 3 and all("None" not in (c.text_content() or "") for c in cells.all())
    expect(sidebar).to_contain_text("to delete one, tick the box at the start of its row and press the bin icon")
    expect(page.locator(".bp-status")).to_contain_text("step 1 / 13")  # still the one complete example


def test_undo_brings_back_an_example_loaded_over_edits(page, server):
    """λ = 0.5 typed, then XOR picked by mistake: Undo gives the edited example back, in Persian too."""
    page.add_init_script(PROBES)
    open_app(page, server, "")
    enter(page, Field("lambda", "number", "lam", "0", ()), "0.5")
    preset = page.locator('[data-testid="stSidebar"] [class*="st-key-preset_"] input')

    def pick_xor():
        preset.click()
        page.keyboard.type("XOR")
        page.keyboard.press("Enter")

    settle(page, pick_xor)
    page.wait_for_function("() => location.search.includes('p=xor')")
    undo = page.locator(".st-key-undo_btn").get_by_role("button", name="برگرداندن تغییر")  # its help makes a twin
    expect(undo).to_be_visible()
    settle(page, undo.click)
    page.wait_for_function("() => location.search.includes('lam=0.5') && location.search.includes('p=tiny')")
    expect(page.locator(".st-key-lam input")).to_have_value("0.5")


def test_a_refused_number_is_said_in_persian_and_the_box_shows_what_is_used(page, server):
    """λ = −1 in the Persian interface: a Persian message under the box, and the box back at 0."""
    page.add_init_script(PROBES)
    open_app(page, server, "")
    enter(page, Field("lambda", "number", "lam", "0", ()), "-1")
    error = page.locator('[data-testid="stSidebar"] [data-testid="stAlertContentError"]')
    expect(error).to_contain_text("پذیرفته نشد")
    expect(error).to_contain_text("همچنان λ برابر با \u2066۰\u2069 به کار می‌رود")
    expect(page.locator(".st-key-lam input")).to_have_value("0")


def test_edit_by_hand_opens_the_seeds_weights_and_a_changed_weight_renames_the_example(page, server):
    """XOR's seeded weights: "edit by hand" stays chosen with the tables open and the link still p=xor; a changed
    weight makes the example "edited" at once (the box above the table catches up without another click)."""
    page.add_init_script(PROBES)
    open_app(page, server, "?p=xor&lang=en")
    mode = page.locator('[data-testid="stSidebar"] [data-testid="stRadio"]').first
    settle(page, lambda: mode.get_by_text("Edit by hand").click())
    expect(mode.locator("input[type=radio]").nth(1)).to_be_checked()
    expect(page.locator('[class*="st-key-theta_1_"]').first).to_be_visible()
    assert "p=xor" in page.url and "w=" not in page.url
    preset = page.locator('[data-testid="stSidebar"] [class*="st-key-preset_"] input')
    expect(preset).to_have_value(re.compile("^XOR"))
    enter(page, Field("theta_cell", "cell", "theta_1_", "0.02364", (), column=1), "0.25")
    expect(preset).to_have_value(re.compile("^Edited: XOR"))
    page.wait_for_function("() => location.search.includes('w=')")
    expect(mode.locator("input[type=radio]").nth(1)).to_be_checked()


def test_a_number_box_shows_the_value_in_use_digit_for_digit(page, server):
    """ε_init typed as 1000000, 999999 or 0.12345 is shown as typed, not rounded to four figures (999999 is not
    «1000000»), and the link carries the same value."""
    page.add_init_script(PROBES)
    open_app(page, server, "?p=xor&lang=en")
    eps = Field("epsilon", "number", "eps", "1", ())
    for typed in ("1000000", "999999", "0.12345"):
        enter(page, eps, typed)
        expect(page.locator(".st-key-eps input")).to_have_value(typed)
        page.wait_for_function(f"() => new URLSearchParams(location.search).get('eps') === '{typed}'")


PHONE_UA = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36"
GRID_LOADED = "() => performance.getEntriesByType('resource').some(e => /\\/DataFrame\\.[^/]*\\.js$/.test(e.name))"


def test_a_phone_loads_the_data_grid_only_when_the_examples_box_is_opened(browser, server):
    """On a phone the examples' box starts folded and Streamlit's data grid (its scripts) is not loaded;
    opened from the sidebar, the table is there to edit."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True, user_agent=PHONE_UA
    )
    try:
        page = context.new_page()
        open_app(page, server, "?p=xor&lang=en")
        assert page.evaluate(GRID_LOADED) is False
        page.locator('[data-testid="stExpandSidebarButton"]').click()
        page.locator(".st-key-xy_box_en summary").click()
        table = page.locator('[data-testid="stSidebar"] [data-testid="stDataFrame"]')
        expect(table).to_be_visible(timeout=10_000)
        assert page.evaluate(GRID_LOADED) is True
    finally:
        context.close()
