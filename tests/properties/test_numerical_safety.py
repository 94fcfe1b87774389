"""Numerical safety (issue 9, part B): extreme but accepted input gives a correct result, anything beyond
the limits a clear ValueError naming the field and value -- never a wrap-around, a negative cost or a NaN.

The limits, from the core (cpp/core/Measure.h and the constructors' validation): every time, duration,
distance, amount, capacity and fixed cost lies in [0, MAX_VALUE = 2**48]; unit distance and duration costs
in [0, 2**20]; 1 to 8 capacity dimensions; 1 to 64 periods. Coordinates only need to be finite (the core
never reads them; the milk-run JSON reader turns them into matrices and checks those). The milk-run JSON
reader keeps its values a further factor 1000 below MAX_VALUE.

Covered: large coordinates, matrices at the limit, huge time windows, huge costs, zero-demand and
co-located suppliers, duplicate ids, horizons of 1, 28 and 64 days, empty horizons, days without vehicles,
zero-length windows and instances without clients. Plans are checked with the independent evaluator
(``check_plan`` of test_plan_properties) and, where the optimum is known by hand, against it.
"""

from __future__ import annotations

import copy
import itertools
import json
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_plan_properties import Parts, bounded, check_plan, check_plan_document, solve

import milkrun as mr
from milkrun.generate import generate_network
from milkrun.io import InstanceError, parse_milkrun

TW = mr.TimeWindow
MAX = mr._core.MAX_VALUE
MAX_UNIT_COST = 2**20
INT64_MAX = 2**63 - 1


def instance(matrix, clients, types=None, periods=None, duration=None, depot_window=TW()) -> mr.ProblemData:
    """One plant (location 0) and ``clients`` (Client objects) on the given matrices."""
    matrix = np.asarray(matrix, dtype=np.int64)
    return mr.ProblemData("numerics", ["kg"], [mr.Depot("plant", 0, 0, depot_window)], clients,
                          types or [mr.VehicleType("truck", [10], num_available=len(clients) or 1)],
                          periods or [mr.Period("day")], matrix, matrix if duration is None else duration)  # fmt: skip


def line(positions) -> np.ndarray:
    """|a - b| between positions (plant first)."""
    xs = np.asarray(positions, dtype=np.int64)
    return np.abs(xs[:, None] - xs[None, :])


def exact_route_cost(data: mr.ProblemData, route) -> int:
    """A route's cost in Python integers (no overflow possible): fixed + per-distance + per-duration cost,
    the distance summed here from the type's matrix, the duration the route's own."""
    vt = data.vehicle_types[route.vehicle_type]
    dist = data.distance_matrix(vt.profile)
    path = [vt.start_depot, *route.visits, vt.end_depot]
    distance = sum(int(dist[a, b]) for a, b in zip(path, path[1:]))
    assert route.distance == distance
    return vt.fixed_cost + vt.unit_distance_cost * distance + vt.unit_duration_cost * int(route.duration)


def check_exact(data: mr.ProblemData, result: mr.Result) -> None:
    """Every route's and the plan's cost equal their exact values (so nothing wrapped around), and all
    reported measures are non-negative."""
    total = 0
    for route in result.solution.routes:
        exact = exact_route_cost(data, route)
        assert route.cost == exact, f"route cost {route.cost}, exactly {exact} (int64 wrap-around?)"
        assert route.duration >= 0 and route.time_warp >= 0 and route.distance >= 0
        total += exact
    assert result.solution.cost == total, f"plan cost {result.solution.cost}, exactly {total}"
    assert result.cost >= 0 and math.isfinite(result.cost)


# --------------------------------------------------------------------------------------------------
# The limits: values just inside are accepted, values just outside are a ValueError naming them
# --------------------------------------------------------------------------------------------------


def one_client_data(matrix) -> mr.ProblemData:
    return mr.ProblemData("limits", ["kg"], [mr.Depot("plant", 0, 0)], [mr.Client("c", 1, 0, 0, [1])],
                          [mr.VehicleType("truck", [1])], [mr.Period("day")], matrix, np.zeros((2, 2), dtype=np.int64))


@pytest.mark.parametrize(("entry", "message"), [
    (MAX + 1, r"distance matrix: entry \(0, 1\) = 281474976710657 is negative or too large"),
    (-1, r"distance matrix: entry \(0, 1\) = -1 is negative or too large"),
    (INT64_MAX, r"distance matrix: entry \(0, 1\) = 9223372036854775807 is negative or too large"),
    (float(MAX + 1), r"distance matrix: entry \(0, 1\) = 281474976710657\.0+ is not a whole number within range"),
    (1.5, r"distance matrix: entry \(0, 1\) = 1\.50* is not a whole number within range"),
    (float("nan"), r"distance matrix: entry \(0, 1\) = nan is not a whole number within range"),
    (float("inf"), r"distance matrix: entry \(0, 1\) = inf is not a whole number within range"),
    (2**70, r"distance matrix: must hold integers"),  # beyond int64: numpy keeps Python objects
])  # fmt: skip
def test_matrix_entries_beyond_the_limit_are_named(entry, message, property_instances):
    property_instances.add()
    with pytest.raises(ValueError, match=message):
        one_client_data([[0, entry], [0, 0]])


def test_unsigned_matrix_beyond_int64_is_refused(property_instances):
    """2**63 as uint64 is refused, naming the entry (the message shows the value after conversion to
    int64, -2**63, not the value given)."""
    property_instances.add()
    with pytest.raises(ValueError, match=r"distance matrix: entry \(0, 1\) = .* is negative or too large"):
        one_client_data(np.array([[0, 2**63], [0, 0]], dtype=np.uint64))


def test_matrix_at_the_limit_is_accepted_and_exact(property_instances):
    """Entries of exactly MAX_VALUE: one client there and back is 2 * MAX_VALUE long and takes as long --
    back MAX_VALUE after the plant's default closing time, and MAX_VALUE over the default maximum duration:
    infeasible, with 2 * MAX_VALUE time warp, and the cost exact."""
    property_instances.add()
    matrix = np.array([[0, MAX], [MAX, 0]], dtype=np.int64)
    data = instance(matrix, [mr.Client("c", 1, 0, 0, [1])], [mr.VehicleType("truck", [1], unit_duration_cost=1)])
    assert data.distance_matrix()[0, 1] == MAX
    result = solve(data, 1)
    check_plan(data, result)
    check_exact(data, result)
    route = result.solution.routes[0]
    assert route.distance == 2 * MAX and route.duration == 2 * MAX
    assert route.time_warp == 2 * MAX and not result.feasible
    assert result.solution.cost == 2 * MAX + 2 * MAX


def beyond(kind: str, fields: dict, message: str):
    """A case of test_values_beyond_the_limits_are_named: ``kind`` built with ``fields`` changed."""
    return pytest.param(kind, fields, message, id=f"{kind}-{'-'.join(fields)}")


@pytest.mark.parametrize(("kind", "fields", "message"), [
    beyond("client", {"time_windows": [TW(0, MAX + 1)]},
           r"client 'c': time window \[0, 281474976710657\] is outside \[0, 281474976710656\]"),
    beyond("client", {"time_windows": [TW(-1, 5)]}, r"client 'c': time window \[-1, 5\] is outside"),
    beyond("client", {"time_windows": [TW(6, 5)]}, r"client 'c': time window \[6, 5\] closes before it opens"),
    beyond("client", {"time_windows": [TW(0, INT64_MAX)]}, r"client 'c': time window \[0, 9223372036854775807\]"),
    beyond("client", {"time_windows": []}, r"client 'c': needs at least one time window"),
    beyond("client", {"period_time_windows": [[TW(0, MAX + 1)]]}, r"client 'c': period 0 time window"),
    beyond("client", {"service_duration": MAX + 1}, r"client 'c': service duration 281474976710657 is negative"),
    beyond("client", {"release_time": MAX + 1}, r"client 'c': release time 281474976710657"),
    beyond("client", {"pickup": [MAX + 1]}, r"client 'c': pickup amount 281474976710657"),
    beyond("client", {"delivery": [-1]}, r"client 'c': delivery amount -1"),
    beyond("client", {"x": float("inf")}, r"client 'c': coordinates \(inf, 0\) are not finite"),
    beyond("client", {"y": float("nan")}, r"client 'c': coordinates \(0, nan\) are not finite"),
    beyond("client", {"frequency": 0}, r"client 'c': frequency 0 must be at least 1"),
    beyond("client", {"frequency": -1}, r"client 'c': frequency: must not be negative, got -1"),
    beyond("depot", {"window": TW(0, MAX + 1)}, r"depot 'plant': time window \[0, 281474976710657\] is outside"),
    beyond("type", {"capacity": [0]}, r"vehicle type 't': capacity 0 must be positive"),
    beyond("type", {"capacity": [MAX + 1]}, r"vehicle type 't': capacity 281474976710657 must be positive"),
    beyond("type", {"fixed_cost": MAX + 1}, r"vehicle type 't': fixed cost 281474976710657 is negative"),
    beyond("type", {"unit_distance_cost": MAX_UNIT_COST + 1}, r"vehicle type 't': unit distance cost 1048577"),
    beyond("type", {"unit_duration_cost": MAX_UNIT_COST + 1}, r"vehicle type 't': unit duration cost 1048577"),
    beyond("type", {"max_duration": MAX + 1}, r"vehicle type 't': maximum duration 281474976710657"),
    beyond("type", {"shift": TW(0, MAX + 1)}, r"vehicle type 't': shift \[0, 281474976710657\] is outside"),
    beyond("type", {"num_available": -1}, r"vehicle type 't': num_available: must not be negative, got -1"),
    beyond("period", {"num_available": [-1]}, r"period 'mon': num_available: must not be negative, got -1"),
])  # fmt: skip
def test_values_beyond_the_limits_are_named(kind, fields, message, property_instances):
    property_instances.add()
    defaults = {
        "client": (mr.Client, {"name": "c", "x": 0, "y": 0, "service_duration": 0, "pickup": [1]}),
        "depot": (mr.Depot, {"name": "plant", "x": 0, "y": 0}),
        "type": (mr.VehicleType, {"name": "t", "capacity": [1]}),
        "period": (mr.Period, {"name": "mon"}),
    }
    make, base = defaults[kind]
    with pytest.raises(ValueError, match=message):
        make(**{**base, **fields})


def test_values_beyond_int64_are_refused(property_instances):
    """Beyond int64 Python's integers cannot reach the core: pybind11 refuses them with a TypeError that
    lists the constructor's signature (not the field and value, as a ValueError would)."""
    property_instances.add()
    with pytest.raises((TypeError, ValueError)):
        TW(0, 2**64)
    with pytest.raises((TypeError, ValueError)):
        mr.Client("c", 0, 0, 2**64, [1])


def test_largest_values_are_accepted(property_instances):
    """Every value exactly at its limit builds and solves; the times, and the cost, stay exact."""
    property_instances.add()
    client = mr.Client("c", 1e300, -1e300, MAX, [MAX], delivery=[MAX], time_windows=[TW(MAX, MAX)], release_time=MAX)
    vt = mr.VehicleType("truck", [MAX], num_available=2**62, fixed_cost=MAX, unit_distance_cost=MAX_UNIT_COST,
                        unit_duration_cost=1, shift=TW(MAX, MAX), max_duration=MAX)
    zero = np.zeros((2, 2), dtype=np.int64)
    data = mr.ProblemData("limits", ["kg"], [mr.Depot("plant", -1e300, 1e300, TW(MAX, MAX))], [client], [vt],
                          [mr.Period("day")], zero, zero)  # fmt: skip
    result = solve(data, 1)
    check_plan(data, result)
    check_exact(data, result)
    # Leaves at MAX, serves from MAX for MAX, back at 2 * MAX: MAX after the plant closed (duration MAX, the limit).
    route = result.solution.routes[0]
    assert route.duration == MAX and route.time_warp == MAX and not result.feasible
    assert result.solution.cost == MAX + MAX  # fixed cost, and 1 per unit of duration (no distance)


# --------------------------------------------------------------------------------------------------
# Large coordinates
# --------------------------------------------------------------------------------------------------


@bounded(40)
@given(xs=st.lists(st.integers(10**6, 10**9), min_size=2, max_size=12), y=st.sampled_from([0.0, 1e9, -1e300, 1e300]),
       seed=st.integers(0, 99))
def test_large_coordinates_on_a_line(xs, y, seed, property_instances):
    """Plant and suppliers at coordinates 1e6..1e9 (and y up to 1e300, which the core never reads), travel
    the distance along the line, one truck: the optimum is there and back to the farthest points,
    2 * (max - min), found exactly."""
    with property_instances.guard():
        clients = [mr.Client(f"s{i}", float(x), y, 0, [1]) for i, x in enumerate(xs[1:])]
        data = mr.ProblemData("far", ["kg"], [mr.Depot("plant", float(xs[0]), y)], clients,
                              [mr.VehicleType("truck", [len(clients)])], [mr.Period("day")], line(xs), line(xs))
        result = solve(data, seed)
        check_plan(data, result)
        check_exact(data, result)
        assert result.feasible and result.solution.cost == 2 * (max(xs) - min(xs))


def json_doc(suppliers, horizon=("Mon",), **extra) -> dict:
    doc = {"schema_version": "1", "name": "numerics", "dimensions": ["kg"], "horizon": list(horizon),
           "plants": [{"id": "P", "location": {"x": 0, "y": 0}}], "suppliers": suppliers,
           "vehicle_types": [{"id": "truck", "capacity": {"kg": 1000}, "count": 3, "fixed_cost": 10, "cost_per_km": 1}],
           "travel": {"kind": "euclidean", "speed_kmh": 1e9}}
    doc.update(extra)
    return doc


@pytest.mark.parametrize("x", [1e3, 1e6, 1e8])
def test_milkrun_json_far_suppliers_solve(x, property_instances):
    """Suppliers 1e3 to 1e8 km away (euclidean): distances exact in metres, the plan one round trip each."""
    property_instances.add()
    inst = parse_milkrun(json_doc([{"id": "A", "location": {"x": x, "y": 0}, "pickup": {"kg": 600}},
                                   {"id": "B", "location": {"x": -x, "y": 0}, "pickup": {"kg": 600}}]))
    assert inst.data.distance_matrix()[0, 1] == round(x * 1000)
    result = solve(inst.data, 1)
    check_plan(inst.data, result)
    check_exact(inst.data, result)
    check_plan_document(inst, result)
    assert result.feasible and result.distance == pytest.approx(4 * x)


@pytest.mark.parametrize("x", [1e9, 1e200])
def test_milkrun_json_too_far_is_named(x, property_instances):
    """Beyond the reader's limit (and where the squares overflow to infinity): an InstanceError on $.travel."""
    property_instances.add()
    with pytest.raises(InstanceError, match="too large") as info:
        parse_milkrun(json_doc([{"id": "A", "location": {"x": x, "y": 0}, "pickup": {"kg": 1}},
                                {"id": "B", "location": {"x": -x, "y": 0}, "pickup": {"kg": 1}}]))
    assert info.value.field == "$.travel"


# --------------------------------------------------------------------------------------------------
# Huge values inside the limits: times, then costs
# --------------------------------------------------------------------------------------------------


@st.composite
def huge_instances(draw, huge_costs: bool) -> Parts:
    """Up to 8 clients and 1 to 3 periods with times drawn from the whole accepted range: matrices, windows,
    service and release times, shifts and maximum durations up to MAX_VALUE. With ``huge_costs`` the
    fixed and unit costs too (up to MAX_VALUE and 2**20); otherwise costs small enough that no sum can
    leave int64. (As Parts, so that a failing example prints every number.)"""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n = draw(st.integers(1, 8))
    num_periods = draw(st.sampled_from([1, 1, 2, 3]))
    scale = 2 ** draw(st.integers(0, 48))  # magnitude of the times of this instance

    def time_value() -> int:
        return int(rng.integers(0, scale + 1))

    def matrix() -> np.ndarray:
        return np.array([[0 if i == j else time_value() for j in range(n + 1)] for i in range(n + 1)], dtype=np.int64)

    distance = matrix()
    duration = distance.copy() if rng.random() < 0.5 else matrix()
    clients = []
    for i in range(n):
        client = {"name": f"c{i}", "x": 0.0, "y": 0.0, "service_duration": time_value(),
                  "pickup": [int(rng.integers(0, 4))], "frequency": int(rng.integers(1, num_periods + 1))}
        if rng.random() < 0.7:
            early = time_value()
            client["time_windows"] = [TW(early, min(MAX, early + time_value()))]
        if rng.random() < 0.3:
            client["release_time"] = time_value()
        clients.append(client)
    types = []
    for t in range(int(rng.integers(1, 3))):
        vt = {"name": f"t{t}", "capacity": [10], "num_available": int(rng.integers(1, n + 1))}
        if huge_costs:
            vt.update(fixed_cost=int(rng.integers(0, MAX + 1)),
                      unit_distance_cost=int(rng.integers(0, MAX_UNIT_COST + 1)),
                      unit_duration_cost=int(rng.integers(0, MAX_UNIT_COST + 1)))
        else:
            vt.update(fixed_cost=int(rng.integers(0, 2**40)), unit_distance_cost=int(rng.integers(0, 5)),
                      unit_duration_cost=int(rng.integers(0, 2)))
        if rng.random() < 0.3:
            vt["max_duration"] = time_value()
        if rng.random() < 0.3:
            vt["shift"] = TW(time_value(), MAX)
        types.append(vt)
    return Parts(["kg"], [{"name": "plant", "x": 0.0, "y": 0.0}], clients, types,
                 [{"name": f"p{p}"} for p in range(num_periods)], [distance], [duration])


@bounded(150)
@given(parts=huge_instances(huge_costs=False), seed=st.integers(0, 99))
def test_huge_times_stay_exact(parts, seed, property_instances):
    """Times anywhere in [0, MAX_VALUE]: the plan comes back, the evaluator agrees on everything, nothing
    is negative, the costs are exact."""
    with property_instances.guard():
        data = parts.build()
        result = solve(data, seed)
        check_plan(data, result)
        check_exact(data, result)


@bounded(100, shrink=False)
@given(parts=huge_instances(huge_costs=True), seed=st.integers(0, 99))
def test_huge_costs_stay_exact(parts, seed, property_instances):
    """Costs per unit anywhere in their accepted ranges: either the data is refused (its plans could cost
    more than the solver computes exactly: an error naming the vehicle type) or the solve comes back with
    exact costs that do not wrap around int64. The smallest cases once failing here are the tests
    test_route_cost_beyond_int64 and test_long_durations_with_a_large_duration_cost_do_not_hang."""
    with property_instances.guard():
        try:
            data = parts.build()
        except ValueError as exc:  # data whose plans could cost beyond what int64 holds exactly
            assert "use coarser units" in str(exc) and "vehicle type 't" in str(exc), str(exc)
            return
        result = solve(data, seed)
        check_exact(data, result)
        check_plan(data, result)


def test_route_cost_beyond_int64(property_instances):
    """One client 2**42 away, 2**20 per unit of distance: both values are accepted on their own, but the
    route would cost 2 * 2**42 * 2**20 = 2**63, one more than int64 holds. The data is refused with an error
    naming the vehicle type, not solved to a wrapped (negative) cost."""
    property_instances.add()
    far = 2**42
    with pytest.raises(ValueError, match="vehicle type 'truck': .* use coarser units"):
        instance([[0, far], [far, 0]], [mr.Client("c", 1, 0, 0, [1])],
                 [mr.VehicleType("truck", [1], unit_distance_cost=MAX_UNIT_COST)],
                 duration=np.zeros((2, 2), dtype=np.int64))


def test_long_durations_with_a_large_duration_cost_do_not_hang(property_instances):
    """Client a must be served at time 0; b takes 5e9 to serve, and the way from b to a takes 1e11. Type t0
    costs per unit of duration; t1 has a maximum duration of 0. The optimum: t0 serves b (t1 or t0 serves a)
    for unit cost * 5e9. With 899311 per unit the plans could cost beyond what the solver computes exactly:
    refused with a clear error. With 8993 per unit: solved (the search once never returned here, its time
    warp penalties overflowing int64)."""
    property_instances.add()
    clients = [mr.Client("a", 0, 0, 0, [1], time_windows=[TW(0, 0)]), mr.Client("b", 0, 0, 5_000_000_000, [1])]
    duration = np.zeros((3, 3), dtype=np.int64)
    duration[2, 1] = 100_000_000_000

    def types(unit):
        return [mr.VehicleType("t0", [10], unit_duration_cost=unit), mr.VehicleType("t1", [10], max_duration=0)]

    with pytest.raises(ValueError, match="vehicle type 't0': .* use coarser units"):
        instance(np.zeros((3, 3), dtype=np.int64), clients, types(899_311), duration=duration)
    data = instance(np.zeros((3, 3), dtype=np.int64), clients, types(8_993), duration=duration)
    result = solve(data, 0)  # a hang fails here: the watchdog stops the search after SOLVE_SECONDS
    check_plan(data, result)
    assert result.feasible and result.solution.cost == 8_993 * 5_000_000_000


@pytest.mark.parametrize("what", ["excess load", "time warp"])
@pytest.mark.parametrize("fixed_cost", [2**20, 2**31, 2**40])
def test_large_fixed_costs_still_give_feasible_plans(what, fixed_cost, property_instances):
    """Two clients 1 away that cannot share a truck (capacity 1 each; or a window the second stop of a
    shared route misses by 1). Two trucks cost 2 * fixed_cost + 4, the only feasible plan. The search's
    penalties per unit of excess load or time warp once stopped at 2**30: above that fixed cost, one
    overloaded (or late) truck looked cheaper than two at every iteration limit. Their ceiling now grows
    with the fixed costs."""
    property_instances.add()
    matrix = [[0, 1, 1], [1, 0, 0], [1, 0, 0]]
    if what == "excess load":
        clients = [mr.Client("a", 1, 0, 0, [1]), mr.Client("b", 1, 0, 0, [1])]
    else:
        clients = [mr.Client("a", 1, 0, 1, [0], time_windows=[TW(0, 1)]),
                   mr.Client("b", 1, 0, 1, [0], time_windows=[TW(0, 1)])]
    data = instance(matrix, clients, [mr.VehicleType("truck", [1], num_available=2, fixed_cost=fixed_cost)])
    result = solve(data, 1, iterations=2000)
    check_plan(data, result)
    assert result.feasible and result.solution.cost == 2 * fixed_cost + 4, \
        [(list(r.visits), list(r.excess_load), r.time_warp) for r in result.solution.routes]


def test_milkrun_json_semi_trailers_are_not_overloaded(property_instances):
    """The same in the milk-run JSON's units (10**7 cost units per currency unit, loads in hundredths of a
    pallet here): two suppliers of 16.51 and 16.5 pallets, semi-trailers of 33 pallets at 240 a day. With
    penalties capped at 2**30 units = 107.37, one semi overloaded by 0.01 pallets looked cheaper than a
    second semi's 240 whatever the iteration limit. Expected: two semis, feasible."""
    property_instances.add()
    doc = json_doc([{"id": "A", "location": {"x": 10, "y": 0}, "pickup": {"pallets": 16.51}},
                    {"id": "B", "location": {"x": 10, "y": 1}, "pickup": {"pallets": 16.5}}],
                   dimensions=["pallets"],
                   vehicle_types=[{"id": "semi", "capacity": {"pallets": 33}, "count": 2, "fixed_cost": 240,
                                   "cost_per_km": 0.95}])
    inst = parse_milkrun(doc)
    result = solve(inst.data, 1, iterations=2000)
    check_plan(inst.data, result)
    assert result.feasible and result.vehicles == 2, \
        [([inst.supplier_ids[loc - 1] for loc in r.visits], list(r.excess_load)) for r in result.solution.routes]


# --------------------------------------------------------------------------------------------------
# Huge time windows, by hand
# --------------------------------------------------------------------------------------------------


def test_window_far_in_the_future_is_met_without_waiting(property_instances):
    """A window [2**40, 2**40 + 5] 10 away: the truck leaves at 2**40 - 10 and is back at 2**40 + 10, so
    the duration is 20 (no waiting), and the cost with 1 per time unit is 20 + 20."""
    property_instances.add()
    data = instance([[0, 10], [10, 0]], [mr.Client("c", 1, 0, 0, [1], time_windows=[TW(2**40, 2**40 + 5)])],
                    [mr.VehicleType("truck", [1], unit_duration_cost=1)])
    result = solve(data, 1)
    check_plan(data, result)
    check_exact(data, result)
    route = result.solution.routes[0]
    assert result.feasible and route.duration == 20 and route.start_time == 2**40 - 10
    assert result.solution.cost == 40


def test_window_at_the_end_of_time_is_late_back(property_instances):
    """A window [MAX - 1, MAX] 10 away from a plant open until MAX (the default): back at MAX + 9, so the
    plan is infeasible with exactly 9 time warp."""
    property_instances.add()
    data = instance([[0, 10], [10, 0]], [mr.Client("c", 1, 0, 0, [1], time_windows=[TW(MAX - 1, MAX)])])
    result = solve(data, 1)
    check_plan(data, result)
    assert not result.feasible and result.solution.time_warp == 9


@pytest.mark.parametrize("num_periods", [1, 3])
def test_whole_range_windows_and_release_times(num_periods, property_instances):
    """Windows over the whole range [0, MAX] and release times near MAX: a route leaves at the latest
    release time; with travel 1 it is back in time only if that leaves room before MAX."""
    property_instances.add()
    clients = [mr.Client("early", 1, 0, 0, [1], time_windows=[TW(0, MAX)], frequency=num_periods),
               mr.Client("late", 1, 0, 0, [1], release_time=MAX - 2, time_windows=[TW(0, MAX)])]
    data = instance([[0, 1, 1], [1, 0, 0], [1, 0, 0]], clients,
                    [mr.VehicleType("truck", [5], num_available=2)], [mr.Period(f"d{p}") for p in range(num_periods)])
    result = solve(data, 1)
    check_plan(data, result)
    check_exact(data, result)
    assert result.feasible  # "late" leaves at MAX - 2, is served at MAX - 1 and is back at MAX, just in time


# --------------------------------------------------------------------------------------------------
# Zero demand, co-located suppliers
# --------------------------------------------------------------------------------------------------


@bounded(40)
@given(xs=st.lists(st.integers(-1000, 1000), min_size=2, max_size=15), dims=st.integers(1, 3),
       periods=st.sampled_from([1, 2]), seed=st.integers(0, 99))
def test_zero_demand_suppliers_share_one_truck(xs, dims, periods, seed, property_instances):
    """Suppliers with nothing to pick up (in every dimension) fit any truck together: one truck of capacity
    1 visits them all each day, 2 * (max - min) on the line (plant at xs[0])."""
    with property_instances.guard():
        clients = [mr.Client(f"s{i}", float(x), 0, 0, [0] * dims, frequency=periods) for i, x in enumerate(xs[1:])]
        data = mr.ProblemData("zero", [f"d{k}" for k in range(dims)], [mr.Depot("plant", float(xs[0]), 0)], clients,
                              [mr.VehicleType("truck", [1] * dims)], [mr.Period(f"p{p}") for p in range(periods)],
                              line(xs), line(xs))  # fmt: skip
        result = solve(data, seed)
        check_plan(data, result)
        assert result.feasible and result.solution.cost == periods * 2 * (max(xs) - min(xs))
        assert all(load == 0 for route in result.solution.routes for load in route.max_load)


@bounded(40)
@given(n=st.integers(1, 25), capacity=st.integers(1, 8), away=st.integers(0, 1000), fixed=st.integers(0, 1000),
       per_km=st.integers(0, 3), seed=st.integers(0, 99))
def test_co_located_suppliers(n, capacity, away, fixed, per_km, seed, property_instances):
    """n suppliers at one spot (distance 0 between them) ``away`` from the plant (possibly 0 too), one
    unit each, trucks of ``capacity``: the optimum is ceil(n / capacity) trucks, each (2 * away * per_km +
    fixed). (1000 iterations: where the fixed cost outweighs the distances, the search's load penalty starts
    at 1 and needs a few hundred iterations to outgrow it -- see test_large_fixed_costs_still_give_feasible_plans.)"""
    with property_instances.guard():
        matrix = np.zeros((n + 1, n + 1), dtype=np.int64)
        matrix[0, 1:] = matrix[1:, 0] = away
        clients = [mr.Client(f"s{i}", 5.0, 5.0, 0, [1]) for i in range(n)]
        data = instance(matrix, clients, [mr.VehicleType("truck", [capacity], num_available=n, fixed_cost=fixed,
                                                         unit_distance_cost=per_km)])
        result = solve(data, seed, iterations=1000)
        check_plan(data, result)
        trucks = math.ceil(n / capacity)
        assert result.feasible and result.solution.cost == trucks * (2 * away * per_km + fixed)


def test_everything_at_one_point_with_a_zero_length_plant_window(property_instances):
    """All distances and times 0 and the plant open only at time 0: feasible, cost the fixed costs; with
    travel 1 the same window makes every route late."""
    property_instances.add()
    clients = [mr.Client(f"s{i}", 0, 0, 0, [1]) for i in range(4)]
    zero = np.zeros((5, 5), dtype=np.int64)
    types = [mr.VehicleType("truck", [2], num_available=2, fixed_cost=7)]
    data = instance(zero, clients, types, depot_window=TW(0, 0))
    result = solve(data, 1)
    check_plan(data, result)
    assert result.feasible and result.solution.cost == 14
    ones = np.ones((5, 5), dtype=np.int64) - np.eye(5, dtype=np.int64)
    late = instance(ones, clients, types, depot_window=TW(0, 0))
    result = solve(late, 1)
    check_plan(late, result)
    assert not result.feasible and result.solution.time_warp > 0


# --------------------------------------------------------------------------------------------------
# Duplicate ids
# --------------------------------------------------------------------------------------------------


def test_duplicate_client_names_are_refused(property_instances):
    property_instances.add()
    clients = [mr.Client("S1", 0, 0, 0, [1]), mr.Client("S2", 0, 0, 0, [1]), mr.Client("S1", 1, 1, 0, [1])]
    with pytest.raises(ValueError, match="client 'S1': the name is used by more than one client"):
        instance(np.zeros((4, 4), dtype=np.int64), clients)


def test_repeated_names_elsewhere_are_harmless(property_instances):
    """Plants, vehicle types and periods are referred to by index, so repeated names are accepted; a client
    forbidden twice is forbidden once. The plan still checks out."""
    property_instances.add()
    clients = [mr.Client("a", 1, 0, 0, [1]), mr.Client("b", 2, 0, 0, [1])]
    matrix = line([0, 0, 1, 2])
    types = [mr.VehicleType("truck", [1], forbidden_clients=["a", "a"]), mr.VehicleType("truck", [1])]
    data = mr.ProblemData("dups", ["kg"], [mr.Depot("plant", 0, 0), mr.Depot("plant", 0, 0)], clients, types,
                          [mr.Period("day"), mr.Period("day")], matrix, matrix)  # fmt: skip
    result = solve(data, 1)
    check_plan(data, result)
    assert result.feasible and result.solution.cost == 2 + 4


def test_client_names_stay_distinct_in_the_solution_document(property_instances):
    """Clients named "7" and "007" are two clients to the data model; the solution document must not
    report both as the same id (Result turns names of digits into integers: both become 7)."""
    property_instances.add()
    clients = [mr.Client("7", 1, 0, 0, [1]), mr.Client("007", 2, 0, 0, [1])]
    data = instance(line([0, 1, 2]), clients, [mr.VehicleType("truck", [1], num_available=2)])
    result = solve(data, 1)
    ids = [ident for route in result.to_dict()["routes"] for ident in route["visits"]]
    assert len(set(map(repr, ids))) == 2, f"two clients reported as {ids}"


@pytest.mark.parametrize(("change", "field", "message"), [
    (lambda d: d["suppliers"][1].update(id="A"), "$.suppliers[1].id", "duplicate id 'A'"),
    (lambda d: d["suppliers"][1].update(id="P"), "$.suppliers[1].id", "duplicate id 'P'"),
    (lambda d: d["vehicle_types"].append(copy.deepcopy(d["vehicle_types"][0])), "$.vehicle_types[1].id",
     "duplicate id 'truck'"),
    (lambda d: d.update(horizon=["Mon", "Mon"]), "$.horizon", "non-unique"),
    (lambda d: d.update(dimensions=["kg", "kg"]), "$.dimensions", "non-unique"),
    (lambda d: d["suppliers"][0].update(frequency=1, patterns=[["Mon"], ["Mon"]]), "$.suppliers[0].patterns[1]",
     r"the same days as patterns\[0\]"),
])  # fmt: skip
def test_milkrun_json_duplicate_ids_are_named(change, field, message, property_instances):
    property_instances.add()
    doc = json_doc([{"id": "A", "location": {"x": 1, "y": 0}, "pickup": {"kg": 1}},
                    {"id": "B", "location": {"x": 2, "y": 0}, "pickup": {"kg": 1}}])
    change(doc)
    with pytest.raises(InstanceError, match=message) as info:
        parse_milkrun(doc)
    assert info.value.field == field


# --------------------------------------------------------------------------------------------------
# Horizons: 1, 28 and 64 days; empty horizons and empty days
# --------------------------------------------------------------------------------------------------


@bounded(15)
@given(num_suppliers=st.integers(1, 25), seed=st.integers(0, 10**6))
def test_one_day_horizon(num_suppliers, seed, property_instances):
    """A one-day milk-run network runs on the single-period engine and checks out."""
    with property_instances.guard():
        inst = parse_milkrun(generate_network(num_suppliers, 1, seed))
        assert inst.data.num_periods == 1
        result = solve(inst.data, 1)
        check_plan(inst.data, result)
        check_plan_document(inst, result)


def test_generator_horizon_beyond_a_week_is_refused(property_instances):
    property_instances.add()
    with pytest.raises(ValueError, match="days: must be 1 to 7, got 28"):
        generate_network(10, 28)
    with pytest.raises(ValueError, match="days: must be 1 to 7, got 0"):
        generate_network(10, 0)


MONTH = [f"d{k + 1:02d}" for k in range(28)]


def month_document() -> dict:
    """28 days: a supplier every day, weekly (4 visits on one weekday, production collected), every other
    week implicitly (any 2 days: 378 day sets, amounts by gap), once a month, twice a week; trucks every
    day, a van not on the first day of each week."""
    def weekday(offset: int) -> list[str]:
        return [MONTH[offset + 7 * week] for week in range(4)]

    suppliers = [
        {"id": "daily", "location": {"x": 5, "y": 0}, "frequency": 28, "pickup": {"kg": 10}},
        {"id": "weekly", "location": {"x": 0, "y": 5}, "frequency": 4, "patterns": [weekday(o) for o in range(7)],
         "daily_production": {"kg": 5}},
        {"id": "fortnightly", "location": {"x": -5, "y": 0}, "frequency": 2, "daily_production": {"kg": 3}},
        {"id": "monthly", "location": {"x": 0, "y": -5}, "pickup": {"kg": 100}, "time_windows": [["08:00", "09:00"]]},
        {"id": "twice-weekly", "location": {"x": 3, "y": 3}, "frequency": 8,
         "patterns": [sorted(weekday(o) + weekday(o + 3)) for o in range(4)], "daily_production": {"kg": 2}},
    ]
    doc = json_doc(suppliers, MONTH)
    doc["vehicle_types"] = [
        {"id": "truck", "capacity": {"kg": 1000}, "count": 2, "fixed_cost": 100, "cost_per_km": 1},
        {"id": "van", "capacity": {"kg": 300}, "count": 1, "count_per_day": {d: 0 for d in MONTH[::7]},
         "fixed_cost": 50, "cost_per_km": 0.5},
    ]
    doc["travel"] = {"kind": "euclidean", "speed_kmh": 50}
    return doc


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_28_day_horizon(seed, property_instances):
    """A 28-day milk-run JSON: read (378 implicit day sets with their amounts), solved on the multi-period
    engine, every visit on its day set, the plan and its document check out."""
    property_instances.add()
    inst = parse_milkrun(month_document())
    data = inst.data
    assert data.num_periods == 28 and len(data.clients[2].patterns) == math.comb(28, 2)
    result = solve(data, seed)
    check_plan(data, result)
    check_plan_document(inst, result)
    assert result.feasible
    days = {loc: 0 for loc in range(1, 6)}
    for route in result.solution.routes:
        for loc in route.visits:
            days[loc] |= 1 << route.period
    assert days[1] == 2**28 - 1 and bin(days[5]).count("1") == 8


def test_28_days_of_production_need_listed_patterns(property_instances):
    """Frequency 4 in 28 days with amounts by gap: 20475 day sets are too many to list implicitly, the
    reader asks for the patterns (naming the field)."""
    property_instances.add()
    doc = month_document()
    doc["suppliers"][1].pop("patterns")
    with pytest.raises(InstanceError, match="need the allowed patterns listed") as info:
        parse_milkrun(doc)
    assert info.value.field == "$.suppliers[1].patterns"


def test_64_days_and_the_last_day_bit(property_instances):
    """64 periods, the most the engine holds: a client allowed only on day 63 (bit 63 of its day set, the
    sign bit of a signed 64-bit integer) is visited that day; a 65th period is refused."""
    property_instances.add()
    clients = [mr.Client("last", 1, 0, 0, [1], patterns=[1 << 63]), mr.Client("any", 2, 0, 0, [1], frequency=2)]
    periods = [mr.Period(f"d{p}") for p in range(64)]
    data = instance(line([0, 1, 2]), clients, [mr.VehicleType("truck", [2])], periods)
    result = solve(data, 1)
    check_plan(data, result)
    assert result.feasible
    assert [r.period for r in result.solution.routes if 1 in list(r.visits)] == [63]
    with pytest.raises(ValueError, match="periods: need between 1 and 64 periods, got 65"):
        instance(line([0, 1, 2]), clients, [mr.VehicleType("truck", [2])], periods + [mr.Period("one too many")])
    with pytest.raises(ValueError, match="client 'c': pattern 4 uses a period beyond the 2 periods"):
        instance(line([0, 1]), [mr.Client("c", 1, 0, 0, [1], patterns=[4])], None, [mr.Period("a"), mr.Period("b")])


def test_empty_horizons_are_refused(property_instances):
    property_instances.add()
    with pytest.raises(ValueError, match="periods: need between 1 and 64 periods, got 0"):
        mr.ProblemData("empty", ["kg"], [mr.Depot("plant", 0, 0)], [mr.Client("c", 1, 0, 0, [1])],
                       [mr.VehicleType("truck", [1])], [], line([0, 1]), line([0, 1]))
    with pytest.raises(InstanceError) as info:
        parse_milkrun(json_doc([{"id": "A", "location": {"x": 1, "y": 0}}], horizon=[]))
    assert info.value.field == "$.horizon"


@pytest.mark.parametrize("num_periods", [1, 3])
def test_days_without_vehicles(num_periods, property_instances):
    """No vehicle on any day: every client is unassigned, the result infeasible, nothing crashes."""
    property_instances.add()
    clients = [mr.Client(f"s{i}", 1, 0, 0, [1]) for i in range(3)]
    periods = [mr.Period(f"d{p}", [0]) for p in range(num_periods)]
    data = instance(line([0, 1, 2, 3]), clients, [mr.VehicleType("truck", [5])], periods)
    result = solve(data, 1)
    check_plan(data, result)
    assert not result.feasible and result.solution.num_routes == 0
    assert result.unassigned == ["s0", "s1", "s2"] and result.cost == 0


@pytest.mark.parametrize("num_periods", [1, 2])
def test_no_clients(num_periods, property_instances):
    property_instances.add()
    data = instance(np.zeros((1, 1), dtype=np.int64), [], periods=[mr.Period(f"d{p}") for p in range(num_periods)])
    result = solve(data, 1)
    check_plan(data, result)
    assert result.feasible and result.cost == 0 and result.solution.num_routes == 0
    assert json.loads(result.to_json())["routes"] == []


@pytest.mark.parametrize("horizon", [1, 28])
def test_zero_length_windows_hit_exactly(horizon, property_instances):
    """Windows of zero length [t, t], each reachable exactly on time, on every day of a 1- or 28-day horizon
    (frequency = horizon): feasible, at the line's cost each day."""
    property_instances.add()
    clients = [mr.Client("a", 1, 0, 0, [1], time_windows=[TW(10, 10)], frequency=horizon),
               mr.Client("b", 2, 0, 0, [1], time_windows=[TW(15, 15)], frequency=horizon)]
    data = instance(line([0, 10, 15]), clients, [mr.VehicleType("truck", [2])],
                    [mr.Period(f"d{p}") for p in range(horizon)])
    result = solve(data, 1)
    check_plan(data, result)
    assert result.feasible and result.solution.cost == horizon * 30


def test_implicit_patterns_over_many_days_are_named(property_instances):
    """Frequency 14 of 28 days without listed patterns: 40 million day sets; the solve refuses it with a
    ValueError naming the client (the engine does not try to enumerate them)."""
    property_instances.add()
    data = instance(line([0, 1]), [mr.Client("busy", 1, 0, 0, [1], frequency=14)],
                    periods=[mr.Period(d) for d in MONTH])
    with pytest.raises(ValueError, match="client 'busy'"):
        solve(data, 1)


def test_all_day_sets_listed_for_a_long_horizon(property_instances):
    """Frequency 2 of 28 days with all 378 day sets listed explicitly, the same as implicit."""
    property_instances.add()
    masks = [(1 << a) | (1 << b) for a, b in itertools.combinations(range(28), 2)]
    clients = [mr.Client("listed", 1, 0, 0, [1], frequency=2, patterns=masks),
               mr.Client("implicit", 2, 0, 0, [1], frequency=2)]
    data = instance(line([0, 1, 2]), clients, [mr.VehicleType("truck", [2])], [mr.Period(d) for d in MONTH])
    result = solve(data, 1)
    check_plan(data, result)
    assert result.feasible and result.solution.cost == 2 * 4  # both on the same two days, 0-1-2-0 each


@pytest.mark.parametrize("where", ["a client's window on a period", "the end plant's opening"])
def test_waiting_for_a_late_opening_counts_in_the_cost_range(where, property_instances):
    """Waiting until 2**47 at 2**20 per unit of duration: plans could cost beyond what int64 holds. Whether
    the late opening is a client's window on a period or the end plant's hours, the data is refused (both
    were once accepted and solved to a negative, 'feasible' cost)."""
    property_instances.add()
    late = TW(2**47, 2**48)
    if where.startswith("a client"):
        clients = [mr.Client("a", 0, 0, 0, [1], time_windows=[TW(0, 10)]),
                   mr.Client("b", 0, 0, 0, [1], period_time_windows=[[late]])]
        depots, ends = [mr.Depot("plant", 0, 0)], {}
    else:
        clients = [mr.Client("a", 0, 0, 0, [1]), mr.Client("b", 0, 0, 0, [1])]
        depots, ends = [mr.Depot("plant", 0, 0, TW(0, 10)), mr.Depot("dock", 0, 0, late)], {"end_depot": 1}
    size = len(depots) + 2
    ones = np.ones((size, size), dtype=np.int64) - np.eye(size, dtype=np.int64)
    with pytest.raises(ValueError, match="vehicle type 't': .* use coarser units"):
        mr.ProblemData("late", ["kg"], depots, clients, [mr.VehicleType("t", [5], unit_duration_cost=2**20, **ends)],
                       [mr.Period("day")], ones, ones)
