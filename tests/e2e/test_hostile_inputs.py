"""Hostile values typed into an input of every kind a student can type into, and hostile links, in Chromium.

Each payload is typed the way a user would (keyboard; one paste-like insertion for the
10 000-character string), committed, and then the test waits for exactly what the commit
caused: the probes below count the rerun requests the page sends and the script runs that
finish, so a value the browser or widget refuses (nothing sent) needs no waiting at all.
After every payload: no dialog, no element or handler from the payload, no request leaves
the server, no exception, a clear error or a value the widget kept as a number, and the
status line (the last valid step) unchanged. At the end the original value is typed back and
every error must go away.
"""

from __future__ import annotations

import math
import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from backprop_ui import i18n
from tests.helpers import status, step_of

from .conftest import (
    CLEAN,
    INJECTED,
    INVALID,
    OUTSIDE,
    Field,
    app_error,
    assert_inert,
    enter,
    expect_value,
    file_tab,
    first_row,
    go_to,
    open_app,
    save_file,
    settle,
    value,
    wait_ready,
    watch,
    widget,
)

LONG = "9" * 10_000
PAYLOADS = [
    "<script>window.__pwned=1;alert(1)</script>",
    '<img src=x onerror="window.__pwned=2;alert(2)">',
    '"><svg onload="window.__pwned=3;alert(3)">',
    f"![x]({OUTSIDE}/typed.png)",
    "1e308",
    "NaN",
    "-inf",
    LONG,
    "۱۲۳",
    "٣",
    "",
]


SCRIPT, IMG, SVG, MARKDOWN = PAYLOADS[:4]
# One input of each kind of widget (what only a browser shows: nothing runs, nothing is fetched, the widget
# commits); how each value is read is checked once per input, faster, by AppTest and the pure readers'
# properties (tests/app, tests/robust). Every payload goes into the one free-text input. The browser's number
# boxes and the grid's number editor drop what is not part of a number, so several payloads reach them as the
# same text: they get shorter lists, and every payload also reaches at least one other kind of input.
FOR_NUMBERS = (SCRIPT, "1e308", "-inf", LONG, "۱۲۳", "")
FOR_CELLS = (SCRIPT, SVG, "1e308", "NaN", LONG, "٣", "")
FOR_SELECT = (SCRIPT, IMG, SVG, MARKDOWN, LONG, "٣", "")


FIELDS = [
    Field("layer_sizes", "text", "sizes_text", "2, 2, 1", tuple(PAYLOADS)),
    Field("lambda", "number", "lam", "0", FOR_NUMBERS),  # a float box
    Field("x_cell", "cell", "examples_", "0.05", FOR_CELLS, column=1),  # tiny: x1, x2, y1
    Field("preset", "select", "preset", "Matt Mazur's classic example, reduced to one output (2-2-1)", FOR_SELECT),
    Field("training_iterations", "number", "iterations", "1000", FOR_NUMBERS, training=True),  # a whole-number box
]


def outcome(page, field: Field, original: str) -> str:
    """What became of a hostile value: the app's error, the widget's own refusal, or a number it kept."""
    if app_error(page):
        return "app error"
    shown = value(page, field)
    if field.kind == "text":
        assert shown == original, f"a changed layer-size text without an error: {shown[:60]!r}"
        return "unchanged"
    if field.kind == "select":
        assert shown == original, f"the preset changed to {shown!r}"
        return "refused (no such option)"
    if field.kind == "number":
        # The box has no range of its own (its message would be English): it holds a finite number,
        # and the app's message in the user's language says why anything else was not taken.
        box = page.locator(f"{widget(field)} input")
        assert box.get_attribute("aria-invalid") != "true"
        number = float(shown)  # the box holds a number, or this raises
        assert math.isfinite(number), shown
        return "unchanged" if shown == original else f"kept the number {shown}"
    if shown == "":  # an emptied cell: its row is waiting to be completed, and a note says so
        incomplete = i18n.t("sc.incomplete_one", "en", rows=1).split(" is ")[0]
        expect(page.locator('[data-testid="stAlertContentInfo"]', has_text=incomplete)).to_be_visible()
        return "row waits to be complete"
    try:
        number = float(shown)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        # A cell the app cannot read stays as typed, and its error is on the way (on a loaded
        # machine the run that shows it can end a moment after the one the edit caused).
        expect(page.locator('[data-testid="stAlertContentError"]', has_text=INVALID).first).to_be_visible()
        return "app error"
    return "unchanged" if shown == original else f"kept the number {shown}"


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f.id)
def test_hostile_values_typed_into(page, server, field):
    """Payloads into one input: inert, refused or reported, and the last valid step stays on screen."""
    dialogs, outside = watch(page, server)
    open_app(page, server, field.query)
    line = page.locator(".bp-status")
    expect(line).to_contain_text(re.compile(r"step 3 / \d+"))
    page.wait_for_function("() => location.search.includes('step=3')")  # the stage writes it a moment later
    step_line = status(page)
    url = page.url
    if field.training:
        go_to(page, "Training")
        expect(page.locator(f"{widget(field)} input")).to_be_visible()
    original = field.original
    expect_value(page, field, original)
    row = first_row(page, field) if field.kind == "cell" else {}
    results = []
    for payload in field.payloads:
        what = f"{field.id} <- {payload[:40]!r}"
        in_use = value(page, field) if field.kind == "number" else None
        sent = enter(page, field, payload)
        assert_inert(page, dialogs, outside, what)
        if row:  # the value went into the field's cell and nowhere else
            now = first_row(page, field)
            assert f"glide-cell-{field.column}-0" in now, (what, now, row)
            now.pop(f"glide-cell-{field.column}-0")
            assert now == {k: v for k, v in row.items() if k != f"glide-cell-{field.column}-0"}, what
        results.append((payload[:12], sent, outcome(page, field, original)))
        if field.kind == "number" and app_error(page):
            expect_value(page, field, in_use)  # a refused number: the box shows the one in use
        assert not re.search(r"inf|nan", page.url, re.IGNORECASE), what
        if not field.training:
            assert status(page) == step_line, what
    # Typed back, the original value is taken again and every error goes away. A number box
    # already shows the value in use after a refusal, and typing the same number sends nothing:
    # another valid number first, then the original.
    if field.kind == "number":
        enter(page, field, "2")
        assert not app_error(page), f"{field.id}: a valid number did not clear the error"
    enter(page, field, original)
    assert not app_error(page), f"{field.id}: the error stays after the value was typed back"
    expect_value(page, field, original)
    if field.kind == "number":
        assert page.locator(f"{widget(field)} input").get_attribute("aria-invalid") != "true"
    if not field.training:
        assert page.url == url
    print(f"\n{field.id}: " + "; ".join(f"{p!r} sent {s}: {o}" for p, s, o in results))
    if field.training:
        # The inputs still hold values a run accepts. Training is seconds of work on a busy machine: wait for
        # the script run it causes to finish (the probes count runs), then for its cost curve.
        settle(page, lambda: page.locator(".st-key-train button").click())
        expect(page.locator(".st-key-cost .js-plotly-plot")).to_be_visible()  # the cost curve
        assert page.locator('[data-testid="stException"]').count() == 0
        go_to(page, "")
        expect(line).to_be_visible()
        # By number: the language is not what this test is about (see the language tests below).
        assert step_of(status(page)) == step_of(step_line)
    else:
        assert status(page) == step_line
    # Still alive: the walk goes on from the same step.
    before = status(page)
    page.locator(".bp-next").click()
    expect(line).not_to_have_text(before)
    assert step_of(status(page))[0] == 4
    assert_inert(page, dialogs, outside, field.id)


# The keys a link can carry (backprop_ui/links.py). test_links_present.py already sends one
# markup payload in 12 of them with lang=en; these add name and present, a hostile lang, the
# other markup and the numeric payloads.
LINK_KEYS = ("p", "n", "seed", "eps", "w", "x", "y", "lam", "loss", "lr", "name", "step", "lang", "present")
MARKUP = PAYLOADS[:4]
NUMERIC = ["1e308", "NaN", "-inf", "۱۲۳", "٣", ""]


def test_a_hostile_link_saved_as_one_file_stays_inert(server, browser, tmp_path):
    """The markup link, exported as one file and opened from disk: nothing runs, nothing is fetched, and the
    default walk steps on (a hostile name is tests/ui/test_offline.py's)."""
    query = "&".join(f"{key}={quote(MARKUP[i % len(MARKUP)])}" for i, key in enumerate(LINK_KEYS))
    path = save_file(server, query, tmp_path)
    with file_tab(browser, path) as (tab, others, errors):
        expect(tab.locator(".bp-status")).to_contain_text("گام ۱ از ۱۳")
        tab.keyboard.press("ArrowRight")
        expect(tab.locator(".bp-status")).to_contain_text("گام ۲ از ۱۳")
        assert tab.evaluate(INJECTED) == CLEAN
        assert others == [] and errors == []


@pytest.mark.parametrize("payloads", [MARKUP, NUMERIC], ids=["markup", "numbers"])
def test_hostile_link_in_every_key(page, server, payloads):
    """Every key of a link hostile at once: nothing runs, nothing loads from outside, the default walk and a warning."""
    dialogs, outside = watch(page, server)
    query = "&".join(f"{key}={quote(payloads[i % len(payloads)])}" for i, key in enumerate(LINK_KEYS))
    query += f"&w={LONG}"  # and one value of 10 000 characters (the last value of a key is read)
    open_app(page, server, "?" + query)
    expect(page.locator('[data-testid="stAlertContainer"]').first).to_be_visible()
    # An unknown language falls back to Persian: the default example's first of 13 steps.
    expect(page.locator(".bp-status")).to_contain_text("گام ۱ از ۱۳")
    assert_inert(page, dialogs, outside, "link")
    assert page.evaluate("[...document.scripts].filter(s => /alert\\(/.test(s.textContent)).length") == 0
    page.keyboard.press("ArrowRight")
    expect(page.locator(".bp-status")).to_contain_text("گام ۲ از ۱۳")


def test_a_links_scenario_name_is_shown_as_text(page, server):
    """?name= of a custom link is shown in the scenario summary of the other pages as text, not as Markdown.

    (Found by these tests: an image in the name made every student's browser fetch it.)
    """
    dialogs, outside = watch(page, server)
    name = f"![x]({OUTSIDE}/n.png)"  # 28 characters: within the 40 a name may have
    open_app(page, server, f"Training?n=2-2-1&name={quote(name)}&lang=en")
    summary = page.locator('[data-testid="stSidebar"] [data-testid="stMarkdownContainer"]', has_text="layers 2-2-1")
    expect(summary).to_be_visible()
    assert page.locator('[data-testid="stSidebar"] img').count() == 0
    assert outside == []
    assert name in summary.inner_text()
    assert_inert(page, dialogs, outside, "name")


def test_arrow_keys_still_work_after_an_input_error_is_corrected(page, server):
    """A wrong layer-size text, then the right one, four times: Right still moves the walk after each.

    (Found by these tests: the stage's remount could leave the page without its key listener.)
    """
    watch(page, server)
    open_app(page, server, "?lang=en")
    field = Field("layer_sizes", "text", "sizes_text", "2, 2, 1", ())
    line = page.locator(".bp-status")
    for n in range(2, 6):
        enter(page, field, "2, x")
        assert app_error(page)
        enter(page, field, "2, 2, 1")
        assert not app_error(page)
        line.click()
        page.keyboard.press("ArrowRight")
        expect(line).to_contain_text(f"step {n} / 13", timeout=3_000)
        wait_ready(page)


def test_the_language_survives_a_page_change(page, server):
    """Opened with ?lang=en, one step (which writes the address), then the Training page and a value typed there:
    still English. (The language through the Lesson page and a reload: test_stage's nothing-jumps-back test.)"""
    watch(page, server)
    open_app(page, server, "?lang=en")
    page.keyboard.press("ArrowRight")
    expect(page.locator(".bp-status")).to_contain_text("step 2 / 13")
    wait_ready(page)
    go_to(page, "Training")
    enter(page, Field("training_iterations", "number", "iterations", "1000", ()), "500")  # a rerun there
    expect(page.locator("h1").first).to_have_text("Training with gradient descent", timeout=5_000)
    assert "lang=en" in page.url


def test_hostile_class_links_reach_the_students_page_as_text(page, server):
    """The students' light page (live/hall.py): a class link whose code and language are markup is sent there and
    named as text; a live room whose scenario is named with markup, opened with a hostile language, is the room's
    walk in Persian, with nothing run or fetched from outside."""
    dialogs, outside = watch(page, server)
    for payload in MARKUP:
        page.goto(f"{server}/?class={quote(payload)}&lang={quote(payload)}")  # a student's link of before
        assert "/join/" in page.url
        expect(page.locator(".bp-hall-message")).to_contain_text(payload[:40])
        assert page.locator("html").get_attribute("lang") == "fa"
        assert_inert(page, dialogs, outside, payload)
    name = "<img src=x onerror=alert(2)>"  # a name may have at most 40 characters
    made = page.request.post(
        f"{server}/api/classes", data={"query": f"n=2-2-1&name={quote(name)}&seed=3", "lang": "en"}
    ).json()
    page.goto(f"{server}/join/{made['code']}?lang={quote(SVG)}")
    expect(page.locator(".bp-status")).to_contain_text("گام ۱ از ۱۳")
    page.keyboard.press("ArrowRight")  # the student steps on alone (detached): the walk is whole
    expect(page.locator(".bp-status")).to_contain_text("گام ۲ از ۱۳")
    assert_inert(page, dialogs, outside, "room")
    assert page.evaluate("JSON.parse(document.getElementById('bp-data').textContent).class.teacher") is False
