"""Decomposition for very large single-day instances: improve a plan by solving parts of it in parallel.

Past a few thousand clients one ALNS iteration on the whole plan costs too much (a destroy of 1-6 % of the
clients and its repair touch hundreds of routes). Instead, after a construction of the whole plan, each
round splits its routes into groups of about ``group_size`` clients around the routes' barycentres --
alternately as sectors around the plant from a random angle and as k-means clusters, so that the borders
move from round to round -- and solves each group as an instance of its own (its clients, the plants, the
fleet its routes use plus a share of the spare vehicles) with the ALNS, starting from its routes. A group's
new routes replace the old ones when they are feasible and cheaper. The groups of a round run in parallel
on an executor: threads by default (the search releases the GIL, nothing is copied), or any
``concurrent.futures`` executor such as a process pool, a Dask client's or Ray's, which receive the
(small) sub-problems pickled.

Deterministic for a given seed and iteration limit (the sub-problems' seeds derive from the seed, round and
group; results are applied in group order), whatever the executor.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Sequence
from concurrent.futures import Executor, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import _core
from ._pickling import vehicle_type_fields

#: Clients from which :func:`milkrun.solve` decomposes single-day instances by default.
DECOMPOSE_THRESHOLD = 3000
#: Clients per sub-problem.
GROUP_SIZE = 400
#: ALNS iterations per sub-problem and round under an iteration limit.
GROUP_ITERATIONS = 2000
#: Rounds the time limit is planned for (the last gets what is left).
_ROUNDS = 8


@dataclass
class Outcome:
    """What :func:`solve_decomposed` hands back to :func:`milkrun.solve`: the fields of a C++ search's outcome
    that it reads (no operator statistics: they belong to the sub-problems' searches), and the rounds."""

    best: _core.Solution
    iterations: int
    runtime: float
    history: list[tuple[float, int, int]]  #: (seconds, iterations, integer cost) at each improvement
    rounds: int
    operator_stats: list[Any] = field(default_factory=list)


def solve_group(sub: _core.ProblemData, routes: list[tuple[list[int], int]], params: _core.AlnsParams, seed: int,
                time_limit: float, iterations: int,
                control: _core.SolveControl | None = None) -> tuple[list[tuple[list[int], int]], bool, int, int]:
    """Solve one sub-problem from its routes: (routes, feasible, cost, iterations) of the best plan found.
    A module-level function of plain arguments, so that process pools, Dask and Ray can run it."""
    initial = _core.Solution(sub, [_core.SolutionRoute(sub, visits, vt, 0) for visits, vt in routes])
    outcome = _core.solve(sub, params, seed, time_limit, iterations, initial, False, control)
    best = outcome.best
    return ([(list(r.visits), int(r.vehicle_type)) for r in best.routes], best.is_feasible(), best.cost,
            outcome.iterations)


def solve_decomposed(data: _core.ProblemData, params: _core.AlnsParams, seed: int, time_limit: float | None,
                     max_iterations: int | None, control: _core.SolveControl, executor: Executor | None = None,
                     group_size: int = GROUP_SIZE, initial: _core.Solution | None = None) -> Outcome:
    """Construct a plan of the whole instance, then improve it round by round on sub-problems (see the
    module's description) until the time or iteration limit, or a stop request on ``control``."""
    if data.num_periods != 1:
        raise ValueError("decomposition: only single-day instances are decomposed (this one has "
                         f"{data.num_periods} periods)")
    if group_size < 2:
        raise ValueError(f"decomposition: group_size must be at least 2, got {group_size!r}")
    start = time.perf_counter()
    elapsed = lambda: time.perf_counter() - start  # noqa: E731
    time_limit = math.inf if time_limit is None else time_limit
    max_iterations = 2**62 if max_iterations is None else max_iterations

    # The whole plan: the given one or a construction (its local search stops at a third of the time).
    from .solve import _interruptible

    built = _interruptible(lambda: _core.solve(data, params, seed, min(time_limit / 3, 1e9), 0, initial, False,
                                               control), control)
    plan = [(list(r.visits), int(r.vehicle_type)) for r in built.best.routes]
    # Improvements of the whole plan while it is feasible, as the C++ search records them.
    history: list[tuple[float, int, int]] = []

    def record(iterations: int) -> None:
        whole = _core.Solution(data, _routes(data, plan))
        if whole.is_feasible() and (not history or whole.cost < history[-1][2]):
            history.append((elapsed(), iterations, whole.cost))
            control.report(0, whole.cost)

    record(0)

    own = executor is None
    pool = executor if executor is not None else ThreadPoolExecutor(max_workers=_workers())
    shared = isinstance(pool, ThreadPoolExecutor)  # threads share one stop flag with the caller's
    workers = getattr(pool, "_max_workers", None) or _workers()
    views = ([data.distance_matrix(q) for q in range(data.num_profiles)],
             [data.duration_matrix(q) for q in range(data.num_profiles)])
    clients = list(data.clients)  # the property builds a new list on each access
    rng = np.random.default_rng(seed)
    used_iterations, rounds = 0, 0
    recombining = 0.0  # seconds the last round took after its sub-problems
    try:
        while plan and not control.stop_requested and elapsed() < time_limit and used_iterations < max_iterations:
            groups = _split(data, clients, plan, group_size, rng, sweep=rounds % 2 == 0)
            spare = _spare(data, plan, len(groups))
            subs = [_sub_problem(data, clients, views, plan, group, spare, f"{data.name}#{rounds}.{k}")
                    for k, group in enumerate(groups)]
            # The round's share of the time, less what recombining took last round, over its waves of groups.
            waves = math.ceil(len(groups) / workers)
            left = time_limit - elapsed() - recombining
            sub_time = max(min(left, time_limit / _ROUNDS) / waves, 1e-3) if math.isfinite(left) else math.inf
            sub_iterations = 2**62  # under a time limit alone, time decides
            if max_iterations < 2**62:
                sub_iterations = min(GROUP_ITERATIONS, math.ceil((max_iterations - used_iterations) / len(groups)))
            sub_control = _core.SolveControl() if shared else None
            futures = []
            for k, (group, (sub, sub_routes)) in enumerate(zip(groups, subs)):
                sub_seed = (seed * 1_000_003 + rounds * 10_007 + k) % 2**63
                future = pool.submit(solve_group, sub, sub_routes, params, sub_seed, sub_time, sub_iterations,
                                     sub_control)
                futures.append((group, sub, sub_routes, future))
            _wait([f for *_, f in futures], control, sub_control)
            recombining = time.perf_counter()

            # Groups are disjoint: each improved one swaps its routes in the plan (indices of this round).
            new_plan = list(plan)
            changed = False
            for group, sub, sub_routes, future in futures:
                routes, feasible, new_cost, iterations = future.result()
                used_iterations += iterations
                control.report(iterations)
                old = _core.Solution(sub, [_core.SolutionRoute(sub, visits, vt, 0) for visits, vt in sub_routes])
                if _improves(sub, old, routes, feasible, new_cost):
                    back = list(range(data.num_depots)) + _group_locations(plan, group, data.num_depots)
                    for r in group:
                        new_plan[r] = ([], plan[r][1])
                    new_plan += [([back[v] for v in visits], vt) for visits, vt in routes if visits]
                    changed = True
            plan = [route for route in new_plan if route[0]]
            rounds += 1
            if changed:
                record(used_iterations)
            recombining = time.perf_counter() - recombining
    finally:
        if own:
            pool.shutdown(wait=True, cancel_futures=True)
    return Outcome(_core.Solution(data, _routes(data, plan)), used_iterations, elapsed(), history, rounds)


def _violations(solution: _core.Solution) -> tuple[int, ...]:
    return (solution.time_warp, *solution.excess_load, solution.access_violations)


def _improves(sub: _core.ProblemData, old: _core.Solution, routes: list[tuple[list[int], int]], feasible: bool,
              cost: int) -> bool:
    """Whether a group's new routes replace its old ones: feasible and cheaper (or the old were infeasible);
    or, while the old are infeasible, every client still served and no violation larger, one smaller (an
    infeasible start, such as a construction with too few trucks, can then be repaired group by group)."""
    if feasible:
        return not old.is_feasible() or cost < old.cost
    if old.is_feasible():
        return False
    new = _core.Solution(sub, [_core.SolutionRoute(sub, visits, vt, 0) for visits, vt in routes])
    before, after = _violations(old), _violations(new)
    return new.is_complete() and all(a <= b for a, b in zip(after, before)) and after != before


def _workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _wait(futures: Sequence[Any], control: _core.SolveControl, sub_control: _core.SolveControl | None) -> None:
    """Wait for a round; a stop request reaches the running sub-problems (threads) at once."""
    pending = set(futures)
    while pending:
        _, pending = wait(pending, timeout=0.05)
        if control.stop_requested and sub_control is not None:
            sub_control.request_stop()


def _routes(data: _core.ProblemData, plan: list[tuple[list[int], int]]) -> list[_core.SolutionRoute]:
    return [_core.SolutionRoute(data, visits, vt, 0) for visits, vt in plan if visits]


def _split(data: _core.ProblemData, clients: list[_core.Client], plan: list[tuple[list[int], int]], group_size: int,
           rng: np.random.Generator, sweep: bool) -> list[list[int]]:
    """Route indices in groups of about ``group_size`` clients, by the routes' barycentres: sectors around
    the first plant from a random angle (``sweep``) or k-means clusters from random centres."""
    first = data.num_depots
    stops = [[clients[v - first] for v in visits if v >= first] for visits, _ in plan]  # not the reload stops
    centre = np.array([[np.mean([c.x for c in route]), np.mean([c.y for c in route])] for route in stops])
    sizes = np.array([len(route) for route in stops])
    total = int(sizes.sum())
    num_groups = min(max(1, round(total / group_size)), len(plan))  # a few long routes: fewer groups
    if num_groups == 1:
        return [list(range(len(plan)))]
    if sweep:
        depot = data.depots[0]
        angle = (np.arctan2(centre[:, 1] - depot.y, centre[:, 0] - depot.x) + rng.uniform(0, 2 * np.pi)) % (2 * np.pi)
        groups, current, count = [], [], 0
        for r in np.argsort(angle, kind="stable"):
            current.append(int(r))
            count += int(sizes[r])
            if count >= total / num_groups and len(groups) < num_groups - 1:
                groups.append(current)
                current, count = [], 0
        groups.append(current)
        return [g for g in groups if g]
    centres = centre[rng.choice(len(plan), size=num_groups, replace=False)]
    for _ in range(10):
        label = np.argmin(((centre[:, None, :] - centres[None, :, :]) ** 2).sum(-1), axis=1)
        for k in range(num_groups):
            members = label == k
            if members.any():
                centres[k] = np.average(centre[members], axis=0, weights=sizes[members])
    return [list(map(int, np.flatnonzero(label == k))) for k in range(num_groups) if (label == k).any()]


def _spare(data: _core.ProblemData, plan: list[tuple[list[int], int]], num_groups: int) -> list[int]:
    """Vehicles of each type the plan leaves unused, shared out evenly over the groups."""
    used = [0] * data.num_vehicle_types
    for _, vt in plan:
        used[vt] += 1
    return [max(0, data.num_available(0, t) - used[t]) // num_groups for t in range(data.num_vehicle_types)]


def _group_locations(plan: list[tuple[list[int], int]], group: list[int], first: int) -> list[int]:
    """The client locations of the group's routes (depots among a route's visits are reload stops)."""
    return [v for r in group for v in plan[r][0] if v >= first]


def _sub_problem(data: _core.ProblemData, clients: list[_core.Client], views: tuple[list[np.ndarray], list[np.ndarray]],
                 plan: list[tuple[list[int], int]], group: list[int], spare: list[int],
                 name: str) -> tuple[_core.ProblemData, list[tuple[list[int], int]]]:
    """The instance of a group's clients (the plants kept), its fleet (the group's vehicles and its share of
    the spare ones), and its routes in the sub-problem's location indices."""
    first = data.num_depots
    locations = _group_locations(plan, group, first)
    index = {loc: first + k for k, loc in enumerate(locations)} | {depot: depot for depot in range(first)}
    names = {clients[loc - first].name for loc in locations}
    counts = list(spare)
    for r in group:
        counts[plan[r][1]] += 1
    types = []
    for t, vt in enumerate(data.vehicle_types):
        fields = vehicle_type_fields(vt)
        fields["num_available"] = counts[t]
        fields["forbidden_clients"] = [n for n in fields["forbidden_clients"] if n in names]
        types.append(_core.VehicleType(**fields))
    keep = np.array(list(range(first)) + locations)
    sub = _core.ProblemData(
        name, list(data.dimensions), list(data.depots), [clients[loc - first] for loc in locations], types,
        [_core.Period(data.periods[0].name, counts)],
        [m[np.ix_(keep, keep)] for m in views[0]], [m[np.ix_(keep, keep)] for m in views[1]], data.scaling,
    )  # fmt: skip
    return sub, [([index[v] for v in plan[r][0]], plan[r][1]) for r in group]
