"""Access restrictions: a vehicle type may not serve the clients named in its ``forbidden_clients``
(a semi-trailer that cannot reach a supplier in a town centre).

Checked on the three implementations: the data model (validation with errors naming the type or
client), the C++ solution statistics (feasibility, penalised cost) and the independent evaluator; and
on the search: every plan it returns respects the restrictions, on a hand-checkable instance with a
known optimum and on random mixed-fleet instances.
"""

from __future__ import annotations

import numpy as np
import pytest

import milkrun as mr
from milkrun import _core
from milkrun.eval import evaluate

TW = mr.TimeWindow


def line_instance(truck_forbidden: list[str]) -> mr.ProblemData:
    """Plant at 0 and clients A, B at 10 and 12 on a line. The truck is cheap (fixed 10) and holds
    both; the van costs fixed 100. Unrestricted, one truck serves both (10 + 24 = 34)."""
    xs = [0, 10, 12]
    matrix = np.array([[abs(a - b) for b in xs] for a in xs], dtype=np.int64)
    clients = [mr.Client("A", 10, 0, 0, [1]), mr.Client("B", 12, 0, 0, [1])]
    types = [
        mr.VehicleType("truck", [10], num_available=2, fixed_cost=10, forbidden_clients=truck_forbidden),
        mr.VehicleType("van", [10], num_available=2, fixed_cost=100),
    ]
    return mr.ProblemData("line", ["kg"], [mr.Depot("plant", 0, 0)], clients, types, [mr.Period("day")],
                          matrix, matrix)  # fmt: skip


def plan_of(result: mr.Result) -> list[tuple[list[int], int, int]]:
    return [(list(r.visits), r.vehicle_type, r.period) for r in result.solution.routes]


def test_unrestricted_truck_serves_both():
    res = mr.solve(line_instance([]), max_iterations=200, seed=1)
    assert res.feasible and res.cost == 10 + 24
    assert plan_of(res) == [([1, 2], 0, 0)] or plan_of(res) == [([2, 1], 0, 0)]


def test_restricted_client_goes_to_the_van():
    data = line_instance(["B"])
    assert data.may_serve(0, 1) and not data.may_serve(0, 2) and data.may_serve(1, 2)
    assert list(data.vehicle_types[0].forbidden_clients) == ["B"]
    res = mr.solve(data, max_iterations=200, seed=1)
    # Best: truck serves A (10 + 20), van serves B (100 + 24) = 154; the van serving both costs 124.
    assert res.feasible and res.cost == 124
    assert sorted((sorted(v), t) for v, t, _ in plan_of(res)) == [([1, 2], 1)]
    ev = evaluate(res)
    assert ev.feasible and ev.cost == 124


def test_violating_plan_is_infeasible_everywhere():
    data = line_instance(["B"])
    route = _core.SolutionRoute(data, [1, 2], 0, 0)
    assert route.access_violations == 1 and not route.is_feasible()
    sol = _core.Solution(data, [route])
    assert sol.access_violations == 1 and sol.is_complete() and not sol.is_feasible()
    assert sol.cost == 34  # the true cost is still reported
    ce = _core.CostEvaluator([0], 0)
    assert sol.penalised_cost(data, ce) == 34 + (1 << 40)
    ev = evaluate(data, [([1, 2], 0, 0)])
    assert not ev.feasible
    assert ev.problems == ["route 0 (vehicle type 0 'truck', period 0 'day'): its vehicle type may not serve "
                           "client 'B' (location 2)"]  # fmt: skip
    ok = evaluate(data, [([1], 0, 0), ([2], 1, 0)])
    assert ok.feasible and ok.cost == 10 + 20 + 100 + 24


@pytest.mark.parametrize(
    ("truck", "van", "message"),
    [
        (["C"], [], "vehicle type 'truck': forbidden client 'C' does not exist"),
        (["B"], ["B"], "client 'B': every vehicle type lists it as a forbidden client"),
        ([], ["A", "A"], None),  # listing a client twice is harmless
    ],
)
def test_restriction_errors(truck, van, message):
    xs = [0, 10, 12]
    matrix = np.array([[abs(a - b) for b in xs] for a in xs], dtype=np.int64)
    clients = [mr.Client("A", 10, 0, 0, [1]), mr.Client("B", 12, 0, 0, [1])]
    types = [mr.VehicleType("truck", [10], forbidden_clients=truck), mr.VehicleType("van", [10], forbidden_clients=van)]

    def build():
        return mr.ProblemData("x", ["kg"], [mr.Depot("p", 0, 0)], clients, types, [mr.Period("d")], matrix, matrix)

    if message is None:
        build()
    else:
        with pytest.raises(ValueError, match=message):
            build()


def test_load_must_fit_an_allowed_type():
    xs = [0, 10]
    matrix = np.array([[abs(a - b) for b in xs] for a in xs], dtype=np.int64)
    types = [mr.VehicleType("big", [100], forbidden_clients=["A"]), mr.VehicleType("small", [10])]
    with pytest.raises(ValueError, match="client 'A': its load exceeds the capacity of every vehicle type allowed"):
        mr.ProblemData("x", ["kg"], [mr.Depot("p", 0, 0)], [mr.Client("A", 10, 0, 0, [50])], types,
                       [mr.Period("d")], matrix, matrix)  # fmt: skip


def test_duplicate_client_names_are_rejected():
    matrix = np.zeros((3, 3), dtype=np.int64)
    clients = [mr.Client("A", 1, 0, 0, [1]), mr.Client("A", 2, 0, 0, [1])]
    with pytest.raises(ValueError, match="client 'A': the name is used by more than one client"):
        mr.ProblemData("x", ["kg"], [mr.Depot("p", 0, 0)], clients, [mr.VehicleType("t", [10])],
                       [mr.Period("d")], matrix, matrix)  # fmt: skip


def restricted_instance(seed: int, num_clients: int = 40) -> mr.ProblemData:
    """Random instance: the cheap large truck may not serve a third of the clients (town centre), the
    van may not serve a few others (too far out), the medium truck serves everyone."""
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0, 100, size=(1 + num_clients, 2))
    diff = xy[:, None, :] - xy[None, :, :]
    matrix = np.rint(np.hypot(diff[..., 0], diff[..., 1])).astype(np.int64)
    clients = []
    for i in range(num_clients):
        early = int(rng.integers(0, 600))
        clients.append(mr.Client(f"s{i}", *xy[1 + i], 5, [int(v) for v in rng.integers(1, 15, 2)],
                                 time_windows=[TW(early, early + int(rng.integers(100, 400)))]))  # fmt: skip
    names = [c.name for c in clients]
    centre = [names[i] for i in rng.choice(num_clients, num_clients // 3, replace=False)]
    far = [n for n in names if n not in centre][:5]
    types = [
        mr.VehicleType("semi", [120, 120], num_available=4, fixed_cost=80, forbidden_clients=centre),
        mr.VehicleType("rigid", [60, 60], num_available=6, fixed_cost=120, unit_distance_cost=2),
        mr.VehicleType("van", [30, 30], num_available=6, fixed_cost=40, forbidden_clients=far),
    ]
    return mr.ProblemData(f"access{seed}", ["kg", "m3"], [mr.Depot("plant", 50, 50, TW(0, 1500))], clients, types,
                          [mr.Period("day")], matrix, matrix)  # fmt: skip


@pytest.mark.parametrize("seed", range(6))
def test_random_restricted_instances(seed):
    data = restricted_instance(seed)
    res = mr.solve(data, max_iterations=600, seed=seed)
    assert res.feasible
    for route in res.solution.routes:
        assert route.access_violations == 0
        for loc in route.visits:
            assert data.may_serve(route.vehicle_type, loc)
    ev = evaluate(res)
    assert ev.feasible and ev.cost == res.solution.cost


def unrestricted(data: mr.ProblemData) -> mr.ProblemData:
    return data.with_vehicle_types([
        mr.VehicleType(vt.name, list(vt.capacity), vt.num_available, vt.fixed_cost, vt.unit_distance_cost)
        for vt in data.vehicle_types
    ])  # fmt: skip


def test_restrictions_bind():
    # Without the restrictions the search does use the cheap semi-trailer for town-centre clients, so
    # the restricted plans above are shaped by them, not trivially compliant.
    violations = 0
    for seed in range(3):
        data = restricted_instance(seed)
        free = mr.solve(unrestricted(data), max_iterations=600, seed=seed)
        assert free.feasible
        violations += len(evaluate(data, plan_of(free)).problems)
    assert violations > 0


def test_restricted_solve_is_deterministic():
    data = restricted_instance(11)
    a = mr.solve(data, max_iterations=300, seed=5)
    b = mr.solve(data, max_iterations=300, seed=5)
    assert plan_of(a) == plan_of(b)


def test_with_vehicle_types_keeps_restrictions_checked():
    data = line_instance([])
    with pytest.raises(ValueError, match="forbidden client 'Z' does not exist"):
        data.with_vehicle_types([mr.VehicleType("truck", [10], forbidden_clients=["Z"])])


def test_restricted_types_anywhere_in_a_large_fleet():
    """Up to 64 types may carry restrictions, wherever they are in the fleet; the 65th is an error."""
    xs = [0, 10, 12]
    matrix = np.array([[abs(a - b) for b in xs] for a in xs], dtype=np.int64)
    clients = [mr.Client("A", 10, 0, 0, [1]), mr.Client("B", 12, 0, 0, [1])]

    def fleet(restricted: set[int], size: int = 70) -> list[mr.VehicleType]:
        return [mr.VehicleType(f"t{k}", [10], fixed_cost=1000 - k, forbidden_clients=["B"] if k in restricted else [])
                for k in range(size)]

    def build(types):
        return mr.ProblemData("x", ["kg"], [mr.Depot("p", 0, 0)], clients, types, [mr.Period("d")], matrix, matrix)

    data = build(fleet({0, 65, 69}))
    assert not data.may_serve(65, 2) and not data.may_serve(69, 2) and data.may_serve(64, 2) and data.may_serve(65, 1)
    res = mr.solve(data, max_iterations=100, seed=1)
    assert res.feasible and all(data.may_serve(r.vehicle_type, loc) for r in res.solution.routes for loc in r.visits)
    # The cheapest type (t69) may not serve B: A rides t69, B the cheapest allowed type t68, or both t68.
    assert evaluate(res).feasible
    with pytest.raises(ValueError, match="vehicle type 't64': at most 64 vehicle types may have forbidden clients"):
        build(fleet(set(range(65))))


def test_unavoidable_violation_is_reported_as_infeasible():
    """B may only ride the van, and no van is available: the plan must break a restriction or leave B out.
    The solve ends normally with an infeasible plan that the evaluator confirms (no crash, no hang), and
    the annealing does not degenerate (the plan for A is still the optimum)."""
    xs = [0, 10, 12]
    matrix = np.array([[abs(a - b) for b in xs] for a in xs], dtype=np.int64)
    clients = [mr.Client("A", 10, 0, 0, [1]), mr.Client("B", 12, 0, 0, [1])]
    types = [mr.VehicleType("truck", [10], num_available=2, fixed_cost=10, forbidden_clients=["B"]),
             mr.VehicleType("van", [10], num_available=0, fixed_cost=100)]
    data = mr.ProblemData("stuck", ["kg"], [mr.Depot("p", 0, 0)], clients, types, [mr.Period("d")], matrix, matrix)
    res = mr.solve(data, max_iterations=300, seed=2)
    assert not res.feasible
    ev = evaluate(res)
    assert not ev.feasible and any("may not serve client 'B'" in p for p in ev.problems)
    assert res.solution.access_violations == 1


def test_vehicle_exchange_removes_an_access_violation():
    """Limited fleet, one vehicle of each type, east and west routes that cannot mix (the depot closes
    too early for a route visiting both): the east route has a client the semi may not serve. Only
    exchanging the two routes' vehicles makes the plan feasible."""
    xs = [0, 10, 10, 11, -10, -10]
    ys = [0, 0, 1, 0, 0, 1]
    n = len(xs)
    dist = np.array([[round(10 * ((xs[i] - xs[j]) ** 2 + (ys[i] - ys[j]) ** 2) ** 0.5) for j in range(n)]
                     for i in range(n)], dtype=np.int64)
    clients = [mr.Client(str(i), xs[i], ys[i], 0, [1]) for i in range(1, n)]
    types = [mr.VehicleType("semi", [5], num_available=1, forbidden_clients=["2"]),
             mr.VehicleType("rigid", [5], num_available=1)]
    data = mr.ProblemData("exchange", ["demand"], [mr.Depot("0", 0, 0, TW(0, 250))], clients, types,
                          [mr.Period("d")], dist, dist)  # fmt: skip
    start = _core.Solution(data, [_core.SolutionRoute(data, [1, 2, 3], 0), _core.SolutionRoute(data, [4, 5], 1)])
    assert start.access_violations == 1
    penalties = _core.CostEvaluator([100], 100)
    improved = _core.SearchPieces(data, mr.AlnsParams()).local_search(start, penalties, seed=1)
    assert improved.is_feasible() and improved.access_violations == 0
    assert {r.vehicle_type: sorted(r.visits) for r in improved.routes} == {1: [1, 2, 3], 0: [4, 5]}
    assert improved.penalised_cost(data, penalties) == improved.cost <= start.cost
