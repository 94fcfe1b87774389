"""The milk-run JSON format: schema and cross-reference validation (errors give the JSON path), the
mapping onto the engine's model, the solution JSON and its KPIs, and the generator."""

from __future__ import annotations

import copy
import json
import math

import numpy as np
import pytest

import milkrun as mr
from milkrun.eval import evaluate
from milkrun.generate import generate_network
from milkrun.io import InstanceError, detect_format, parse_milkrun, read
from milkrun.report import direct_deliveries, kpis, plan_document


def _doc() -> dict:
    return {
        "schema_version": "1",
        "name": "tiny-week",
        "dimensions": ["kg", "pallets"],
        "horizon": ["Mon", "Tue", "Wed"],
        "plants": [{"id": "P", "location": {"x": 0, "y": 0},
                    "opening_hours": {"default": ["06:00", "20:00"], "Wed": ["06:00", "12:00"]}}],
        "suppliers": [
            {"id": "A", "location": {"x": 10, "y": 0}, "service_time": 10, "time_windows": [["07:00", "15:00"]],
             "frequency": 2, "patterns": [["Mon", "Wed"], ["Tue", "Wed"]], "pickup": {"kg": 100, "pallets": 1.5}},
            {"id": "B", "location": {"x": 0, "y": 10}, "frequency": 1, "daily_production": {"kg": 50}},
            {"id": "C", "location": {"x": -10, "y": 0}, "frequency": 3, "pickup": {"kg": 20, "pallets": 1}},
        ],
        "vehicle_types": [
            {"id": "van", "capacity": {"kg": 500, "pallets": 6}, "count": 2, "count_per_day": {"Tue": 1},
             "fixed_cost": 50, "cost_per_km": 0.3, "cost_per_hour": 30, "co2_kg_per_km": 0.2,
             "forbidden_suppliers": ["C"]},
            {"id": "truck", "capacity": {"kg": 3000, "pallets": 15}, "count": 1, "fixed_cost": 120,
             "cost_per_km": 0.5, "cost_per_hour": 35, "co2_kg_per_km": 0.6, "shift": ["05:00", "18:00"]},
        ],
        "travel": {"kind": "euclidean", "speed_kmh": 60},
        "solver": {"max_iterations": 200, "seed": 2},
    }


def _write(tmp_path, doc, name="week.json"):
    path = tmp_path / name
    path.write_text(json.dumps(doc))
    return path


def test_maps_onto_the_model(tmp_path):
    path = _write(tmp_path, _doc())
    assert detect_format(path) == "milkrun-json"
    inst = parse_milkrun(path)
    data = inst.data
    assert data.num_periods == 3 and data.num_clients == 3 and list(data.dimensions) == ["kg", "pallets"]
    a, b, c = data.clients
    assert list(a.patterns) == [0b101, 0b110] and a.frequency == 2
    assert list(b.patterns) == [] and b.frequency == 1
    assert inst.dimension_scale == [1, 10]  # 1.5 pallets -> 15 tenths
    assert list(a.pickup) == [100, 15] and list(c.pickup) == [20, 10]
    assert list(b.pickup) == [150, 0]  # visited once in 3 days: 3 days of production
    assert a.service_duration == 600 and (a.time_windows[0].early, a.time_windows[0].late) == (25200, 54000)
    # Wed's shorter opening hours make per-day copies of both types; counts per day follow count_per_day
    names = [vt.name for vt in data.vehicle_types]
    assert names == ["van [Mon, Tue]", "van [Wed]", "truck [Mon, Tue]", "truck [Wed]"]
    assert inst.type_base == ["van", "van", "truck", "truck"]
    assert [[data.num_available(p, t) for t in range(4)] for p in range(3)] == [[2, 0, 1, 0], [1, 0, 1, 0],
                                                                                  [0, 2, 0, 1]]
    wed_truck = data.vehicle_types[3]
    assert (wed_truck.shift.early, wed_truck.shift.late) == (6 * 3600, 12 * 3600)
    assert list(data.vehicle_types[0].forbidden_clients) == ["C"]
    assert data.distance_matrix()[0, 1] == 10_000 and data.duration_matrix()[0, 1] == 600  # 10 km at 60 km/h
    assert data.vehicle_types[0].fixed_cost == 50 * 10**7


def test_daily_production_follows_the_pattern():
    doc = _doc()
    doc["horizon"] = ["Mon", "Tue", "Wed", "Thu", "Fri"]
    doc["plants"][0]["opening_hours"] = ["06:00", "20:00"]
    doc["suppliers"][0] = {"id": "A", "location": {"x": 10, "y": 0}, "frequency": 3,
                           "patterns": [["Mon", "Wed", "Fri"]], "daily_production": {"kg": 10, "pallets": 0.1}}
    inst = parse_milkrun(doc)
    mask = 0b10101
    assert [inst.visit_pickup(0, mask, p)[0] for p in (0, 2, 4)] == [10, 20, 20]  # Fri -> Mon is one day
    a = inst.data.clients[0]
    assert list(a.pickup) == [20, 2]  # the largest visit
    assert [[list(v) for v in per] for per in a.pattern_pickups] == [[[10, 1], [], [20, 2], [], [20, 2]]]
    assert list(a.pickup_for(mask, 0)) == [10, 1]
    # without listed patterns, every day set of the frequency is listed with its amounts
    doc["suppliers"][0].pop("patterns")
    a = parse_milkrun(doc).data.clients[0]
    assert len(a.patterns) == 10 and len(a.pattern_pickups) == 10


def test_pickup_by_pattern():
    doc = _doc()
    doc["suppliers"][0].pop("pickup")
    doc["suppliers"][0]["pickup_by_pattern"] = [{"kg": 300, "pallets": 2}, {"kg": 120, "pallets": 1}]
    a = parse_milkrun(doc).data.clients[0]
    assert list(a.patterns) == [0b101, 0b110]
    assert list(a.pickup_for(0b101, 2)) == [300, 2] and list(a.pickup_for(0b110, 1)) == [120, 1]
    doc["suppliers"][0]["pickup_by_pattern"].pop()
    with pytest.raises(InstanceError) as info:
        parse_milkrun(doc)
    assert info.value.field == "$.suppliers[0].pickup_by_pattern" and "2 patterns" in str(info.value)


BAD = [
    (lambda d: d.pop("horizon"), "$", "'horizon' is a required property"),
    (lambda d: d["suppliers"][1].update(frequency=0), "$.suppliers[1].frequency", "less than the minimum"),
    (lambda d: d["suppliers"][0]["patterns"][1].__setitem__(0, "Sun"), "$.suppliers[0].patterns[1][0]",
     "'Sun' is not a day of the horizon"),
    (lambda d: d["suppliers"][0]["patterns"].append(["Mon"]), "$.suppliers[0].patterns[2]",
     "has 1 days, but the frequency is 2"),
    (lambda d: d["suppliers"][1].update(frequency=4), "$.suppliers[1].frequency", "4 visits, but the horizon has 3"),
    (lambda d: d["suppliers"][2].update(id="A"), "$.suppliers[2].id", "duplicate id 'A' (also $.suppliers[0].id)"),
    (lambda d: d["suppliers"][0]["pickup"].update(tons=1), "$.suppliers[0].pickup.tons", "unknown dimension 'tons'"),
    (lambda d: d["vehicle_types"][0]["capacity"].pop("pallets"), "$.vehicle_types[0].capacity",
     "missing dimension 'pallets'"),
    (lambda d: d["vehicle_types"][1]["capacity"].update(kg=0), "$.vehicle_types[1].capacity.kg", "must be positive"),
    (lambda d: d["vehicle_types"][0].update(count=-1), "$.vehicle_types[0].count", "less than the minimum"),
    (lambda d: d["vehicle_types"][0].update(plant="X"), "$.vehicle_types[0].plant", "unknown plant 'X'"),
    (lambda d: d["vehicle_types"][0]["forbidden_suppliers"].append("Z"), "$.vehicle_types[0].forbidden_suppliers[1]",
     "unknown supplier 'Z'"),
    (lambda d: d["vehicle_types"][0]["count_per_day"].update(Sun=1), "$.vehicle_types[0].count_per_day.Sun",
     "'Sun' is not a day of the horizon"),
    (lambda d: d["suppliers"][0]["pickup"].update(kg=5000), "$.suppliers[0].pickup", "fits no vehicle type"),
    (lambda d: (d["suppliers"][0]["pickup"].update(kg=600), d["vehicle_types"][1].update(forbidden_suppliers=["A"])),
     "$.suppliers[0].pickup", "fits no vehicle type it may use"),
    (lambda d: d["suppliers"][1].update(location={"lat": 48, "lon": 9}), "$.suppliers[1].location", "mixes x/y"),
    (lambda d: d["travel"].update(kind="haversine"), "$.travel.kind", "haversine needs lat/lon"),
    (lambda d: d["suppliers"][0]["time_windows"].__setitem__(0, ["15:00", "07:00"]), "$.suppliers[0].time_windows[0]",
     "closes"),
    (lambda d: d["suppliers"][0]["pickup"].update(kg=1.23456), "$.suppliers[0].pickup.kg", "more than 3 decimals"),
    (lambda d: d.update(schema_version="2"), "$.schema_version", "'1' was expected"),
    (lambda d: d["suppliers"][0]["patterns"].append(["Wed", "Mon"]), "$.suppliers[0].patterns[2]",
     "the same days as patterns[0]"),
    (lambda d: d["plants"][0]["opening_hours"].update(Sun=["06:00", "07:00"]), "$.plants[0].opening_hours.Sun",
     "not a day of the horizon"),
    (lambda d: d["vehicle_types"][0].update(reload_plants=["Q"]), "$.vehicle_types[0].reload_plants[0]",
     "unknown plant 'Q'"),
    (lambda d: d["vehicle_types"][0].update(max_reloads=-1), "$.vehicle_types[0].max_reloads", "less than the minimum"),
    (lambda d: d["plants"][0].update(reload_time=-5), "$.plants[0].reload_time", "less than the minimum"),
    (lambda d: d["suppliers"][0].update(empties={"kg": 4000}), "$.suppliers[0].empties", "fit no vehicle type"),
    (lambda d: d["suppliers"][0].update(empties={"crates": 1}), "$.suppliers[0].empties.crates",
     "unknown dimension 'crates'"),
    (lambda d: d["suppliers"][0].update(release_time="25:99"), "$.suppliers[0].release_time", "does not match"),
    (lambda d: d["vehicle_types"][0].update(max_reloads=1), "$.vehicle_types[0].max_reloads", "has no reload_plants"),
    (lambda d: (d["plants"].append({"id": "Q", "location": {"x": 5, "y": 5},
                                    "opening_hours": {"default": ["06:00", "20:00"], "Tue": ["06:00", "10:00"]}}),
                d["vehicle_types"][0].update(reload_plants=["P", "Q"])),
     "$.vehicle_types[0].reload_plants[1]", "opens at different hours on different days"),
]


@pytest.mark.parametrize(("change", "path", "message"), BAD, ids=[f"{b[1]}:{b[2][:20]}" for b in BAD])
def test_invalid_input_names_the_json_path(tmp_path, change, path, message):
    doc = _doc()
    change(doc)
    with pytest.raises(InstanceError) as info:
        parse_milkrun(_write(tmp_path, doc))
    assert info.value.field == path
    assert message in str(info.value)


def _matrix_doc():
    doc = _doc()
    ids = ["C", "P", "A", "B"]  # any order: ids says which row is which
    xy = {"P": (0, 0), "A": (10, 0), "B": (0, 10), "C": (-10, 0)}
    dist = [[math.dist(xy[a], xy[b]) for b in ids] for a in ids]
    doc["travel"] = {"kind": "matrix", "ids": ids,
                     "profiles": {"road": {"distance_km": dist, "duration_min": [[v for v in row] for row in dist]}}}
    return doc


def test_matrix_travel_is_reordered_by_ids():
    data = parse_milkrun(_matrix_doc()).data
    assert data.distance_matrix()[0, 3] == 10_000  # P -> C
    assert data.duration_matrix()[1, 3] == 20 * 60  # A -> C, 20 minutes


@pytest.mark.parametrize(("change", "path", "message"), [
    (lambda t: t["ids"].__setitem__(0, "Q"), "$.travel.ids[0]", "unknown id 'Q'"),
    (lambda t: t["ids"].pop(), "$.travel.ids", "missing 1 ids"),
    (lambda t: t["profiles"]["road"]["distance_km"].pop(), "$.travel.profiles.road.distance_km", "has 3 rows"),
    (lambda t: t["profiles"]["road"]["duration_min"][2].pop(), "$.travel.profiles.road.duration_min[2]",
     "has 3 columns"),
    (lambda t: t["profiles"].update(rail=t["profiles"]["road"]), "$.vehicle_types[0]", "name this type's profile"),
])  # fmt: skip
def test_inconsistent_matrices_are_rejected(change, path, message):
    doc = _matrix_doc()
    change(doc["travel"])
    if path == "$.travel.ids" and message.startswith("missing"):
        for key in ("distance_km", "duration_min"):
            doc["travel"]["profiles"]["road"][key] = [row[:3] for row in doc["travel"]["profiles"]["road"][key][:3]]
    with pytest.raises(InstanceError) as info:
        parse_milkrun(doc)
    assert info.value.field == path and message in str(info.value)


def test_not_json_names_the_line(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{\n  "schema_version": "1",\n  "horizon": [,]\n}')
    with pytest.raises(InstanceError, match=r"line 3: not valid JSON"):
        parse_milkrun(path)
    text = json.dumps(_doc()).replace('"speed_kmh": 60', '"speed_kmh": NaN')
    path.write_text(text)
    with pytest.raises(InstanceError, match=r"NaN is not a number JSON allows"):
        parse_milkrun(path)
    doc = _doc()
    doc["suppliers"][1]["daily_production"]["kg"] = float("inf")
    with pytest.raises(InstanceError) as info:
        parse_milkrun(doc)
    assert info.value.field == "$.suppliers[1].daily_production.kg"


def test_solution_document_and_kpis():
    """A solved week: stops respect windows, loads add up to the route load and stay within capacity, the
    KPI totals equal the sums of their parts, and direct deliveries are recomputed independently."""
    inst = parse_milkrun(_doc())
    result = mr.solve(inst.data, max_iterations=300, seed=1)
    assert result.feasible and evaluate(result).feasible
    plan = plan_document(inst, result)
    assert plan["feasible"] and plan["unplanned_suppliers"] == []
    caps = {vt["id"]: vt["capacity"] for vt in _doc()["vehicle_types"]}
    visits = 0
    for day in plan["days"]:
        for route in day["routes"]:
            assert route["stops"], "no empty routes"
            for stop in route["stops"]:
                assert stop["arrival"] <= stop["start"] <= stop["departure"]
            last = route["stops"][-1]["load_after"]
            assert last == route["load"]
            for dim, value in route["load"].items():
                assert value <= caps[route["vehicle_type"]][dim] + 1e-9
            if route["vehicle_type"] == "van":
                assert all(stop["supplier"] != "C" for stop in route["stops"])
            visits += len(route["stops"])
    assert visits == 2 + 1 + 3
    k = plan["kpis"]
    assert k["milk_run"]["distance_km"] == pytest.approx(sum(k["milk_run"]["distance_km_per_day"].values()), abs=0.05)
    assert k["milk_run"]["cost"] == pytest.approx(plan["cost"]["total"], abs=0.05)
    # direct deliveries by hand: A twice and C three times by van/truck, B once; round trips of 20 km each
    direct = k["direct_deliveries"]
    assert direct["trips"] == 6 and direct["distance_km"] == pytest.approx(120.0)
    assert k["saving"]["distance_km"]["absolute"] == pytest.approx(direct["distance_km"] - k["milk_run"]["distance_km"],
                                                                   abs=0.05)


def test_direct_deliveries_choose_the_cheapest_carrier():
    inst = parse_milkrun(_doc())
    # C may not use the van: its direct trip goes by truck; A's by van (cheaper)
    report = direct_deliveries(inst, [(2, 0, [20.0, 1.0]), (0, 0, [100.0, 1.5])])
    van = 50 + 20 * 0.3 + (20 / 60 + 10 / 60) * 30
    truck = 120 + 20 * 0.5 + (20 / 60) * 35
    assert report["cost"] == pytest.approx(van + truck, abs=0.02)
    assert report["mean_loading_rate"]["kg"] == pytest.approx((20 / 3000 + 100 / 500) / 2, abs=1e-4)


def test_generator_is_seeded_and_valid():
    a = generate_network(120, 5, seed=4)
    assert a == generate_network(120, 5, seed=4) and a != generate_network(120, 5, seed=5)
    inst = parse_milkrun(copy.deepcopy(a))
    assert inst.data.num_clients == 120 and inst.data.num_periods == 5
    assert {s["frequency"] for s in a["suppliers"]} <= {1, 2, 3, 5}
    assert len(a["vehicle_types"]) == 3
    six = parse_milkrun(generate_network(30, 6, seed=1))
    assert any("[Sat]" in vt.name for vt in six.data.vehicle_types)  # Saturday's short opening hours


@pytest.mark.parametrize("bad", [{"num_suppliers": 0}, {"num_suppliers": 5, "days": 8}])
def test_generator_rejects_bad_arguments(bad):
    with pytest.raises(ValueError):
        generate_network(**bad)


def test_generated_week_solves_feasibly():
    inst = parse_milkrun(generate_network(60, 5, seed=9))
    result = mr.solve(inst.data, max_iterations=500, seed=1)
    assert result.feasible
    ev = evaluate(result)
    assert ev.feasible and ev.cost == result.solution.cost
    report = kpis(inst, result)
    assert report["saving"]["distance_km"]["absolute"] > 0
    # the actual (accumulated) amounts of every visit fit the truck that collects them
    caps = {vt["id"]: vt["capacity"] for vt in inst.document["vehicle_types"]}
    for day in plan_document(inst, result)["days"]:
        for route in day["routes"]:
            assert all(route["load"][d] <= caps[route["vehicle_type"]][d] + 1e-9 for d in route["load"])


def test_read_gives_the_data(tmp_path):
    data = read(_write(tmp_path, _doc()))
    assert data.name == "tiny-week" and data.num_periods == 3
    assert np.all(data.distance_matrix() >= 0)


REPO = __import__("pathlib").Path(__file__).resolve().parents[2]


def test_readme_example_is_valid():
    """The README's JSON example parses and solves."""
    text = (REPO / "README.md").read_text()
    start = text.index("```json\n{\n  \"schema_version\"") + len("```json\n")
    doc = json.loads(text[start:text.index("```", start)])
    inst = parse_milkrun(doc)
    assert inst.data.num_periods == 3 and mr.solve(inst.data, max_iterations=50, seed=1).feasible


@pytest.mark.parametrize(("name", "suppliers", "days", "seed"), [
    ("week_40_suppliers.json", 40, 5, 1), ("week_200_suppliers.json", 200, 5, 1),
    ("week_80_suppliers_6_days.json", 80, 6, 2)])  # fmt: skip
def test_bundled_weeks_are_generated(name, suppliers, days, seed):
    """The bundled examples are exactly what the generator gives for their arguments (reproducible)."""
    bundled = json.loads((REPO / "instances" / name).read_text())
    assert bundled == json.loads(json.dumps(generate_network(suppliers, days, seed=seed)))
    assert parse_milkrun(REPO / "instances" / name).data.num_clients == suppliers


def test_time_windows_by_day():
    doc = _doc()
    doc["suppliers"][0]["time_windows_by_day"] = {"Wed": [["07:00", "09:00"]]}
    inst = parse_milkrun(doc)
    a = inst.data.clients[0]
    assert [(w.early, w.late) for w in a.windows(2)] == [(7 * 3600, 9 * 3600)]
    assert [(w.early, w.late) for w in a.windows(0)] == [(7 * 3600, 15 * 3600)]
    doc["suppliers"][0]["time_windows_by_day"] = {"Sun": [["07:00", "09:00"]]}
    with pytest.raises(InstanceError) as info:
        parse_milkrun(doc)
    assert info.value.field == "$.suppliers[0].time_windows_by_day.Sun"
    # the search plans one window per supplier and day: two are a clear error, not a failure later
    doc["suppliers"][0]["time_windows_by_day"] = {"Wed": [["07:00", "09:00"], ["10:00", "11:00"]]}
    with pytest.raises(InstanceError, match="one window per supplier and day") as info:
        parse_milkrun(doc)
    assert info.value.field == "$.suppliers[0].time_windows_by_day.Wed"
    doc["suppliers"][0].pop("time_windows_by_day")
    doc["suppliers"][0]["time_windows"] = [["07:00", "09:00"], ["10:00", "11:00"]]
    with pytest.raises(InstanceError, match="one window per supplier and day") as info:
        parse_milkrun(doc)
    assert info.value.field == "$.suppliers[0].time_windows"


def test_travel_profile_is_the_one_named():
    """With two profiles, the types must name one; each type drives on the profile it names, and only the
    profiles in use become engine profiles."""
    doc = _matrix_doc()
    road = doc["travel"]["profiles"]["road"]
    doc["travel"]["profiles"]["slow"] = {"distance_km": road["distance_km"],
                                         "duration_min": [[2 * v for v in row] for row in road["duration_min"]]}
    for vt in doc["vehicle_types"]:
        vt["profile"] = "slow"
    data = parse_milkrun(doc).data
    assert data.num_profiles == 1 and data.duration_matrix()[1, 3] == 40 * 60
    doc["vehicle_types"][1]["profile"] = "road"
    data = parse_milkrun(doc).data
    assert data.num_profiles == 2
    assert data.duration_matrix(0)[1, 3] == 40 * 60 and data.duration_matrix(1)[1, 3] == 20 * 60
    base = parse_milkrun(doc).type_base
    for t, vt in enumerate(data.vehicle_types):
        assert vt.profile == (0 if base[t] == doc["vehicle_types"][0]["id"] else 1)


def test_speed_per_vehicle_type_with_coordinates():
    """With coordinates, a type's own speed_kmh makes its own profile: same distances, its travel times."""
    doc = _doc()
    doc["vehicle_types"][0]["speed_kmh"] = 30
    inst = parse_milkrun(doc)
    data = inst.data
    assert data.num_profiles == 2
    np.testing.assert_array_equal(data.distance_matrix(0), data.distance_matrix(1))
    slow = [t for t, vt in enumerate(data.vehicle_types) if inst.type_base[t] == doc["vehicle_types"][0]["id"]]
    assert all(data.vehicle_types[t].profile == 0 for t in slow)
    assert data.duration_matrix(0)[0, 1] == 2 * data.duration_matrix(1)[0, 1] == 2 * 600  # 10 km at 30 vs 60 km/h
    with pytest.raises(InstanceError) as info:
        bad = _matrix_doc()
        bad["vehicle_types"][0]["speed_kmh"] = 30
        parse_milkrun(bad)
    assert info.value.field == "$.vehicle_types[0].speed_kmh"


@pytest.mark.parametrize(("change", "path"), [
    (lambda d: d["suppliers"][0].update(service_time=1e20), "$.suppliers[0].service_time"),
    (lambda d: d["vehicle_types"][0].update(count=10**30), "$.vehicle_types[0].count"),
    (lambda d: d["vehicle_types"][0].update(fixed_cost=1e15), "$.vehicle_types[0].fixed_cost"),
    (lambda d: d["vehicle_types"][0]["capacity"].update(kg=1e20), "$.vehicle_types[0].capacity.kg"),
    (lambda d: d["vehicle_types"][0].update(max_duration=1e20), "$.vehicle_types[0].max_duration"),
    (lambda d: d["suppliers"][0]["pickup"].update(kg=1e20), "$.suppliers[0].pickup.kg"),
    (lambda d: d["travel"].update(speed_kmh=1e-300), "$.travel"),
])  # fmt: skip
def test_huge_numbers_are_rejected_with_their_path(change, path):
    doc = _doc()
    change(doc)
    with pytest.raises(InstanceError) as info:
        parse_milkrun(doc)
    assert info.value.field == path and "too large" in str(info.value)


def test_duplicate_keys_are_rejected(tmp_path):
    path = tmp_path / "dup.json"
    path.write_text(json.dumps(_doc()).replace('"count": 2,', '"count": 2, "count": 5,'))
    with pytest.raises(InstanceError, match="the key 'count' appears twice"):
        parse_milkrun(path)


def test_small_amounts_keep_their_decimals():
    """The decimal scale follows every amount as written, not only the largest visit."""
    doc = _doc()
    doc["suppliers"][1]["daily_production"] = {"kg": 0.25}
    inst = parse_milkrun(doc)
    assert inst.dimension_scale[0] == 100 and list(inst.data.clients[1].pickup) == [75, 0]
    doc["suppliers"][0].pop("pickup")
    doc["suppliers"][0]["pickup_by_pattern"] = [{"kg": 2}, {"kg": 0.5}]
    inst = parse_milkrun(doc)
    assert list(inst.data.clients[0].pickup_for(0b110, 1)) == [50, 0]
    doc["suppliers"][0]["pickup_by_pattern"] = [{"kg": 2}, {"kg": 0.00005}]
    with pytest.raises(InstanceError) as info:
        parse_milkrun(doc)
    assert info.value.field == "$.suppliers[0].pickup_by_pattern[1].kg" and "more than 3 decimals" in str(info.value)


def test_constant_pickup_with_many_day_sets():
    """A constant amount needs no pattern list even where the day sets are too many to enumerate."""
    doc = _doc()
    doc["horizon"] = [f"d{k}" for k in range(15)]
    doc["plants"][0]["opening_hours"] = ["06:00", "20:00"]
    doc["suppliers"][0].pop("patterns")
    doc["suppliers"][0]["frequency"] = 7
    doc["vehicle_types"][0].pop("count_per_day")
    inst = parse_milkrun(doc)
    assert list(inst.data.clients[0].pickup) == [100, 15] and list(inst.data.clients[0].patterns) == []
    doc["suppliers"][0].pop("pickup")
    doc["suppliers"][0]["daily_production"] = {"kg": 10}
    with pytest.raises(InstanceError) as info:
        parse_milkrun(doc)
    assert info.value.field == "$.suppliers[0].patterns"


def test_report_amounts_follow_the_engine_for_partial_visits():
    """A supplier visited on days that are not one of its patterns (an incomplete plan) is reported with
    what the engine loads, without an error."""
    doc = _doc()
    doc["suppliers"][0].pop("pickup")
    doc["suppliers"][0]["pickup_by_pattern"] = [{"kg": 300, "pallets": 2}, {"kg": 120, "pallets": 1}]
    inst = parse_milkrun(doc)
    assert inst.visit_pickup(0, 0b001, 0) == [300.0, 2.0]  # {Mon} alone is no pattern: its pickup (the largest)
    assert inst.visit_pickup(0, 0b110, 1) == [120.0, 1.0]


@pytest.mark.parametrize("days", range(1, 8))
def test_generator_documents_are_valid_for_every_horizon(days):
    """Every visit fits a semi-trailer in every dimension, whatever the horizon (seeds that once failed)."""
    for seed in (12, 13, 0):
        parse_milkrun(generate_network(100, days, seed=seed))


def _plant_doc() -> dict:
    """One van that may reload at the plant (15 minutes), capacity 150 kg; three suppliers of 100 kg each
    on one day, 10 km apart from the plant: one trip per supplier. A's empties (40 kg) ride from the plant;
    C's empties are ready at 09:00 (its release time)."""
    doc = _doc()
    doc["horizon"] = ["Mon"]
    doc["plants"][0].update(reload_time=15, opening_hours=["06:00", "20:00"])
    doc["suppliers"] = [
        {"id": "A", "location": {"x": 10, "y": 0}, "pickup": {"kg": 100}, "empties": {"kg": 40, "pallets": 0.5}},
        {"id": "B", "location": {"x": 0, "y": 10}, "pickup": {"kg": 100}},
        {"id": "C", "location": {"x": -10, "y": 0}, "pickup": {"kg": 100}, "release_time": "09:00"},
    ]
    doc["vehicle_types"] = [{"id": "van", "capacity": {"kg": 150, "pallets": 6}, "count": 1, "fixed_cost": 50,
                             "cost_per_km": 0.3, "reload_plants": ["P"], "max_reloads": 2}]
    return doc


def test_plant_constraints_map_onto_the_model():
    inst = parse_milkrun(_plant_doc())
    data = inst.data
    assert data.depots[0].service_duration == 15 * 60
    a, b, c = data.clients
    assert list(a.delivery) == [40, 5] and list(b.delivery) == []  # pallets in tenths (0.5)
    assert (a.release_time, c.release_time) == (0, 9 * 3600)
    (van,) = data.vehicle_types
    assert (list(van.reload_depots), van.max_reloads) == ([0], 2)


def test_multi_trip_plan_document_and_kpis():
    """Three trips of one van: two reload stops of 15 minutes in the plan, the empties on board of A's
    trip, C's trip leaving at 09:00 or later; KPIs count 1 route and 3 trips."""
    inst = parse_milkrun(_plant_doc())
    result = mr.solve(inst.data, max_iterations=200, seed=1)
    assert result.feasible and result.solution.routes[0].num_trips == 3
    plan = plan_document(inst, result)
    (route,) = plan["days"][0]["routes"]
    reloads = [stop for stop in route["stops"] if "reload" in stop]
    assert route["trips"] == 3 and [stop["reload"] for stop in reloads] == ["P", "P"]
    for stop in reloads:
        arrival, departure = (int(stop[k][:2]) * 60 + int(stop[k][3:]) for k in ("arrival", "departure"))
        assert departure >= arrival + 15
    suppliers = [stop for stop in route["stops"] if "supplier" in stop]
    a = next(stop for stop in suppliers if stop["supplier"] == "A")
    assert a["empties"] == {"kg": 40.0, "pallets": 0.5} and a["load_after"]["kg"] == 100.0
    c_index = route["stops"].index(next(stop for stop in suppliers if stop["supplier"] == "C"))
    if c_index > 0:  # C's trip leaves the plant (a reload stop) at 09:00 at the earliest
        assert route["stops"][c_index - 1]["departure"] >= "09:00"
    assert route["load"]["kg"] == 100.0  # the largest load along any trip
    report = kpis(inst, result)
    assert (report["milk_run"]["routes"], report["milk_run"]["trips"]) == (1, 3)
    doc = result.to_dict()["routes"][0]
    assert sorted(map(sorted, doc["trips"])) == [["A"], ["B"], ["C"]] and doc["reload_depots"] == ["P", "P"]


def test_generator_with_plant_constraints():
    """plant_constraints adds reload plants to the smaller trucks, empties to every supplier, release times
    to some, and the plant's reload time; the document is valid and solves to a plan with reload stops."""
    doc = generate_network(40, 2, seed=3, plant_constraints=True)
    assert doc["plants"][0]["reload_time"] == 20
    assert {vt["id"] for vt in doc["vehicle_types"] if vt.get("reload_plants")} == {"van", "truck7t5"}
    assert all("empties" in s for s in doc["suppliers"]) and any("release_time" in s for s in doc["suppliers"])
    # docks, soft windows, drivers' breaks, consistency
    assert doc["plants"][0]["docks"] == 2 and doc["plants"][0]["unload_time"] == 15
    assert any("late_cost_per_hour" in s for s in doc["suppliers"])
    assert all(vt["break"] == {"duration": 45, "window": ["11:30", "14:00"]} for vt in doc["vehicle_types"])
    assert all(s["frequency"] > 1 for s in doc["suppliers"] if s.get("same_truck") or "arrival_spread" in s)
    assert all(s["arrival_spread"] == 120 for s in doc["suppliers"] if "arrival_spread" in s)
    bigger = generate_network(300, 5, seed=1, plant_constraints=True)
    assert bigger["plants"][0]["docks"] == 3
    assert any(s.get("same_truck") for s in bigger["suppliers"]) and any("arrival_spread" in s for s in bigger["suppliers"])
    inst = parse_milkrun(doc)
    result = mr.solve(inst.data, max_iterations=300, seed=1)
    assert evaluate(result).feasible == result.feasible
