"""Practice mode in the browser (issue 10): a question instead of the value, answers read in any
digits and judged without the server, every classic mistake named in fa and en, show me, levels,
the score, the next-level suggestion, links and autoplay."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from backprop_core import PRESETS
from backprop_core.practice import choices, formula_menu
from backprop_ui import i18n
from backprop_ui.stage.walk import cell

from .conftest import PROBES, answer, asked_steps, expect_step, open_app, reruns, typed, wait_ready, wait_stage


def prose(key: str, lang: str) -> str:
    """The words of a catalogue string before its first formula (KaTeX renders the rest)."""
    return i18n.t(key, lang).split("$")[0].strip()


# In Persian, with Persian digits typed: the judging in both languages is the node tests' (answers.test.mjs, every
# question of four examples), and the sentences' presence in both catalogues is tests/ui/test_catalogue.py's.
@pytest.mark.parametrize("lang", ["fa"])
def test_every_mistake_is_named_then_show_me_reveals(page, server, lang):
    """On the 2-2-2 classic example (squared error) every question's every distinct wrong value is named
    with its diagnosis, a right answer typed from the screen is right, and show me reveals the value."""
    page.add_init_script(PROBES)
    open_app(page, server, f"?p=mazur&practice=1&lang={lang}")
    before = reruns(page)
    feedback = page.locator(".bp-q-feedback")
    named = set()
    for number, q in asked_steps("mazur"):
        page.evaluate(f"window.__backpropStage.go({number - 1})")
        expect_step(page, number)
        expect(page.locator(".bp-q-form")).to_be_visible()
        for cand in q.candidates:
            answer(page, typed(cand.value, lang))
            expect(feedback).to_have_attribute("data-mistakes", " ".join(cand.ids))
            for mid in cand.ids:
                key = f"mk.{mid}.{q.symbol}" if i18n.has(f"mk.{mid}.{q.symbol}") else f"mk.{mid}"
                expect(feedback).to_contain_text(prose(key, lang))
                named.add(mid)
            expect(page.locator(".bp-q-actions")).to_be_visible()
        if number % 2:  # half the questions answered right, half shown
            answer(page, typed(q.value, lang))
            expect(feedback).to_have_class(re.compile("bp-q-right"))
        else:
            if not q.candidates:
                answer(page, "123456")  # a far-off number, so that show me is offered
                expect(feedback).to_contain_text(prose("pr.unknown", lang))
            page.locator(".bp-q-show").click()
            expect(feedback).to_have_class(re.compile("bp-q-shown"))
        expect(page.locator(".bp-q-form")).to_be_hidden()
        expect(page.locator(".bp-numbers")).to_be_visible()  # the step's own numbers are back
        assert cell(q.value) in (page.locator(".bp-card").inner_text().replace("−", "-"))
    assert {
        "sign_flipped",
        "cross_entropy_delta",
        "derivative_left_out",
        "bias_left_out",
        "theta_not_transposed",
    } <= named
    assert reruns(page) == before  # judged in the browser


def test_right_answer_in_persian_digits_reveals_and_the_walk_goes_on(page, server):
    """a₁⁽²⁾ of the worked example typed as ۰٫۵۹۳۳: right; the unit shows 0.5933, the score counts it, and the
    walk moves on to the next question by itself."""
    open_app(page, server, "?practice=1&step=3")
    expect(page.locator(".bp-plot .textpoint text").nth(4)).to_have_text("?")
    answer(page, "۰٫۵۹۳۳")
    expect(page.locator(".bp-q-feedback")).to_have_class(re.compile("bp-q-right"))
    expect(page.locator(".bp-plot .textpoint text").nth(4)).to_have_text("0.5933")
    # The phase's name is isolated (⁨…⁩) so that «انباشت Δ» and its count keep their order.
    expect(page.locator(".bp-score")).to_contain_text(re.compile("\u2068?انتشار به جلو\u2069?: ۱ از ۱"))
    expect_step(page, 4, timeout=6_000)
    expect(page.locator(".bp-q-form")).to_be_visible()


def test_what_is_not_a_number_is_refused_in_words_and_kept(page, server):
    """Empty, letters, and markup: a message naming the problem, shown as text; the box keeps what was typed."""
    open_app(page, server, "?practice=1&step=3&lang=en")
    feedback = page.locator(".bp-q-feedback")
    answer(page, "")
    expect(feedback).to_have_text(prose("pr.empty", "en"))
    answer(page, "<b>0.5</b>")
    expect(feedback).to_contain_text("“<b>0.5</b>” is not a number")
    assert page.locator(".bp-q-feedback b").count() == 0
    expect(page.locator(".bp-q-input")).to_have_value("<b>0.5</b>")
    expect(page.locator(".bp-q-input")).to_have_attribute("aria-invalid", "true")
    answer(page, "1,5")
    expect(feedback).to_contain_text("is not a number")
    expect(page.locator(".bp-q-actions")).to_be_hidden()  # not an attempt


def test_levels_ask_only_their_values_and_travel_in_the_link(page, server):
    """Output level asks a⁽³⁾ and δ⁽³⁾ only; choosing "every δ" writes practice=delta, which a reload keeps."""
    open_app(page, server, "?practice=output&lang=en")
    asked = []
    for number in range(1, 14):
        page.evaluate(f"window.__backpropStage.go({number - 1})")
        expect_step(page, number)
        if page.locator(".bp-q-form").is_visible():
            asked.append(number)
    assert asked == [n for n, _q in asked_steps("tiny", "output")] == [5, 6]
    page.locator(".bp-level").select_option("delta")
    expect(page).to_have_url(re.compile(r"practice=delta"))
    page.reload()
    wait_stage(page)
    expect(page.locator(".bp-level")).to_have_value("delta")
    page.locator(".bp-practice-btn").click()  # off: just watch
    expect(page.locator(".bp-pbar")).to_be_hidden()
    assert "practice=" not in page.url
    expect(page.locator(".bp-q-form")).to_be_hidden()


def test_three_right_in_a_row_suggest_the_next_level(page, server):
    """XOR at the output level: after three right a⁽³⁾ in a row the next level is offered, and taken."""
    open_app(page, server, "?p=xor&practice=output&lang=en")
    questions = asked_steps("xor", "output")
    for number, q in questions[:5]:  # a, δ, a, δ, a: three a's right the first time
        page.evaluate(f"window.__backpropStage.go({number - 1})")
        expect_step(page, number)
        answer(page, typed(q.value, "en"))
        expect(page.locator(".bp-q-feedback")).to_have_class(re.compile("bp-q-right"))
    expect(page.locator(".bp-suggest")).to_contain_text("Three right in a row on activations a")
    page.locator(".bp-suggest-go").click()
    expect(page.locator(".bp-level")).to_have_value("delta")
    expect(page.locator(".bp-score")).to_contain_text("Forward 3/3")


def test_autoplay_waits_at_a_question(page, server):
    """Play at the output level stops at a⁽³⁾ with the box waiting; a right answer plays on to the next question."""
    open_app(page, server, "?practice=output&lang=en")
    page.locator(".bp-speed").select_option("0.25")
    page.keyboard.press("Space")
    expect_step(page, 5, timeout=6_000)
    expect(page.locator(".bp-q-form")).to_be_visible()
    assert page.evaluate("window.__backpropStage.playing") is False  # stopped: no tick can move it on
    expect_step(page, 5)
    answer(page, typed(asked_steps("tiny", "output")[0][1].value, "en"))
    expect_step(page, 6, timeout=6_000)


# Print is checked right to left (the harder case) and the quiz in English: the sheet's contents come from the same
# Python in both languages (tests/ui/test_worksheet.py: what a sheet holds, and the quiz's words in Persian).
@pytest.mark.parametrize("lang", ["fa"])
def test_the_worksheet_prints_on_a4_with_its_answer_key_on_a_page_of_its_own(page, server, lang):
    """The Print button opens the browser's print; printed, the menu and controls are gone, steps are not split,
    the key starts a new page, and the PDF holds every step's box."""
    open_app(page, server, f"Worksheet?p=tiny&lang={lang}")
    page.evaluate("window.print = () => { window.__printed = true; }")
    page.locator(".bp-print").click()
    assert page.evaluate("window.__printed") is True
    page.emulate_media(media="print")
    hidden = page.evaluate(
        """() => ['[data-testid="stSidebar"]', '.st-key-ws_controls', 'header[data-testid="stHeader"]']
             .map(s => getComputedStyle(document.querySelector(s)).display)"""
    )
    assert hidden == ["none", "none", "none"]
    assert page.locator(".st-key-ws_key").evaluate("e => getComputedStyle(e).breakBefore") == "page"
    assert page.locator(".st-key-ws_step_3").evaluate("e => getComputedStyle(e).breakInside") == "avoid"
    assert page.locator('[class*="st-key-ws_step_"]').count() == 13
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 2 <= pages <= 6


NUMBER = re.compile(r"[−-]?\d+\.\d+")


@pytest.mark.parametrize("lang", ["en"])
def test_a_quiz_sheet_shows_no_value_a_box_asks_for(page, server, lang):
    """The trial's worksheet gave its own answers away (box (1)'s value printed in step 5). Chosen on the page, the
    quiz prints no key value in any step, shows earlier boxes in their place, and its key gives each value with ±."""
    open_app(page, server, f"Worksheet?p=xor&practice=all&lang={lang}")
    guided = page.locator('[class*="st-key-ws_step_"]').all_inner_texts()
    kind = page.locator(f".st-key-ws_kind_{lang}")
    kind.get_by_text(i18n.t("ws.kind_quiz", lang)).click()
    expect(page.locator(".st-key-ws_key")).to_contain_text("±")
    wait_ready(page)
    assert "sheet=quiz" in page.url
    key = page.locator(".st-key-ws_key").inner_text()
    asked = {v.replace("−", "-") for v in re.findall(r"=\s*([−-]?\d+\.\d+)\s*±", key)}
    assert len(asked) > 20
    steps = page.locator('[class*="st-key-ws_step_"]').all_inner_texts()
    shown = {v.replace("−", "-") for text in steps for v in NUMBER.findall(text)}
    assert asked & {v.replace("−", "-") for text in guided for v in NUMBER.findall(text)}  # the guided sheet had them
    assert not asked & shown, sorted(asked & shown)
    refs = page.evaluate(
        """() => [...document.querySelectorAll('[class*="st-key-ws_step_"] .katex-html .boxpad')]
             .map(e => e.textContent).filter(t => /^\\([0-9۰-۹]+\\)$/.test(t))"""
    )
    assert len(refs) > 20 and ("(1)" in refs or "(۱)" in refs)  # an earlier box in place of its value


def test_a_student_can_answer_by_tapping_a_choice(page, server):
    """Choose from answers (a step below typing): the step's choices as buttons, a wrong one named as its
    mistake, Try again, the right one right; the box comes back when the switch is off."""
    open_app(page, server, "?p=mazur&practice=1&lang=en")
    page.locator(".bp-choices").check()
    trace = PRESETS["mazur"].trace()
    number, q = next((k, q) for k, q in asked_steps("mazur") if len(q.candidates) >= 2)
    page.evaluate(f"window.__backpropStage.go({number - 1})")
    expect_step(page, number)
    offered = choices(trace[number - 1], 4, None)
    buttons = page.locator(".bp-q-choice")
    expect(buttons).to_have_count(len(offered))
    expect(page.locator(".bp-q-form")).to_be_hidden()
    wrong = next(c for c in offered if c.mistake)
    page.locator(".bp-q-choice", has_text=cell(wrong.value).replace("-", "\u2212")).first.click()
    feedback = page.locator(".bp-q-feedback")
    expect(feedback).to_have_attribute("data-mistakes", re.compile(rf"\b{wrong.mistake}\b"))
    page.locator(".bp-q-again").click()
    expect(page.locator(".bp-q-choice").first).to_be_focused()
    page.locator(".bp-q-choice", has_text=cell(q.value).replace("-", "\u2212")).first.click()
    expect(feedback).to_have_class(re.compile("bp-q-right"))
    page.locator(".bp-choices").uncheck()
    next_number, _q = next((k, q) for k, q in asked_steps("mazur") if k > number)
    page.evaluate(f"window.__backpropStage.go({next_number - 1})")
    expect_step(page, next_number)
    expect(page.locator(".bp-q-form")).to_be_visible()
    expect(page.locator(".bp-q-choices")).to_be_hidden()


def test_which_formula_after_a_right_answer_is_scored_apart(page, server):
    """Ask which formula too: after a right answer the lesson's formulas are offered, the walk waits; one named
    is marked right or wrong with the right ids, scored apart per phase, and then the walk goes on by itself."""
    open_app(page, server, "?p=mazur&practice=output&lang=en")
    page.locator(".bp-which").check()
    trace = PRESETS["mazur"].trace()
    (first, q1), (second, q2) = asked_steps("mazur", "output")[:2]
    page.evaluate(f"window.__backpropStage.go({first - 1})")
    expect_step(page, first)
    # Until it is named, the card does not give the formula away: its id and the formula are folded.
    expect(page.locator(".bp-folded")).to_be_visible()
    assert page.locator(".bp-formula").is_hidden() and page.locator(".bp-ids").is_hidden()
    answer(page, typed(q1.value, "en"))
    expect(page.locator(".bp-q-feedback")).to_have_class(re.compile("bp-q-right"))
    expect(page.locator(".bp-folded")).to_be_visible()  # right, but not named yet
    right, menu = formula_menu(trace[first - 1], q1)
    buttons = page.locator(".bp-q-which-btn")
    expect(buttons).to_have_count(len(menu))
    expect(buttons.first.locator(".katex")).to_be_visible()
    wrong = next(i for i in menu if i not in right)
    page.locator(f'.bp-q-which-btn[data-id="{wrong}"]').click()
    expect(page.locator(".bp-q-which-said")).to_have_text(f"Not that one: this step uses {', '.join(right)}.")
    expect(page.locator(f'.bp-q-which-btn[data-id="{right[0]}"]')).to_have_class(re.compile("bp-q-which-right"))
    expect(page.locator(".bp-formula")).to_be_visible()  # named: the card shows it again
    expect(page.locator(".bp-folded")).to_be_hidden()
    expect_step(page, first + 1, timeout=10_000)  # then on, by itself
    page.evaluate(f"window.__backpropStage.go({second - 1})")
    expect_step(page, second)
    answer(page, typed(q2.value, "en"))
    right2, _menu = formula_menu(trace[second - 1], q2)
    page.locator(f'.bp-q-which-btn[data-id="{right2[0]}"]').click()
    expect(page.locator(".bp-q-which-said")).to_have_text(f"Yes: {', '.join(right2)}.")
    expect(page.locator(".bp-fscore")).to_contain_text("1/2")
