"""The multi-period engine: visit-day patterns chosen with the routes of every day.

Every returned plan is checked here independently of both engines: each client's visit days must be
one of its allowed patterns (or any set of `frequency` days when it lists none), and the Numba
evaluator must agree with the plan's cost and feasibility.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

import milkrun as mr
from milkrun.eval import evaluate


def _matrix(points):
    xy = np.array(points, dtype=float)
    return np.rint(np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1)) * 10).astype(np.int64)


def _random_week(seed: int, n: int = 30, days: int = 5, explicit: bool = True, vehicles: int = 3,
                 capacity: int = 60) -> mr.ProblemData:
    rng = np.random.default_rng(seed)
    points = [(50.0, 50.0)] + [tuple(rng.uniform(0, 100, 2)) for _ in range(n)]
    clients = []
    for i in range(n):
        frequency = int(rng.choice([1, 1, 2, 3]))
        patterns = []
        if explicit:
            sets = list(itertools.combinations(range(days), frequency))
            chosen = rng.choice(len(sets), size=min(len(sets), int(rng.integers(1, 4))), replace=False)
            patterns = [sum(1 << p for p in sets[k]) for k in sorted(chosen)]
        clients.append(mr.Client(f"s{i}", *points[i + 1], 5, [int(rng.integers(1, 15))], frequency=frequency,
                                 patterns=patterns))
    matrix = _matrix(points)
    return mr.ProblemData(f"week{seed}", ["kg"], [mr.Depot("plant", *points[0])], clients,
                          [mr.VehicleType("truck", [capacity], vehicles)],
                          [mr.Period(f"day {p + 1}") for p in range(days)], matrix, matrix)  # fmt: skip


def _visit_days(data, solution) -> dict[int, int]:
    days: dict[int, int] = {}
    for route in solution.routes:
        for loc in route.visits:
            assert not days.get(loc, 0) >> route.period & 1, "a client twice on one day"
            days[loc] = days.get(loc, 0) | 1 << route.period
    return days


def _check_patterns(data, solution):
    days = _visit_days(data, solution)
    for idx, client in enumerate(data.clients):
        got = days.get(idx + data.num_depots, 0)
        assert bin(got).count("1") == client.frequency, client.name
        if client.patterns:
            assert got in list(client.patterns), client.name


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("explicit", [True, False])
def test_week_solves_with_allowed_patterns(seed, explicit):
    """Random weeks (frequencies 1-3 over 5 days, listed patterns or any) solve to feasible plans whose
    visit days are allowed, and the evaluator reproduces cost and feasibility."""
    data = _random_week(seed, explicit=explicit)
    result = mr.solve(data, max_iterations=300, seed=seed)
    assert result.feasible
    _check_patterns(data, result.solution)
    ev = evaluate(result)
    assert ev.feasible and ev.cost == result.solution.cost


def test_same_seed_same_plan():
    data = _random_week(7)
    a = mr.solve(data, max_iterations=200, seed=3)
    b = mr.solve(data, max_iterations=200, seed=3)
    assert [(r.visits, r.vehicle_type, r.period) for r in a.solution.routes] == \
           [(r.visits, r.vehicle_type, r.period) for r in b.solution.routes]  # fmt: skip


def _brute_force(data) -> int:
    """Optimum of a tiny uncapacitated instance with one vehicle a day: every pattern choice, and on each
    day the best tour over the visited clients."""
    dist = np.asarray(data.distance_matrix())
    n = data.num_clients
    options = [list(c.patterns) for c in data.clients]
    best = math.inf
    for choice in itertools.product(*options):
        total = 0
        for p in range(data.num_periods):
            stops = [i + 1 for i in range(n) if choice[i] >> p & 1]
            total += min((sum(dist[a, b] for a, b in zip((0, *tour), (*tour, 0))) for tour in
                          itertools.permutations(stops)), default=0)  # fmt: skip
        best = min(best, total)
    return int(best)


@pytest.mark.parametrize("seed", range(4))
def test_tiny_weeks_reach_the_optimum(seed):
    """On tiny instances (5 clients, 3 days, 1-3 patterns each) the search finds the brute-force optimum,
    which needs the right pattern for every client."""
    rng = np.random.default_rng(100 + seed)
    points = [(0.0, 0.0)] + [tuple(rng.uniform(-50, 50, 2)) for _ in range(5)]
    clients = []
    for i in range(5):
        frequency = int(rng.integers(1, 3))
        sets = list(itertools.combinations(range(3), frequency))
        chosen = rng.choice(len(sets), size=int(rng.integers(1, len(sets) + 1)), replace=False)
        clients.append(mr.Client(f"c{i}", *points[i + 1], 0, [1], frequency=frequency,
                                 patterns=[sum(1 << p for p in sets[k]) for k in sorted(chosen)]))
    matrix = _matrix(points)
    data = mr.ProblemData("tiny", ["kg"], [mr.Depot("d", 0, 0)], clients, [mr.VehicleType("v", [100], 1)],
                          [mr.Period(p) for p in ("mon", "tue", "wed")], matrix, matrix)  # fmt: skip
    result = mr.solve(data, max_iterations=300, seed=seed)
    assert result.feasible
    _check_patterns(data, result.solution)
    assert result.solution.cost == _brute_force(data)


def test_day_without_vehicles_is_avoided():
    """A day with no truck gets no route; clients take their patterns without it."""
    points = [(0, 0), (10, 0), (0, 10), (-10, 0)]
    clients = [mr.Client(f"c{i}", *points[i + 1], 0, [1], frequency=1, patterns=[0b001, 0b010, 0b100])
               for i in range(3)]  # fmt: skip
    clients.append(mr.Client("any", 5, 5, 0, [1], frequency=2))  # any two days
    points.append((5, 5))
    matrix = _matrix(points)
    periods = [mr.Period("mon"), mr.Period("tue", [0]), mr.Period("wed")]
    data = mr.ProblemData("x", ["kg"], [mr.Depot("d", 0, 0)], clients, [mr.VehicleType("v", [10], 1)], periods,
                          matrix, matrix)  # fmt: skip
    result = mr.solve(data, max_iterations=50, seed=1)
    assert result.feasible
    assert all(route.period != 1 for route in result.solution.routes)
    assert _visit_days(data, result.solution)[4] == 0b101


def test_unservable_pattern_gives_an_infeasible_plan_not_a_crash():
    """A client whose only pattern needs a day without vehicles is left unplanned: the result says
    infeasible, and the evaluator names the client."""
    points = [(0, 0), (10, 0), (0, 10)]
    clients = [mr.Client("ok", 10, 0, 0, [1]), mr.Client("stuck", 0, 10, 0, [1], frequency=1, patterns=[0b10])]
    matrix = _matrix(points)
    data = mr.ProblemData("x", ["kg"], [mr.Depot("d", 0, 0)], clients, [mr.VehicleType("v", [10], 1)],
                          [mr.Period("mon"), mr.Period("tue", [0])], matrix, matrix)  # fmt: skip
    result = mr.solve(data, max_iterations=20, seed=1)
    assert not result.feasible
    assert any("stuck" in problem for problem in evaluate(result).problems)


def test_initial_plan_with_a_wrong_pattern_is_replanned():
    """An initial plan visiting a client on days that are not one of its patterns is repaired."""
    data = _random_week(4, n=12)
    wrong = next(i for i, c in enumerate(data.clients) if c.frequency == 1 and len(c.patterns) < 5)
    bad_day = next(p for p in range(5) if (1 << p) not in list(data.clients[wrong].patterns))
    initial = mr.Solution(data, [mr.SolutionRoute(data, [wrong + 1], 0, bad_day)])
    result = mr.solve(data, max_iterations=100, seed=1, initial=initial)
    assert result.feasible
    _check_patterns(data, result.solution)


def test_too_many_implicit_patterns_is_a_value_error():
    """Frequency 10 over 40 days without listed patterns would enumerate 847 million patterns: the error
    names the client and asks for a list."""
    clients = [mr.Client("busy", 1, 0, 0, [1], frequency=10)]
    matrix = _matrix([(0, 0), (1, 0)])
    data = mr.ProblemData("x", ["kg"], [mr.Depot("d", 0, 0)], clients, [mr.VehicleType("v", [10], 1)],
                          [mr.Period(f"d{p}") for p in range(40)], matrix, matrix)  # fmt: skip
    with pytest.raises(ValueError, match=r"client 'busy'.*list the allowed patterns"):
        mr.solve(data, max_iterations=1)


@pytest.mark.parametrize("rate", [-0.1, 1.5, float("nan")])
@pytest.mark.parametrize("name", ["pattern_change_rate", "cross_day_rate"])
def test_pattern_rates_are_validated(name, rate):
    params = mr.AlnsParams()
    setattr(params, name, rate)
    with pytest.raises(ValueError, match=name):
        mr.solve(_random_week(1, n=5), max_iterations=1, params=params)


def test_routing_only_iterations_keep_patterns_feasible():
    """With pattern_change_rate, cross_day_rate and pattern_improvement off, the patterns of the
    construction stay; the plan is still feasible."""
    params = mr.AlnsParams()
    params.pattern_change_rate = 0.0
    params.cross_day_rate = 0.0
    data = _random_week(5)
    first = mr.solve(data, max_iterations=1, seed=1, params=params)
    params.pattern_improvement = False
    result = mr.solve(data, max_iterations=200, seed=1, params=params)
    assert result.feasible
    _check_patterns(data, result.solution)
    assert _visit_days(data, result.solution) == _visit_days(data, first.solution)


def _tight_single_vehicle_week(seed: int, n: int = 40, days: int = 5) -> mr.ProblemData:
    """One truck a day, every supplier once in the week on any day, the truck's capacity 3 % above a
    fifth of the week's pickups: planning is packing regions into days (like Cordeau's p03 and p06)."""
    rng = np.random.default_rng(seed)
    points = [(50.0, 50.0)] + [tuple(rng.uniform(0, 100, 2)) for _ in range(n)]
    amounts = [int(rng.integers(5, 30)) for _ in range(n)]
    capacity = math.ceil(sum(amounts) / days * 1.03)
    clients = [mr.Client(f"s{i}", *points[i + 1], 0, [amounts[i]], frequency=1) for i in range(n)]
    matrix = _matrix(points)
    return mr.ProblemData(f"tight{seed}", ["kg"], [mr.Depot("plant", *points[0])], clients,
                          [mr.VehicleType("truck", [capacity], 1)],
                          [mr.Period(f"day {p + 1}") for p in range(days)], matrix, matrix)  # fmt: skip


def test_cross_day_destroys_repack_tight_days():
    """Single-day destroys move few suppliers between nearly full days; destroying a region on every day
    at once (cross_day_rate) re-packs them: on tight one-truck weeks it finds clearly cheaper plans at the
    same seeds and iterations, and every plan is feasible under the evaluator."""
    totals = {0.0: 0, 0.4: 0}
    for seed in range(3):
        data = _tight_single_vehicle_week(seed)
        for rate in totals:
            params = mr.AlnsParams()
            params.cross_day_rate = rate
            result = mr.solve(data, max_iterations=1500, seed=1, params=params)
            ev = evaluate(result)
            assert result.feasible and ev.feasible and ev.cost == result.cost
            _check_patterns(data, result.solution)
            totals[rate] += result.cost
    assert mr.AlnsParams().cross_day_rate == 0.25
    assert totals[0.4] < 0.97 * totals[0.0], totals


def test_pattern_improvement_is_a_switch():
    """pattern_improvement (on by default) can be turned off; both give feasible plans with allowed
    patterns, and on random weeks it does not make the plan worse on average."""
    costs = {True: 0, False: 0}
    for seed in range(3):
        data = _random_week(20 + seed)
        for flag in (True, False):
            params = mr.AlnsParams()
            params.pattern_improvement = flag
            result = mr.solve(data, max_iterations=300, seed=1, params=params)
            assert result.feasible
            _check_patterns(data, result.solution)
            costs[flag] += result.solution.cost
    assert mr.AlnsParams().pattern_improvement is True
    assert costs[True] <= costs[False] * 1.02


def _two_day_line(period_windows):
    TW = mr.TimeWindow
    points = [(0, 0), (10, 0), (20, 0)]
    matrix = _matrix(points)
    clients = [mr.Client("near", 10, 0, 0, [1], time_windows=[TW(0, 1000)], frequency=2),
               mr.Client("far", 20, 0, 0, [1], time_windows=[TW(0, 1000)], period_time_windows=period_windows)]
    return mr.ProblemData("line", ["kg"], [mr.Depot("d", 0, 0)], clients, [mr.VehicleType("v", [10], 1)],
                          [mr.Period("mon"), mr.Period("tue")], matrix, matrix)  # fmt: skip


def test_period_time_windows_are_respected():
    """A supplier's windows may differ by day: 'far' can be reached by time 200 only on Tuesday (its Monday
    window closes at 150), so both engines' checks send it there; the evaluator flags a Monday visit."""
    TW = mr.TimeWindow
    data = _two_day_line([[TW(0, 150)], []])
    far = data.clients[1]
    assert [(w.early, w.late) for w in far.windows(0)] == [(0, 150)]
    assert [(w.early, w.late) for w in far.windows(1)] == [(0, 1000)]
    result = mr.solve(data, max_iterations=50, seed=1)
    assert result.feasible
    assert _visit_days(data, result.solution)[2] == 0b10
    monday = [([1, 2], 0, 0), ([1], 0, 1)]
    ev = evaluate(data, monday)
    assert not ev.feasible and any("time warp" in p and "period 0" in p for p in ev.problems)
    assert evaluate(data, [([1], 0, 0), ([1, 2], 0, 1)]).feasible


def test_period_time_windows_are_validated():
    TW = mr.TimeWindow
    with pytest.raises(ValueError, match=r"client 'far': period 1 time windows must be sorted and disjoint"):
        _two_day_line([[], [TW(50, 60), TW(10, 20)]])
    with pytest.raises(ValueError, match=r"client 'far': period time windows are given for 3 periods, but there are 2"):
        _two_day_line([[], [], [TW(0, 5)]])


# --------------------------------------------------------------------------------------------------
# Pattern pickups: a visit's amount depends on the chosen pattern (parts accumulate between visits)
# --------------------------------------------------------------------------------------------------


def _east(pattern_pickups, x_pickup=10):
    """Y must go on Tuesday (amount 6), far east; X next to it may go on Monday (amount 10) or Tuesday
    (amount 4). One truck of capacity 10 a day."""
    points = [(0, 0), (100, 0), (101, 0)]
    matrix = _matrix(points)
    clients = [mr.Client("Y", 100, 0, 0, [6], frequency=1, patterns=[0b10]),
               mr.Client("X", 101, 0, 0, [x_pickup], frequency=1, patterns=[0b01, 0b10],
                         pattern_pickups=pattern_pickups)]
    return mr.ProblemData("east", ["kg"], [mr.Depot("d", 0, 0)], clients, [mr.VehicleType("v", [10], 1)],
                          [mr.Period("mon"), mr.Period("tue")], matrix, matrix)  # fmt: skip


def test_pattern_pickups_decide_the_pattern():
    """With X's Tuesday amount 4 it fits beside Y on Tuesday: one route. Both the search and the evaluator
    use the amount of the pattern X is visited on; without pattern pickups X needs its own Monday route."""
    data = _east([[[10], []], [[], [4]]])
    x = data.clients[1]
    assert list(x.pickup_for(0b10, 1)) == [4] and list(x.pickup_for(0b01, 0)) == [10]
    assert list(x.pickup_for(0b11, 1)) == [10]  # not an allowed pattern: its pickup
    result = mr.solve(data, max_iterations=50, seed=1)
    assert result.feasible and len(result.solution.routes) == 1
    assert _visit_days(data, result.solution)[2] == 0b10
    ev = evaluate(result)
    assert ev.feasible and list(ev.route_max_load[0]) == [10]
    assert not evaluate(data, [([1], 0, 1), ([2], 0, 0)]).problems  # X alone on Monday: 10 fits
    plain = mr.solve(_east([]), max_iterations=50, seed=1)
    assert plain.feasible and len(plain.solution.routes) == 2


def test_pattern_pickups_per_visit_of_one_pattern():
    """Frequency 2 on Mon+Wed: 3 on Monday, 7 on Wednesday; a truck of capacity 5 on Wednesday cannot
    carry it, so the plan takes Tue+Wed... unless the amounts say otherwise; the evaluator checks each
    visit with its own amount."""
    TW = mr.TimeWindow
    points = [(0, 0), (10, 0)]
    matrix = _matrix(points)
    client = mr.Client("S", 10, 0, 0, [7], frequency=2, patterns=[0b101, 0b011],
                       pattern_pickups=[[[3], [], [7]], [[5], [2], []]])
    periods = [mr.Period(p) for p in ("mon", "tue", "wed")]
    data = mr.ProblemData("s", ["kg"], [mr.Depot("d", 0, 0)], [client], [mr.VehicleType("v", [5], 1)], periods,
                          matrix, matrix)  # fmt: skip
    result = mr.solve(data, max_iterations=50, seed=1)
    assert result.feasible and _visit_days(data, result.solution)[1] == 0b011
    bad = evaluate(data, [([1], 0, 0), ([1], 0, 2)])
    assert not bad.feasible and any("exceeds capacity by 2" in p for p in bad.problems)


def test_pattern_pickups_are_validated():
    with pytest.raises(ValueError, match=r"client 'X': pattern pickups are given for 1 patterns, but it has 2"):
        _east([[[10], []]])
    with pytest.raises(ValueError, match=r"client 'X': pattern pickups of pattern 1 have 1 periods, but there are 2"):
        _east([[[10], []], [[4]]])
    with pytest.raises(ValueError, match=r"client 'X': pattern pickups of pattern 1 in period 1 have 2 values"):
        _east([[[10], []], [[], [4, 1]]])
    with pytest.raises(ValueError, match=r"negative"):
        _east([[[10], []], [[], [-4]]])


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_weeks_with_accumulating_pickups(seed):
    """Random weeks where each visit collects the production since the previous one: plans are feasible
    with the actual amounts and the evaluator agrees on cost and loads."""
    rng = np.random.default_rng(seed)
    days = 5
    base = _random_week(seed, n=25, explicit=True, capacity=60)
    clients = []
    for c in base.clients:
        rate = int(rng.integers(1, 4))
        table = []
        for mask in c.patterns:
            visit_days = [p for p in range(days) if mask >> p & 1]
            per_period = [[] for _ in range(days)]
            for k, p in enumerate(visit_days):
                gap = (p - visit_days[k - 1]) % days or days
                per_period[p] = [rate * gap]
            table.append(per_period)
        largest = max(v[0] for per in table for v in per if v)
        clients.append(mr.Client(c.name, c.x, c.y, c.service_duration, [largest], frequency=c.frequency,
                                 patterns=list(c.patterns), pattern_pickups=table))
    data = mr.ProblemData(base.name, ["kg"], list(base.depots), clients, list(base.vehicle_types),
                          list(base.periods), base.distance_matrix(), base.duration_matrix())  # fmt: skip
    result = mr.solve(data, max_iterations=400, seed=seed)
    assert result.feasible
    _check_patterns(data, result.solution)
    ev = evaluate(result)
    assert ev.feasible and ev.cost == result.solution.cost
    assert [list(r.max_load) for r in result.solution.routes] == [list(m) for m in ev.route_max_load]


def test_duplicate_patterns_are_rejected():
    with pytest.raises(ValueError, match=r"client 'X': pattern 2 is listed twice"):
        mr.Client("X", 0, 0, 0, [1], frequency=1, patterns=[0b10, 0b10])


def test_evaluator_is_robust_to_odd_pattern_pickups():
    """Entries for days outside a pattern are ignored (any length), and a route on a period that does not
    exist is reported, not a crash, when its client has pattern pickups."""
    data = _east([[[10], [7, 7, 7]], [[], [4]]])
    assert evaluate(data, [([1, 2], 0, 1)]).feasible
    ev = evaluate(data, [([1], 0, 1), ([2], 0, 5)])
    assert not ev.feasible and ev.problems
