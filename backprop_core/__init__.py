"""The lesson's backpropagation algorithm in numpy: the math every page of the app shows.

numpy and the standard library only: no streamlit, plotly or networkx here.
"""

from .errors import ScenarioError
from .formulas import ELEMENT_FORMS, FORMULAS, LESSON_IDS
from .gradcheck import numerical_gradient, relative_difference
from .network import Network, sigmoid
from .presets import DEFAULT_PRESET, PRESETS, debug_weights
from .propagation import LOSSES, Backprop, Forward, backprop, cost, forward
from .scenario import (
    MAX_ABS,
    MAX_EXAMPLES,
    MAX_LAYERS,
    MAX_UNITS,
    MIN_EXAMPLES,
    MIN_LAYERS,
    MIN_UNITS,
    Scenario,
    check_layer_sizes,
)
from .trace import PHASES, Highlight, Known, Step, Trace, build_trace
from .training import MAX_ITERATIONS, Training, gradient_descent, iteration_limit

__all__ = [
    "DEFAULT_PRESET",
    "ELEMENT_FORMS",
    "FORMULAS",
    "LESSON_IDS",
    "LOSSES",
    "MAX_ABS",
    "MAX_EXAMPLES",
    "MAX_ITERATIONS",
    "MAX_LAYERS",
    "MAX_UNITS",
    "MIN_EXAMPLES",
    "MIN_LAYERS",
    "MIN_UNITS",
    "PHASES",
    "PRESETS",
    "Backprop",
    "Forward",
    "Highlight",
    "Known",
    "Network",
    "Scenario",
    "ScenarioError",
    "Step",
    "Trace",
    "Training",
    "backprop",
    "build_trace",
    "check_layer_sizes",
    "cost",
    "debug_weights",
    "forward",
    "gradient_descent",
    "iteration_limit",
    "numerical_gradient",
    "relative_difference",
    "sigmoid",
]
