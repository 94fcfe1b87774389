"""Driver breaks and consistency over the visit days, on instances small enough to check by hand.

As in test_docks_soft_windows: one plant at the origin, suppliers 10 time units away (distance = duration),
service 5 unless said otherwise.
"""

from __future__ import annotations

import numpy as np
import pytest

import milkrun as mr
from milkrun._core import MAX_VALUE
from milkrun.eval import evaluate

TW = mr.TimeWindow
MATRIX = np.array([[0, 10, 10], [10, 0, 20], [10, 20, 0]])


def instance(windows=((0, 1000), (0, 1000)), service=(5, 5), break_duration=0, break_window=(0, MAX_VALUE),
             periods=1, same_truck=(False, False), spread=(MAX_VALUE, MAX_VALUE), count=2):
    clients = [mr.Client(name, x, 0, s, [1], time_windows=[TW(*w)], frequency=periods, same_truck=st,
                         arrival_spread=sp)
               for name, x, w, s, st, sp in zip("ab", (10, -10), windows, service, same_truck, spread)]
    types = [mr.VehicleType("truck", [2], count, 0, 1, 1, break_duration=break_duration,
                            break_window=TW(*break_window))]
    return mr.ProblemData("hand", ["load"], [mr.Depot("plant", 0, 0, TW(0, 1000))], clients, types,
                          [mr.Period(f"day{p}") for p in range(periods)], [MATRIX], [MATRIX.copy()])


def solution(data, *routes):
    """Routes as (visits, period)."""
    return mr.Solution(data, [mr.SolutionRoute(data, visits, 0, period) for visits, period in routes])


def agrees(data, sol):
    ev = evaluate(data, sol)
    assert (ev.cost, ev.duration, ev.time_warp, ev.feasible) == \
           (sol.cost, sol.duration, sol.time_warp, sol.is_feasible())  # fmt: skip
    assert (ev.consistency_violations, ev.spread_excess) == (sol.consistency_violations, sol.spread_excess)
    assert list(ev.route_break_start) == [r.break_start for r in sol.routes]
    assert ev.route_truck == [r.truck for r in sol.routes]
    for k, route in enumerate(sol.routes):
        assert list(ev.route_service_starts[k]) == list(route.service_starts)
    return ev


def test_break_on_the_road():
    # Due at 5, on the way to a (0 -> 10): the truck stops at 5 for 20, reaches a at 30, is back at 45.
    data = instance(break_duration=20, break_window=(5, 100))
    sol = solution(data, ([1], 0), ([2], 0))
    route = sol.routes[0]
    assert route.break_start == 5 and list(route.service_starts) == [30, 45] and route.duration == 45
    assert route.time_warp == 0 and sol.is_feasible()
    agrees(data, sol)


def test_break_on_leaving_the_stop_busy_at_the_window_opening():
    # Due at 12, the driver serves a from 10 to 15: the break starts on leaving, 15 to 35; back at 45.
    data = instance(break_duration=20, break_window=(12, 100))
    route = solution(data, ([1], 0)).routes[0]
    assert route.break_start == 15 and list(route.service_starts) == [10, 45] and route.duration == 45
    agrees(data, solution(data, ([1], 0), ([2], 0)))


def test_break_while_waiting_costs_no_time():
    # a exactly at 30 fixes the start at 20; b opens at 80 and is reached at 55: 25 waiting, from 60 the
    # 10-minute break fits in it. Same times as without a break.
    data = instance(windows=((30, 30), (80, 1000)), break_duration=10, break_window=(60, 200))
    route = solution(data, ([1, 2], 0)).routes[0]
    assert route.break_start == 60 and list(route.service_starts) == [30, 80, 95]
    assert route.duration == 75 and route.time_warp == 0
    agrees(data, solution(data, ([1, 2], 0)))


def test_break_starting_after_its_window_is_time_warp():
    # a at exactly 10, 50 minutes of service: the driver is busy until 60, the break must start by 30.
    data = instance(windows=((10, 10), (0, 1000)), service=(50, 5), break_duration=10, break_window=(20, 30))
    route = solution(data, ([1], 0)).routes[0]
    assert route.break_start == 30 and route.time_warp == 30 and not route.is_feasible()
    agrees(data, solution(data, ([1], 0), ([2], 0)))


def test_no_break_for_a_route_back_before_the_window_or_leaving_after_it():
    data = instance(break_duration=20, break_window=(100, 200))
    route = solution(data, ([1], 0)).routes[0]
    assert route.break_start == -1 and route.duration == 25
    late = instance(windows=((300, 300), (0, 1000)), break_duration=20, break_window=(100, 200))
    route = solution(late, ([1], 0)).routes[0]
    assert route.start_time == 290 and route.break_start == -1 and route.duration == 25
    agrees(late, solution(late, ([1], 0), ([2], 0)))


def test_same_truck_numbers_the_trucks_to_keep_drivers():
    # Day 0: a on the first route listed, b on the second; day 1 listed the other way round. Numbered in
    # order, a would change trucks; consistency keeps a on truck 0 and b on truck 1 both days.
    data = instance(periods=2, same_truck=(True, True))
    sol = solution(data, ([1], 0), ([2], 0), ([2], 1), ([1], 1))
    assert [r.truck for r in sol.routes] == [0, 1, 1, 0]
    assert sol.consistency_violations == 0 and sol.is_feasible()
    agrees(data, sol)
    # Together on day 0, apart on day 1: one of them changes trucks.
    sol = solution(data, ([1, 2], 0), ([2], 1), ([1], 1))
    assert sol.consistency_violations == 1 and not sol.is_feasible()
    ev = agrees(data, sol)
    assert any("different trucks" in p for p in ev.problems)


def test_without_consistency_trucks_are_numbered_in_order():
    data = instance(periods=2)
    sol = solution(data, ([1], 0), ([2], 0), ([2], 1), ([1], 1))
    assert [r.truck for r in sol.routes] == [0, 1, 0, 1] and sol.consistency_violations == 0


def test_arrival_spread():
    # a served at 10 on day 0 (first on its route) and at 35 on day 1 (after b): 25 apart.
    data = instance(periods=2, spread=(20, MAX_VALUE))
    sol = solution(data, ([1], 0), ([2], 0), ([2, 1], 1))
    assert [list(r.service_starts)[:2] for r in sol.routes] == [[10, 25], [10, 25], [10, 35]]
    assert sol.spread_excess == 5 and not sol.is_feasible()
    agrees(data, sol)
    relaxed = instance(periods=2, spread=(25, MAX_VALUE))
    assert solution(relaxed, ([1], 0), ([2], 0), ([2, 1], 1)).spread_excess == 0


def test_the_evaluator_checks_given_trucks():
    data = instance(periods=1)
    ev = evaluate(data, [([1], 0, 0, 1), ([2], 0, 0, 1)])
    assert any("drives two routes" in p for p in ev.problems) and not ev.feasible
    ev = evaluate(data, [([1], 0, 0, 5)])
    assert any("only 2 available" in p for p in ev.problems)


def test_bad_fields_are_refused():
    with pytest.raises(ValueError, match="break duration -1 is negative"):
        mr.VehicleType("t", [1], break_duration=-1)
    with pytest.raises(ValueError, match="arrival spread -1 is negative"):
        mr.Client("c", 0, 0, 0, [1], arrival_spread=-1)


def test_leaving_early_when_the_break_would_make_the_route_late():
    # A 200 away (hard window [300, 310]), back in 10; the break (30) is due from 100. Leaving at 100 (the
    # latest start without waiting) the truck breaks at once and reaches A at 330: 20 late. Leaving at 0
    # it breaks at 100 on the way, arrives at 230 and waits: on time. The departure rule takes the
    # earliest departure when it has less time warp.
    matrix = np.array([[0, 200], [10, 0]])
    data = mr.ProblemData(
        "hand", ["load"], [mr.Depot("plant", 0, 0, TW(0, 1000))],
        [mr.Client("a", 1, 0, 5, [1], time_windows=[TW(300, 310)])],
        [mr.VehicleType("truck", [1], 1, 0, 1, 1, break_duration=30, break_window=TW(100, 200))],
        [mr.Period("day")], [matrix], [matrix.copy()],
    )
    route = solution(data, ([1], 0)).routes[0]
    assert route.start_time == 0 and route.break_start == 100 and route.time_warp == 0
    assert list(route.service_starts) == [300, 315] and route.duration == 315
    agrees(data, solution(data, ([1], 0)))


def test_leaving_early_when_a_soft_window_would_be_late():
    # a (soft, [100, 110], 5 per unit late) then b (hard, [500, 600]), legs of 10, no service. The latest
    # start without waiting reaches a at 490: 380 late (1900) on a route of 30. Leaving at the earliest
    # (0), a is on time and the route waits: 520 long, no lateness -- cheaper, so chosen.
    matrix = np.array([[0, 10, 10], [10, 0, 10], [10, 10, 0]])
    data = mr.ProblemData(
        "hand", ["load"], [mr.Depot("plant", 0, 0, TW(0, 1000))],
        [mr.Client("a", 1, 0, 0, [1], time_windows=[TW(100, 110)], late_cost=5),
         mr.Client("b", 2, 0, 0, [1], time_windows=[TW(500, 600)])],
        [mr.VehicleType("truck", [2], 1, 0, 1, 1)], [mr.Period("day")], [matrix], [matrix.copy()],
    )
    route = solution(data, ([1, 2], 0)).routes[0]
    assert route.start_time == 0 and route.lateness == 0 and route.duration == 510
    agrees(data, solution(data, ([1, 2], 0)))
