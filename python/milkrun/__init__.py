"""milkrun: solver engine for milk-run logistics.

Problem data (:class:`ProblemData` and its parts) is validated and immutable; :func:`solve` runs the C++
adaptive large neighbourhood search and returns a :class:`~milkrun.result.Result`; :mod:`milkrun.eval`
re-checks any solution independently; :mod:`milkrun.io` reads instance files.
"""

from importlib.metadata import PackageNotFoundError, version

from . import _pickling, bks, io
from ._core import (
    AlnsParams,
    Client,
    CostEvaluator,
    Depot,
    Period,
    ProblemData,
    Scaling,
    Solution,
    SolutionRoute,
    SolveControl,
    TimeWindow,
    VehicleType,
)
from .io import InstanceError, read
from .model import Model, Plan
from .result import Result, RouteResult
from .solve import default_params, solve

_pickling.register()

try:
    __version__ = version("milkrun")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without installing
    __version__ = "0.0.0"

__all__ = [
    "AlnsParams",
    "Client",
    "CostEvaluator",
    "Depot",
    "InstanceError",
    "Model",
    "Period",
    "Plan",
    "ProblemData",
    "Result",
    "RouteResult",
    "Scaling",
    "Solution",
    "SolutionRoute",
    "SolveControl",
    "TimeWindow",
    "VehicleType",
    "bks",
    "default_params",
    "io",
    "read",
    "solve",
]
