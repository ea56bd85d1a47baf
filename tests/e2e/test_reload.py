"""A reload never loses the network (the trial's data loss): a reshaped network comes back from its link, and one
too big for any link from the browser tab that kept it; Share offers a link only when the link would open it."""

from __future__ import annotations

import re

import numpy as np
import pytest
from playwright.sync_api import expect

from backprop_core import PRESETS, codec
from backprop_ui import i18n, links
from tests.helpers import status

from .conftest import PROBES, Field, enter, open_app, settle, wait_stage

SIZES = Field("layer_sizes", "text", "sizes_text", "2, 2, 1", ())


def reload(page) -> None:
    page.reload()
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', state="attached", timeout=30_000)
    wait_stage(page)


def go_to(page, step: int) -> None:
    """Press → until the stage shows ``step`` (1-based) and the address holds it."""
    page.evaluate("document.activeElement && document.activeElement.blur()")  # a key in a text box types
    for i in range(1, step):
        page.keyboard.press("ArrowRight")
        page.wait_for_function(f"() => window.__backpropStage.shown === {i}")
    expect(page).to_have_url(re.compile(rf"[?&]step={step}(&|$)"))


def test_a_network_reshaped_to_ten_layers_of_32_survives_a_reload(page, server):
    """The default example set to ten layers of 32: the address is n and seed, and a reload opens the same walk at
    the same step (it opened the default 2-2-1 before)."""
    page.add_init_script(PROBES)
    open_app(page, server, "?lang=en")
    enter(page, SIZES, ", ".join(["32"] * 10))
    wait_stage(page)
    expect(page.locator(".bp-status")).to_contain_text("/ 597")
    query = dict(re.findall(r"[?&]([^=&]+)=([^&]*)", page.url))
    assert query["n"] == "-".join(["32"] * 10) and query["seed"] == "0" and "w" not in query
    go_to(page, 6)
    before = status(page)
    reload(page)
    assert status(page) == before and "step 6 / 597" in before
    expect(page.locator(".st-key-sizes_text input")).to_have_value(", ".join(["32"] * 10))


def big():
    """Hand-edited weights of a 2-32-32-32-1 network: too many digits for any link (about 21 000 characters)."""
    sc = PRESETS["tiny"].replace(layer_sizes=(2, 32, 32, 32, 1), thetas=None)
    rng = np.random.default_rng(5)
    return sc.replace(thetas=[rng.uniform(-1, 1, t.shape).round(6) for t in sc.network.thetas])


@pytest.mark.parametrize("lang", ["fa"])  # in English, the keeping in the tab: tests/app/test_keep_in_tab.py
def test_a_network_too_big_for_a_link_is_kept_by_its_tab_and_not_offered_as_a_link(page, browser, server, lang):
    """Hand-edited 32-wide weights (opened here from a long address, as a paste would): the address becomes tab=ID;
    Share offers the downloads and says why there is no link; a reload of the tab opens the same network at the same
    step; the same address in another browser opens the default example and says why."""
    sc = big()
    query = links.encode(codec.to_query(sc))
    assert len(query) > links.MAX_LINK_CHARS
    open_app(page, server, f"?{query}&lang={lang}")
    expect(page).to_have_url(re.compile(rf"[?&]tab={links.tab_id(sc)}(&|$)"))
    n = len(sc.trace())
    go_to(page, 7)
    page.locator(".bp-share-btn").click()
    expect(page.locator(".bp-share-panel")).to_contain_text(i18n.t("share.too_long_short", lang)[:40])
    expect(page.locator(".bp-share-url")).to_be_hidden()
    expect(page.locator(".bp-download")).to_be_visible()
    address = page.url
    before = status(page)
    reload(page)
    assert status(page) == before and i18n.digits(f"7 / {n}", lang).split(" / ")[1] in before
    expect(page.locator(".st-key-sizes_text input")).to_have_value("2, 32, 32, 32, 1")
    other = browser.new_page()
    try:
        open_app(other, server, address.split("/", 3)[3])
        expect(other.locator('[data-testid="stAlertContentWarning"]')).to_contain_text(i18n.t("link.tab", lang)[:40])
        expect(other.locator(".st-key-sizes_text input")).to_have_value("2, 2, 1")
        assert other.evaluate("window.__backpropStage.shown") == 0
    finally:
        other.close()


def test_a_walk_downloaded_as_json_opens_again_from_the_sidebar(page, server, tmp_path):
    """Share's JSON is how a big network is passed on: opened with “Open a saved walk”, it becomes the scenario (Undo
    takes it back); a file that is not a saved walk is refused by name and the walk stays."""
    page.add_init_script(PROBES)
    sc = PRESETS["xor"].replace(lam=0.5, layer_sizes=(2, 3, 1))
    saved = tmp_path / "backprop-xor-edited-2-3-1.json"
    saved.write_text(links.trace_json(sc.trace(), sc), encoding="utf-8")
    junk = tmp_path / "notes.json"
    junk.write_text('{"steps": []}', encoding="utf-8")
    open_app(page, server, "?lang=en")
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Open a saved walk (JSON)").click()
    uploader = sidebar.locator('[data-testid="stFileUploaderDropzoneInput"]')
    settle(page, lambda: uploader.set_input_files(str(junk)))
    expect(sidebar).to_contain_text(i18n.t("error.file_walk", "en").replace("“", "").split(":")[0])
    assert page.evaluate("window.__backpropStage.meta.n") == len(PRESETS["tiny"].trace())
    settle(page, lambda: sidebar.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(saved)))
    wait_stage(page)
    expect(page.locator(".st-key-sizes_text input")).to_have_value("2, 3, 1")
    expect(page).to_have_url(re.compile(r"[?&]p=xor&n=2-3-1&lam=0.5"))
    assert page.evaluate("window.__backpropStage.meta.n") == len(sc.trace())
