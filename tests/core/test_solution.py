"""Tests of the C++ Solution and SolutionRoute: statistics on instances small enough to check by hand
(worked out in the comments), dropping of empty routes, reporting of unassigned clients, and the
errors for invalid plans.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import numpy as np
import pytest

import milkrun as mr

TW = mr.TimeWindow


def line_data(positions, clients, types, periods=None, dimensions=None, depots=None) -> mr.ProblemData:
    """Locations on a line (depots first, then clients); distance and travel time are |a - b|."""
    depots = depots or [mr.Depot("plant", float(positions[0]), 0.0, TW(0, 1000))]
    pos = np.array(positions, dtype=np.int64)
    matrix = np.abs(pos[:, None] - pos[None, :])
    return mr.ProblemData(
        "line", dimensions or ["kg"], depots, clients, types, periods or [mr.Period("p0")], matrix, matrix
    )


@pytest.fixture
def data() -> mr.ProblemData:
    """Depot at 0 (location 0); c0 at 10 (loc 1), c1 at 30 (loc 2), c2 at -20 (loc 3).

    c0: service 5, pickup 3, window [0, 20]. c1: service 5, pickup 4, window [50, 60].
    c2: no service, pickup 6 and delivery 2 (empties from the plant).
    small: capacity 8, 1 available, fixed 100, 2 per distance unit.
    big: capacity 20, 2 available, fixed 300, 1 per distance unit, 1 per duration unit.
    """
    return line_data(
        [0, 10, 30, -20],
        [
            mr.Client("c0", 10, 0, 5, [3], time_windows=[TW(0, 20)]),
            mr.Client("c1", 30, 0, 5, [4], time_windows=[TW(50, 60)]),
            mr.Client("c2", -20, 0, 0, [6], [2]),
        ],
        [
            mr.VehicleType("small", [8], num_available=1, fixed_cost=100, unit_distance_cost=2),
            mr.VehicleType("big", [20], num_available=2, fixed_cost=300, unit_distance_cost=1, unit_duration_cost=1),
        ],
    )


def route_stats(route: mr.SolutionRoute) -> dict:
    return {
        "distance": route.distance, "duration": route.duration, "time_warp": route.time_warp,
        "start_time": route.start_time, "service": route.service_duration, "travel": route.travel_duration,
        "max_load": route.max_load, "excess_load": route.excess_load, "cost": route.cost,
    }  # fmt: skip


# --------------------------------------------------------------------------------------------------
# Route statistics
# --------------------------------------------------------------------------------------------------


def test_route_with_unavoidable_waiting(data):
    """Distance and travel are the arc sums; the start is as late as c0's window allows, and the
    remaining wait at c1 counts in the duration; cost is fixed + unit distance cost * distance."""
    route = mr.SolutionRoute(data, [1, 2], 0, 0)
    # 0 -> 10 -> 30 -> 0: 10 + 20 + 30 = 60. Latest start on time at c0 (late 20): 10. At c0 20-25,
    # at c1 45, wait until 50, leave 55, back at 85: duration 75 = travel 60 + service 10 + wait 5.
    assert route_stats(route) == {
        "distance": 60, "duration": 75, "time_warp": 0, "start_time": 10, "service": 10, "travel": 60,
        "max_load": [7], "excess_load": [0], "cost": 100 + 2 * 60,
    }  # fmt: skip
    assert route.is_feasible()
    assert (route.visits, route.vehicle_type, route.period) == ([1, 2], 0, 0)


def test_route_with_time_warp(data):
    """Visiting c1 before c0 makes c0 late; the lateness is time warp and not part of the duration."""
    route = mr.SolutionRoute(data, [2, 1], 0, 0)
    # Start 20: c1 at 50-55, c0 at 75 but closes at 20 -> 55 warp. Duration: travel 60 + service 10.
    assert (route.time_warp, route.duration, route.start_time, route.distance) == (55, 70, 20, 60)
    assert not route.is_feasible()


def test_route_with_delivery_and_excess_load(data):
    """The vehicle leaves with the deliveries; the largest load above capacity is excess load."""
    route = mr.SolutionRoute(data, [1, 2, 3], 0, 0)
    # Leaves with 2 (c2's delivery); after c0 5, after c1 9, after c2 9 - 2 + 6 = 13 > 8: excess 5.
    assert (route.max_load, route.excess_load) == ([13], [5])
    # 10 + 20 + 50 + 20 = 100; start 10, at c1 50-55, c2 at 105, back 125: duration 115.
    assert (route.distance, route.duration, route.time_warp) == (100, 115, 0)
    assert route.cost == 100 + 2 * 100
    assert not route.is_feasible()


def test_duration_cost_of_a_route(data):
    """A type with a unit duration cost pays for the duration as well as the distance."""
    route = mr.SolutionRoute(data, [3], 1, 0)
    # 0 -> -20 -> 0: distance 40, duration 40; load max(2, 6) = 6.
    assert (route.distance, route.duration, route.max_load) == (40, 40, [6])
    assert route.cost == 300 + 1 * 40 + 1 * 40


def test_max_duration_and_release_time():
    """Duration beyond max_duration is time warp, and the start waits for the latest release time."""
    data = line_data(
        [0, 40],
        [mr.Client("c", 40, 0, 20, [1], release_time=30)],
        [mr.VehicleType("t", [5], max_duration=80)],
    )
    route = mr.SolutionRoute(data, [1], 0, 0)
    # Travel 80 + service 20 = 100 > 80: 20 warp. Departure at the release time 30.
    assert (route.duration, route.time_warp, route.start_time) == (100, 20, 30)


def test_different_start_and_end_depots_and_two_dimensions():
    """A route runs from its type's start depot to its end depot; loads are tracked per dimension."""
    depots = [mr.Depot("plant", 0, 0), mr.Depot("dock", 100, 0)]
    data = line_data(
        [0, 100, 30, 60],
        [mr.Client("a", 30, 0, 0, [4, 1], [0, 3]), mr.Client("b", 60, 0, 0, [2, 5])],
        [mr.VehicleType("t", [10, 6], start_depot=0, end_depot=1)],
        dimensions=["kg", "m3"],
        depots=depots,
    )
    route = mr.SolutionRoute(data, [2, 3], 0, 0)
    # 0 -> 30 -> 60 -> 100. kg: 0, 4, 6. m3: leaves with 3, then 3 - 3 + 1 = 1, then 6: max 6.
    assert (route.distance, route.duration) == (100, 100)
    assert (route.max_load, route.excess_load) == ([6, 6], [0, 0])
    route = mr.SolutionRoute(data, [3, 2], 0, 0)
    # 0 -> 60 -> 30 -> 100: 60 + 30 + 70. m3: leaves with 3, after b 8 (excess 2), after a 6.
    assert route.distance == 160
    assert (route.max_load, route.excess_load) == ([6, 8], [0, 2])


# --------------------------------------------------------------------------------------------------
# Solution statistics
# --------------------------------------------------------------------------------------------------


def test_solution_totals_with_two_vehicle_types(data):
    """Totals are sums over routes; the cost splits into fixed, distance and duration cost by type."""
    sol = mr.Solution(data, [mr.SolutionRoute(data, [1, 2], 0, 0), mr.SolutionRoute(data, [3], 1, 0)])
    assert (sol.num_routes, sol.distance, sol.duration, sol.time_warp, sol.excess_load) == (2, 100, 115, 0, [0])
    # small: 100 + 2 * 60; big: 300 + 40 + 40.
    assert (sol.fixed_cost, sol.distance_cost, sol.duration_cost) == (400, 160, 40)
    assert sol.cost == 600 == sum(r.cost for r in sol.routes)
    assert sol.is_complete() and sol.is_feasible() and sol.unassigned == []


def test_infeasible_solution_and_penalised_cost(data):
    """Time warp and excess load make a complete plan infeasible; the penalised cost adds the
    penalties per unit to the true cost."""
    sol = mr.Solution(data, [mr.SolutionRoute(data, [2, 1, 3], 0, 0)])
    # As test_route_with_time_warp plus c2: warp 55; load 2, 6, 9, 13 -> excess 5. Distance 100.
    assert (sol.time_warp, sol.excess_load, sol.distance, sol.cost) == (55, [5], 100, 300)
    assert sol.is_complete() and not sol.is_feasible()
    assert sol.penalised_cost(data, mr.CostEvaluator([7], 3)) == 300 + 3 * 55 + 7 * 5
    assert sol.penalised_cost(data, mr.CostEvaluator([0], 0)) == sol.cost


def test_empty_routes_are_dropped(data):
    """Routes without visits are dropped and do not count against the available vehicles."""
    sol = mr.Solution(
        data,
        [
            mr.SolutionRoute(data, [], 0, 0),
            mr.SolutionRoute(data, [1, 2, 3], 0, 0),
            mr.SolutionRoute(data, [], 1, 0),
            mr.SolutionRoute(data, [], 1, 0),
            mr.SolutionRoute(data, [], 1, 0),
        ],
    )
    assert sol.num_routes == 1 and [r.visits for r in sol.routes] == [[1, 2, 3]]
    assert (sol.fixed_cost, sol.cost) == (100, 300)
    assert mr.Solution(data, []).num_routes == 0


def test_unassigned_clients_are_reported(data):
    """Clients not visited are listed by location index; such a plan is neither complete nor feasible."""
    sol = mr.Solution(data, [mr.SolutionRoute(data, [2], 1, 0)])
    assert sol.unassigned == [1, 3]
    assert not sol.is_complete() and not sol.is_feasible()
    assert mr.Solution(data, []).unassigned == [1, 2, 3]


def test_multi_period_visit_days_and_patterns():
    """A client is assigned only when visited on exactly `frequency` days forming an allowed pattern."""
    data = line_data(
        [0, 1, 2, 3],
        [
            mr.Client("twice", 1, 0, 0, [1], frequency=2),
            mr.Client("tuesday", 2, 0, 0, [1], patterns=[0b010]),
            mr.Client("any", 3, 0, 0, [1]),
        ],
        [mr.VehicleType("t", [10], num_available=1)],
        periods=[mr.Period("mon"), mr.Period("tue"), mr.Period("wed")],
    )

    def plan(*routes):
        return mr.Solution(data, [mr.SolutionRoute(data, visits, 0, p) for visits, p in routes])

    assert plan(([1, 3], 0), ([1, 2], 1)).unassigned == []
    assert plan(([1, 2, 3], 1)).unassigned == [1]  # "twice" visited once
    assert plan(([1, 3], 0), ([1], 1), ([1, 2], 2)).unassigned == [1, 2]  # 3 days; tuesday on wed
    assert plan(([1, 2, 3], 1), ([1, 3], 2)).unassigned == [3]  # "any" visited twice, frequency 1


# --------------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------------


def test_client_visited_twice_in_a_period(data):
    """A client in two routes of the same period, or twice in one route, is rejected by name."""
    with pytest.raises(ValueError, match="client 'c1' is visited twice in period 'p0'"):
        mr.Solution(data, [mr.SolutionRoute(data, [1, 2], 0, 0), mr.SolutionRoute(data, [2, 3], 1, 0)])
    with pytest.raises(ValueError, match="client 'c0' is visited twice in period 'p0'"):
        mr.Solution(data, [mr.SolutionRoute(data, [1, 2, 1], 1, 0)])


@pytest.mark.parametrize(
    ("visits", "vehicle_type", "period", "message"),
    [
        ([0], 0, 0, "route: visit 0 is not a client location"),
        ([1, 4], 0, 0, "route: visit 4 is not a client location"),
        ([1], 2, 0, "route: vehicle type 2 does not exist"),
        ([1], 0, 1, "route: period 1 does not exist"),
    ],
    ids=["depot", "beyond locations", "vehicle type", "period"],
)
def test_bad_indices(data, visits, vehicle_type, period, message):
    """A route with a depot or unknown location, vehicle type or period is rejected, naming the index."""
    with pytest.raises(ValueError, match=message):
        mr.SolutionRoute(data, visits, vehicle_type, period)


def test_too_many_routes_of_a_type(data):
    """More routes of a type in a period than it has vehicles there are rejected, naming type and
    period; a period's own availability overrides the type's."""
    with pytest.raises(ValueError, match="more routes of vehicle type 'small' in period 'p0' than are available"):
        mr.Solution(data, [mr.SolutionRoute(data, [1], 0, 0), mr.SolutionRoute(data, [2], 0, 0)])
    # Two 'big' routes are fine (2 available).
    assert mr.Solution(data, [mr.SolutionRoute(data, [1], 1, 0), mr.SolutionRoute(data, [2], 1, 0)]).num_routes == 2

    two_days = line_data(
        [0, 1], [mr.Client("a", 1, 0, 0, [1])], [mr.VehicleType("t", [5], num_available=1)],
        periods=[mr.Period("mon"), mr.Period("tue", [0])],
    )  # fmt: skip
    assert mr.Solution(two_days, [mr.SolutionRoute(two_days, [1], 0, 0)]).num_routes == 1
    with pytest.raises(ValueError, match="more routes of vehicle type 't' in period 'tue'"):
        mr.Solution(two_days, [mr.SolutionRoute(two_days, [1], 0, 1)])


def test_negative_cost_evaluator_penalty_is_rejected():
    """A CostEvaluator with a negative penalty raises ValueError naming the value."""
    with pytest.raises(ValueError, match="load penalty -1 is negative"):
        mr.CostEvaluator([-1], 0)
    with pytest.raises(ValueError, match="time warp penalty -2 is negative"):
        mr.CostEvaluator([1], -2)


def test_route_of_another_instance_is_rejected():
    """A route built for another ProblemData (indices beyond this one's) is rejected with ValueError
    instead of reading and writing out of bounds. Runs in a subprocess: the bug can crash Python."""
    script = textwrap.dedent(
        """
        import numpy as np, milkrun as mr

        def line(n, types, periods):
            m = np.abs(np.arange(n + 1)[:, None] - np.arange(n + 1)[None, :])
            return mr.ProblemData(
                "l", ["kg"], [mr.Depot("d", 0, 0)], [mr.Client(f"c{i}", i + 1, 0, 0, [1]) for i in range(n)],
                [mr.VehicleType(f"t{i}", [100], num_available=5) for i in range(types)],
                [mr.Period(f"p{i}") for i in range(periods)], m, m,
            )

        big, small = line(50, 3, 3), line(2, 1, 1)
        route = mr.SolutionRoute(big, [40, 45, 50], 2, 2)
        try:
            mr.Solution(small, [route])
        except ValueError:
            raise SystemExit(0)
        raise SystemExit("no ValueError")
        """
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, (run.returncode, run.stderr[-500:])


def test_route_rebuilt_for_the_solution_data():
    """A route built for other data with the same locations is re-evaluated on the solution's data: its
    statistics follow the solution's matrix, and data with other dimensions is handled without reading
    out of range."""
    clients = [mr.Client("a", 1.0, 0.0, 0, [1]), mr.Client("b", 2.0, 0.0, 0, [1])]
    short = line_data([0, 1, 2], clients, [mr.VehicleType("t", [5], 2)])
    long = line_data([0, 10, 20], clients, [mr.VehicleType("t", [5], 2)])
    solution = mr.Solution(long, [mr.SolutionRoute(short, [1, 2])])
    assert solution.distance == 40

    two_dims = line_data(
        [0, 1, 2],
        [mr.Client("a", 1.0, 0.0, 0, [1, 1]), mr.Client("b", 2.0, 0.0, 0, [1, 1])],
        [mr.VehicleType("t", [5, 5], 2)],
        dimensions=["kg", "m3"],
    )
    assert mr.Solution(two_dims, [mr.SolutionRoute(short, [1, 2])]).excess_load == [0, 0]


def test_several_time_windows_are_rejected_by_routes():
    """Routes do not support clients with several time windows yet: a clear ValueError, not a silent
    evaluation against the first window only."""
    clients = [mr.Client("a", 1.0, 0.0, 0, [1], time_windows=[TW(0, 10), TW(100, 200)])]
    data = line_data([0, 1], clients, [mr.VehicleType("t", [5])])
    with pytest.raises(ValueError, match="client 'a' has several time windows"):
        mr.SolutionRoute(data, [1])
