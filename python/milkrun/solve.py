"""The solve entry point: runs the C++ ALNS on validated problem data."""

from __future__ import annotations

import math
import numbers
import operator
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager

import numpy as np

from . import _core
from .decompose import DECOMPOSE_THRESHOLD, GROUP_SIZE, solve_decomposed
from .result import Result


def default_params() -> _core.AlnsParams:
    """The default ALNS parameters (operators, weights, acceptance); change fields before solving."""
    return _core.AlnsParams()


OBJECTIVES = ("distance", "vehicles")

#: Time limit in seconds of the command line, the batch runner, the model API and the service when neither a
#: time limit nor an iteration limit is given.
DEFAULT_TIME_LIMIT = 10.0


def solve(
    data: _core.ProblemData,
    *,
    time_limit: float | None = None,
    max_iterations: int | None = None,
    seed: int = 0,
    params: _core.AlnsParams | None = None,
    objective: str = "distance",
    initial: _core.Solution | None = None,
    verify: bool = True,
    control: _core.SolveControl | None = None,
    decompose: bool | None = None,
    executor: Executor | None = None,
    group_size: int | None = None,
) -> Result:
    """Solve ``data`` with the ALNS until the time limit (seconds) or iteration limit is reached.

    At least one limit is required. The same data, seed and iteration limit give the same plan (with a
    time limit as well, the plan can depend on the machine's speed).

    ``objective="distance"`` minimises the cost (for benchmark instances: the distance).
    ``objective="vehicles"`` is the hierarchical objective of the classic VRPTW tables: first the number
    of routes, then the cost. After a first search (10% of the budget), route-elimination phases (up to
    20% each, ending as soon as they find a feasible plan) search again with one vehicle fewer, starting
    from the best plan with its shortest route's clients given back; they stop after two failures in a
    row or 70% of the budget, and the rest of the budget minimises cost with the smallest fleet found.

    ``initial`` is a plan to start from (its routes beyond the available fleet give their clients back).

    ``control`` (a :class:`milkrun.SolveControl`) lets another thread follow the search (iterations, best
    cost) and stop it early (``control.request_stop()``): the best plan found so far is returned, with
    ``Result.interrupted`` set. Ctrl-C (``KeyboardInterrupt``) while solving on the main thread does the same.
    The search runs without the GIL, so solves on several threads run in parallel.

    Single-day instances of :data:`milkrun.decompose.DECOMPOSE_THRESHOLD` clients or more are solved by
    decomposition (``decompose=None``; ``True``/``False`` force it either way): a construction of the whole
    plan, then rounds that solve groups of about ``group_size`` clients (default
    :data:`milkrun.decompose.GROUP_SIZE`) in parallel on ``executor`` (default: one thread per core) and keep
    each group's improvements; see :mod:`milkrun.decompose`.

    With ``verify`` (the default) the returned plan is re-checked by the independent Numba evaluator
    (:mod:`milkrun.eval`), which shares no code with the search; a disagreement on cost, distance, time
    warp or feasibility raises :class:`RuntimeError`, as it means a bug, never a property of the input.
    """
    if not isinstance(data, _core.ProblemData):
        raise TypeError(f"solve: data must be a milkrun.ProblemData (milkrun.read(path) reads a file), got "
                        f"{type(data).__name__}")
    if time_limit is None and max_iterations is None:
        raise ValueError("solve: give a time_limit (seconds) or max_iterations, or both")
    if time_limit is not None and (isinstance(time_limit, bool) or not isinstance(time_limit, numbers.Real)
                                   or not (time_limit > 0 and math.isfinite(time_limit))):
        raise ValueError(f"solve: time_limit must be a positive number of seconds, got {time_limit!r}")
    for name, value, kind in (("params", params, _core.AlnsParams), ("initial", initial, _core.Solution),
                              ("control", control, _core.SolveControl)):
        if value is not None and not isinstance(value, kind):
            raise TypeError(f"solve: {name} must be a milkrun.{kind.__name__} or None, got {type(value).__name__}")
    if decompose is not None and not isinstance(decompose, (bool, np.bool_)):
        raise TypeError(f"solve: decompose must be True, False or None, got {decompose!r}")
    if executor is not None and not callable(getattr(executor, "submit", None)):
        raise TypeError(f"solve: executor must have a submit() method (a concurrent.futures executor), got "
                        f"{type(executor).__name__}")
    if group_size is not None:
        group_size = _whole_number(group_size, "group_size", 2**31)
        if group_size < 2:
            raise ValueError(f"solve: group_size must be at least 2, got {group_size}")
    if max_iterations is not None:
        max_iterations = _whole_number(max_iterations, "max_iterations", 2**62)
    seed = _whole_number(seed, "seed", 2**64 - 1)
    if not isinstance(objective, str) or objective not in OBJECTIVES:
        raise ValueError(f"solve: objective must be one of {', '.join(OBJECTIVES)}, got {objective!r}")
    params = params if params is not None else _core.AlnsParams()
    budget = _Budget(time_limit, max_iterations, control if control is not None else _core.SolveControl())
    with _sigint_stops(budget.control):
        if verify:
            # The evaluator's kernels load before the search, within the time limit (its clock has started):
            # loading them alongside the search made a first solve overrun short limits on a single core.
            from . import eval as evaluator

            if not evaluator.is_warm():
                evaluator.warm_up()
        if decompose is None:
            decompose = objective == "distance" and data.num_periods == 1 and data.num_clients >= DECOMPOSE_THRESHOLD
        if decompose:
            if objective != "distance":
                raise ValueError("solve: decomposition minimises the cost; it does not apply to objective='vehicles'")
            time_left, _ = budget.share(1.0)
            runs = [solve_decomposed(data, params, seed, time_left if time_limit is not None else None,
                                     max_iterations, budget.control, executor,
                                     GROUP_SIZE if group_size is None else group_size, initial)]
            best = runs[0].best
        elif objective == "distance":
            runs = [_run(data, params, seed, budget, 1.0, initial)]
            best = runs[0].best
        else:
            best, runs = _vehicles_first(data, params, seed, budget, initial)

    cost_scale = data.scaling.cost
    history: list[tuple[float, int, float]] = []
    offset_time, offset_iterations = 0.0, 0
    for run in runs:
        history += [(offset_time + t, offset_iterations + it, cost / cost_scale) for t, it, cost in run.history]
        offset_time += run.runtime
        offset_iterations += run.iterations
    if objective == "vehicles":  # phases restart their records: keep the points that improve on all before
        improving: list[tuple[float, int, float]] = []
        for point in history:
            if not improving or point[2] < improving[-1][2]:
                improving.append(point)
        history = improving

    result = Result(
        instance=data.name,
        data=data,
        solution=_core.Solution(data, list(best.routes)),
        seed=seed,
        iterations=offset_iterations,
        runtime=offset_time,
        history=history,
        operator_stats=_merge_stats(runs),
        interrupted=budget.control.stop_requested,
    )
    if verify:
        _verify(result)
    return result


class _Budget:
    """Time and iteration budget, shared out over the phases of a solve."""

    def __init__(self, time_limit: float | None, max_iterations: int | None, control: _core.SolveControl):
        self.time_limit = time_limit
        self.max_iterations = max_iterations
        self.control = control
        self.start = time.perf_counter()
        self.iterations_used = 0

    def share(self, fraction: float) -> tuple[float, int]:
        """Limits for a phase getting ``fraction`` of the whole budget (at most what is left)."""
        time_limit = math.inf
        if self.time_limit is not None:
            left = self.time_limit - (time.perf_counter() - self.start)
            time_limit = max(min(fraction * self.time_limit, left), 1e-3)
        iterations = 2**62
        if self.max_iterations is not None:
            left_iterations = self.max_iterations - self.iterations_used
            iterations = max(min(math.ceil(fraction * self.max_iterations), left_iterations), 0)
        return time_limit, iterations

    def used(self) -> float:
        """Share of the budget used so far (the larger of the time and iteration shares)."""
        shares = [0.0]
        if self.time_limit is not None:
            shares.append((time.perf_counter() - self.start) / self.time_limit)
        if self.max_iterations is not None:
            shares.append(self.iterations_used / max(self.max_iterations, 1))
        return max(shares)

    def exhausted(self) -> bool:
        if self.control.stop_requested:
            return True
        if self.time_limit is not None and time.perf_counter() - self.start >= self.time_limit:
            return True
        return self.max_iterations is not None and self.iterations_used >= self.max_iterations


def _run(data, params, seed, budget: _Budget, fraction: float, initial=None, stop_when_feasible=False):
    time_limit, iterations = budget.share(fraction)
    if budget.control.stop_requested:
        iterations = 0  # stopped between phases: construction only (the best plan so far is kept by the caller)
    outcome = _interruptible(lambda: _core.solve(data, params, seed, time_limit, iterations, initial,
                                                 stop_when_feasible, budget.control), budget.control)
    budget.iterations_used += outcome.iterations
    return outcome


@contextmanager
def _sigint_stops(control: _core.SolveControl) -> Iterator[None]:
    """On the main thread with Python's default SIGINT handling: Ctrl-C asks the search to stop (whenever it
    arrives during the solve) instead of raising KeyboardInterrupt. A SIGINT handler of the application, or
    an ignored SIGINT, is left as it is."""
    if threading.current_thread() is not threading.main_thread() \
            or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield
        return
    previous = signal.signal(signal.SIGINT, lambda signum, frame: control.request_stop())
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _interruptible(call, control: _core.SolveControl):
    """Run ``call`` (a C++ solve, which releases the GIL); on the main thread, in a helper thread so that
    Ctrl-C reaches Python while it runs: it then asks the search to stop (through :func:`_sigint_stops`, or
    a KeyboardInterrupt raised by an application's handler) and waits for its best plan."""
    if threading.current_thread() is not threading.main_thread():
        return call()
    box: dict[str, object] = {}
    finished = threading.Event()

    def target() -> None:
        try:
            box["outcome"] = call()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            box["error"] = exc
        finally:
            finished.set()

    worker = threading.Thread(target=target, name="milkrun-solve", daemon=True)
    try:
        worker.start()
    except KeyboardInterrupt:  # raised while start() waits for the thread, which runs by then
        control.request_stop()
    # An Event, not Thread.join: a KeyboardInterrupt inside join() can leave the thread looking finished.
    while True:
        try:
            if finished.wait(0.05):
                break
        except KeyboardInterrupt:
            control.request_stop()
    worker.join()
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["outcome"]


def _vehicles_first(data, params, seed, budget: _Budget, initial):
    """Route elimination, then cost minimisation with the smallest fleet found (see :func:`solve`)."""
    if data.num_periods != 1:
        raise ValueError("solve: objective 'vehicles' needs single-period data")
    runs = [_run(data, params, seed, budget, 0.1, initial)]
    best = runs[0].best
    if not best.is_feasible():
        if not budget.exhausted():
            runs.append(_run(data, params, _phase_seed(seed, 1), budget, 1.0, best))
        return runs[-1].best, runs

    # Route elimination gets up to 70% of the budget, and two failed tries in a row end it.
    attempt, failures = 1, 0
    while (budget.used() < 0.7 and failures < 2 and best.num_routes > _route_lower_bound(data)
           and not budget.control.stop_requested):
        fleet = _fleet_of(data, best, drop_shortest=True)
        run = _run(data.with_vehicle_types(fleet), params, _phase_seed(seed, attempt), budget, 0.2, best,
                   stop_when_feasible=True)
        runs.append(run)
        attempt += 1
        if run.best.is_feasible() and run.best.num_routes < best.num_routes:
            best, failures = _core.Solution(data, list(run.best.routes)), 0
        else:
            failures += 1

    if not budget.exhausted():  # remaining budget: cost with the fleet found
        run = _run(data.with_vehicle_types(_fleet_of(data, best)), params, _phase_seed(seed, attempt), budget, 1.0, best)
        runs.append(run)
        if run.best.is_feasible() and run.best.num_routes <= best.num_routes and run.best.cost < best.cost:
            best = _core.Solution(data, list(run.best.routes))
    return best, runs


def _phase_seed(seed: int, phase: int) -> int:
    """The seed of a later phase of one solve: different from the first, still a 64-bit value."""
    return (seed + phase) % 2**64


def _fleet_of(data, solution, drop_shortest: bool = False) -> list[_core.VehicleType]:
    """The data's vehicle types, each limited to its count in ``solution`` (one fewer of the type of the
    shortest route with ``drop_shortest``)."""
    used = [0] * data.num_vehicle_types
    for route in solution.routes:
        used[route.vehicle_type] += 1
    if drop_shortest and solution.routes:
        shortest = min(solution.routes, key=lambda route: len(route.visits) - route.num_reloads)
        used[shortest.vehicle_type] -= 1
    from ._pickling import vehicle_type_fields

    return [_core.VehicleType(**{**vehicle_type_fields(vt), "num_available": used[i]})
            for i, vt in enumerate(data.vehicle_types)]


def _route_lower_bound(data) -> int:
    """Routes needed at least: total pickup over the largest capacity, per dimension."""
    bound = 1
    for dim in range(data.num_dimensions):
        total = sum(client.pickup[dim] for client in data.clients)
        largest = max(vt.capacity[dim] for vt in data.vehicle_types)
        bound = max(bound, -(-total // largest))
    return bound


def _merge_stats(runs) -> list[dict]:
    """Operator statistics summed over the phases (weights: the last phase's)."""
    merged: dict[tuple[str, str], dict] = {}
    for run in runs:
        for stat in run.operator_stats:
            key = (stat["family"], stat["name"])
            if key not in merged:
                merged[key] = dict(stat)
                continue
            entry = merged[key]
            for count in ("selected", "best", "better", "accepted"):
                entry[count] += stat[count]
            entry["weight"] = stat["weight"]
    return list(merged.values())


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
