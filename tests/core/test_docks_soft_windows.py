"""Plant dock capacity and soft time windows, on instances small enough to check by hand.

One plant at the origin, suppliers 10 time units away (distance = duration), service 5. A truck leaving at 0
is at a supplier at 10, leaves it at 15 and is back at the plant at 25. Every number below follows from that.
"""

from __future__ import annotations

import numpy as np
import pytest

import milkrun as mr
from milkrun._core import MAX_VALUE
from milkrun.eval import evaluate

TW = mr.TimeWindow


def instance(*, docks=1, unload=30, reload_time=0, windows=((0, 1000), (0, 1000)), late_cost=(0, 0),
             max_lateness=(MAX_VALUE, MAX_VALUE), count=2, reload=False, depot_window=(0, 1000)):
    depots = [mr.Depot("plant", 0, 0, TW(*depot_window), reload_time, docks, unload)]
    clients = [mr.Client(name, x, 0, 5, [1], time_windows=[TW(*w)], late_cost=c, max_lateness=m)
               for name, x, w, c, m in zip(("a", "b"), (10, -10), windows, late_cost, max_lateness)]
    types = [mr.VehicleType("truck", [1], count, 0, 1, 1, reload_depots=[0] if reload else [])]
    matrix = np.array([[0, 10, 10], [10, 0, 20], [10, 20, 0]])
    return mr.ProblemData("hand", ["load"], depots, clients, types, [mr.Period("day")], [matrix], [matrix.copy()])


def plan(data, *routes):
    return mr.Solution(data, [mr.SolutionRoute(data, list(visits)) for visits in routes])


def agrees(data, solution):
    """The independent evaluator gives the same costs, times and waits."""
    ev = evaluate(data, solution)
    assert (ev.cost, ev.duration, ev.time_warp, ev.feasible) == \
           (solution.cost, solution.duration, solution.time_warp, solution.is_feasible())  # fmt: skip
    assert (ev.lateness, ev.lateness_cost, ev.gate_wait) == \
           (solution.lateness, solution.lateness_cost, solution.gate_wait)  # fmt: skip
    for k, route in enumerate(solution.routes):
        if ev.route_service_starts is None:  # neither docks nor soft windows: no stop times are kept
            assert list(route.service_starts) == [] and list(route.gate_waits) == []
            continue
        assert list(ev.route_service_starts[k]) == list(route.service_starts)
        assert list(ev.route_gate_waits[k]) == list(route.gate_waits)
    return ev


def test_one_dock_makes_the_second_returning_truck_wait():
    data = instance(docks=1, unload=30)
    solution = plan(data, [1], [2])
    first, second = solution.routes
    # Both are back at 25; the route listed first takes the dock until 55, the other waits 30 at the gate.
    assert list(first.service_starts) == [10, 25] and list(first.gate_waits) == [0, 0]
    assert list(second.service_starts) == [10, 55] and list(second.gate_waits) == [0, 30]
    assert (first.duration, second.duration) == (25, 55)
    assert (first.gate_wait, second.gate_wait, solution.gate_wait) == (0, 30, 30)
    assert solution.cost == (20 + 25) + (20 + 55)  # distance and duration, one per unit each
    assert solution.is_feasible()
    agrees(data, solution)
    # Listed the other way round, the other truck waits: first come, first served, a tie to the first listed.
    swapped = plan(data, [2], [1])
    assert [list(r.gate_waits) for r in swapped.routes] == [[0, 0], [0, 30]]
    agrees(data, swapped)


def test_enough_docks_or_no_unloading_time_means_no_wait():
    for data in (instance(docks=2, unload=30), instance(docks=1, unload=0), instance(docks=0, unload=30)):
        solution = plan(data, [1], [2])
        assert solution.gate_wait == 0 and solution.cost == 2 * (20 + 25)
        agrees(data, solution)


def test_the_wait_at_a_reload_stop_delays_the_next_trip_into_time_warp():
    # One truck serves a, reloads at the plant (10 at the dock) and serves b, which closes at 50 (hard):
    # back at 25, leaves at 35, at b at 45 -- on time.
    data = instance(docks=1, unload=30, reload_time=10, windows=((0, 1000), (0, 50)), reload=True)
    route = plan(data, [1, 0, 2]).routes[0]
    assert list(route.service_starts) == [10, 25, 45, 60] and route.time_warp == 0
    agrees(data, plan(data, [1, 0, 2]))
    # A second truck, serving c (also 10 from the plant) and listed first, is back at 25 too and holds
    # the only dock until 55 (unloading 30): the reload waits 30, the next trip leaves at 65 and reaches
    # b at 75, 25 after it closes: time warp 25, an infeasible plan.
    matrix = np.array([[0, 10, 10, 10], [10, 0, 20, 14], [10, 20, 0, 14], [10, 14, 14, 0]])
    data = mr.ProblemData(
        "hand", ["load"], [mr.Depot("plant", 0, 0, TW(0, 1000), 10, 1, 30)],
        [mr.Client("a", 10, 0, 5, [1]), mr.Client("b", -10, 0, 5, [1], time_windows=[TW(0, 50)]),
         mr.Client("c", 0, 10, 5, [1])],
        [mr.VehicleType("truck", [1], 2, 0, 1, 1, reload_depots=[0])], [mr.Period("day")], [matrix], [matrix.copy()],
    )
    solution = mr.Solution(data, [mr.SolutionRoute(data, [3]), mr.SolutionRoute(data, [1, 0, 2])])
    other, waiting = solution.routes
    assert list(other.service_starts) == [10, 25] and list(other.gate_waits) == [0, 0]
    assert list(waiting.gate_waits) == [0, 30, 0, 0] and list(waiting.service_starts) == [10, 55, 50, 65]
    assert waiting.time_warp == 25 and not solution.is_feasible()
    agrees(data, solution)


def test_soft_window_prices_the_lateness():
    # a closes at 5 with a soft window at 3 per unit late: served at 10 (the earliest the truck can be
    # there), 5 late, costing 15 on top of distance 20 and duration 25.
    data = instance(windows=((0, 5), (0, 1000)), late_cost=(3, 0))
    solution = plan(data, [1])
    route = solution.routes[0]
    assert (route.lateness, route.lateness_cost, route.time_warp) == (5, 15, 0)
    assert route.cost == 20 + 25 + 15 and solution.cost == route.cost and route.is_feasible()
    ev = agrees(data, solution)
    assert ev.route_lateness_cost[0] == 15
    # Lateness after lateness: b, served second at 35 (closing at 30, soft), and a at 10 (closing at 5).
    data = instance(windows=((0, 5), (0, 30)), late_cost=(3, 2))
    route = plan(data, [1, 2]).routes[0]
    assert list(route.service_starts) == [10, 35, 50] and (route.lateness, route.lateness_cost) == (10, 25)
    agrees(data, plan(data, [1, 2]))


def test_lateness_beyond_its_maximum_is_time_warp():
    data = instance(windows=((0, 5), (0, 1000)), late_cost=(3, 0), max_lateness=(2, MAX_VALUE))
    solution = plan(data, [1])
    route = solution.routes[0]
    assert (route.lateness, route.lateness_cost, route.time_warp) == (2, 6, 3) and not route.is_feasible()
    agrees(data, solution)
    # A hard window (no late cost) late by 5: time warp 5, no lateness.
    data = instance(windows=((0, 5), (0, 1000)))
    route = plan(data, [1]).routes[0]
    assert (route.lateness, route.time_warp) == (0, 5)


def test_soft_window_start_is_not_moved_by_lateness_but_waits_for_the_opening():
    # A window opening at 40: the route starts at 30 (no waiting), on time; soft or not changes nothing.
    data = instance(windows=((40, 50), (0, 1000)), late_cost=(3, 0))
    route = plan(data, [1]).routes[0]
    assert route.start_time == 30 and list(route.service_starts) == [40, 55] and route.lateness == 0


@pytest.mark.parametrize("field, kwargs, message", [
    ("late cost", dict(late_cost=-1), "late cost -1 is negative"),
    ("maximum lateness", dict(late_cost=1, max_lateness=-5), "maximum lateness -5 is negative"),
])
def test_bad_soft_window_fields_are_refused(field, kwargs, message):
    with pytest.raises(ValueError, match=message):
        mr.Client("s", 0, 0, 0, [1], **kwargs)


def test_bad_dock_fields_are_refused():
    with pytest.raises(ValueError, match="unload duration -1 is negative"):
        mr.Depot("p", 0, 0, TW(0, 10), 0, 1, -1)
    with pytest.raises(ValueError, match="docks: must not be negative"):
        mr.Depot("p", 0, 0, TW(0, 10), 0, -2, 0)
    with pytest.raises(ValueError, match="docks is too many"):
        mr.Depot("p", 0, 0, TW(0, 10), 0, 1 << 30, 0)


def test_fields_round_trip_through_pickle():
    import pickle

    data = instance(docks=2, unload=7, windows=((0, 5), (0, 1000)), late_cost=(3, 0), max_lateness=(9, MAX_VALUE))
    copy = pickle.loads(pickle.dumps(data))
    assert (copy.depots[0].docks, copy.depots[0].unload_duration) == (2, 7)
    assert (copy.clients[0].late_cost, copy.clients[0].max_lateness) == (3, 9)
