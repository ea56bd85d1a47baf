"""The take-home script: run as a student would, it prints every number of the walk, the same as the trace's."""

from __future__ import annotations

import re
import subprocess
import sys

import numpy as np
import pytest

from backprop_core import PRESETS, Scenario
from backprop_ui.exports import takehome

LINE = re.compile(r"^(.+?) = (\S+)$")


def expected(scenario: Scenario) -> dict[str, float]:
    """Every value the walk shows, named as the script names them, from the trace."""
    trace = scenario.trace()
    bp, L = trace.backprop, trace.network.L
    out = {}
    for t in range(1, trace.m + 1):
        for layer in range(2, L + 1):
            for j in range(1, scenario.layer_sizes[layer - 1] + 1):
                out[f"t={t} z_{j}^({layer})"] = bp.z[layer - 1][t - 1, j - 1]
                out[f"t={t} a_{j}^({layer})"] = bp.a[layer - 1][t - 1, j - 1]
                out[f"t={t} delta_{j}^({layer})"] = bp.delta[layer - 1][t - 1, j - 1]
        for step in trace:
            if step.phase == "accumulate" and step.example == t:
                for (i, j), v in np.ndenumerate(step.result):
                    out[f"t={t} Delta_{i + 1},{j}^({step.layer})"] = v
    for layer, D in enumerate(trace.D, start=1):
        for (i, j), v in np.ndenumerate(D):
            out[f"D_{i + 1},{j}^({layer})"] = v
    out["J"] = trace.J
    return out


def run(path, without_torch: bool) -> str:
    code = "import sys, runpy\n"
    if without_torch:
        code += "sys.modules['torch'] = None  # as if torch were not installed\n"
    code += f"runpy.run_path({str(path)!r}, run_name='__main__')\n"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    return done.stdout


def regularised() -> Scenario:
    rng = np.random.default_rng(3)
    return Scenario(layer_sizes=(3, 4, 2, 2), seed=5, X=rng.random((3, 3)), Y=rng.random((3, 2)), lam=0.8, name="mine")


@pytest.mark.parametrize(
    "scenario", [PRESETS["tiny"], PRESETS["xor"], PRESETS["mazur"], regularised()], ids=lambda s: s.name
)
def test_the_script_prints_every_number_of_the_walk(scenario, tmp_path):
    """Run with numpy alone: a, z, δ of every unit, Δ after every example, D and J, equal to the trace's."""
    path = tmp_path / takehome.filename(scenario)
    path.write_text(takehome.script(scenario), encoding="utf-8")
    printed = {}
    for line in run(path, without_torch=True).splitlines():
        name, value = LINE.match(line).groups()
        printed[name] = float(value)
    want = expected(scenario)
    assert set(printed) == set(want)
    for name, value in want.items():
        assert printed[name] == pytest.approx(value, rel=1e-10, abs=1e-13), name


def test_with_torch_the_script_compares_the_gradient_with_autograd(tmp_path):
    """With torch installed, D is printed next to PyTorch's .grad and they agree."""
    pytest.importorskip("torch")
    scenario = regularised()
    path = tmp_path / "s.py"
    path.write_text(takehome.script(scenario), encoding="utf-8")
    lines = [line for line in run(path, without_torch=False).splitlines() if "PyTorch" in line]
    assert len(lines) == len(scenario.layer_sizes) - 1
    assert all(float(line.rsplit(" ", 1)[1]) < 1e-12 for line in lines)


def test_the_file_is_named_for_its_walk():
    assert takehome.filename(PRESETS["xor"]) == "backprop_xor_2_2_1.py"
    assert takehome.filename(PRESETS["xor"].replace(lam=1.0)) == "backprop_xor_edited_2_2_1.py"


def test_the_script_names_its_example_and_survives_a_hostile_name():
    """The header says what the example is (not its link id, "tiny"); a name from a link cannot break the script."""
    from backprop_core import PRESETS
    from backprop_ui.exports import takehome

    assert takehome.script(PRESETS["tiny"]).startswith(
        '"""Backpropagation, step by step: Matt Mazur\'s classic example'
    )
    code = takehome.script(PRESETS["tiny"].replace(name='a"""\\N{x}\\'))
    compile(code, "script.py", "exec")  # a string that closes the docstring or escapes out of it would not compile
