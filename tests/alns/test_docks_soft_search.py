"""The search with plant dock capacity and soft windows (both engines), through the Model API and JSON."""

from __future__ import annotations

import json

import pytest

import milkrun as mr
from milkrun.eval import evaluate
from milkrun.io import InstanceError, parse_milkrun
from milkrun.report import plan_document


def _star(days=("Mon",), docks=None, unload=None, late=None, windows=("08:10", "08:10")):
    """Three suppliers 10 km from the plant in three directions (60 km/h: 10 minutes), one pallet each, on
    trucks of one pallet: three routes. Every window is exactly [08:10, 08:10] unless given: all trucks
    leave at 08:00, are back at 08:25 (5 minutes service)."""
    m = mr.Model(dimensions=["pallets"], days=list(days))
    m.add_plant("P", x=0, y=0, opening_hours=("06:00", "20:00"), docks=docks, unload_time=unload)
    for name, (x, y) in zip("ABC", [(10, 0), (-10, 0), (0, 10)]):
        m.add_supplier(name, x=x, y=y, pickup={"pallets": 1}, service_time=5, time_windows=[windows],
                       frequency=len(days), **(late or {}))
    m.add_vehicle_type("truck", capacity={"pallets": 1}, count=3, fixed_cost=100, cost_per_km=1, cost_per_hour=60)
    m.use_coordinates("euclidean", speed_kmh=60)
    return m


def _check(plan):
    result = plan.result
    ev = evaluate(result)
    assert ev.feasible == result.feasible and ev.cost == result.solution.cost
    assert (ev.gate_wait, ev.lateness) == (result.solution.gate_wait, result.solution.lateness)
    return result


@pytest.mark.parametrize("days", [("Mon",), ("Mon", "Tue")])
def test_one_dock_queues_the_returning_trucks(days):
    """Three trucks back at 08:25, one dock, 30 minutes to unload: they wait 0, 30 and 60 minutes (per day)."""
    m = _star(days, docks=1, unload=30)
    plan = m.solve(max_iterations=200, seed=1)
    result = _check(plan)
    assert result.feasible and result.solution.num_routes == 3 * len(days)
    waits = sorted(r.gate_wait for r in result.solution.routes)
    assert waits == sorted([0, 1800, 3600] * len(days))  # seconds
    doc = plan.to_dict()
    for day in doc["days"]:
        assert sorted(r.get("gate_wait_minutes", 0) for r in day["routes"]) == [0, 30, 60]
        assert sorted(r["end"] for r in day["routes"]) == ["08:25", "08:55", "09:25"]
    # Two docks: one truck waits 30.
    plan = _star(days, docks=2, unload=30).solve(max_iterations=200, seed=1)
    assert sorted(r.gate_wait for r in _check(plan).solution.routes) == sorted([0, 0, 1800] * len(days))


def test_soft_windows_trade_lateness_against_a_truck():
    """A and B 10 km either side of the plant, both at 08:10 exactly (hard: two trucks). Soft at a low
    cost per hour, one truck serves both, the second 30 minutes late (A at 08:10, back past the plant,
    B at 08:40); at a high cost, two trucks again."""
    def model(cost):
        m = mr.Model(dimensions=["pallets"])
        m.add_plant("P", x=0, y=0, opening_hours=("06:00", "20:00"))
        late = {} if cost is None else {"late_cost_per_hour": cost, "max_lateness": 120}
        for name, x in (("A", 10), ("B", -10)):
            m.add_supplier(name, x=x, y=0, pickup={"pallets": 1}, service_time=10, time_windows=[("08:10", "08:10")],
                           **late)
        m.add_vehicle_type("truck", capacity={"pallets": 2}, count=2, fixed_cost=100, cost_per_km=1)
        m.use_coordinates("euclidean", speed_kmh=60)
        return m

    hard = _check(model(None).solve(max_iterations=300, seed=1))
    assert hard.feasible and hard.solution.num_routes == 2 and hard.solution.lateness == 0
    cheap = model(20).solve(max_iterations=300, seed=1)
    result = _check(cheap)
    assert result.feasible and result.solution.num_routes == 1
    # 20 km more than... one route of 10 + 20 + 10 km, 30 minutes late at 20 per hour = 10.
    assert result.solution.lateness == 30 * 60 and result.cost_breakdown["lateness"] == pytest.approx(10.0, abs=1e-3)
    assert result.cost == pytest.approx(100 + 40 + 10, abs=1e-3)
    stops = cheap.routes[0].stops
    assert [s.late_minutes for s in stops] in ([0.0, 30.0], [30.0, 0.0])
    dear = _check(model(1000).solve(max_iterations=300, seed=1))
    assert dear.feasible and dear.solution.num_routes == 2 and dear.solution.lateness == 0


def test_same_plan_for_the_same_seed():
    m = _star(("Mon", "Tue"), docks=1, unload=20, late={"late_cost_per_hour": 30}, windows=("08:00", "09:00"))
    a = m.solve(max_iterations=150, seed=4).result
    b = m.solve(max_iterations=150, seed=4).result
    assert [list(r.visits) for r in a.solution.routes] == [list(r.visits) for r in b.solution.routes]
    assert a.solution.cost == b.solution.cost


def test_json_fields_and_errors():
    m = _star(docks=2, unload=25, late={"late_cost_per_hour": 30, "max_lateness": 45})
    data = m.instance().data
    assert (data.depots[0].docks, data.depots[0].unload_duration) == (2, 25 * 60)
    assert data.clients[0].max_lateness == 45 * 60 and data.clients[0].late_cost == round(30 * 10**7 / 3600)
    base = m.instance().document
    bad = json.loads(json.dumps(base))
    del bad["suppliers"][0]["late_cost_per_hour"]
    with pytest.raises(InstanceError) as err:
        parse_milkrun(bad)
    assert err.value.field == "$.suppliers[0].max_lateness"
    bad = json.loads(json.dumps(base))
    bad["plants"][0]["docks"] = 0
    with pytest.raises(InstanceError) as err:
        parse_milkrun(bad)
    assert "docks" in str(err.value)
    bad = json.loads(json.dumps(base))
    bad["suppliers"][1]["late_cost_per_hour"] = -3
    with pytest.raises(InstanceError) as err:
        parse_milkrun(bad)
    assert "late_cost_per_hour" in str(err.value)


def test_plan_document_reports_lateness_and_gate_waits():
    inst = _star(docks=1, unload=30, late={"late_cost_per_hour": 60}, windows=("08:00", "08:05")).instance()
    result = mr.solve(inst.data, max_iterations=200, seed=1)
    doc = plan_document(inst, result)
    routes = doc["days"][0]["routes"]
    # Each supplier is reached at 08:10 at the earliest: 5 minutes late, 5 cost units at 60 per hour.
    late = [s.get("late_minutes", 0) for r in routes for s in r["stops"]]
    assert sum(late) == pytest.approx(result.solution.lateness / 60)
    assert doc["cost"]["lateness"] == pytest.approx(result.solution.lateness_cost / 1e7, abs=0.01)
    assert sum(r.get("gate_wait_minutes", 0) for r in routes) == pytest.approx(result.solution.gate_wait / 60)
    assert doc["cost"]["total"] == pytest.approx(result.cost, abs=0.05)


def test_driver_break_in_the_plan():
    """One supplier 60 km out (an hour each way at 60 km/h), window 12:00-12:30, 10 minutes' service; the
    driver's 30-minute break is due from 11:30 on. The truck leaves at 11:00 and would be there at 12:00;
    on the road at 11:30 it stops for the break and arrives at 12:30 (on time), back at 13:40."""
    m = mr.Model(dimensions=["pallets"])
    m.add_plant("P", x=0, y=0, opening_hours=("06:00", "20:00"))
    m.add_supplier("A", x=60, y=0, pickup={"pallets": 1}, service_time=10, time_windows=[("12:00", "12:30")])
    m.add_vehicle_type("truck", capacity={"pallets": 2}, count=1, fixed_cost=100, cost_per_km=1, cost_per_hour=60,
                       break_minutes=30, break_window=("11:30", "15:00"))
    m.use_coordinates("euclidean", speed_kmh=60)
    plan = m.solve(max_iterations=50, seed=1)
    result = _check(plan)
    assert result.feasible
    (route,) = plan.routes
    assert route.break_start == "11:30" and route.start == "11:00" and route.stops[0].arrival == "12:30"
    assert route.end == "13:40" and route.duration_hours == pytest.approx(160 / 60, abs=1e-3)
    with pytest.raises(ValueError, match="break_minutes and break_window together"):
        m.add_vehicle_type("van", capacity={"pallets": 1}, break_minutes=30)


@pytest.mark.parametrize("same_truck", [True, False])
def test_same_truck_over_the_days(same_truck):
    """Four suppliers visited Mon and Tue, one pallet each, on trucks of two pallets: two routes a day.
    With same_truck every supplier keeps its truck (number) on both days, and the evaluator agrees."""
    m = mr.Model(dimensions=["pallets"], days=["Mon", "Tue"])
    m.add_plant("P", x=0, y=0, opening_hours=("06:00", "20:00"))
    for name, (x, y) in zip("ABCD", [(10, 0), (12, 2), (-10, 0), (-12, -2)]):
        m.add_supplier(name, x=x, y=y, pickup={"pallets": 1}, service_time=5, frequency=2,
                       same_truck=same_truck or None, arrival_spread=60)
    m.add_vehicle_type("truck", capacity={"pallets": 2}, count=2, fixed_cost=100, cost_per_km=1)
    plan = m.solve(max_iterations=300, seed=2)
    result = _check(plan)
    assert result.feasible and result.solution.consistency_violations == 0 and result.solution.spread_excess == 0
    trucks: dict[str, set[int]] = {}
    for route in plan.routes:
        for stop in route.stops:
            trucks.setdefault(stop.supplier, set()).add(route.truck)
    if same_truck:
        assert all(len(numbers) == 1 for numbers in trucks.values()), trucks


def test_same_truck_refused_with_per_day_plant_hours():
    m = mr.Model(dimensions=["pallets"], days=["Fri", "Sat"])
    m.add_plant("P", x=0, y=0, opening_hours={"default": ("06:00", "20:00"), "Sat": ("06:00", "12:00")})
    m.add_supplier("A", x=10, y=0, pickup={"pallets": 1}, frequency=2, same_truck=True)
    m.add_vehicle_type("truck", capacity={"pallets": 2}, count=1)
    with pytest.raises(InstanceError) as err:
        m.instance()
    assert err.value.field == "$.suppliers[0].same_truck"


def test_break_and_consistency_fields_in_json():
    m = mr.Model(dimensions=["pallets"], days=["Mon", "Tue"])
    m.add_plant("P", x=0, y=0)
    m.add_supplier("A", x=10, y=0, pickup={"pallets": 1}, frequency=2, same_truck=True, arrival_spread=90)
    m.add_vehicle_type("truck", capacity={"pallets": 2}, count=1, break_minutes=45, break_window=("11:00", "14:00"))
    data = m.instance().data
    assert data.clients[0].same_truck and data.clients[0].arrival_spread == 90 * 60
    vt = data.vehicle_types[0]
    assert vt.break_duration == 45 * 60 and (vt.break_window.early, vt.break_window.late) == (660 * 60, 840 * 60)
    bad = json.loads(json.dumps(m.instance().document))
    bad["vehicle_types"][0]["break"] = {"duration": 45}
    with pytest.raises(InstanceError) as err:
        parse_milkrun(bad)
    assert "window" in str(err.value)
    bad["vehicle_types"][0]["break"] = {"duration": 45, "window": ["14:00", "11:00"]}
    with pytest.raises(InstanceError) as err:
        parse_milkrun(bad)
    assert err.value.field == "$.vehicle_types[0].break.window"
