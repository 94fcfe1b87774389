"""Tests of the solver API: milkrun.solve, the ALNS parameters, and the results it returns.

Properties: determinism for a fixed seed and iteration limit; every plan returned is complete and
agrees with the independent Numba evaluator (milkrun.eval); parameters and arguments are validated
with ValueError naming the field; data the single-period engine does not handle is rejected; the
result document and the search history have the promised shape.
"""

from __future__ import annotations

import json
import math
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

import milkrun as mr
from milkrun import _core
from milkrun.bks import instances_dir
from milkrun.eval import evaluate
from milkrun.io import read_solomon

TW = mr.TimeWindow
EXAMPLE = Path(__file__).resolve().parents[2] / "instances" / "example_solomon_25.txt"
SHARED = instances_dir()
SOLOMON = SHARED / "solomon" if SHARED is not None else None


def random_instance(seed: int, num_clients: int = 30) -> mr.ProblemData:
    """A random single-period instance with a mixed fleet: two vehicle types with different capacities
    and costs (the cheap one has too few vehicles, the other has a duration cost, a maximum duration
    and a different end depot), two capacity dimensions, release times and one time window per
    client. Generous windows keep it feasible."""
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0, 100, size=(2 + num_clients, 2))
    diff = xy[:, None, :] - xy[None, :, :]
    matrix = np.rint(np.hypot(diff[..., 0], diff[..., 1])).astype(np.int64)
    clients = []
    for i in range(num_clients):
        early = int(rng.integers(0, 700))
        clients.append(
            mr.Client(
                str(i + 1), *xy[2 + i], int(rng.integers(5, 15)), [int(v) for v in rng.integers(1, 20, 2)],
                time_windows=[TW(early, early + int(rng.integers(60, 300)))],
                release_time=int(rng.integers(0, 50)),
            )
        )  # fmt: skip
    depots = [mr.Depot("plant", *xy[0], TW(0, 1500)), mr.Depot("dock", *xy[1], TW(0, 1500))]
    types = [
        mr.VehicleType("small", [50, 50], num_available=4, fixed_cost=100),
        mr.VehicleType("big", [120, 90], num_available=3, fixed_cost=250, unit_distance_cost=2,
                       unit_duration_cost=1, end_depot=1, max_duration=900),
    ]  # fmt: skip
    return mr.ProblemData(f"random{seed}", ["kg", "m3"], depots, clients, types, [mr.Period("day")], matrix, matrix)


def plan_of(result: mr.Result) -> list[tuple[list[int], int, int]]:
    return [(list(r.visits), r.vehicle_type, r.period) for r in result.solution.routes]


def assert_agrees_with_evaluator(result: mr.Result) -> None:
    """The evaluator's totals and per-route statistics equal the C++ ones, and so does feasibility."""
    ev = evaluate(result)
    sol = result.solution
    assert (ev.distance, ev.duration, ev.time_warp, ev.cost) == (sol.distance, sol.duration, sol.time_warp, sol.cost)
    assert (ev.fixed_cost, ev.distance_cost, ev.duration_cost) == (sol.fixed_cost, sol.distance_cost, sol.duration_cost)
    assert ev.excess_load.tolist() == list(sol.excess_load)
    assert ev.feasible == sol.is_feasible(), ev.problems
    assert ev.unassigned == list(sol.unassigned)
    for k, route in enumerate(sol.routes):
        assert ev.route_distance[k] == route.distance
        assert ev.route_duration[k] == route.duration
        assert ev.route_time_warp[k] == route.time_warp
        assert ev.route_max_load[k].tolist() == list(route.max_load)
        assert ev.route_cost[k] == route.cost


@pytest.fixture(scope="module")
def example() -> mr.ProblemData:
    return read_solomon(EXAMPLE)


# --------------------------------------------------------------------------------------------------
# (a) Determinism
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("instance", ["example", "random"])
def test_same_seed_same_plan(example, instance):
    """The same data, seed and max_iterations give identical routes, cost, history and operator
    statistics, run after run."""
    data = example if instance == "example" else random_instance(1)
    runs = [mr.solve(data, max_iterations=150, seed=7) for _ in range(2)]
    first, second = runs
    assert plan_of(first) == plan_of(second)
    assert first.cost == second.cost and first.iterations == second.iterations == 150
    assert [(it, c) for _, it, c in first.history] == [(it, c) for _, it, c in second.history]
    assert first.operator_stats == second.operator_stats


def test_different_seeds_give_valid_plans():
    """Different seeds may give different plans (not required), but each is complete and evaluated
    identically by the Numba evaluator."""
    data = random_instance(2)
    for seed in (0, 1, 12345):
        result = mr.solve(data, max_iterations=60, seed=seed)
        assert result.solution.is_complete()
        assert_agrees_with_evaluator(result)


def test_mixed_fleet_random_instances_agree_with_evaluator():
    """On random mixed-fleet instances (two types, two dimensions, release times, an end depot other
    than the start) the solver's plan is complete, feasible and agrees with the evaluator. The small
    type has too few vehicles, so the plans use both types."""
    for seed in range(3):
        result = mr.solve(random_instance(10 + seed), max_iterations=100, seed=seed)
        assert {route.vehicle_type for route in result.solution.routes} == {0, 1}
        assert result.solution.is_complete()
        assert result.feasible, evaluate(result).problems
        assert_agrees_with_evaluator(result)


# --------------------------------------------------------------------------------------------------
# (b) Every Solomon instance: the evaluator agrees with the C++ statistics
# --------------------------------------------------------------------------------------------------


@pytest.mark.shared
@pytest.mark.skipif(SOLOMON is None or not SOLOMON.is_dir(), reason="needs ../shared/instances/solomon")
def test_every_solomon_instance_short_solve_agrees_with_evaluator():
    """Each Solomon instance solved for 30 iterations gives a complete plan; the evaluator accepts it
    as feasible, or (if infeasible) reports the same statistics; distance, cost and time warp always
    equal the C++ values."""
    files = sorted(SOLOMON.glob("*.txt"))
    assert len(files) >= 56
    for path in files:
        result = mr.solve(read_solomon(path), max_iterations=30, seed=0)
        assert result.solution.is_complete(), path.name
        ev = evaluate(result)
        sol = result.solution
        assert (ev.distance, ev.cost, ev.time_warp) == (sol.distance, sol.cost, sol.time_warp), path.name
        if sol.is_feasible():
            assert ev.feasible, (path.name, ev.problems)
        else:
            assert not ev.feasible, path.name
            assert_agrees_with_evaluator(result)


# --------------------------------------------------------------------------------------------------
# (c) AlnsParams
# --------------------------------------------------------------------------------------------------


def test_default_operators_are_available():
    """Every operator and the acceptance criterion of the defaults is a registered name."""
    params = mr.default_params()
    assert {name for name, _ in params.destroy_operators} <= set(_core.available_destroy_operators())
    assert {name for name, _ in params.repair_operators} <= set(_core.available_repair_operators())
    assert set(params.local_search_operators) <= set(_core.available_local_search_operators())
    assert params.acceptance in _core.available_acceptance_criteria()
    assert all(weight > 0 for _, weight in params.destroy_operators + params.repair_operators)
    params.validate()


def test_default_params_are_fresh_objects():
    """default_params() returns a new object each time: changing one does not change the next."""
    params = mr.default_params()
    params.destroy_operators = [("random", 1.0)]
    params.min_remove = 2
    fresh = mr.default_params()
    assert len(fresh.destroy_operators) > 1 and fresh.min_remove != 2


def test_single_operator_lists(example):
    """Solving with only ('random', 1.0) destroy and ('greedy', 1.0) repair works and uses exactly
    these operators, every iteration."""
    params = mr.default_params()
    params.destroy_operators = [("random", 1.0)]
    params.repair_operators = [("greedy", 1.0)]
    assert params.destroy_operators == [("random", 1.0)] and params.repair_operators == [("greedy", 1.0)]
    result = mr.solve(example, max_iterations=50, seed=3, params=params)
    assert result.feasible
    names = [(s["family"], s["name"]) for s in result.operator_stats]
    assert names == [("destroy", "random"), ("repair", "greedy")]
    assert all(s["selected"] == 50 for s in result.operator_stats)


def test_every_available_operator_runs(example):
    """Each registered destroy and repair operator, and each local search operator, runs alone."""
    for name in _core.available_destroy_operators():
        params = mr.default_params()
        params.destroy_operators = [(name, 1.0)]
        assert mr.solve(example, max_iterations=10, seed=1, params=params).solution.is_complete(), name
    for name in _core.available_repair_operators():
        params = mr.default_params()
        params.repair_operators = [(name, 1.0)]
        assert mr.solve(example, max_iterations=10, seed=1, params=params).solution.is_complete(), name
    params = mr.default_params()
    params.local_search_operators = _core.available_local_search_operators()
    assert mr.solve(example, max_iterations=10, seed=1, params=params).solution.is_complete()


def test_weights_change_selection(example):
    """Operator weights are used: a tiny weight next to a large one is selected far less often."""
    params = mr.default_params()
    params.destroy_operators = [("random", 100.0), ("worst", 0.01)]
    params.reaction_factor = 0.0  # keep the initial weights
    result = mr.solve(example, max_iterations=100, seed=5, params=params)
    selected = {s["name"]: s["selected"] for s in result.operator_stats if s["family"] == "destroy"}
    assert selected["random"] > 90 and selected["random"] + selected["worst"] == 100


def _set(**fields):
    def change(params):
        for name, value in fields.items():
            setattr(params, name, value)

    return change


INVALID_PARAMS = [
    ("unknown destroy", _set(destroy_operators=[("random", 1.0), ("nope", 1.0)]),
     r"destroy_operators: unknown operator 'nope'"),
    ("unknown repair", _set(repair_operators=[("magic", 1.0)]), r"repair_operators: unknown operator 'magic'"),
    ("unknown local search", _set(local_search_operators=["relocate", "3opt"]),
     r"local_search_operators: unknown operator '3opt'"),
    ("no destroy operators", _set(destroy_operators=[]), r"destroy_operators: at least one operator"),
    ("zero weight", _set(destroy_operators=[("random", 0.0)]),
     r"destroy_operators: weight of 'random' must be positive"),
    ("negative weight", _set(repair_operators=[("greedy", -1.0)]),
     r"repair_operators: weight of 'greedy' must be positive"),
    ("nan weight", _set(repair_operators=[("greedy", math.nan)]), r"repair_operators: weight of 'greedy'"),
    ("infinite weight", _set(destroy_operators=[("random", math.inf)]), r"destroy_operators: weight of 'random'"),
    ("min_remove above max_remove", _set(min_remove=10, max_remove=5), r"min_remove/max_remove: .* got 10 and 5"),
    ("min_remove zero", _set(min_remove=0), r"min_remove/max_remove"),
    ("unknown acceptance", _set(acceptance="great_deluge"), r"acceptance: unknown criterion 'great_deluge'"),
    ("max_remove_fraction above 1", _set(max_remove_fraction=1.5),
     r"max_remove_fraction: must be in \[0, 1\], got 1.5"),
    ("split_rate negative", _set(split_rate=-0.1), r"split_rate: must be in \[0, 1\], got -0.1"),
    ("split_depth nan", _set(split_depth=math.nan), r"split_depth: must be a finite number, got nan"),
    ("blink_rate above 1", _set(blink_rate=2.0), r"blink_rate: must be in \[0, 1\], got 2"),
    ("reaction_factor above 1", _set(reaction_factor=1.1), r"reaction_factor: must be in \[0, 1\]"),
    ("target_feasible negative", _set(target_feasible=-0.5), r"target_feasible: must be in \[0, 1\]"),
    ("num_neighbours zero", _set(num_neighbours=0), r"num_neighbours: must be at least 1"),
    ("max_string_length zero", _set(max_string_length=0), r"max_string_length: must be at least 1"),
    ("three scores", _set(scores=[1.0, 2.0, 3.0]), r"scores: need 4 values .* got 3"),
    ("segment_length zero", _set(segment_length=0), r"segment_length: must be at least 1"),
    ("min_weight zero", _set(min_weight=0.0), r"min_weight: must be positive"),
    ("end temperature above start", _set(start_temperature=0.01, end_temperature=0.1),
     r"start_temperature/end_temperature"),
    ("negative threshold", _set(start_threshold=-0.1), r"start_threshold/end_threshold"),
    ("penalty_increase below 1", _set(penalty_increase=0.5), r"penalty_increase must be in \[1, 10\]"),
    ("penalty_decrease zero", _set(penalty_decrease=0.0), r"penalty_decrease in \(0, 1\]"),
    ("penalty_increase huge", _set(penalty_increase=1e12), r"penalty_increase must be in \[1, 10\]"),
    ("blink_rate one", _set(blink_rate=1.0), r"blink_rate: must be below 1"),
    ("repair_booster huge", _set(repair_booster=1e12), r"repair_booster: must be in \[1, 1000\]"),
    ("repair_probability above 1", _set(repair_probability=1.5), r"repair_probability: must be in \[0, 1\]"),
    ("max_remove_share above 1", _set(max_remove_share=1.5), r"max_remove_share: must be in \[0, 1\], got 1.5"),
    ("min_remove_share above max", _set(min_remove_share=0.2, max_remove_share=0.1),
     r"min_remove_share/max_remove_share: need min <= max"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "change", "message"), INVALID_PARAMS, ids=[c[0] for c in INVALID_PARAMS])
def test_invalid_params(example, case, change, message):
    """An invalid parameter raises ValueError naming the field, from validate() and from solve()."""
    params = mr.default_params()
    change(params)
    with pytest.raises(ValueError, match=message):
        params.validate()
    with pytest.raises(ValueError, match=message):
        mr.solve(example, max_iterations=1, params=params)


# --------------------------------------------------------------------------------------------------
# (d) Arguments of milkrun.solve
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, r"give a time_limit \(seconds\) or max_iterations"),
        ({"seed": 3}, r"give a time_limit \(seconds\) or max_iterations"),
        ({"time_limit": -1.0}, r"time_limit must be a positive number of seconds, got -1.0"),
        ({"time_limit": 0}, r"time_limit must be a positive number of seconds, got 0"),
        ({"time_limit": math.nan}, r"time_limit must be a positive number of seconds, got nan"),
        ({"time_limit": math.inf}, r"time_limit must be a positive number of seconds, got inf"),
        ({"max_iterations": -5}, r"max_iterations must be an integer in \[0, \d+\], got -5"),
        ({"max_iterations": 2.5}, r"max_iterations must be an integer in \[0, \d+\], got 2.5"),
        ({"max_iterations": 5, "seed": -1}, r"seed must be an integer in \[0, \d+\], got -1"),
        ({"max_iterations": 5, "seed": 1.5}, r"seed must be an integer in \[0, \d+\], got 1.5"),
    ],
    ids=["no limit", "seed only", "negative time", "zero time", "nan time", "infinite time",
         "negative iterations", "float iterations", "negative seed", "float seed"],
)  # fmt: skip
def test_solve_argument_errors(example, kwargs, message):
    """Bad solve arguments raise ValueError naming the argument and its value."""
    with pytest.raises(ValueError, match=message):
        mr.solve(example, **kwargs)


def test_seed_beyond_64_bits_is_a_value_error(example):
    """A seed that does not fit the engine's 64-bit seed raises ValueError naming the seed."""
    with pytest.raises(ValueError, match="seed"):
        mr.solve(example, max_iterations=1, seed=2**64)


def test_limits(example):
    """max_iterations bounds the iterations exactly (0 returns the constructed plan); a time limit
    alone stops the search once it has run out (the whole solve counts against it, so the search itself
    gets a little less; the bound above is loose: the machine may be busy)."""
    assert mr.solve(example, max_iterations=0).iterations == 0
    assert mr.solve(example, max_iterations=0).solution.is_complete()
    assert mr.solve(example, max_iterations=17).iterations == 17
    result = mr.solve(example, time_limit=0.05)
    assert result.iterations > 0 and 0.04 <= result.runtime < 10  # setup before the search counts too
    both = mr.solve(example, time_limit=30, max_iterations=12)
    assert both.iterations == 12 and both.runtime < 30


# --------------------------------------------------------------------------------------------------
# (e) Data the engines do not handle
# --------------------------------------------------------------------------------------------------


def _tiny(clients, periods) -> mr.ProblemData:
    n = 1 + len(clients)
    matrix = np.abs(np.arange(n)[:, None] - np.arange(n)[None, :])
    return mr.ProblemData("tiny", ["kg"], [mr.Depot("d", 0, 0)], clients, [mr.VehicleType("t", [10], 2)], periods,
                          matrix, matrix)  # fmt: skip


def test_two_periods_are_solved_by_the_periodic_engine():
    """Data with two periods goes to the multi-period engine (tests/alns/test_periodic.py)."""
    data = _tiny([mr.Client("a", 1, 0, 0, [1], frequency=2)], [mr.Period("mon"), mr.Period("tue")])
    result = mr.solve(data, max_iterations=5)
    assert result.feasible and sorted(route.period for route in result.solution.routes) == [0, 1]


def test_two_time_windows_are_rejected():
    """A client with two time windows raises ValueError naming the client."""
    data = _tiny(
        [mr.Client("a", 1, 0, 0, [1]), mr.Client("split", 2, 0, 0, [1], time_windows=[TW(0, 10), TW(20, 30)])],
        [mr.Period("mon")],
    )
    with pytest.raises(ValueError, match=r"client 'split': has 2 time windows"):
        mr.solve(data, max_iterations=5)


def test_trivial_instances():
    """No clients gives an empty feasible plan; one client gives one route."""
    empty = _tiny([], [mr.Period("mon")])
    result = mr.solve(empty, max_iterations=5)
    assert result.feasible and result.vehicles == 0 and result.cost == 0
    one = _tiny([mr.Client("a", 1, 0, 0, [1])], [mr.Period("mon")])
    result = mr.solve(one, max_iterations=5)
    assert result.feasible and plan_of(result) == [([1], 0, 0)] and result.cost == 2


def test_too_small_fleet_gives_an_infeasible_plan():
    """When the fleet cannot carry everything the solver still returns a plan within the available
    vehicles, reported infeasible (excess load, or clients left unassigned when there is no vehicle)."""
    clients = [mr.Client(f"c{i}", i + 1, 0, 0, [5]) for i in range(3)]  # 15 to carry
    line = np.abs(np.arange(4)[:, None] - np.arange(4)[None, :])
    one_truck = mr.ProblemData("one", ["kg"], [mr.Depot("d", 0, 0)], clients, [mr.VehicleType("t", [10], 1)],
                               [mr.Period("mon")], line, line)  # fmt: skip
    result = mr.solve(one_truck, max_iterations=20)
    assert result.vehicles == 1 and not result.feasible
    assert result.solution.is_complete() and list(result.solution.excess_load) == [5]
    assert_agrees_with_evaluator(result)
    no_truck = mr.ProblemData("none", ["kg"], [mr.Depot("d", 0, 0)], clients, [mr.VehicleType("t", [10], 0)],
                              [mr.Period("mon")], line, line)  # fmt: skip
    result = mr.solve(no_truck, max_iterations=20)
    assert result.vehicles == 0 and not result.feasible and result.unassigned == ["c0", "c1", "c2"]


# --------------------------------------------------------------------------------------------------
# (f) Record-to-record acceptance
# --------------------------------------------------------------------------------------------------


def test_record_to_record_acceptance(example):
    """With record_to_record acceptance the solver also returns a feasible plan."""
    params = mr.default_params()
    params.acceptance = "record_to_record"
    for data in (example, random_instance(4)):
        result = mr.solve(data, max_iterations=100, seed=2, params=params)
        assert result.feasible, evaluate(result).problems
        assert evaluate(result).feasible
        assert_agrees_with_evaluator(result)


# --------------------------------------------------------------------------------------------------
# (g) Result document
# --------------------------------------------------------------------------------------------------


def test_result_document(example):
    """to_dict() holds instance, feasible, cost, distance, vehicles and routes with period,
    vehicle_type and visits; visits are the client numbers of the file, each client exactly once."""
    result = mr.solve(example, max_iterations=50, seed=1)
    doc = result.to_dict()
    assert {"instance", "feasible", "cost", "distance", "vehicles", "routes"} <= doc.keys()
    assert doc["instance"] == "C101_25"
    assert doc["feasible"] is True
    assert doc["cost"] == pytest.approx(result.solution.cost / 10)
    assert doc["distance"] == pytest.approx(result.solution.distance / 10)
    assert doc["vehicles"] == len(doc["routes"]) == result.solution.num_routes
    visits = []
    for route in doc["routes"]:
        assert route["period"] == 0 and route["vehicle_type"] == "vehicle"
        assert all(isinstance(v, int) for v in route["visits"])
        visits += route["visits"]
    assert sorted(visits) == list(range(1, 26))
    # Location k is client number k in a Solomon file.
    assert [r["visits"] for r in doc["routes"]] == [list(r.visits) for r in result.solution.routes]
    assert json.loads(result.to_json()) == json.loads(json.dumps(doc))


# --------------------------------------------------------------------------------------------------
# (h) History
# --------------------------------------------------------------------------------------------------


def test_history_is_monotone():
    """The history of new best plans is non-decreasing in time and iteration and non-increasing in
    cost; its last cost is the result's cost."""
    data = random_instance(1, num_clients=40)
    result = mr.solve(data, max_iterations=300, seed=1)
    history = result.history
    assert len(history) >= 2
    times, iterations, costs = zip(*history)
    assert all(a <= b for a, b in zip(times, times[1:]))
    assert all(a <= b for a, b in zip(iterations, iterations[1:]))
    assert all(a >= b for a, b in zip(costs, costs[1:]))
    assert costs[-1] == pytest.approx(result.cost)


# --------------------------------------------------------------------------------------------------
# (i) Threads
# --------------------------------------------------------------------------------------------------


def test_threaded_solves(example):
    """Two solves in parallel threads both return valid plans, identical to the same solves run alone
    (the search shares no state between calls)."""
    data = random_instance(3)
    jobs = [(example, 4), (data, 5)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda job: mr.solve(job[0], max_iterations=80, seed=job[1]), jobs))
    for (inst, seed), result in zip(jobs, results):
        assert result.solution.is_complete()
        assert_agrees_with_evaluator(result)
        alone = mr.solve(inst, max_iterations=80, seed=seed)
        assert plan_of(result) == plan_of(alone) and result.cost == alone.cost


def _detour_data(num_available: int = 2) -> mr.ProblemData:
    """Plant and two suppliers 10 away from it but 100 apart (no triangle inequality): two routes cost
    40 in distance, one route costs 120."""
    matrix = np.array([[0, 10, 10], [10, 0, 100], [10, 100, 0]], dtype=np.int64)
    clients = [mr.Client("a", 1.0, 0.0, 0, [1]), mr.Client("b", -1.0, 0.0, 0, [1])]
    return mr.ProblemData(
        "detour", ["kg"], [mr.Depot("plant", 0.0, 0.0)], clients, [mr.VehicleType("truck", [10], num_available)],
        [mr.Period("day")], matrix, matrix,
    )  # fmt: skip


def test_objective_vehicles_minimises_routes_first():
    """objective='vehicles' prefers one route of distance 120 to two routes of distance 40, which the
    distance objective returns; both plans are feasible and checked by the evaluator."""
    data = _detour_data()
    by_distance = mr.solve(data, max_iterations=50, seed=1)
    assert (by_distance.vehicles, by_distance.distance) == (2, 40)
    by_vehicles = mr.solve(data, max_iterations=50, seed=1, objective="vehicles")
    assert (by_vehicles.vehicles, by_vehicles.distance) == (1, 120)
    assert by_vehicles.feasible


def test_objective_vehicles_is_deterministic(example):
    """The hierarchical objective with an iteration limit gives the same plan twice."""
    first = mr.solve(example, max_iterations=120, seed=4, objective="vehicles")
    second = mr.solve(example, max_iterations=120, seed=4, objective="vehicles")
    assert [r.visits for r in first.routes] == [r.visits for r in second.routes]
    assert first.iterations <= 120


def test_unknown_objective():
    """An unknown objective name raises ValueError naming it."""
    with pytest.raises(ValueError, match="objective must be one of distance, vehicles, got 'time'"):
        mr.solve(_detour_data(), max_iterations=1, objective="time")


def test_initial_solution_is_used_and_fitted_to_the_fleet():
    """A solve started from a given plan keeps it when no iteration runs (local search can only improve
    it), and a plan with more routes than the fleet gives the extra route's clients back for repair."""
    data = _detour_data(num_available=2)
    two_routes = mr.Solution(data, [mr.SolutionRoute(data, [1]), mr.SolutionRoute(data, [2])])
    kept = mr.solve(data, max_iterations=0, initial=two_routes)
    assert kept.distance == 40 and kept.vehicles == 2

    one_truck = data.with_vehicle_types([mr.VehicleType("truck", [10], 1)])
    fitted = mr.solve(one_truck, max_iterations=0, initial=two_routes)
    assert fitted.vehicles == 1 and fitted.feasible and sorted(fitted.routes[0].visits) == ["a", "b"]


def test_objective_vehicles_with_the_largest_seed(example):
    """The phases of the hierarchical objective derive their seeds without leaving the 64-bit range, and
    its history only lists improvements."""
    result = mr.solve(example, max_iterations=60, seed=2**64 - 1, objective="vehicles")
    costs = [cost for _, _, cost in result.history]
    assert result.feasible and costs == sorted(costs, reverse=True) and len(set(costs)) == len(costs)
