"""The search on multi-trip instances: it adds reload stops where a truck must return to unload (the only
feasible plans need them), keeps to max_reloads and the fleet, returns plans the independent evaluator
agrees with (solve's own check runs), and is deterministic under an iteration limit; on the MTVRPTWR
benchmark files it finds feasible plans within the fleet.
"""

from __future__ import annotations

import numpy as np
import pytest

import milkrun as mr
from milkrun.bks import instances_dir
from milkrun.eval import evaluate
from milkrun.io import read_vrplib

TW = mr.TimeWindow
SHARED = instances_dir()
MTVRPTWR = SHARED / "pyvrp_MTVRPTWR" if SHARED is not None else None


def line(num_clients: int, types: list[mr.VehicleType], release=None) -> mr.ProblemData:
    """The plant at 0, clients c1..cn at 10, 20, ..., each loading 1; distance and time |a - b|."""
    pos = np.array([0] + [10 * (k + 1) for k in range(num_clients)], dtype=np.int64)
    matrix = np.abs(pos[:, None] - pos[None, :])
    release = release or [0] * num_clients
    clients = [mr.Client(f"c{k + 1}", float(pos[k + 1]), 0, 0, [1], release_time=release[k])
               for k in range(num_clients)]
    return mr.ProblemData("line", ["kg"], [mr.Depot("plant", 0, 0, TW(0, 10_000))], clients, types,
                          [mr.Period("p0")], matrix, matrix)


def test_one_truck_makes_the_trips_it_needs():
    """One truck of capacity 2 for four clients at 10..40: two trips are needed; the best is {c1, c2} then
    {c3, c4} (40 + 80 = 120; the other splits cost 140). Without reloads there is no feasible plan."""
    data = line(4, [mr.VehicleType("truck", [2], num_available=1, reload_depots=[0])])
    result = mr.solve(data, max_iterations=200, seed=1)
    assert result.feasible and result.cost == 120
    (route,) = result.solution.routes
    assert route.num_trips == 2 and sorted(map(sorted, result.routes[0].trips)) == [["c1", "c2"], ["c3", "c4"]]

    single = mr.solve(line(4, [mr.VehicleType("truck", [2], num_available=1)]), max_iterations=200, seed=1)
    assert not single.feasible


def test_max_reloads_is_kept():
    """Capacity 1, six clients, two trucks of at most two reload stops each: three trips per truck exactly."""
    data = line(6, [mr.VehicleType("truck", [1], num_available=2, reload_depots=[0], max_reloads=2)])
    result = mr.solve(data, max_iterations=300, seed=2)
    assert result.feasible
    assert sorted(r.num_trips for r in result.solution.routes) == [3, 3]


def test_release_times_order_the_trips():
    """Capacity 2 and one truck; c3 and c4 are released at 500: they ride on the trip after the reload stop,
    which leaves at 500 (the first trip leaves at 455 to be back in time: no waiting in the duration)."""
    data = line(4, [mr.VehicleType("truck", [2], num_available=1, reload_depots=[0])], release=[0, 0, 500, 500])
    result = mr.solve(data, max_iterations=200, seed=3)
    assert result.feasible and result.routes[0].trips[-1] in (["c3", "c4"], ["c4", "c3"])
    route = result.solution.routes[0]
    assert route.start_time == 500 - 40 and route.duration == 120


@pytest.mark.skipif(MTVRPTWR is None, reason="shared benchmark folder not found")
@pytest.mark.parametrize("name", ["C201R0.25", "R202R0.5", "RC203R0.75"])
def test_mtvrptwr_instances(name):
    """Feasible within the fleet at 300 iterations, the evaluator agreeing (solve checks it), the same plan
    again with the same seed, and within 10 % of the best known cost."""
    data = read_vrplib(MTVRPTWR / f"{name}.vrp")
    first = mr.solve(data, max_iterations=300, seed=4)
    again = mr.solve(data, max_iterations=300, seed=4)
    assert first.feasible and evaluate(first).feasible
    assert len(first.solution.routes) <= data.vehicle_types[0].num_available
    assert [list(r.visits) for r in first.solution.routes] == [list(r.visits) for r in again.solution.routes]
    best = int((MTVRPTWR / f"{name}.sol").read_text().split("Cost:")[1].split()[0])
    assert first.solution.cost <= 1.10 * best


def test_reload_stop_at_another_plant_before_the_first_client():
    """The truck's home is at 0; it may reload only at plant B (at 100); client c at 101 is released at 200
    and due by 210. The only feasible plan drives to B first (an empty trip), leaves B at 200 and reaches c
    at 201. Started from that plan the search keeps the stop (it is a real stop, not an empty trip at the
    same depot), and the plan stays feasible."""
    pos = np.array([0, 100, 101], dtype=np.int64)
    matrix = np.abs(pos[:, None] - pos[None, :])
    data = mr.ProblemData(
        "two plants", ["kg"], [mr.Depot("home", 0, 0, TW(0, 1000)), mr.Depot("B", 100, 0, TW(0, 1000))],
        [mr.Client("c", 101, 0, 0, [1], time_windows=[TW(0, 210)], release_time=200)],
        [mr.VehicleType("truck", [5], num_available=1, reload_depots=[1])], [mr.Period("p0")], matrix, matrix)
    start = mr.Solution(data, [mr.SolutionRoute(data, [1, 2], 0, 0)])
    assert start.is_feasible()
    result = mr.solve(data, max_iterations=20, seed=1, initial=start)
    assert result.feasible and [list(r.visits) for r in result.solution.routes] == [[1, 2]]
    assert not mr.SolutionRoute(data, [2], 0, 0).is_feasible()  # without it: 90 late


def test_initial_plan_keeps_its_reload_stops_and_drops_forbidden_ones():
    """An initial plan's reload stops are kept where the type may make them; a stop at a depot it may not
    use is left out when the search takes the plan (it could not represent it), so the result is feasible."""
    data = line(4, [mr.VehicleType("truck", [2], num_available=1, reload_depots=[0])])
    start = mr.Solution(data, [mr.SolutionRoute(data, [1, 2, 0, 3, 4], 0, 0)])
    result = mr.solve(data, max_iterations=0, seed=1, initial=start)
    assert result.feasible and result.solution.routes[0].num_trips == 2

    two = mr.ProblemData(
        "line2", ["kg"], [mr.Depot("plant", 0, 0, TW(0, 10_000)), mr.Depot("other", 0, 0, TW(0, 10_000))],
        list(data.clients), [mr.VehicleType("truck", [4], num_available=1, reload_depots=[0])], [mr.Period("p0")],
        np.pad(data.distance_matrix(), ((1, 0), (1, 0)), mode="edge").astype(np.int64),
        np.pad(data.duration_matrix(), ((1, 0), (1, 0)), mode="edge").astype(np.int64))
    start = mr.Solution(two, [mr.SolutionRoute(two, [2, 1, 3, 4, 5], 0, 0)])  # a stop at "other": not allowed
    assert start.routes[0].access_violations == 1
    result = mr.solve(two, max_iterations=0, seed=1, initial=start)
    assert result.feasible and result.solution.routes[0].num_reloads == 0
