"""Infeasible input is reported with its reasons: clients no plan can serve, and what the plan violates."""

from pathlib import Path

import numpy as np
import pytest

import milkrun as mr
from milkrun import _core as c
from milkrun.diagnose import unservable_clients
from milkrun.generate import generate_network
from milkrun.io.milkrun_json import parse_milkrun

TRAVEL = np.array([[0, 10, 10, 30], [10, 0, 5, 20], [10, 5, 0, 20], [30, 20, 20, 0]])


def _data(clients, vehicle_types=None, periods=None, depot_window=c.TimeWindow(0, 100)):
    n = 1 + len(clients)
    return c.ProblemData("t", ["kg"], [c.Depot("plant", 0, 0, depot_window)], clients,
                         vehicle_types or [c.VehicleType("van", [5], num_available=2)],
                         periods or [c.Period("day")], TRAVEL[:n, :n], TRAVEL[:n, :n])


def test_a_window_closing_before_any_arrival_is_named_with_the_times():
    data = _data([c.Client("a", 1, 0, 1, [1]), c.Client("b", 2, 0, 1, [1], time_windows=[c.TimeWindow(0, 5)]),
                  c.Client("z", 3, 0, 1, [1])])
    assert unservable_clients(data) == {"b": "even alone: the earliest arrival (van) is 10, after its window closes at 5"}
    result = mr.solve(data, max_iterations=50)
    assert not result.feasible and result.unassigned == []  # served, late: the plan is complete but infeasible
    assert result.diagnosis[0] == "client b: even alone: the earliest arrival (van) is 10, after its window closes at 5"
    assert any("time warp" in line for line in result.diagnosis[1:])
    doc = result.to_dict()
    assert doc["diagnosis"] == result.diagnosis and doc["feasible"] is False


def test_a_return_after_the_plant_closes_and_a_too_long_route_are_named():
    late = _data([c.Client("a", 1, 0, 1, [1]), c.Client("b", 2, 0, 1, [1]),
                  c.Client("z", 3, 0, 50, [1], time_windows=[c.TimeWindow(40, 60)])])
    assert unservable_clients(late) == {
        "z": "even alone: the earliest return to the plant (van) is 120, after it closes at 100"}
    short = _data([c.Client("a", 1, 0, 1, [1]), c.Client("b", 2, 0, 1, [1]), c.Client("z", 3, 0, 1, [1])],
                  [c.VehicleType("van", [5], num_available=2, max_duration=50)])
    assert unservable_clients(short) == {
        "z": "even alone: the shortest route to it (van) takes 61, more than the maximum duration 50"}


def test_a_client_the_fleet_of_its_day_cannot_reach_is_unassigned_with_the_reason():
    # Two days; the van works on day one only, and client z must be visited on day two.
    clients = [c.Client("a", 1, 0, 1, [1], frequency=1, patterns=[0b01]),
               c.Client("b", 2, 0, 1, [1], frequency=1, patterns=[0b01]),
               c.Client("z", 3, 0, 1, [1], frequency=1, patterns=[0b10])]
    data = _data(clients, periods=[c.Period("mon", [1]), c.Period("tue", [0])])
    result = mr.solve(data, max_iterations=30)
    assert result.unassigned == ["z"] and not result.feasible
    assert result.unassigned_reasons == {"z": "on tue: no vehicle type that may serve it is available"}
    assert result.to_dict()["unassigned_reasons"] == {"z": "on tue: no vehicle type that may serve it is available"}


def test_every_servable_client_gives_no_reason_and_a_feasible_plan_no_diagnosis():
    data = _data([c.Client("a", 1, 0, 1, [1]), c.Client("b", 2, 0, 1, [1]), c.Client("z", 3, 0, 1, [1])])
    assert unservable_clients(data) == {}
    result = mr.solve(data, max_iterations=50)
    assert result.feasible and result.diagnosis == [] and result.unassigned_reasons == {}


def test_a_fleet_too_small_leaves_no_client_unservable_but_the_plan_infeasible():
    # Each client alone fits the single van; all three together do not (load 3 x 2 > 5).
    data = _data([c.Client(n, x, 0, 1, [2]) for n, x in (("a", 1), ("b", 2), ("z", 3))],
                 [c.VehicleType("van", [5], num_available=1)])
    assert unservable_clients(data) == {}
    result = mr.solve(data, max_iterations=50)
    assert not result.feasible
    assert result.diagnosis and all(line.startswith("route") for line in result.diagnosis)
    assert any("load exceeds capacity" in line for line in result.diagnosis)


@pytest.mark.parametrize("multi_period", [False, True])
def test_a_stop_before_the_search_still_returns_a_complete_plan_without_local_search(multi_period):
    """Construction counts against the time limit: its local search stops when told (here at once)."""
    if multi_period:
        data = mr.read(Path(__file__).resolve().parents[1] / "instances" / "week_40_suppliers.json")
    else:
        data = parse_milkrun(generate_network(300, days=1, seed=4), "gen.json").data
    stopped = mr.SolveControl()
    stopped.request_stop()
    quick = mr.solve(data, time_limit=600, control=stopped)
    full = mr.solve(data, max_iterations=0)
    assert quick.iterations == 0 and quick.solution.is_complete() == full.solution.is_complete()
    assert quick.cost > full.cost  # the local search of the construction did not run
