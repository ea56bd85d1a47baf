"""A language switch changes the words and nothing else: every input keeps its value, and an
edit after the switch changes the scenario in that input only (issue 14's blocker).

The scenario is read back from the address bar, which always reproduces it
(``links.read_link``), and compared field by field with what the edit should give.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlparse

import numpy as np
import pytest
from playwright.sync_api import expect

from backprop_core import PRESETS
from backprop_ui import i18n, links

from .conftest import Field, enter, open_app, settle, stage_step, wait_ready, watch

OTHER = {"fa": "en", "en": "fa"}
FIELDS = ("layer_sizes", "X", "Y", "seed", "epsilon", "thetas", "lam", "loss", "alpha", "name")


def scenario_in_address(page):
    link = links.read_link(dict(parse_qsl(urlparse(page.url).query)))
    assert not link.problems, link.problems
    return link.scenario


def differences(a, b) -> set[str]:
    """The scenario fields in which two scenarios differ (weights compared as numbers)."""
    out = set()
    for name in FIELDS:
        va, vb = getattr(a, name), getattr(b, name)
        if name == "thetas":
            va, vb = a.network.thetas, b.network.thetas
            same = all(x.shape == y.shape and np.array_equal(x, y) for x, y in zip(va, vb)) and len(va) == len(vb)
        elif isinstance(va, np.ndarray):
            same = va.shape == vb.shape and np.array_equal(va, vb)
        else:
            same = va == vb
        if not same:
            out.add(name)
    return out


def switch_language(page, lang: str) -> None:
    before = page.url
    button = page.locator(".st-key-lang button", has_text=i18n.LANG_NAMES[lang])
    settle(page, button.click)
    expect(page.locator("h1").first).to_have_text(i18n.t("app.title", lang))
    page.wait_for_function("u => location.href !== u", arg=before, timeout=10_000)


def chosen(page, key: str) -> str:
    """The label of the checked option of a radio group (the widget's key carries the language)."""
    group = page.locator(f'[data-testid="stSidebar"] [class*="st-key-{key}"] [role="radiogroup"]')
    checked = group.locator('label[data-testid="stRadioOption"]:has(input:checked)')
    return checked.inner_text().strip() if checked.count() else ""


def preset_shown(page) -> str:
    return page.locator('[data-testid="stSidebar"] [class*="st-key-preset"] input').input_value()


# (what the edit does, the fields it may change), in the order they are made: every one right after a switch.
# The sizes come last (they reshape the tables the cells are in); the seed is XOR's, whose weights are drawn.
EDITS = {
    "?p=mazur&step=4": [
        ("lam", {"lam"}),
        ("loss", {"loss"}),
        ("theta", {"thetas"}),
        ("x", {"X"}),
        ("speed", set()),
        ("sizes", {"layer_sizes", "thetas", "X"}),
    ],
    "?p=xor&step=4": [("seed", {"seed", "thetas"})],
}


def edit(page, what: str, lang: str) -> None:
    if what == "lam":
        enter(page, Field("lambda", "number", "lam", "0", ()), "1")
    elif what == "seed":
        enter(page, Field("seed", "number", "seed", "1", ()), "7")
    elif what == "sizes":
        enter(page, Field("layer_sizes", "text", "sizes_text", "2, 2, 2", ()), "3, 2, 2")
    elif what == "theta":
        enter(page, Field("theta_cell", "cell", "theta_1_", "0.35", (), column=2), "0.9")
    elif what == "x":
        enter(page, Field("x_cell", "cell", "examples_", "0.05", (), column=1, last=4), "0.3")
    elif what == "loss":
        label = i18n.t("loss.cross_entropy", lang)
        settle(page, page.locator('[data-testid="stSidebar"] [class*="st-key-loss"] label', has_text=label).click)
    elif what == "speed":
        page.locator(".bp-speed").select_option("3")  # the browser's: no rerun
    wait_ready(page)


def switched_and_nothing_else(page, lang: str, speed: str, label: str) -> None:
    """Switch to ``lang``: the same scenario, the same step and speed, every choice still shown (in ``lang``)."""
    before = scenario_in_address(page)
    switch_language(page, lang)
    assert differences(scenario_in_address(page), before) == set(), label
    assert "step=4" in page.url and stage_step(page) == 3, label  # the step the link opened at
    assert chosen(page, "loss") == i18n.t(f"loss.{before.loss}", lang), label
    mode = "seed" if before.thetas is None else "edit"
    assert chosen(page, "weights_mode") == i18n.t(f"sc.weights_{mode}", lang), label
    assert page.locator(".bp-speed").input_value() == speed, label


@pytest.mark.parametrize("start", ["fa", "en"])
def test_after_each_language_switch_an_edit_changes_only_that_input(page, server, start):
    """Open an example, then switch the language before every edit: a switch changes nothing but the words, and
    each edit changes the scenario in its own input only (λ, the loss, a weight, an x, the speed, the sizes; the
    seed on XOR)."""
    watch(page, server)
    for query, edits in EDITS.items():
        lang = start
        open_app(page, server, f"{query}&lang={lang}")
        original = scenario_in_address(page)
        assert original == PRESETS[original.name]
        page.locator(".bp-speed").select_option("0.5")
        speed = "0.5"
        for n, (what, allowed) in enumerate(edits):
            lang = OTHER[lang]
            label = f"{query}, {start}: before editing {what}"
            switched_and_nothing_else(page, lang, speed, label)
            if n == 0:
                assert preset_shown(page) == i18n.preset_label(original.name, original.layer_sizes, lang)
            before, url = scenario_in_address(page), page.url
            edit(page, what, lang)
            if allowed:
                page.wait_for_function("u => location.href !== u", arg=url, timeout=10_000)
            now = scenario_in_address(page)
            changed = differences(now, before)
            if allowed:
                assert changed, f"{what}: the edit did not reach the scenario"
            assert changed <= allowed, f"{what}: also changed {changed - allowed}"
            if what == "sizes":
                assert now.layer_sizes == (3, 2, 2)
                # Θ^(2) keeps its shape and so its numbers; only Θ^(1) had to be drawn again.
                np.testing.assert_array_equal(now.network.thetas[1], before.network.thetas[1])
                np.testing.assert_array_equal(now.X[:, :2], before.X)
            if what == "speed":
                speed = "3"
                assert page.locator(".bp-speed").input_value() == speed
            assert stage_step(page) == 3, what  # nothing jumps back after an edit
            assert page.locator('[data-testid="stException"]').count() == 0, what


@pytest.mark.parametrize("start", ["fa", "en"])
def test_typing_that_was_not_accepted_survives_a_language_switch(page, server, start):
    """Refused layer sizes stay in their box and their message follows the language; the scenario is untouched."""
    lang = OTHER[start]
    watch(page, server)
    open_app(page, server, f"?p=xor&step=4&lang={start}")
    original = scenario_in_address(page)
    sizes = Field("layer_sizes", "text", "sizes_text", "2, 2, 1", ())
    enter(page, sizes, "2,,1")
    alert = page.locator('[data-testid="stSidebar"] [data-testid="stAlertContentError"]')
    expect(alert).to_contain_text(i18n.t("sc.invalid", start))
    switch_language(page, lang)
    expect(page.locator(".st-key-sizes_text input")).to_have_value("2,,1")
    expect(alert).to_contain_text(i18n.t("sc.invalid", lang))
    assert differences(scenario_in_address(page), original) == set()
    enter(page, sizes, "2, 3, 1")  # corrected: taken, and the message goes
    expect(alert).to_have_count(0)
    assert scenario_in_address(page).layer_sizes == (2, 3, 1)


@pytest.mark.parametrize("start", ["fa", "en"])
def test_the_training_pages_inputs_survive_a_language_switch(page, server, start):
    """On the Training page: α and the iterations typed there are still there after a switch."""
    lang = OTHER[start]
    watch(page, server)
    open_app(page, server, f"Training?lang={start}")
    enter(page, Field("training_alpha", "number", "train_alpha", "0.5", ()), "0.7")
    enter(page, Field("training_iterations", "number", "iterations", "1000", ()), "300")
    before = page.url
    settle(page, page.locator(".st-key-lang button", has_text=i18n.LANG_NAMES[lang]).click)
    expect(page.locator("h1").first).to_have_text(i18n.t("train.title", lang))
    page.wait_for_function("u => location.href !== u", arg=before, timeout=10_000)
    expect(page.locator(".st-key-train_alpha input")).to_have_value("0.7")
    expect(page.locator(".st-key-iterations input")).to_have_value("300")
    assert scenario_in_address(page).alpha == 0.7


@pytest.mark.parametrize("start", ["fa", "en"])
def test_on_a_phone_the_sidebar_folds_after_a_language_switch(browser, server, start):
    """The trial's phone was left with the sidebar over 88 % of the screen after switching the language there."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        open_app(page, server, f"?p=xor&lang={start}")
        on_screen = """() => { const r = document.querySelector('[data-testid=stSidebar]').getBoundingClientRect();
                           return r.right > 10 && r.left < innerWidth - 10; }"""
        page.locator('[data-testid="stExpandSidebarButton"]').click()
        page.wait_for_function(on_screen)
        other = "English" if start == "fa" else "فارسی"
        page.locator(".st-key-lang button", has_text=other).click()
        expect(page.locator(".bp-status")).to_contain_text("step" if start == "fa" else "گام")
        page.wait_for_function(f"() => !({on_screen})()", timeout=5_000)
    finally:
        context.close()
