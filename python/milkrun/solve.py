"""The solve entry point: runs the C++ ALNS on validated problem data."""

from __future__ import annotations

import math
import operator

from . import _core
from .result import Result


def default_params() -> _core.AlnsParams:
    """The default ALNS parameters (operators, weights, acceptance); change fields before solving."""
    return _core.AlnsParams()


def solve(
    data: _core.ProblemData,
    *,
    time_limit: float | None = None,
    max_iterations: int | None = None,
    seed: int = 0,
    params: _core.AlnsParams | None = None,
    verify: bool = True,
) -> Result:
    """Solve ``data`` with the ALNS until the time limit (seconds) or iteration limit is reached.

    At least one limit is required. The same data, seed and iteration limit give the same plan. With
    ``verify`` (the default) the returned plan is re-checked by the independent Numba evaluator
    (:mod:`milkrun.eval`), which shares no code with the search; a disagreement on cost, distance, time
    warp or feasibility raises :class:`RuntimeError`, as it means a bug, never a property of the input.
    """
    if time_limit is None and max_iterations is None:
        raise ValueError("solve: give a time_limit (seconds) or max_iterations, or both")
    if time_limit is not None and not (time_limit > 0 and math.isfinite(time_limit)):
        raise ValueError(f"solve: time_limit must be a positive number of seconds, got {time_limit!r}")
    if max_iterations is not None:
        max_iterations = _whole_number(max_iterations, "max_iterations", 2**62)
    seed = _whole_number(seed, "seed", 2**64 - 1)

    outcome = _core.solve(
        data,
        params if params is not None else _core.AlnsParams(),
        seed,
        time_limit if time_limit is not None else math.inf,
        max_iterations if max_iterations is not None else 2**62,
    )
    cost_scale = data.scaling.cost
    result = Result(
        instance=data.name,
        data=data,
        solution=outcome.best,
        seed=seed,
        iterations=outcome.iterations,
        runtime=outcome.runtime,
        history=[(t, it, cost / cost_scale) for t, it, cost in outcome.history],
        operator_stats=[dict(stat) for stat in outcome.operator_stats],
    )
    if verify:
        _verify(result)
    return result


def _whole_number(value: object, name: str, largest: int) -> int:
    """``value`` as an int in [0, largest] (numpy integers accepted), else a ValueError naming ``name``."""
    try:
        number = operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        raise ValueError(f"solve: {name} must be an integer in [0, {largest}], got {value!r}") from None
    if not 0 <= number <= largest:
        raise ValueError(f"solve: {name} must be an integer in [0, {largest}], got {value!r}")
    return number


def _verify(result: Result) -> None:
    """Raise RuntimeError unless the independent evaluator agrees with the C++ statistics."""
    from .eval import evaluate

    check = evaluate(result)
    solution = result.solution
    pairs = {
        "cost": (check.cost, solution.cost),
        "distance": (check.distance, solution.distance),
        "time warp": (check.time_warp, solution.time_warp),
        "feasible": (check.feasible, solution.is_feasible()),
    }
    wrong = {name: pair for name, pair in pairs.items() if pair[0] != pair[1]}
    if wrong:
        details = ", ".join(f"{name}: evaluator {a} vs search {b}" for name, (a, b) in wrong.items())
        raise RuntimeError(f"internal error: the independent evaluator disagrees with the search on {result.instance}: "
                           f"{details}; problems: {check.problems[:5]}")
