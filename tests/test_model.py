"""The Python model API: a problem built in code is the milk-run JSON problem it describes (same
validation with JSON paths, same plan at the same seed and iterations), and its plan reads as objects,
as a dict and as JSON that agree with each other."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import numpy as np
import pytest

import milkrun as mr
from milkrun.cli import main

REPO = Path(__file__).resolve().parents[1]
WEEK = REPO / "instances" / "week_40_suppliers.json"


def model_of(doc: dict) -> mr.Model:
    """The bundled week rebuilt through the model methods only."""
    m = mr.Model(dimensions=doc["dimensions"], days=doc["horizon"], name=doc["name"])
    for p in doc["plants"]:
        m.add_plant(p["id"], **p["location"], opening_hours=p.get("opening_hours"), name=p.get("name"))
    for s in doc["suppliers"]:
        extra = {k: v for k, v in s.items() if k not in ("id", "location")}
        m.add_supplier(s["id"], **s["location"], **extra)
    for vt in doc["vehicle_types"]:
        extra = {k: v for k, v in vt.items() if k not in ("id", "capacity")}
        m.add_vehicle_type(vt["id"], capacity=vt["capacity"], **extra)
    travel = dict(doc["travel"])
    m.use_coordinates(travel.pop("kind"), **travel)
    if "objective" in doc:
        m.set_objective(**doc["objective"])
    return m


def test_model_is_the_json_problem_and_gives_the_same_plan(tmp_path):
    doc = json.loads(WEEK.read_text())
    m = model_of(doc)
    built = m.to_document()
    for key in ("dimensions", "horizon", "plants", "travel"):
        assert built[key] == doc[key]
    plan = m.solve(max_iterations=300, seed=6)
    out = tmp_path / "cli.json"
    assert main(["solve", str(WEEK), "--max-iterations", "300", "--seed", "6", "-o", str(out), "-q"]) == 0
    cli = json.loads(out.read_text())
    mine = plan.to_dict()
    for d in (cli, mine):
        d.pop("statistics")
    assert mine == cli
    assert plan.feasible and plan.cost == cli["cost"]["total"]


def test_plan_objects_agree_with_the_dict():
    m = model_of(json.loads(WEEK.read_text()))
    plan = m.solve(max_iterations=200, seed=1)
    doc = plan.to_dict()
    routes = plan.routes
    assert len(routes) == sum(len(day["routes"]) for day in doc["days"])
    assert sum(r.cost["total"] for r in routes) == pytest.approx(doc["cost"]["total"], abs=0.05)
    visited = sorted(stop.supplier for r in routes for stop in r.stops)
    assert visited == sorted(s["supplier"] for day in doc["days"] for r in day["routes"] for s in r["stops"])
    assert json.loads(plan.to_json()) == doc and plan.kpis == doc["kpis"]
    assert plan.result.iterations == 200 and plan.unplanned_suppliers == []


def test_small_model_from_scratch_with_matrices_and_profiles():
    m = mr.Model(dimensions=["kg"], days=["Mon", "Tue"], name="tiny")
    m.add_plant("P", x=0, y=0)
    m.add_supplier("A", x=1, y=0, pickup=100, frequency=2, service_time=5)
    m.add_supplier("B", x=0, y=1, pickup=[50], frequency=1, patterns=[["Tue"]])
    dist = np.array([[0, 10, 10], [10, 0, 14], [10, 14, 0]], dtype=float)
    m.add_travel_profile("road", dist, dist)  # 60 km/h
    m.add_travel_profile("slow", dist, 2 * dist)
    m.add_vehicle_type("van", capacity={"kg": 500}, count=1, cost_per_km=1, profile="road")
    m.add_vehicle_type("truck", capacity={"kg": 500}, count=1, fixed_cost=100, profile="slow")
    data = m.data()
    assert data.num_profiles == 2 and data.num_periods == 2
    plan = m.solve(max_iterations=100, seed=1)
    assert plan.feasible
    by_day = {(r.day, tuple(s.supplier for s in r.stops)) for r in plan.routes}
    assert ("Tue", ("A", "B")) in by_day or ("Tue", ("B", "A")) in by_day
    assert all(r.vehicle_type == "van" for r in plan.routes)  # the truck costs 100 more a day
    assert plan.cost == pytest.approx(20 + 34)  # Mon: P-A-P 20 km; Tue: P-A-B-P 34 km, 1 per km


def test_model_errors_name_the_json_path_or_the_argument():
    m = mr.Model(dimensions=["kg", "m3"], days=["Mon", "Tue"])
    with pytest.raises(ValueError, match="give x and y, or lat and lon"):
        m.add_plant("P", x=1)
    with pytest.raises(ValueError, match="has 1 values but the model has 2 dimensions"):
        m.add_supplier("S", x=1, y=1, pickup=[3])
    with pytest.raises(ValueError, match="give a mapping"):
        m.add_supplier("S", x=1, y=1, pickup=3)
    m.add_plant("P", x=0, y=0)
    m.add_supplier("S", x=1, y=1, pickup={"kg": 3, "m3": 1}, frequency=1, patterns=[["Sun"]])
    m.add_vehicle_type("van", capacity={"kg": 10, "m3": 2})
    with pytest.raises(mr.InstanceError) as info:
        m.solve(max_iterations=1)
    assert info.value.field == "$.suppliers[0].patterns[0][0]" and "not a day of the horizon" in str(info.value)


def test_models_and_plans_pickle():
    m = model_of(json.loads(WEEK.read_text()))
    again = pickle.loads(pickle.dumps(m))
    assert again.to_document() == m.to_document()
    plan = m.solve(max_iterations=50, seed=2)
    restored = pickle.loads(pickle.dumps(plan))
    assert restored.to_dict() == plan.to_dict() and restored.result.cost == plan.result.cost


def test_multi_trip_model():
    """A van of 150 kg that may reload at the plant (15 minutes) serves three suppliers of 100 kg in three
    trips; the plan's routes show the two reload stops as stops naming the plant, A's empties on its visit."""
    m = mr.Model(dimensions=["kg"], days=["Mon"], name="trips")
    m.add_plant("P", x=0, y=0, reload_time=15)
    m.add_supplier("A", x=10, y=0, pickup=100, empties=30)
    m.add_supplier("B", x=0, y=10, pickup=100, release_time="08:00")
    m.add_supplier("C", x=-10, y=0, pickup=100)
    m.add_vehicle_type("van", capacity=150, count=1, cost_per_km=1, reload_plants=["P"], max_reloads=2)
    data = m.data()
    assert data.depots[0].service_duration == 900 and list(data.vehicle_types[0].reload_depots) == [0]
    assert data.clients[1].release_time == 8 * 3600 and list(data.clients[0].delivery) == [30]
    plan = m.solve(max_iterations=200, seed=1)
    assert plan.feasible
    (route,) = plan.routes
    assert route.trips == 3 and [s.reload for s in route.stops if s.reload] == ["P", "P"]
    assert sorted(s.supplier for s in route.stops if s.supplier) == ["A", "B", "C"]
    assert next(s for s in route.stops if s.supplier == "A").empties == {"kg": 30.0}
    assert plan.cost == pytest.approx(60)  # three round trips of 20 km, 1 per km
