"""VROOM-style JSON problems, and VRPLIB .sol output.

The reader is checked against VROOM's own cost definition (fixed + per_hour * travel time / 3600 +
per_km * distance / 1000, or a costs matrix), recomputed by hand here from the raw JSON; on tiny problems
the solver must reach the optimum found by enumeration.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest
import vrplib

import milkrun as mr
from milkrun.cli import main
from milkrun.eval import evaluate
from milkrun.io import InstanceError, detect_format, parse_vroom
from milkrun.io.vrplib import write_vrplib_solution
from milkrun.io.vroom import COST_SCALE

DUR = [[0, 10, 20, 30], [10, 0, 15, 25], [20, 15, 0, 12], [30, 25, 12, 0]]


def tiny() -> dict:
    return {
        "vehicles": [{"id": 1, "start_index": 0, "end_index": 0, "capacity": [4], "time_window": [0, 1000]},
                     {"id": 2, "start_index": 0, "end_index": 0, "capacity": [4], "time_window": [0, 1000]}],
        "jobs": [{"id": 10, "location_index": 1, "service": 5, "pickup": [2]},
                 {"id": 11, "location_index": 2, "service": 5, "pickup": [2], "time_windows": [[0, 50]]},
                 {"id": 12, "location_index": 3, "service": 5, "delivery": [3]}],
        "matrices": {"car": {"durations": [list(row) for row in DUR]}},
    }


def vroom_cost(doc: dict, plan: list[tuple[int, list[int]]]) -> float | None:
    """VROOM's cost of a plan (vehicle index, job indices), or None if infeasible (capacity, windows,
    skills), computed from the raw document."""
    total = 0.0
    jobs, vehicles = doc["jobs"], doc["vehicles"]
    for v_idx, route in plan:
        if not route:
            continue
        v = vehicles[v_idx]
        m = doc["matrices"][v.get("profile", "car")]
        speed = v.get("speed_factor", 1.0)
        costs = v.get("costs", {})
        per_hour, per_km, fixed = costs.get("per_hour", 3600), costs.get("per_km", 0), costs.get("fixed", 0)
        dims = len(v.get("capacity", []))
        load = [sum(jobs[j].get("delivery", [0] * dims)[d] for j in route) for d in range(dims)]
        if any(load[d] > v["capacity"][d] for d in range(dims)):
            return None
        time = v.get("time_window", [0, 10**12])[0] * 100  # hundredths of a second, as VROOM
        time_factor = round(100 / speed)
        cost_factor = round(100 * per_hour / speed)

        def arc(a: int, b: int) -> float:
            if "costs" in m:
                return m["costs"][a][b]
            return m["durations"][a][b] * cost_factor / 360_000 + per_km * m.get("distances", DUR)[a][b] / 1000

        prev = v["start_index"]
        for j in route:
            job = jobs[j]
            if not set(job.get("skills", [])) <= set(v.get("skills", [])):
                return None
            loc = job["location_index"]
            total += arc(prev, loc)
            time += m["durations"][prev][loc] * time_factor
            start, end = job.get("time_windows", [[0, 10**12]])[0]
            time = max(time, start * 100)
            if time > end * 100:
                return None
            time += (job.get("service", 0) + job.get("setup", 0)) * 100
            for d in range(dims):
                load[d] += job.get("pickup", [0] * dims)[d] - job.get("delivery", [0] * dims)[d]
                if load[d] > v["capacity"][d]:
                    return None
            prev = loc
        total += arc(prev, v["end_index"])
        time += m["durations"][prev][v["end_index"]] * time_factor
        if time > v.get("time_window", [0, 10**12])[1] * 100:
            return None
        total += fixed
    return total


def brute_force(doc: dict) -> float:
    """The cheapest feasible plan: every job order split over the vehicles."""
    n, k = len(doc["jobs"]), len(doc["vehicles"])
    best = None
    for order in itertools.permutations(range(n)):
        for cuts in itertools.combinations_with_replacement(range(n + 1), k - 1):
            bounds = [0, *cuts, n]
            plan = [(v, list(order[bounds[v]:bounds[v + 1]])) for v in range(k)]
            cost = vroom_cost(doc, plan)
            if cost is not None and (best is None or cost < best):
                best = cost
    assert best is not None
    return best


def _plan_of(data, result) -> list[tuple[int, list[int]]]:
    """The solver's plan as (a vehicle index of the route's type, job indices) for vroom_cost."""
    return [(0, [v - data.num_depots for v in r.visits]) for r in result.solution.routes]


def test_tiny_problem_reaches_the_enumerated_optimum(tmp_path):
    doc = tiny()
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(doc))
    assert detect_format(path) == "vroom"
    data = mr.read(path)
    assert data.num_clients == 3 and [(t.name, t.num_available) for t in data.vehicle_types] == [("vehicles 1, 2", 2)]
    res = mr.solve(data, max_iterations=300, seed=1)
    assert res.feasible and res.cost == brute_force(doc) == 67
    assert vroom_cost(doc, _plan_of(data, res)) == res.cost
    assert res.to_dict()["routes"][0]["visits"] in ([12, 11, 10], [10, 11, 12][::-1])  # job ids


@pytest.mark.parametrize("seed", range(5))
def test_random_problems_cost_as_vroom_computes(seed):
    """Mixed vehicles (costs per hour and per km, fixed costs, speed factors, skills), jobs with pickups,
    deliveries and windows: the reported cost equals VROOM's cost recomputed from the JSON, and tiny ones
    reach the enumerated optimum."""
    rng = np.random.default_rng(seed)
    n_jobs = 5
    size = 3 + n_jobs
    xy = rng.uniform(0, 100, (size, 2))
    dist = np.rint(np.hypot(*(xy[:, None] - xy[None]).transpose(2, 0, 1)) * 10).astype(int)
    dur = np.rint(dist * rng.uniform(0.8, 1.2)).astype(int)
    vehicles = []
    for v in range(2):
        vehicles.append({"id": v + 1, "start_index": v, "end_index": 2, "capacity": [int(rng.integers(12, 18)), 20],
                         "time_window": [0, 4000], "skills": [1] if v == 0 else [1, 2],
                         "speed_factor": float(rng.choice([1.0, 1.25, 1.5])),
                         "costs": {"fixed": int(rng.integers(0, 300)), "per_hour": int(rng.integers(1800, 7200)),
                                   "per_km": int(rng.integers(0, 500))}})
    jobs = []
    for j in range(n_jobs):
        job = {"id": 100 + j, "location_index": 3 + j, "service": int(rng.integers(0, 60)),
               "pickup": [int(rng.integers(0, 5)), int(rng.integers(0, 5))],
               "delivery": [int(rng.integers(0, 3)), 0]}
        if rng.random() < 0.4:
            start = int(rng.integers(0, 1500))
            job["time_windows"] = [[start, start + 1500]]
        if rng.random() < 0.3:
            job["skills"] = [2]
        jobs.append(job)
    doc = {"vehicles": vehicles, "jobs": jobs,
           "matrices": {"car": {"durations": dur.tolist(), "distances": dist.tolist()}}}
    data = parse_vroom(doc)
    res = mr.solve(data, max_iterations=500, seed=seed)
    assert evaluate(res).cost == res.solution.cost
    if not res.feasible:
        pytest.skip("random problem without a feasible plan")
    type_vehicle = {t: int(data.vehicle_types[t].name.split()[-1]) - 1 for t in range(data.num_vehicle_types)}
    plan = [(type_vehicle[r.vehicle_type], [v - data.num_depots for v in r.visits]) for r in res.solution.routes]
    assert vroom_cost(doc, plan) == pytest.approx(res.cost, abs=1e-6)
    assert res.cost == pytest.approx(brute_force(doc), abs=1e-6)


def test_legacy_amount_is_a_delivery():
    doc = tiny()
    doc["jobs"][2] = {"id": 12, "location_index": 3, "service": 5, "amount": [3]}
    data = parse_vroom(doc)
    assert list(data.clients[2].delivery) == [3] and list(data.clients[2].pickup) == [0]
    doc["jobs"][2]["pickup"] = [1]  # with pickup or delivery given, amount is not read
    assert list(parse_vroom(doc).clients[2].delivery) == [0]


def test_costs_matrix_is_used():
    doc = tiny()
    doc["matrices"]["car"]["costs"] = [[0, 1, 1, 1], [1, 0, 1, 9], [1, 1, 0, 1], [1, 9, 1, 0]]
    res = mr.solve(parse_vroom(doc), max_iterations=200, seed=1)
    assert res.feasible and res.cost == brute_force(doc)


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (lambda d: d.update(shipments=[{"pickup": {}, "delivery": {}}]), "$.shipments", "not supported"),
        (lambda d: d["vehicles"][0].update(breaks=[{"id": 1}]), "$.vehicles[0].breaks", "not supported"),
        (lambda d: d.pop("matrices"), "$", "no matrices"),
        (lambda d: d["jobs"][1].update(location_index=9), "$.jobs[1].location_index", "outside"),
        (lambda d: d["vehicles"][1].pop("end_index"), "$.vehicles[1].end_index", "open routes"),
        (lambda d: d["jobs"][0].update(time_windows=[[0, 5], [9, 20]]), "$.jobs[0].time_windows", "one window"),
        (lambda d: d["vehicles"][0].pop("capacity"), "$.vehicles[0].capacity", "missing"),
        (lambda d: d["jobs"][2].update(id=10), "$.jobs[2].id", "duplicate job id"),
        (lambda d: d["jobs"][0].update(pickup=[1, 2]), "$.vehicles[0].capacity", "has 1 values"),
        (lambda d: d["matrices"]["car"]["durations"][1].__setitem__(2, -3), "$.matrices.car.durations[1][2]",
         "non-negative"),
        (lambda d: d["vehicles"][0].update(profile="truck"), "$.vehicles[0].profile", "no matrices for profile"),
        (lambda d: d["jobs"][0].update(service=1.5), "$.jobs[0].service", "whole number"),
        (lambda d: d["vehicles"][0].update(costs={"fixed": 10**8}), "$.vehicles[0].costs.fixed", "too large"),
        (lambda d: d["matrices"]["car"].update(costs=[[5124095576031] * 4] * 4), "$.matrices.car.costs",
         "too large"),
        (lambda d: (d["matrices"].update(bike={"durations": [[0] * 5] * 5}),
                    d["vehicles"][1].update(profile="bike", start_index=4)), "$.vehicles[1].start_index", "outside"),
    ],
)
def test_unsupported_or_bad_input_names_the_path(change, path, message):
    doc = tiny()
    change(doc)
    with pytest.raises(InstanceError) as info:
        parse_vroom(doc)
    assert info.value.field == path and message in str(info.value)


def test_cli_solves_vroom_and_writes_vrplib_sol(tmp_path, capsys):
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(tiny()))
    sol = tmp_path / "tiny.sol"
    assert main(["solve", str(path), "--max-iterations", "200", "--sol", str(sol), "-q"]) == 0
    parsed = vrplib.read_solution(str(sol))
    assert parsed["cost"] == 67
    assert sorted(v for route in parsed["routes"] for v in route) == [1, 2, 3]


def test_vrplib_sol_round_trip_on_a_benchmark_style_file(tmp_path):
    example = Path(__file__).resolve().parents[2] / "instances" / "example_solomon_25.txt"
    data = mr.read(example)
    res = mr.solve(data, max_iterations=300, seed=1)
    out = tmp_path / "example.sol"
    write_vrplib_solution(res, out)
    parsed = vrplib.read_solution(str(out))
    assert parsed["routes"] == [list(r.visits) for r in res.solution.routes if len(r.visits)]
    assert parsed["cost"] == pytest.approx(res.cost)
    week = mr.io.parse_milkrun(Path(__file__).resolve().parents[2] / "instances" / "week_40_suppliers.json").data
    with pytest.raises(ValueError, match="hold one day"):
        write_vrplib_solution(mr.solve(week, max_iterations=1), tmp_path / "week.sol")
