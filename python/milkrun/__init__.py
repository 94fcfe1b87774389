"""milkrun: solver engine for milk-run logistics."""

from ._core import (
    Client,
    CostEvaluator,
    Depot,
    Period,
    ProblemData,
    Scaling,
    Solution,
    SolutionRoute,
    TimeWindow,
    VehicleType,
)

__all__ = [
    "Client",
    "CostEvaluator",
    "Depot",
    "Period",
    "ProblemData",
    "Scaling",
    "Solution",
    "SolutionRoute",
    "TimeWindow",
    "VehicleType",
]
