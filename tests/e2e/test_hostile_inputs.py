"""Hostile values typed into every input a student can type into, and hostile links, in Chromium.

Each payload is typed the way a user would (keyboard; one paste-like insertion for the
10 000-character string), committed, and then the test waits for exactly what the commit
caused: the probes below count the rerun requests the page sends and the script runs that
finish, so a value the browser or widget refuses (nothing sent) needs no waiting at all.
After every payload: no dialog, no element or handler from the payload, no request leaves
the server, no exception, a clear error or a value the widget kept as a number, and the
status line (the last valid step) unchanged. At the end the original value is typed back and
every error must go away.

Glide data grid (the table editors, drawn on a canvas): a cell is selected with clicks and
arrow keys (see select_cell), Enter opens its editor, the payload is typed, and a click
outside the table commits it. Enter right after the last key press can commit the value of
glide's previous render (it reads the edited value from React state in its keydown handler;
about half of such commits were lost), so two frames pass before the commit; and a click
outside sends the edit to the server at once, where Enter waits out a 150 ms debounce.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from backprop_ui import i18n
from tests.helpers import status, step_of

from .conftest import open_app, wait_ready

LONG = "9" * 10_000
OUTSIDE = "http://198.51.100.7"  # TEST-NET-2: nothing answers there; any request to it is a leak
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
INVALID = i18n.t("sc.invalid", "en")  # the app's own message for input it refused
ROW = 35  # glide data grid's header and row height in Streamlit, in pixels

# Counters the tests wait on, installed before any page script runs: rerun requests sent
# (a BackMsg whose first field is 11, rerun_script: first byte 0x5a) and script runs
# finished (a ForwardMsg with field 6, script_finished, other than "finished early for a
# rerun"). The app root's run-state attribute cannot be counted on: React may render a
# quick run's "running" and "notRunning" as one update.
PROBES = """
(() => {
  if (window.__probes) return;
  window.__probes = true;
  window.__reruns = 0;
  window.__runsDone = 0;
  const bytesOf = (data) => ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    : data instanceof ArrayBuffer ? new Uint8Array(data) : null;
  const finished = (b) => {  // top-level protobuf fields of a ForwardMsg
    let i = 0;
    const varint = () => { let v = 0, s = 0, x; do { x = b[i++]; v += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80); return v; };
    while (i < b.length) {
      const tag = varint(), field = Math.floor(tag / 8), type = tag % 8;
      if (type === 0) { const v = varint(); if (field === 6) return v !== 2; }
      else if (type === 2) { const n = varint(); i += n; }
      else if (type === 1) i += 8;
      else if (type === 5) i += 4;
      else return false;
    }
    return false;
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        const b = bytesOf(e.data);
        if (b && finished(b)) window.__runsDone += 1;
      });
    }
    send(data) {
      const b = bytesOf(data);
      if (b && b.length && b[0] === 0x5a) window.__reruns += 1;
      return super.send(data);
    }
  };
})();
"""
TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"
INJECTED = """() => ({
  pwned: window.__pwned ?? null,
  img: document.querySelectorAll('img[src="x"]').length,
  svg: document.querySelectorAll('svg[onload]').length,
  handlers: [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(
    a => a.name.startsWith('on') && /alert|__pwned/.test(a.value))).length,
  scripts: [...document.scripts].filter(s => s.textContent.includes('__pwned')).length,
  exceptions: document.querySelectorAll('[data-testid="stException"]').length,
})"""
CLEAN = {"pwned": None, "img": 0, "svg": 0, "handlers": 0, "scripts": 0, "exceptions": 0}


SCRIPT, IMG, SVG, MARKDOWN = PAYLOADS[:4]
# Every payload goes into the one free-text input. The browser's number boxes and the grid's
# number editor drop what is not part of a number, so several payloads reach them as the same
# text: they get shorter lists, and every payload also reaches at least one other kind of input.
FOR_NUMBERS = (SCRIPT, "1e308", "-inf", LONG, "۱۲۳", "")
FOR_SELECT = (SCRIPT, IMG, SVG, MARKDOWN, LONG, "٣", "")


@dataclass(frozen=True)
class Field:
    """One input: how to reach it, what kind of widget it is, what it gets."""

    id: str
    kind: str  # "text", "number", "cell" (glide data grid), "select"
    key: str  # the element key (for tables the key's prefix: it carries a version)
    original: str  # what it shows on opening (read back after a wait: a number box first shows 0)
    payloads: tuple[str, ...]
    query: str = "?step=3&lang=en"  # a step other than the first, so that a reset would show
    column: int = 0  # cells: glide's column index (0 is the row marker or the index)
    last: int = 3  # cells: the index of the table's last column
    training: bool = False  # on the Training page (reached from the main page, same session)


FIELDS = [
    Field("layer_sizes", "text", "sizes_text", "2, 2, 1", tuple(PAYLOADS)),
    Field("seed", "number", "seed", "1", FOR_NUMBERS, query="?p=xor&step=3&lang=en"),
    Field("epsilon", "number", "eps", "1", FOR_NUMBERS, query="?p=xor&step=3&lang=en"),
    Field("lambda", "number", "lam", "0", FOR_NUMBERS),
    Field("sidebar_alpha", "number", "alpha", "0.5", FOR_NUMBERS),
    Field("x_cell", "cell", "examples_", "0.05", (SCRIPT, "1e308", LONG, "۱۲۳"), column=1),  # tiny: x1, x2, y1
    Field("y_cell", "cell", "examples_", "0.01", (SVG, "1e308", "NaN", ""), column=3),
    Field("theta_cell", "cell", "theta_1_", "0.35", (IMG, "-inf", LONG, "٣"), column=1),  # Θ(1): j=0, 1, 2
    Field("preset", "select", "preset", "Matt Mazur's classic example, reduced to one output (2-2-1)", FOR_SELECT),
    Field("training_alpha", "number", "train_alpha", "0.5", FOR_NUMBERS, training=True),
    Field("training_iterations", "number", "iterations", "1000", FOR_NUMBERS, training=True),
]


def widget(field: Field) -> str:
    """The CSS selector of a field's widget (a choice's key carries the language, see tests/helpers.py)."""
    return f'[class*="st-key-{field.key}_"]' if field.kind == "select" else f".st-key-{field.key}"


def go_to(page, path: str) -> None:
    """Another page of the same session, from the sidebar's menu (by address: labels are translated)."""
    page.locator(f'[data-testid="stSidebar"] a[data-testid="stPageLink-NavLink"][href="{path}"]').first.click()
    page.wait_for_url(re.compile(rf"/{path}(\?|$)"))
    wait_ready(page)


def watch(page, server: str) -> tuple[list, list]:
    """Record every dialog (and dismiss it) and every request that leaves the server."""
    dialogs, outside = [], []
    page.add_init_script(PROBES)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.route(f"{OUTSIDE}/**", lambda route: (outside.append(route.request.url), route.abort()))
    page.on(
        "request",
        lambda r: None if r.url.startswith((server, f"blob:{server}", "data:", OUTSIDE)) else outside.append(r.url),
    )
    return dialogs, outside


def assert_inert(page, dialogs: list, outside: list, what: str) -> None:
    assert dialogs == [], what
    assert outside == [], what
    assert page.evaluate(INJECTED) == CLEAN, what


def settle(page, action) -> int:
    """Do ``action`` and wait for the script run it caused, if any; return how many reruns it sent."""
    reruns, done = page.evaluate("[window.__reruns, window.__runsDone]")
    action()
    page.evaluate(TWO_FRAMES)
    sent = page.evaluate("window.__reruns") - reruns
    if sent:
        page.wait_for_function("n => window.__runsDone >= n", arg=done + 1, timeout=30_000)
        page.evaluate(TWO_FRAMES)  # the app renders the finished run after this listener saw it
    wait_ready(page)
    return sent


def click_outside(page) -> None:
    """A click on the page's title: outside every input (a plain mouse click, no waiting)."""
    box = page.locator('[data-testid="stMainBlockContainer"] h1').first.bounding_box()
    page.mouse.click(box["x"] + 10, box["y"] + box["height"] / 2)


def clear_and_type(page, text: str) -> None:
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Delete")
    if len(text) > 200:
        page.keyboard.insert_text(text)  # as a paste would: one input event, not 10 000 key presses
    elif text:
        page.keyboard.type(text)


def select_cell(page, field: Field) -> str:
    """Select the field's cell in the first row; return its text.

    Glide moves focus in its own time, so every step waits two frames before reading the
    active cell. A click on an unfocused grid only focuses it and gives the focus back to the
    cell selected before (after a rerun glide may even have dropped that selection while the
    cell keeps the focus); a click on a focused grid selects the cell under it, or opens the
    editor if that cell was selected already. So: the grid loses the focus, a click on another
    cell of the first row (the anchor) focuses it, Escape clears its selection, a second click
    selects the anchor, and arrow keys lead to the field's cell.
    """
    grid = page.locator(f'[class*="st-key-{field.key}"] [data-testid="stDataFrameResizable"]')
    active = "() => document.activeElement?.id ?? ''"
    inside = "g => g.contains(document.activeElement) && /^glide-cell-/.test(document.activeElement.id)"
    # The last column, or for a field in the last column the one before it (the grid's middle).
    anchor = field.last if field.column != field.last else field.last - 1
    grid.scroll_into_view_if_needed()
    if grid.evaluate("g => g.contains(document.activeElement)"):
        page.evaluate("() => document.activeElement.blur()")
        page.evaluate(TWO_FRAMES)
    box = grid.bounding_box()
    x = box["x"] + (box["width"] - 8 if anchor == field.last else box["width"] / 2)
    y = box["y"] + ROW * 1.5
    page.mouse.click(x, y)
    try:
        page.wait_for_function(inside, arg=grid.element_handle(), timeout=3_000)
    except PlaywrightTimeoutError:
        # A grid drawn again with new column settings (a language switch) takes the first click
        # on its canvas as focus only; the second selects a cell.
        page.mouse.click(x, y)
        page.wait_for_function(inside, arg=grid.element_handle(), timeout=10_000)
    page.evaluate(TWO_FRAMES)
    page.keyboard.press("Escape")  # whatever glide kept selected (or closes an editor), now nothing is
    page.evaluate(TWO_FRAMES)
    page.mouse.click(x, y)  # a focused grid without a selection: this selects the anchor
    page.wait_for_function(f"id => ({active})() === id", arg=f"glide-cell-{anchor}-0", timeout=10_000)
    page.evaluate(TWO_FRAMES)
    for _ in range(abs(anchor - field.column)):
        page.keyboard.press("ArrowLeft" if anchor > field.column else "ArrowRight")
        page.evaluate(TWO_FRAMES)  # glide moves from the selection of its last render
    page.wait_for_function(f"id => ({active})() === id", arg=f"glide-cell-{field.column}-0", timeout=10_000)
    return page.evaluate("document.activeElement.textContent")


def open_editor(page, field: Field):
    """Select the field's cell and open its editor with Enter.

    Under load glide can take the key before it has taken the selection, and then nothing
    opens: Enter is pressed again (the cell is still the selected one), at most three times.
    """
    select_cell(page, field)
    editor = page.locator(".gdg-input")
    for _ in range(3):
        page.keyboard.press("Enter")
        try:
            editor.wait_for(state="visible", timeout=3_000)
            return editor
        except PlaywrightTimeoutError:
            assert page.evaluate("document.activeElement?.id") == f"glide-cell-{field.column}-0"
    raise AssertionError(f"{field.id}: the cell editor did not open")


def first_row(page, field: Field) -> dict[str, str]:
    """The texts of a table's first row, by glide cell id (its accessible copy of the canvas)."""
    cells = page.locator(f'[class*="st-key-{field.key}"] [data-testid^="glide-cell-"][data-testid$="-0"]')
    return {cell.get_attribute("data-testid"): cell.text_content() for cell in cells.all()}


def expect_value(page, field: Field, text: str) -> None:
    if field.kind == "cell":
        assert select_cell(page, field) == text
    else:
        expect(page.locator(f"{widget(field)} input")).to_have_value(text)


def value(page, field: Field) -> str:
    if field.kind == "cell":
        # Selected, the cell reads what it holds now; glide's accessible copy of the table can
        # still show the value before the last edit.
        return select_cell(page, field)
    return page.locator(f"{widget(field)} input").input_value()


def enter(page, field: Field, text: str) -> int:
    """Type ``text`` into the field as a user would and commit it; wait for what it caused."""

    def action():
        if field.kind == "cell":
            editor = open_editor(page, field)
            clear_and_type(page, text)
            page.evaluate(TWO_FRAMES)  # glide commits the value of its last render
            click_outside(page)  # commits, and sends the edit at once
            expect(editor).to_have_count(0)
        elif field.kind == "select":
            page.locator(f"{widget(field)} input").click()
            clear_and_type(page, text)
            page.keyboard.press("Enter")
            page.keyboard.press("Escape")
        else:
            box = page.locator(f"{widget(field)} input")
            box.focus()
            clear_and_type(page, text)
            box.press("Enter")

    return settle(page, action)


def app_error(page) -> bool:
    return page.locator('[data-testid="stAlertContentError"]', has_text=INVALID).count() > 0


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
        page.locator(".st-key-train button").click()  # the inputs still hold values a run accepts
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


def test_the_sidebar_learning_rate_is_the_scenarios(page, server):
    """The sidebar's α shows the scenario's α (0.5 for the tiny preset) and a value typed there reaches the link.

    (Found by these tests: the box was neither filled from the scenario nor read back.)
    """
    watch(page, server)
    open_app(page, server, "?lang=en")
    field = Field("sidebar_alpha", "number", "alpha", "0.5", ())
    expect_value(page, field, "0.5")
    enter(page, field, "0.7")
    page.wait_for_function("() => location.search.includes('lr=0.7')", timeout=5_000)


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


@pytest.mark.parametrize(
    "stepped",
    [
        pytest.param(True, id="after_a_step"),
        pytest.param(False, id="language_from_the_link"),
    ],
)
def test_the_language_survives_a_page_change(page, server, stepped):
    """Opened with ?lang=en, maybe one step, then the Training page and a value typed there: still English."""
    watch(page, server)
    open_app(page, server, "?lang=en")
    if stepped:
        page.keyboard.press("ArrowRight")
        expect(page.locator(".bp-status")).to_contain_text("step 2 / 13")
        wait_ready(page)
    go_to(page, "Training")
    enter(page, Field("training_iterations", "number", "iterations", "1000", ()), "500")  # a rerun there
    expect(page.locator("h1").first).to_have_text("Training with gradient descent", timeout=5_000)
    assert "lang=en" in page.url
