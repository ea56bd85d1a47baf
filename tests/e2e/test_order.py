"""Persian on screen in the order a reader reads it: right to left, with every symbol, number and shape where it
belongs. Text in the wrong order is invisible to string tests; here each word's position is measured in the page
(through a Range) and the words must run from right to left in their logical order. An isolated run (⁦…⁩) and a
typeset formula each count as one word, since inside them left to right is right."""

from __future__ import annotations

from playwright.sync_api import expect

from backprop_core import PRESETS
from tests.helpers import go

from .conftest import PROBES, Field, enter, open_app, wait_stage

# The words of an element in logical order, each with its box; then every word that shares a line with the one
# before it must stand to its left. Returns the pairs out of order, as "before | after".
OUT_OF_ORDER = """(root) => {
  const words = [];
  const hidden = (el) => el.closest('[hidden]') || getComputedStyle(el).display === 'none';
  const visit = (node) => {
    if (node.nodeType === 1) {
      if (hidden(node)) return;
      if (node.classList.contains('katex')) { words.push({ text: 'formula', box: node.getBoundingClientRect() }); return; }
      for (const child of node.childNodes) visit(child);
      return;
    }
    if (node.nodeType !== 3) return;
    const text = node.textContent;
    let depth = 0, start = -1;
    const close = (end) => {
      if (start < 0) return;
      const range = document.createRange();
      range.setStart(node, start); range.setEnd(node, end);
      const rects = range.getClientRects();
      if (rects.length === 1 && rects[0].width > 0) words.push({ text: text.slice(start, end), box: rects[0] });
      start = -1;
    };
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === '\\u2066' || c === '\\u2067' || c === '\\u2068') depth++;
      if (c === '\\u2069') depth = Math.max(0, depth - 1);
      if (/\\s/.test(c) && depth === 0) close(i);
      else if (start < 0) start = i;
    }
    close(text.length);
  };
  visit(root);
  const wrong = [];
  for (let k = 1; k < words.length; k++) {
    const a = words[k - 1], b = words[k];
    const sameLine = Math.abs((a.box.top + a.box.bottom) / 2 - (b.box.top + b.box.bottom) / 2) < Math.min(a.box.height, b.box.height) / 2;
    if (sameLine && b.box.left > a.box.left + 1) wrong.push(a.text + ' | ' + b.text);
  }
  return [words.length, wrong];
}"""


def in_order(page, selector: str) -> None:
    """Every element matching ``selector`` reads right to left in its logical order."""
    elements = [el for el in page.locator(selector).all() if el.is_visible()]
    assert elements, selector
    for el in elements:
        el.scroll_into_view_if_needed()
        count, wrong = el.evaluate(OUT_OF_ORDER)
        assert count > 0 and wrong == [], (selector, el.inner_text(), wrong)


PHASES = ("init", "input", "forward", "output_delta", "hidden_delta", "accumulate", "gradient", "result")


def test_the_stage_reads_right_to_left_at_a_step_of_every_phase(page, server):
    """The phase bar (each button), the status line, the D panel's note and the figure's key, at the first step of
    every phase (jumped to, as the phase bar does). Then the checker is shown not to be vacuous: «انباشت Δ» laid
    out left to right (the trial's «Δ انباشت») fails it."""
    trace = PRESETS["xor"].trace()
    open_app(page, server, "?p=xor&lang=fa")
    for phase in PHASES:
        go(page, next(s.index for s in trace if s.phase == phase))
        in_order(page, ".bp-phase")
        in_order(page, ".bp-status")
        in_order(page, ".bp-caption")
        if page.locator(".bp-panel .bp-small").count():  # D is not computed yet
            in_order(page, ".bp-panel .bp-small")
        if page.locator(".bp-key").is_visible():  # the figure's key, under the left-to-right plot
            in_order(page, ".bp-key")
    button = page.locator(".bp-phase[data-phase=accumulate]")
    button.evaluate("b => b.dir = 'ltr'")
    _count, wrong = button.evaluate(OUT_OF_ORDER)
    assert wrong == ["انباشت | Δ"]


def test_the_controls_the_speed_menu_and_the_practice_score_read_right_to_left(page, server):
    """The controls' words, the speed menu (in the walk's direction), and the score line once Δ and D are scored."""
    open_app(page, server, "?p=xor&lang=fa&practice=1")
    in_order(page, ".bp-buttons .bp-label")
    in_order(page, ".bp-jump .bp-label")
    assert page.locator(".bp-speed").evaluate("s => getComputedStyle(s).direction") == "rtl"
    trace = PRESETS["xor"].trace()
    for phase in ("accumulate", "gradient"):
        step = next(s.index for s in trace if s.phase == phase)
        page.evaluate(f"window.__backpropStage.go({step})")
        page.fill(".bp-q-input", "123")
        page.locator(".bp-q-check").click()
        page.locator(".bp-q-show").click()  # a wrong answer, then Show me: the question is scored
    expect(page.locator(".bp-score")).to_contain_text("Δ")
    in_order(page, ".bp-score")


def test_the_sidebar_an_error_with_a_negative_value_and_notes_with_shapes_read_right_to_left(page, server):
    """The ε label's interval, the refusal of λ = −1 (the value as typed, not «۱-»), and a reshape's notes
    naming shapes (۲×۳ must not read ۳×۲)."""
    page.add_init_script(PROBES)
    open_app(page, server, "?p=xor&lang=fa")
    sidebar = '[data-testid="stSidebar"]'
    in_order(page, f'{sidebar} .st-key-eps [data-testid="stWidgetLabel"]')
    assert "−εᵢₙᵢₜ" in page.locator(f"{sidebar} .st-key-eps").inner_text()
    enter(page, Field("lambda", "number", "lam", "0", ()), "-1")
    in_order(page, f'{sidebar} [data-testid="stAlertContentError"]')
    assert "−۱" in page.locator(f'{sidebar} [data-testid="stAlertContentError"]').inner_text()
    enter(page, Field("layer_sizes", "text", "sizes_text", "2, 2, 1", ()), "3, 4, 2")
    wait_stage(page)
    in_order(page, f'{sidebar} [data-testid="stAlertContentInfo"] li')
