"""The URL codec's table: each row written only when it differs from the preset, and read back exactly."""

import ast

import numpy as np
import pytest

from backprop_core import DEFAULT_PRESET, PRESETS, Network
from backprop_core.codec import KEYS, PROPS, from_query, to_query
from tests.helpers import ROOT

TINY, XOR = PRESETS["tiny"], PRESETS["xor"]  # written-out weights; seeded weights

# One change per row of the table, and the exact query it gives.
ONE_CHANGE = [
    (  # no preset: its name, then the whole scenario
        TINY.replace(name="my net"),
        {
            "name": "my net",
            "n": "2-2-1",
            "seed": "0",  # written too: without a preset nothing can be left out
            "eps": "0.12",
            "w": "0.35,0.15,0.2,0.35,0.25,0.3,0.6,0.4,0.45",
            "x": "0.05,0.1",
            "y": "0.01",
            "lam": "0",
            "loss": "ce",
            "lr": "0.5",
        },
    ),
    (XOR.replace(layer_sizes=(2, 3, 1)), {"p": "xor", "n": "2-3-1"}),
    (XOR.replace(seed=7), {"p": "xor", "seed": "7"}),
    (XOR.replace(epsilon=0.5), {"p": "xor", "eps": "0.5"}),
    (TINY.replace(thetas=None), {"p": "tiny", "seed": "0", "eps": "0.12"}),  # seeded on a preset with weights
    (
        XOR.replace(thetas=[[[1, 2, 3], [4, 5, 6]], [[0.5, -0.25, 1e-7]]]),
        {"p": "xor", "w": "1,2,3,4,5,6,0.5,-0.25,1e-07"},
    ),
    (TINY.replace(X=[[0.05, 0.2]]), {"p": "tiny", "x": "0.05,0.2"}),
    (XOR.replace(Y=[[0], [1], [1], [1]]), {"p": "xor", "y": "0;1;1;1"}),
    (TINY.replace(lam=0.25), {"p": "tiny", "lam": "0.25"}),
    (TINY.replace(loss="squared_error"), {"p": "tiny", "loss": "se"}),
    (TINY.replace(alpha=0.1), {"p": "tiny", "lr": "0.1"}),
]


@pytest.mark.parametrize("scenario, query", ONE_CHANGE)
def test_a_link_carries_only_what_differs_from_its_preset(scenario, query):
    """Changing one setting of a preset puts exactly that row (and what it needs) in the link, which reads back."""
    written = to_query(scenario)
    assert list(written.items()) == list(query.items())  # in this order: links stay byte for byte what they were
    assert from_query(written) == scenario


def test_every_key_of_the_table_is_exercised():
    """Each row of the table appears in the one-change cases above (a new row needs a case)."""
    assert {key for _, query in ONE_CHANGE for key in query} | {"p"} == set(KEYS)


@pytest.mark.parametrize("prop", PROPS, ids=lambda prop: prop.key)
def test_each_row_reads_back_what_it_writes(prop):
    """decode(encode(value)) is the value, bit for bit, for every row (gradcheck's weights are not short decimals)."""
    sc = PRESETS["gradcheck"].replace(loss="squared_error", lam=1 / 3, alpha=np.pi, name="my net")
    value = getattr(sc, prop.field)
    back = prop.decode(prop.encode(value), prop.key, sc.layer_sizes)
    if prop.field in ("X", "Y"):
        assert np.array_equal(np.asarray(back), value)
    elif prop.field == "thetas":
        assert all(a.tobytes() == b.tobytes() for a, b in zip(back, sc.network.thetas, strict=True))
    else:
        assert back == value


def test_preset_weights_become_seeded_when_the_link_says_so():
    """n, seed or eps without w means weights drawn from the seed, also on a preset with written-out weights."""
    for key, value in (("n", "2-3-1"), ("seed", "4"), ("eps", "0.3")):
        assert from_query({"p": "tiny", key: value}).thetas is None


def test_the_default_preset_is_the_constant():
    """A link without p changes DEFAULT_PRESET and is called custom, or by its name."""
    assert from_query({"lam": "0.5"}) == PRESETS[DEFAULT_PRESET].replace(lam=0.5, name="custom")
    assert from_query({"lam": "0.5", "name": "mine"}).name == "mine"
    assert from_query({"p": "xor", "name": "mine"}).name == "xor"  # a preset keeps its own name
    assert from_query({"lam": "0.5"}, default="xor") == XOR.replace(lam=0.5, name="custom")


def test_a_repeated_key_counts_by_its_last_value():
    """As a browser's query string can repeat a key: ?lam=1&lam=2 is λ = 2."""
    assert from_query({"p": "tiny", "lam": ["1", "2"]}).lam == 2.0


def test_scenario_does_not_import_the_codec_or_the_presets():
    """The codec sits above scenario.py and presets.py, so the import cycle between them cannot come back."""
    tree = ast.parse((ROOT / "backprop_core" / "scenario.py").read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not imported & {"presets", "codec"}, imported


def test_edited_weights_with_a_presets_numbers_in_other_shapes_still_travel():
    """9-2-6 with gradcheck's 38 weights in order (same bytes, other shapes) is not the preset's Θ: w is written."""
    gradcheck = PRESETS["gradcheck"]
    theta1, theta2 = gradcheck.network.thetas
    sc = gradcheck.replace(
        layer_sizes=(9, 2, 6),
        thetas=(theta1.reshape(2, 10), theta2.reshape(6, 3)),
        X=np.zeros((5, 9)),
        Y=np.zeros((5, 6)),
    )
    assert "w" in to_query(sc)
    assert from_query(to_query(sc)) == sc


def _reshaped(sizes, keep=()):
    """The default example with new sizes: Θ^(l) for l in ``keep`` kept, the others drawn from its seed (as a reshape does)."""
    drawn = Network.random(sizes, TINY.seed, TINY.epsilon).thetas
    thetas = [TINY.network.theta(k + 1) if k + 1 in keep else theta for k, theta in enumerate(drawn)]
    Y = np.zeros((1, sizes[-1]))
    return TINY.replace(layer_sizes=sizes, thetas=thetas, X=np.zeros((1, sizes[0])), Y=Y)


@pytest.mark.parametrize("sizes", [(2, 3, 1), (2, 4, 4, 1), (32,) * 10])
def test_weights_that_are_the_seeds_draw_travel_as_the_seed(sizes):
    """Every Θ drawn from the scenario's seed: the link says n and seed, not 17-digit floats."""
    sc = _reshaped(sizes)
    assert sc.thetas is None
    query = to_query(sc)
    assert "w" not in query and query["n"] == "-".join(map(str, sizes)) and query["seed"] == "0"
    assert from_query(query) == sc


def test_hand_weights_equal_to_the_draw_are_the_seed():
    """Typing in exactly the seed's draw (Edit by hand, changing nothing) is the seeded scenario, named as before."""
    drawn = XOR.network.thetas
    assert XOR.replace(thetas=drawn) == XOR and XOR.replace(thetas=drawn).thetas is None
    assert XOR.replace(thetas=drawn, seed=XOR.seed + 1).thetas is not None  # another seed's: they stay written out


def test_a_link_names_each_matrix_the_seed_drew_with_a_tilde():
    """2-2-2 with the lesson's Θ^(1) and a drawn Θ^(2): w writes Θ^(1)'s numbers and ~ for Θ^(2)."""
    sc = _reshaped((2, 2, 2), keep=(1,))
    query = to_query(sc)
    assert query["w"] == "0.35,0.15,0.2,0.35,0.25,0.3;~"
    assert from_query(query) == sc
    assert np.array_equal(from_query(query).network.theta(2), Network.random((2, 2, 2), 0, 0.12).theta(2))


def test_the_old_flat_weights_still_read():
    """Links written before ~ existed (every weight, comma-separated) open as they did."""
    sc = _reshaped((2, 2, 2), keep=(1,))
    flat = ",".join(repr(float(v)) for theta in sc.network.thetas for v in theta.ravel())
    assert from_query({"p": "tiny", "n": "2-2-2", "w": flat, "x": "0,0", "y": "0,0"}) == sc
