"""Tests of the independent Numba evaluator (milkrun.eval).

Three kinds: tiny instances whose statistics are worked out by hand in the comments, randomised
agreement with the C++ ``milkrun.Solution``, and the known optimal Solomon solutions (DIMACS
convention) when the shared instance files are present.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest

import milkrun as mr
from milkrun.eval import EvalArrays, Evaluation, evaluate
from milkrun.result import Result
from milkrun.solve import solve

MAX = mr._core.MAX_VALUE
TW = mr.TimeWindow


# --------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------


def line_instance(
    positions: list[int],
    clients: list[dict],
    types: list[dict] | None = None,
    depots: list[dict] | None = None,
    periods: list[dict] | None = None,
    dimensions: list[str] | None = None,
) -> mr.ProblemData:
    """An instance on a line: depots and clients at the given positions, |a - b| as distance and time.

    ``positions`` lists depots first, then clients. The dicts hold keyword arguments of the
    Client / VehicleType / Depot / Period constructors (names and coordinates are filled in; clients
    default to no service time and a pickup of 1 per dimension).
    """
    dimensions = dimensions or ["kg"]
    depots = depots or [{}]
    pos = np.array(positions, dtype=np.int64)
    matrix = np.abs(pos[:, None] - pos[None, :])
    client_defaults = {"service_duration": 0, "pickup": [1] * len(dimensions)}
    return mr.ProblemData(
        "line",
        dimensions,
        [mr.Depot(f"d{i}", float(positions[i]), 0.0, **kw) for i, kw in enumerate(depots)],
        [
            mr.Client(f"c{i}", float(positions[len(depots) + i]), 0.0, **{**client_defaults, **kw})
            for i, kw in enumerate(clients)
        ],
        [mr.VehicleType(f"t{i}", **kw) for i, kw in enumerate(types or [{"capacity": [100] * len(dimensions)}])],
        [mr.Period(f"p{i}", **kw) for i, kw in enumerate(periods or [{}])],
        matrix,
        matrix,
    )


def cpp_solution(data: mr.ProblemData, routes) -> mr.Solution:
    return mr.Solution(data, [mr.SolutionRoute(data, visits, vt, p) for visits, vt, p in routes])


# --------------------------------------------------------------------------------------------------
# Hand-checked instances
# --------------------------------------------------------------------------------------------------


def test_distance_and_waiting_is_avoided_by_departing_later():
    """Distance is the sum of the arcs; the route departs late enough not to wait (minimal duration)."""
    # depot at 0, client A at 10 (window [50, 100], service 5), client B at 30 (window [0, 200]).
    data = line_instance([0, 10, 30], [{"service_duration": 5, "time_windows": [TW(50, 100)]}, {}])
    ev = evaluate(data, [([1, 2], 0, 0)])
    # 0 -> 10 -> 30 -> 0: 10 + 20 + 30.
    assert ev.distance == 60
    # Depart at 40, reach A at 50, leave 55, B at 75, depot at 105: duration 65, no waiting.
    assert ev.route_start_time[0] == 40
    assert ev.duration == 65 and ev.time_warp == 0
    assert ev.feasible and ev.complete and ev.problems == []
    assert ev.cost == 60  # default type: unit distance cost 1, no fixed or duration cost


def test_unavoidable_waiting_counts_in_duration():
    """Waiting between two windows that delaying the departure cannot remove is part of the duration."""
    # A at 10 window [0, 20]; B at 20 window [100, 120].
    data = line_instance([0, 10, 20], [{"time_windows": [TW(0, 20)]}, {"time_windows": [TW(100, 120)]}])
    ev = evaluate(data, [([1, 2], 0, 0)])
    # Latest start without lateness at A: 10. Reach A at 20, B at 30, wait 70, depot at 120.
    assert ev.route_start_time[0] == 10
    assert ev.duration == 110 and ev.time_warp == 0
    assert ev.feasible


def test_lateness_is_time_warp():
    """Arriving after a window closes costs the lateness as time warp; service starts at the window end."""
    # A at 50 window [0, 30] (20 late), service 10; B at 60 window [0, 45]: from A's end 30 + 10 + 10 = 50.
    data = line_instance(
        [0, 50, 60],
        [{"service_duration": 10, "time_windows": [TW(0, 30)]}, {"time_windows": [TW(0, 45)]}],
    )
    ev = evaluate(data, [([1, 2], 0, 0)])
    assert ev.time_warp == 20 + 5
    # Travel 120, service 10, no waiting.
    assert ev.duration == 130
    assert not ev.feasible and ev.complete
    assert any("time warp 25" in p for p in ev.problems)
    assert ev.route_time_warp[0] == cpp_solution(data, ev.routes).time_warp


def test_release_time_delays_departure():
    """A route departs no earlier than the latest release time of its clients, which can cause lateness."""
    # A at 10 window [0, 105], release 100: depart 100, arrive 110 -> 5 warp.
    data = line_instance([0, 10, 20], [{"time_windows": [TW(0, 105)], "release_time": 100}, {}])
    ev = evaluate(data, [([1], 0, 0)])
    assert ev.route_start_time[0] == 100
    assert ev.time_warp == 5 and ev.duration == 20
    # Released B alone: no warp, departs at 0.
    ev = evaluate(data, [([2], 0, 0)])
    assert ev.time_warp == 0 and ev.route_start_time[0] == 0
    assert cpp_solution(data, [([1], 0, 0)]).time_warp == 5


def test_release_after_depot_closes_is_warp():
    """A release time after the start depot's (shift-limited) window is time warp at the start."""
    data = line_instance(
        [0, 10], [{"release_time": 60}], types=[{"capacity": [10], "shift": TW(0, 50)}]
    )
    ev = evaluate(data, [([1], 0, 0)])
    # Depart 60 (10 late for the shift end 50), back at 50 + 20 = 70 > 50: another 20.
    assert ev.time_warp == 10 + 20
    assert ev.time_warp == cpp_solution(data, [([1], 0, 0)]).time_warp


def test_max_duration_excess_is_time_warp():
    """Duration beyond the vehicle type's max_duration is added to the time warp."""
    data = line_instance([0, 40], [{"service_duration": 20}], types=[{"capacity": [10], "max_duration": 80}])
    ev = evaluate(data, [([1], 0, 0)])
    assert ev.duration == 100 and ev.time_warp == 20
    assert not ev.feasible


def test_end_depot_window_and_shift():
    """Arrival at the end depot is checked against min(depot late, shift late); early arrival waits
    until max(depot early, shift early)."""
    # Start depot 0 at 0, end depot 1 at 20 (opens at 100), client at 10 with window [0, 10].
    two_depots = [{}, {"window": TW(100, 1000)}]
    data = line_instance(
        [0, 20, 10], [{"time_windows": [TW(0, 10)]}], depots=two_depots,
        types=[{"capacity": [10], "start_depot": 0, "end_depot": 1, "shift": TW(0, 150)}],
    )  # fmt: skip
    ev = evaluate(data, [([2], 0, 0)])
    # Depart 0 (later would be late at the client), arrive at the end depot at 20 and wait until 100.
    assert (ev.time_warp, ev.route_start_time[0], ev.duration) == (0, 0, 100)
    assert ev.duration == cpp_solution(data, [([2], 0, 0)]).duration
    # The shift ends at 50 but the client opens at 60: back at 60 + 10 = 70, 20 late.
    data = line_instance(
        [0, 10], [{"time_windows": [TW(60, 70)]}], types=[{"capacity": [10], "shift": TW(0, 50)}]
    )
    ev = evaluate(data, [([1], 0, 0)])
    assert (ev.time_warp, ev.duration) == (20, 20)
    assert ev.time_warp == cpp_solution(data, [([1], 0, 0)]).time_warp


def test_different_start_and_end_depots():
    """A vehicle type starts at its start depot and ends at its end depot."""
    data = line_instance(
        [0, 100, 30], [{}], depots=[{}, {}], types=[{"capacity": [10], "start_depot": 0, "end_depot": 1}]
    )
    ev = evaluate(data, [([2], 0, 0)])
    assert ev.distance == 30 + 70 and ev.duration == 100
    sol = cpp_solution(data, [([2], 0, 0)])
    assert (ev.distance, ev.duration) == (sol.distance, sol.duration)


def test_delivery_and_pickup_load_profile():
    """The vehicle leaves with all deliveries; each visit unloads its delivery and loads its pickup."""
    # Leave with 5 + 2 = 7; after A: 7 - 5 + 3 = 5; after B: 5 - 2 + 6 = 9. Capacity 8 -> excess 1.
    data = line_instance(
        [0, 1, 2],
        [{"pickup": [3], "delivery": [5]}, {"pickup": [6], "delivery": [2]}],
        types=[{"capacity": [8]}],
    )
    ev = evaluate(data, [([1, 2], 0, 0)])
    assert ev.route_max_load.tolist() == [[9]]
    assert ev.excess_load.tolist() == [1]
    assert not ev.feasible
    # Reversed: leave 7; after B: 7 - 2 + 6 = 11; after A: 11 - 5 + 3 = 9 -> max 11, excess 3.
    ev = evaluate(data, [([2, 1], 0, 0)])
    assert ev.route_max_load.tolist() == [[11]] and ev.excess_load.tolist() == [3]
    # The departure load alone can exceed: deliveries 9 on a capacity-8 truck.
    data = line_instance([0, 1, 2], [{"pickup": [0], "delivery": [5]}, {"pickup": [0], "delivery": [4]}],
                         types=[{"capacity": [8]}])  # fmt: skip
    ev = evaluate(data, [([1, 2], 0, 0)])
    assert ev.route_max_load.tolist() == [[9]] and ev.excess_load.tolist() == [1]


def test_two_dimensions():
    """Load is tracked per dimension; excess load is reported per dimension."""
    data = line_instance(
        [0, 1, 2],
        [{"pickup": [4, 1]}, {"pickup": [4, 3], "delivery": [0, 2]}],
        types=[{"capacity": [10, 3]}],
        dimensions=["kg", "pallets"],
    )
    ev = evaluate(data, [([1, 2], 0, 0)])
    # kg: 0 -> 4 -> 8. pallets: leave with 2 -> 3 -> 3 - 2 + 3 = 4.
    assert ev.route_max_load.tolist() == [[8, 4]]
    assert ev.excess_load.tolist() == [0, 1]
    assert cpp_solution(data, [([1, 2], 0, 0)]).excess_load == [0, 1]


def test_two_vehicle_types_with_costs():
    """Route cost = fixed + unit_distance * distance + unit_duration * duration, per vehicle type."""
    data = line_instance(
        [0, 10, 20, 30],
        [{"service_duration": 3}, {"service_duration": 3}, {"service_duration": 3}],
        types=[
            {"capacity": [100], "fixed_cost": 50, "unit_distance_cost": 2, "unit_duration_cost": 1},
            {"capacity": [100], "fixed_cost": 10, "unit_distance_cost": 1, "unit_duration_cost": 3},
        ],
    )
    ev = evaluate(data, [([1, 2], 0, 0), ([3], 1, 0)])
    # Route 0: distance 40, duration 46 -> 50 + 80 + 46 = 176. Route 1: 60, 63 -> 10 + 60 + 189 = 259.
    assert ev.route_cost.tolist() == [176, 259]
    assert (ev.fixed_cost, ev.distance_cost, ev.duration_cost) == (60, 140, 235)
    assert ev.cost == 435 == cpp_solution(data, ev.routes).cost


def test_several_time_windows_use_first_still_open():
    """With several windows, a visit uses the first window that has not closed when it arrives."""
    # Client at 20 with windows [0, 10] and [50, 60]: arriving at 20 waits for the second window.
    data = line_instance([0, 20], [{"time_windows": [TW(0, 10), TW(50, 60)]}])
    ev = evaluate(data, [([1], 0, 0)])
    assert ev.time_warp == 0
    # Departing at 0 would wait 30 at the client; departing at 30 avoids that.
    assert ev.route_start_time[0] == 30 and ev.duration == 40


# --------------------------------------------------------------------------------------------------
# Structural checks
# --------------------------------------------------------------------------------------------------


@pytest.fixture
def multi_period() -> mr.ProblemData:
    """3 periods, two types (2 small, 1 large per period; period 2 has no large truck); client 3 needs
    two days from the patterns {0, 1} or {1, 2}."""
    return line_instance(
        [0, 1, 2, 3],
        [{}, {}, {"frequency": 2, "patterns": [0b011, 0b110]}],
        types=[{"capacity": [10], "num_available": 2}, {"capacity": [20], "num_available": 1}],
        periods=[{}, {}, {"num_available": [2, 0]}],
    )


def test_valid_multi_period_plan(multi_period):
    """A plan visiting each client on allowed days within the fleet limits is feasible and complete."""
    routes = [([1, 3], 0, 0), ([2], 1, 0), ([3], 0, 1)]
    ev = evaluate(multi_period, routes)
    assert ev.feasible and ev.complete and ev.unassigned == []
    assert cpp_solution(multi_period, routes).is_feasible()


def test_missing_client(multi_period):
    """A client not visited is unassigned and reported; the plan is incomplete and infeasible."""
    ev = evaluate(multi_period, [([1, 3], 0, 0), ([3], 0, 1)])
    assert ev.unassigned == [2] and not ev.complete and not ev.feasible
    assert any("'c1'" in p and "frequency is 1" in p for p in ev.problems)
    assert cpp_solution(multi_period, [([1, 3], 0, 0), ([3], 0, 1)]).unassigned == [2]


def test_duplicate_visit_in_a_period(multi_period):
    """A client visited twice in one period is reported (the C++ Solution refuses such a plan)."""
    ev = evaluate(multi_period, [([1, 2, 3], 0, 0), ([2], 0, 0), ([3], 0, 1)])
    assert not ev.feasible
    assert any("'c1'" in p and "visited 2 times in period 0" in p for p in ev.problems)
    # Twice within one route.
    ev = evaluate(multi_period, [([1, 2, 1, 3], 0, 0), ([3], 0, 1)])
    assert not ev.feasible and any("'c0'" in p and "2 times" in p for p in ev.problems)


def test_too_many_routes_of_a_type(multi_period):
    """More routes of a type in a period than available is reported, also with per-period availability."""
    ev = evaluate(multi_period, [([1], 1, 0), ([2], 1, 0), ([3], 0, 0), ([3], 0, 1)])
    assert not ev.feasible and any("2 routes of vehicle type 1 't1', but only 1" in p for p in ev.problems)
    ev = evaluate(multi_period, [([1, 2, 3], 0, 0), ([3], 1, 2)])  # no large truck in period 2
    assert not ev.feasible and any("period 2" in p and "only 0 available" in p for p in ev.problems)
    with pytest.raises(ValueError):
        cpp_solution(multi_period, [([1], 1, 0), ([2], 1, 0), ([3], 0, 0), ([3], 0, 1)])


def test_wrong_pattern(multi_period):
    """Visits on a day set that is not one of the client's patterns leave it unassigned and are reported."""
    routes = [([1, 2, 3], 0, 0), ([3], 0, 2)]  # days {0, 2}: not {0, 1} nor {1, 2}
    ev = evaluate(multi_period, routes)
    assert ev.unassigned == [3] and not ev.feasible
    assert any("days [0, 2], which is not an allowed pattern" in p for p in ev.problems)
    assert cpp_solution(multi_period, routes).unassigned == [3]


def test_too_many_visit_days(multi_period):
    """A client visited on more days than its frequency is unassigned, as in the C++ Solution."""
    routes = [([1, 2, 3], 0, 0), ([1, 3], 0, 1)]
    ev = evaluate(multi_period, routes)
    assert ev.unassigned == [1] and not ev.feasible
    assert any("'c0'" in p and "on 2 days" in p for p in ev.problems)
    assert cpp_solution(multi_period, routes).unassigned == [1]


def test_invalid_indices(multi_period):
    """Depot or out-of-range visits, vehicle types and periods are reported, not evaluated."""
    ev = evaluate(multi_period, [([0, 1], 0, 0), ([2, 99], 0, 0), ([3], 5, 0), ([3], 0, 7)])
    assert not ev.feasible
    text = "\n".join(ev.problems)
    for expected in ("visit 0 is not a client", "visit 99 is not a client", "vehicle type 5 does not exist",
                     "period 7 does not exist"):  # fmt: skip
        assert expected in text
    assert ev.route_distance.tolist() == [0, 0, 0, 0]  # invalid routes are not evaluated


def test_empty_routes_are_dropped(multi_period):
    """Empty routes are ignored (as by milkrun.Solution): they cost nothing and use no vehicle."""
    ev = evaluate(multi_period, [([], 1, 0), ([], 1, 0), ([1, 2, 3], 0, 0), ([3], 0, 1)])
    assert ev.feasible and len(ev.routes) == 2


# --------------------------------------------------------------------------------------------------
# Input forms
# --------------------------------------------------------------------------------------------------


def test_accepts_solution_result_and_arrays(multi_period):
    """evaluate takes tuples, a Solution, a Result, or precomputed EvalArrays, with the same outcome."""
    routes = [([1, 3], 0, 0), ([2], 1, 0), ([3], 0, 1)]
    sol = cpp_solution(multi_period, routes)
    result = Result("line", multi_period, sol, 0, 0, 0.0, [], [])
    arrays = EvalArrays.from_data(multi_period)
    outcomes = [
        evaluate(multi_period, routes),
        evaluate(multi_period, sol),
        evaluate(multi_period, result),
        evaluate(result),
        evaluate(arrays, routes),
    ]
    for ev in outcomes:
        assert isinstance(ev, Evaluation)
        assert (ev.cost, ev.feasible, ev.routes) == (outcomes[0].cost, True, routes)


# --------------------------------------------------------------------------------------------------
# Randomised agreement with the C++ Solution
# --------------------------------------------------------------------------------------------------


def random_instance(rng: np.random.Generator) -> mr.ProblemData:
    """A small random instance exercising every feature the C++ search supports (single windows)."""
    num_depots = int(rng.integers(1, 3))
    num_clients = int(rng.integers(1, 11))
    dims = int(rng.integers(1, 4))
    num_types = int(rng.integers(1, 4))
    num_periods = int(rng.integers(1, 4))
    n = num_depots + num_clients

    xy = rng.integers(0, 100, size=(n, 2)).astype(float)
    euclid = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(axis=2))
    distance = np.floor(10 * euclid).astype(np.int64)
    # Travel times need not be symmetric or proportional to distance.
    duration = (distance * rng.integers(1, 3) // 2 + rng.integers(0, 20, size=(n, n))).astype(np.int64)
    np.fill_diagonal(duration, 0)

    def maybe(p: float) -> bool:
        return bool(rng.random() < p)

    depots = [
        mr.Depot(f"d{i}", *xy[i], TW(int(rng.integers(0, 100)), MAX if maybe(0.3) else int(rng.integers(2000, 4000))))
        for i in range(num_depots)
    ]
    clients = []
    for i in range(num_clients):
        if maybe(0.4):
            window = TW(0, MAX)
        else:
            early = int(rng.integers(0, 2000))
            window = TW(early, early + int(rng.integers(0, 1500)))
        frequency = int(rng.integers(1, num_periods + 1)) if maybe(0.3) else 1
        patterns = []
        if maybe(0.4):
            for _ in range(int(rng.integers(1, 4))):
                days = rng.choice(num_periods, size=frequency, replace=False)
                patterns.append(int(sum(1 << int(d) for d in days)))
        clients.append(
            mr.Client(
                f"c{i}", *xy[num_depots + i],
                service_duration=int(rng.integers(0, 60)),
                pickup=[int(v) for v in rng.integers(0, 30, size=dims)],
                delivery=[] if maybe(0.5) else [int(v) for v in rng.integers(0, 30, size=dims)],
                time_windows=[window],
                release_time=0 if maybe(0.7) else int(rng.integers(0, 1500)),
                frequency=frequency,
                patterns=sorted(set(patterns)),
            )
        )  # fmt: skip
    types = [
        mr.VehicleType(
            f"t{i}",
            capacity=[int(v) for v in rng.integers(30, 120, size=dims)],
            num_available=int(rng.integers(1, 4)),
            fixed_cost=int(rng.integers(0, 200)),
            unit_distance_cost=int(rng.integers(0, 4)),
            unit_duration_cost=int(rng.integers(0, 3)),
            start_depot=int(rng.integers(0, num_depots)),
            end_depot=int(rng.integers(0, num_depots)),
            shift=TW(0, MAX) if maybe(0.5) else TW(int(rng.integers(0, 300)), int(rng.integers(1500, 5000))),
            max_duration=MAX if maybe(0.6) else int(rng.integers(500, 3000)),
        )
        for i in range(num_types)
    ]
    periods = [
        mr.Period(f"p{p}", [] if maybe(0.5) else [int(v) for v in rng.integers(0, 4, size=num_types)])
        for p in range(num_periods)
    ]
    return mr.ProblemData(
        "random", [f"dim{d}" for d in range(dims)], depots, clients, types, periods, distance, duration
    )


def random_plan(rng: np.random.Generator, data: mr.ProblemData) -> list[tuple[list[int], int, int]]:
    """Random routes within the fleet limits, each client at most once a period (C++ accepts them).

    Clients are mostly given valid visit days (a pattern, or any ``frequency`` days), sometimes random
    days; a period without vehicles leaves its visits out.
    """
    num_periods, num_types = data.num_periods, data.num_vehicle_types
    days_of: dict[int, list[int]] = {}
    for idx, client in enumerate(data.clients):
        loc = data.num_depots + idx
        if rng.random() < 0.85:
            if client.patterns:
                mask = int(rng.choice(client.patterns))
                days_of[loc] = [p for p in range(num_periods) if mask >> p & 1]
            else:
                days_of[loc] = sorted(rng.choice(num_periods, size=client.frequency, replace=False).tolist())
        else:
            count = int(rng.integers(0, num_periods + 1))
            days_of[loc] = sorted(rng.choice(num_periods, size=count, replace=False).tolist())

    plan = []
    for p in range(num_periods):
        slots = [t for t in range(num_types) for _ in range(data.num_available(p, t))]
        if not slots:
            continue
        used = rng.choice(len(slots), size=int(rng.integers(1, len(slots) + 1)), replace=False)
        routes: list[list[int]] = [[] for _ in used]
        for loc, days in days_of.items():
            if p in days:
                routes[int(rng.integers(len(routes)))].append(loc)
        for visits, slot in zip(routes, used):
            rng.shuffle(visits)
            plan.append(([int(v) for v in visits], slots[slot], p))  # empty routes kept on purpose
    return plan


def assert_agrees(data: mr.ProblemData, plan) -> Evaluation:
    """Evaluate ``plan`` both ways and require exact agreement on every comparable statistic."""
    sol = cpp_solution(data, plan)
    ev = evaluate(data, plan)
    assert len(ev.routes) == len(sol.routes)
    types = data.vehicle_types
    for r, route in enumerate(sol.routes):
        assert ev.routes[r] == (list(route.visits), route.vehicle_type, route.period)
        assert ev.route_distance[r] == route.distance
        assert ev.route_time_warp[r] == route.time_warp
        assert ev.route_max_load[r].tolist() == list(route.max_load)
        assert ev.route_excess_load[r].tolist() == list(route.excess_load)
        # Durations agree where there is no warp (both are then the true minimal duration).
        if route.time_warp == 0:
            assert ev.route_duration[r] == route.duration
            assert ev.route_start_time[r] == route.start_time
        if route.time_warp == 0 or types[route.vehicle_type].unit_duration_cost == 0:
            assert ev.route_cost[r] == route.cost
    assert ev.distance == sol.distance
    assert ev.time_warp == sol.time_warp
    assert ev.excess_load.tolist() == list(sol.excess_load)
    assert (ev.fixed_cost, ev.distance_cost) == (sol.fixed_cost, sol.distance_cost)
    if all(route.time_warp == 0 for route in sol.routes):
        assert (ev.duration, ev.duration_cost, ev.cost) == (sol.duration, sol.duration_cost, sol.cost)
    assert ev.unassigned == list(sol.unassigned)
    assert ev.complete == sol.is_complete()
    assert ev.feasible == sol.is_feasible()
    return ev


def test_random_agreement_with_cpp():
    """On 400 random instances and plans, evaluator and C++ Solution agree exactly (distance, time
    warp, loads, cost where defined, unassigned clients, feasibility)."""
    rng = np.random.default_rng(20240611)
    feasible = warped = overloaded = 0
    for _ in range(400):
        data = random_instance(rng)
        for _ in range(3):
            ev = assert_agrees(data, random_plan(rng, data))
            feasible += ev.feasible
            warped += ev.time_warp > 0
            overloaded += bool(ev.excess_load.any())
    # The generator must exercise both outcomes, or the agreement says little.
    assert feasible > 50 and warped > 200 and overloaded > 100


def test_random_feasible_single_client_routes_agree():
    """Single-client routes with wide windows (mostly feasible) agree with C++, durations included."""
    rng = np.random.default_rng(7)
    for _ in range(100):
        data = random_instance(rng)
        plan = [([loc], 0, 0) for loc in range(data.num_depots, data.num_locations)][: data.num_available(0, 0)]
        assert_agrees(data, plan)


# --------------------------------------------------------------------------------------------------
# Solomon instances and their optimal solutions (DIMACS convention)
# --------------------------------------------------------------------------------------------------

SOLOMON = Path(__file__).resolve().parents[2] / ".." / "shared" / "instances" / "solomon"


def read_solomon_dimacs(path: Path) -> mr.ProblemData:
    """Minimal Solomon reader, independent of milkrun.io: distances floor(10 * euclid), times x 10."""
    lines = path.read_text().splitlines()
    vehicle_line = next(i for i, line in enumerate(lines) if line.strip().startswith("NUMBER"))
    num_vehicles, capacity = (int(v) for v in lines[vehicle_line + 1].split())
    rows = [
        [float(v) for v in line.split()]
        for line in lines[vehicle_line + 2 :]
        if line.split() and re.fullmatch(r"[\d.\s]+", line.strip())
    ]
    xy = [(r[1], r[2]) for r in rows]
    n = len(rows)
    distance = np.zeros((n, n), dtype=np.int64)
    for i in range(n):
        for j in range(n):
            dx, dy = xy[i][0] - xy[j][0], xy[i][1] - xy[j][1]
            distance[i, j] = math.floor(10 * math.sqrt(dx * dx + dy * dy))
    depot = mr.Depot("0", *xy[0], TW(int(rows[0][4] * 10), int(rows[0][5] * 10)))
    clients = [
        mr.Client(
            str(int(r[0])), r[1], r[2], int(r[6] * 10), [int(r[3])], time_windows=[TW(int(r[4] * 10), int(r[5] * 10))]
        )
        for r in rows[1:]
    ]
    vehicle = mr.VehicleType("truck", [capacity], num_available=num_vehicles)
    return mr.ProblemData(path.stem, ["demand"], [depot], clients, [vehicle], [mr.Period("day")], distance, distance)


def read_solution(path: Path) -> tuple[list[list[int]], float]:
    """Routes (client numbers = location indices, the depot being 0) and the listed cost."""
    routes, cost = [], None
    for line in path.read_text().splitlines():
        if line.startswith("Route"):
            routes.append([int(v) for v in line.split(":", 1)[1].split()])
        elif line.startswith("Cost"):
            cost = float(line.split()[1])
    return routes, cost


@pytest.mark.shared
@pytest.mark.skipif(not (SOLOMON / "solutions_dimacs").is_dir(), reason="needs ../shared/instances/solomon")
def test_solomon_optimal_solutions_are_feasible():
    """The known optimal DIMACS solutions are feasible, with distance / 10 equal to the listed cost,
    and the C++ Solution agrees."""
    solutions = sorted((SOLOMON / "solutions_dimacs").glob("*.sol"))
    assert solutions
    for sol_path in solutions:
        data = read_solomon_dimacs(SOLOMON / f"{sol_path.stem}.txt")
        routes, cost = read_solution(sol_path)
        plan = [(visits, 0, 0) for visits in routes]
        ev = assert_agrees(data, plan)
        assert ev.feasible, (sol_path.stem, ev.problems)
        assert ev.distance == round(cost * 10), sol_path.stem


# --------------------------------------------------------------------------------------------------
# Solver output
# --------------------------------------------------------------------------------------------------


def test_solver_result_agrees():
    """A plan returned by the solver is evaluated to the same statistics as the C++ reports."""
    data = random_instance(np.random.default_rng(3))
    result = solve(data, max_iterations=200, seed=1)
    ev = assert_agrees(data, [(list(r.visits), r.vehicle_type, r.period) for r in result.solution.routes])
    assert evaluate(result).cost == ev.cost
