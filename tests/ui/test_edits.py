"""One edit, one change: layer-size text, resizing with what it keeps and restores, table cells."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_core import PRESETS, Network, ScenarioError, codec
from backprop_ui import links
from backprop_ui.editor import edits


@pytest.mark.parametrize(
    "text, sizes",
    [
        ("2, 3, 1", (2, 3, 1)),
        ("2-3-1", (2, 3, 1)),
        ("2 3 1", (2, 3, 1)),
        ("۲، ۳، ۱", (2, 3, 1)),
        (" 4 ; 8 ;3 ", (4, 8, 3)),
        ("2×2×1", (2, 2, 1)),
        ("99999, 2", (99999, 2)),  # parsed; the range is the Scenario's to refuse
    ],
)
def test_layer_sizes_are_read(text, sizes):
    """Commas (Latin or Persian), dashes, spaces and Persian digits all separate sizes."""
    assert edits.parse_sizes(text) == sizes


@pytest.mark.parametrize(
    "text, code, got",
    [
        ("-1, 2, 1", "sizes_negative", "-1"),
        ("\u22121, 2, 1", "sizes_negative", "\u22121"),
        ("2, -1", "sizes_negative", "-1"),
        ("2,,1", "sizes_gap", None),
        (",2,1", "sizes_gap", None),
        ("2, 1,", "sizes_gap", None),
        ("2, x, 1", "sizes_parse", "x"),
        ("2, 2.5, 1", "sizes_parse", "2.5"),
        ("", "sizes_empty", None),
        ("   ", "sizes_empty", None),
    ],
)
def test_bad_layer_sizes_are_refused_and_named(text, code, got):
    """ "−1, 2, 1" is never 1-2-1 and "2,,1" never 2-1: each is refused with what was wrong."""
    with pytest.raises(ScenarioError) as caught:
        edits.parse_sizes(text)
    assert caught.value.code == code
    if got is not None:
        assert caught.value.params["got"] == got


def test_a_new_shape_keeps_what_fits_and_draws_only_the_reshaped_matrix():
    """2-2-2 (hand weights) to 3-2-2: Θ^(2) keeps its numbers, Θ^(1) is drawn from the seed, x3 is 0; notes say so."""
    sc = PRESETS["mazur"]
    out = edits.resize(sc, (3, 2, 2))
    new = out.scenario
    assert new.layer_sizes == (3, 2, 2) and new.thetas is not None
    np.testing.assert_array_equal(new.network.thetas[1], sc.network.thetas[1])
    drawn = Network.random((3, 2, 2), sc.seed, sc.epsilon).thetas[0]
    np.testing.assert_array_equal(new.network.thetas[0], drawn)
    np.testing.assert_array_equal(new.X, [[0.05, 0.10, 0.0]])
    np.testing.assert_array_equal(new.Y, sc.Y)
    assert (new.lam, new.loss, new.alpha, new.name) == (sc.lam, sc.loss, sc.alpha, sc.name)
    keys = [key for key, _ in out.notes]
    assert keys == ["edit.theta_redrawn", "edit.x_zero"]
    assert out.notes[0][1]["old"] == "2×3" and out.notes[0][1]["shape"] == "2×4"


def test_going_back_restores_the_weights_and_inputs_put_aside():
    """2-2-1 → 1-3-1 → 2-2-1 gives back the example's own weights and its x2, exactly."""
    sc = PRESETS["tiny"]
    there = edits.resize(sc, (1, 3, 1))
    assert there.scenario.X.shape == (1, 1)
    back = edits.resize(there.scenario, (2, 2, 1), there.shelf)
    assert back.scenario == sc
    assert {key for key, _ in back.notes} == {"edit.theta_restored", "edit.x_restored"}


def test_seeded_weights_are_drawn_for_the_new_shape():
    """XOR (seeded) to 2-3-1: still seeded, with the same seed and ε; a note says the weights were drawn again."""
    sc = PRESETS["xor"]
    out = edits.resize(sc, (2, 3, 1))
    assert out.scenario.thetas is None
    assert (out.scenario.seed, out.scenario.epsilon) == (sc.seed, sc.epsilon)
    assert [key for key, _ in out.notes] == ["edit.seeded_redrawn"]


def test_removing_a_layer_puts_its_matrix_aside():
    """2-2-2-1 to 2-2 and back: Θ^(2), Θ^(3) come back as they were."""
    sc = PRESETS["tiny"].replace(layer_sizes=(2, 2, 2, 1), thetas=None, seed=3)
    sc = sc.replace(thetas=sc.network.thetas)
    short = edits.resize(sc, (2, 1))
    assert len(short.scenario.network.thetas) == 1
    back = edits.resize(short.scenario, (2, 2, 2, 1), short.shelf)
    for a, b in zip(back.scenario.network.thetas[1:], sc.network.thetas[1:], strict=True):
        np.testing.assert_array_equal(a, b)


def test_unchanged_sizes_change_nothing():
    sc = PRESETS["xor"]
    out = edits.resize(sc, (2, 2, 1))
    assert out.scenario is sc and out.notes == ()


@pytest.mark.parametrize(
    "sizes, code", [((2,), "layers_range"), ((2, 40, 1), "units_range"), ((2, 10**9), "units_range")]
)
def test_resize_refuses_sizes_outside_the_limits(sizes, code):
    with pytest.raises(ScenarioError) as caught:
        edits.resize(PRESETS["tiny"], sizes)
    assert caught.value.code == code


@pytest.mark.parametrize(
    "typed, value",
    [
        ("0.5", 0.5),
        ("۰٫۵", 0.5),
        ("-2", -2.0),
        ("\u22122", -2.0),
        ("−۰٫۲۵", -0.25),
        ("1e-3", 0.001),
        ("٣", 3.0),
        (" 7 ", 7.0),
        ("", None),
        (None, None),
        (float("nan"), None),
        (1.25, 1.25),
    ],
)
def test_a_cell_reads_what_a_person_types(typed, value):
    assert edits.read_cell(typed) == value


@pytest.mark.parametrize("typed", ["abc", "1,5", "inf", "nan", "1e", "--1", "0x10", "½"])
def test_a_cell_refuses_what_is_not_a_number(typed):
    with pytest.raises(ValueError):
        edits.read_cell(typed)


def test_examples_table_leaves_out_rows_being_typed():
    """A row with an empty cell is left out and named; the complete rows are the examples meanwhile."""
    table = edits.examples([["0.1", "0.2", "1"], ["1", None, None], [None, None, None]], s1=2)
    assert table.incomplete == [2, 3] and table.X == [[0.1, 0.2]] and table.Y == [[1.0]]
    with pytest.raises(edits.IncompleteRowsError) as caught:  # no complete row at all: nothing to use yet
        edits.examples([["1", None, None]], s1=2)
    assert caught.value.rows == [1]


def test_examples_table_names_a_cell_that_is_not_a_number():
    with pytest.raises(ScenarioError) as caught:
        edits.examples([["0.1", "0.2", "1"], ["1", "0", "yes"]], s1=2)
    assert caught.value.code == "y_number" and caught.value.params == {"t": 2, "j": 1}


def test_examples_table_gives_numbers():
    table = edits.examples([["0.1", "۲", "1"], ["-1", "0", "0"]], s1=2)
    assert table.X == [[0.1, 2.0], [-1.0, 0.0]] and table.Y == [[1.0], [0.0]] and table.incomplete == []


@pytest.mark.parametrize("cells, code", [([["1", "abc"]], "theta_number"), ([["1", None]], "theta_empty")])
def test_theta_table_names_the_cell(cells, code):
    """Θ^(2)_{1,1} (row i = 1, column j = 1: the bias is column 0) is named."""
    with pytest.raises(ScenarioError) as caught:
        edits.theta(cells, layer=2)
    assert caught.value.code == code and caught.value.params == {"layer": 2, "i": 1, "j": 1}


def test_cell_text_reads_back_exactly():
    for v in (0.1, 1 / 3, -2.0, 1e-12, 123456.789):
        assert float(edits.cell_text(v)) == v
    assert edits.cell_text(2.0) == "2"


def test_pristine_means_as_shipped():
    assert edits.is_pristine(PRESETS["xor"], PRESETS)
    assert not edits.is_pristine(PRESETS["xor"].replace(lam=1.0), PRESETS)
    assert not edits.is_pristine(PRESETS["xor"].replace(name="custom"), PRESETS)


def test_a_note_about_several_columns_agrees_with_them():
    """2-2-1 to 4-2-3: two inputs and two targets added, each said in the plural, in both languages."""
    from backprop_ui import i18n

    out = edits.resize(PRESETS["tiny"], (4, 2, 3))
    keys = [key for key, _ in out.notes]
    assert "edit.x_zero_many" in keys and "edit.y_zero_many" in keys
    texts = {lang: [i18n.note_text(k, p, lang) for k, p in out.notes] for lang in ("fa", "en")}
    assert "Inputs $x_{3}$ and $x_{4}$ were added" in " ".join(texts["en"])
    assert "ورودی‌های $x_{3}$ و $x_{4}$ به همهٔ نمونه‌ها افزوده شدند" in " ".join(texts["fa"])


@pytest.mark.parametrize("sizes", [(2, 3, 1), (32,) * 10])
def test_a_reshape_that_draws_every_weight_keeps_a_short_link(sizes):
    """The trial's data loss: the default example reshaped to 2-3-1 or ten layers of 32 is seeded, so its link is
    n and seed (a few hundred characters), opens again, and reloads as the same network."""
    sc = edits.resize(PRESETS["tiny"], sizes).scenario
    query = codec.to_query(sc)
    assert sc.thetas is None and "w" not in query and query["seed"] == "0"
    assert links.shareable(query) and len(links.encode(query)) < 400
    assert codec.from_query(query) == sc


def test_a_reshape_that_keeps_a_written_out_matrix_writes_only_that_one():
    """2-2-1 → 2-2-2 keeps the lesson's Θ^(1) (still 2×3) and draws Θ^(2): the link names the drawn one ~."""
    sc = edits.resize(PRESETS["tiny"], (2, 2, 2)).scenario
    assert np.array_equal(sc.network.theta(1), PRESETS["tiny"].network.theta(1))
    assert codec.to_query(sc)["w"].endswith(";~")
