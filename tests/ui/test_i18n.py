"""One string table per language, complete in both; errors and the status line in either language."""

import dataclasses
import re

import pytest

from backprop_core import PRESETS, Scenario, ScenarioError
from backprop_core.codec import from_query
from backprop_ui import i18n
from backprop_ui.links import Problem
from tests.helpers import ROOT


def test_persian_digits_stay_latin_inside_math():
    """Prose numbers are Persian, numbers inside $…$ stay Latin for KaTeX."""
    text = i18n.t("cap.accumulate", "fa", t=2, l=1, l1=2)
    assert "نمونهٔ ۲" in text and "$\\Delta^{(1)}$" in text


def test_status_line_in_both_languages():
    """Where we are, e.g. "example 1 of 4 · backward pass · layer 2 · node 1 · step 17 / 64"."""
    trace = PRESETS["xor"].trace()
    step = next(s for s in trace if s.phase == "hidden_delta")
    en = i18n.status_line(step, len(trace), trace.m, "en")
    assert en == f"example 1 of 4 · backward pass · layer 2 · node 1 · step {step.index + 1} / {len(trace)}"
    fa = i18n.status_line(step, len(trace), trace.m, "fa")
    assert fa.startswith("نمونهٔ ۱ از ۴ | انتشار به عقب | لایهٔ ۲ | گره ۱")


BAD = [
    dict(layer_sizes=(2,), Y=[[0.1, 0.1]]),
    dict(layer_sizes=(2, 0, 1)),
    dict(layer_sizes=(2, 2.5, 1)),
    dict(X=[], Y=[]),
    dict(X=[[0, 0], [1, 2, 3]], Y=[[0], [1]]),
    dict(Y=[[0.1, 0.2]]),
    dict(Y=[[0.1], [0.2]]),
    dict(X=[[float("nan"), 0]]),
    dict(X=[[0, 2e6]]),
    dict(X=[[0, None]]),
    dict(Y=[[1.5]]),
    dict(lam=-1),
    dict(epsilon=0),
    dict(alpha=0),
    dict(seed=-1),
    dict(thetas=[[[0.0]] * 3, [[0.0] * 3]]),
    dict(thetas=[[[0.0] * 3] * 2]),
    dict(thetas=[[[0.0] * 3] * 2, [[0, float("inf"), 0]]]),
]


@pytest.mark.parametrize("lang", ["fa", "en"])
@pytest.mark.parametrize("changes", BAD)
def test_every_scenario_error_has_a_translation(changes, lang):
    """Each invalid input gets a sentence of its own in both languages, not the raw English fallback."""
    base = dict(layer_sizes=(2, 2, 1), X=[[0.05, 0.1]], Y=[[0.01]])
    base.update(changes)
    with pytest.raises(ScenarioError) as info:
        Scenario(**base)
    text = i18n.error_text(info.value, lang)
    assert text != str(info.value)
    assert "{" not in text.replace("{(", "").replace("_{", "").replace("^{", "").replace("\\text{", "")


@pytest.mark.parametrize(
    "query", [{"p": "<b>x</b>"}, {"p": "[a](javascript:alert(1))"}, {"p": "![i](http://x/y.png)"}, {"p": "$\\x$"}]
)
def test_error_text_never_carries_markup(query):
    """Words from a link are escaped for markdown: no tag, link, image or math survives."""
    with pytest.raises(ScenarioError) as info:
        from_query(query)
    for lang in ("fa", "en"):
        text = i18n.error_text(info.value, lang)
        assert not re.search(r"(?<!\\)[<$]", text) and "](" not in text and "![" not in text


def test_link_problems_quote_values_inertly():
    """An unknown language or step from a link is named, escaped, and cut short."""
    from backprop_ui.links import read_link

    link = read_link({"lang": "<img src=x onerror=alert(1)>", "step": "[x](y)" + "z" * 100})
    texts = [i18n.problem_text(p, "en") for p in link.problems]
    assert len(texts) == 2 and all(not re.search(r"(?<!\\)<", t) and "](" not in t for t in texts)
    assert all(len(t) < 200 for t in texts)


@pytest.mark.parametrize(
    "lang, number, listed, quoted, sizes",
    [
        ("fa", "۱٬۲۳۴٫۵", "۱، ۲ و ۳", "«۴۲»", "\u2066۲-۲-۱\u2069"),
        ("en", "1,234.5", "1, 2 and 3", "“42”", "2-2-1"),
    ],
    ids=["fa", "en"],
)
def test_each_language_writes_numbers_lists_and_quotes_its_own_way(lang, number, listed, quoted, sizes):
    """The locale record decides digits, separators, list words, quote marks and isolation."""
    assert i18n.digits("1,234.5", lang) == number
    assert i18n.digits("1.2e-05", lang) == "1.2e-05"  # e-notation stays Latin
    assert i18n.number_list([1, 2, 3], lang) == listed
    assert i18n.problem_text(Problem("step", "42"), lang).count(quoted) == 1
    assert i18n.sizes((2, 2, 1), lang) == sizes
    assert i18n.t("st.step", lang, i=3, n=13).endswith("۱۳" if lang == "fa" else "13")


def test_locale_records_say_direction_and_the_status_separator():
    """Persian reads right to left and avoids the middle dot (it reads as ۰); English is the reverse."""
    fa, en = i18n.locale("fa"), i18n.locale("en")
    assert (fa.direction, fa.rtl, en.direction, en.rtl) == ("rtl", True, "ltr", False)
    assert "·" not in fa.status_separator and en.status_separator == " · "
    assert i18n.locale("de") is en  # a language we do not have reads as English, like t()
    assert i18n.LANG_NAMES == {"fa": "فارسی", "en": "English"}


@pytest.mark.parametrize("change", [{"direction": "up"}, {"digits": "0123"}, {"decimal_separator": ""}])
def test_a_wrong_locale_table_is_refused(change):
    """A translator's slip in [locale] stops the app at start-up with the field named, not on some page."""
    with pytest.raises(ValueError, match=r"direction|digits"):
        dataclasses.replace(i18n.locale("en"), **change)


def test_no_code_asks_which_language_it_is():
    """Language properties come from the locale record, not from `lang == "fa"` branches."""
    files = [*ROOT.glob("backprop_ui/*.py"), *ROOT.glob("pages/*.py"), ROOT / "streamlit_app.py"]
    pattern = re.compile(r"""\blang\s*[!=]=\s*["']""")
    assert [
        f"{p.name}:{n}" for p in files for n, line in enumerate(p.read_text().splitlines(), 1) if pattern.search(line)
    ] == []
