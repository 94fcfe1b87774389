"""Tests of the VRPLIB reader (:func:`milkrun.io.read_vrplib`), including PyVRP's heterogeneous-fleet
dialect used by the Pessoa et al. HFVRP set in the shared benchmark folder."""

from __future__ import annotations

import math

import numpy as np
import pytest
import vrplib

import milkrun as mr
from milkrun import bks
from milkrun.eval import evaluate
from milkrun.io import InstanceError, detect_format, formats, read, read_vrplib

CVRP = """NAME: tiny
TYPE: CVRP
DIMENSION: 4
CAPACITY: 10
EDGE_WEIGHT_TYPE: EUC_2D
NODE_COORD_SECTION
1 0 0
2 3 4
3 0 1.5
4 -2 0
DEMAND_SECTION
1 0
2 4
3 5
4 6
DEPOT_SECTION
1
-1
EOF
"""

HFVRP = """NAME: fleet
TYPE: HFVRP
DIMENSION: 3
VEHICLES: 3
EDGE_WEIGHT_TYPE: EUC_2D
NODE_COORD_SECTION
1 0 0
2 3 4
3 6 8
DEMAND_SECTION
1 0
2 4
3 5
CAPACITY_SECTION
1 10
2 20
3 10
VEHICLES_FIXED_COST_SECTION
1 100
2 250
3 100
VEHICLES_UNIT_DISTANCE_COST_SECTION
1 2
2 3
3 2
DEPOT_SECTION
1
-1
EOF
"""


def _write(tmp_path, text, name="x.vrp"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_cvrp_reads(tmp_path):
    """A CVRP file: depot first, clients named by node number, distances scaled by the convention,
    one vehicle type with an unlimited (one per client) count."""
    data = read_vrplib(_write(tmp_path, CVRP))
    assert data.name == "tiny" and data.num_depots == 1 and data.num_clients == 3
    assert [c.name for c in data.clients] == ["2", "3", "4"]
    assert [c.pickup for c in data.clients] == [[4], [5], [6]]
    assert data.dimensions == ["demand"]
    (vt,) = data.vehicle_types
    assert vt.capacity == [10] and vt.num_available == 3 and vt.fixed_cost == 0 and vt.unit_distance_cost == 1
    assert data.distance_matrix()[0, 1] == 50  # floor(10 * 5)
    exact = read_vrplib(_write(tmp_path, CVRP), convention="exact")
    assert exact.distance_matrix()[0, 1] == 5000 and exact.distance_matrix()[0, 2] == 1500


def test_fleet_sections_group_into_types(tmp_path):
    """Per-vehicle capacity and cost rows become one vehicle type per distinct vehicle, with counts; fixed
    costs are in the same integer units as distance costs."""
    data = read_vrplib(_write(tmp_path, HFVRP), convention="exact")
    types = [(t.name, t.capacity, t.num_available, t.fixed_cost, t.unit_distance_cost) for t in data.vehicle_types]
    assert types == [("type1", [10], 2, 100_000, 2), ("type2", [20], 1, 250_000, 3)]
    # One route on the small type: fixed 100 + 2 * (5 + 5 + 10) = 140 file units.
    solution = mr.Solution(data, [mr.SolutionRoute(data, [1, 2], 0)])
    assert solution.cost == 140_000
    assert evaluate(data, solution).cost == 140_000


def test_multi_dimensional_demand_and_time_windows(tmp_path):
    """Several demand columns give several capacity dimensions; time windows and service times are read
    and scaled."""
    text = """NAME: multi
DIMENSION: 3
CAPACITY: 10
SERVICE_TIME: 2
EDGE_WEIGHT_TYPE: EUC_2D
NODE_COORD_SECTION
1 0 0
2 3 4
3 6 8
DEMAND_SECTION
1 0 0
2 4 1
3 5 2
TIME_WINDOW_SECTION
1 0 100
2 10 20
3 30 40
DEPOT_SECTION
1
-1
EOF
"""
    data = read_vrplib(_write(tmp_path, text))
    assert data.dimensions == ["demand1", "demand2"]
    assert [c.pickup for c in data.clients] == [[4, 1], [5, 2]]
    assert data.vehicle_types[0].capacity == [10, 10]
    assert data.clients[0].service_duration == 20
    assert (data.clients[1].time_windows[0].early, data.clients[1].time_windows[0].late) == (300, 400)
    assert data.depots[0].window.late == 1000


def test_explicit_matrix(tmp_path):
    """EXPLICIT edge weights: the matrix is taken as given (scaled), coordinates not needed."""
    text = """NAME: explicit
DIMENSION: 3
CAPACITY: 10
EDGE_WEIGHT_TYPE: EXPLICIT
EDGE_WEIGHT_FORMAT: FULL_MATRIX
EDGE_WEIGHT_SECTION
0 7 9
7 0 3
9 3 0
DEMAND_SECTION
1 0
2 1
3 1
DEPOT_SECTION
1
-1
EOF
"""
    data = read_vrplib(_write(tmp_path, text))
    assert data.distance_matrix().tolist() == [[0, 70, 90], [70, 0, 30], [90, 30, 0]]


def test_depot_not_first_node(tmp_path):
    """A depot other than node 1 comes first among the locations; the matrix follows."""
    text = CVRP.replace("DEPOT_SECTION\n1\n", "DEPOT_SECTION\n3\n").replace("3 5\n", "3 0\n").replace("1 0\n2 4", "1 7\n2 4")
    data = read_vrplib(_write(tmp_path, text))
    assert data.depots[0].name == "3"
    assert [c.name for c in data.clients] == ["1", "2", "4"]
    assert data.distance_matrix()[0, 1] == 15  # node 3 (0, 1.5) to node 1 (0, 0)


def test_detection(tmp_path):
    """format="auto" recognises VRPLIB files; the format is registered."""
    assert "vrplib" in formats()
    path = _write(tmp_path, CVRP)
    assert detect_format(path) == "vrplib"
    assert read(path).num_clients == 3


BAD = [
    ("no capacity", lambda t: t.replace("CAPACITY: 10\n", ""), "CAPACITY"),
    ("demand rows", lambda t: t.replace("4 6\n", ""), "DEMAND_SECTION"),
    ("negative demand", lambda t: t.replace("2 4\n", "2 -4\n"), "DEMAND_SECTION"),
    ("fractional demand", lambda t: t.replace("2 4\n", "2 4.5\n"), "DEMAND_SECTION"),
    ("zero capacity", lambda t: t.replace("CAPACITY: 10", "CAPACITY: 0"), "CAPACITY_SECTION"),
    ("depot out of range", lambda t: t.replace("DEPOT_SECTION\n1\n", "DEPOT_SECTION\n9\n"), "DEPOT_SECTION"),
    ("depot with demand", lambda t: t.replace("1 0\n2 4", "1 3\n2 4"), "DEPOT_SECTION|DEMAND_SECTION"),
    ("unsupported weights", lambda t: t.replace("EUC_2D", "GEO"), "EDGE_WEIGHT_TYPE"),
    ("no coordinates", lambda t: t.split("NODE_COORD_SECTION")[0] + "DEMAND_SECTION" + t.split("DEMAND_SECTION")[1],
     "NODE_COORD_SECTION"),
    ("garbage", lambda t: "this is not\na vrplib file\n", "not a readable VRPLIB file"),
    ("dimension word", lambda t: t.replace("DIMENSION: 4", "DIMENSION: four"), "DIMENSION"),
    ("demand word", lambda t: t.replace("2 4\n", "2 four\n"), "DEMAND_SECTION"),
    ("huge coordinates", lambda t: t.replace("2 3 4", "2 3e30 4"), "NODE_COORD_SECTION"),
]


@pytest.mark.parametrize(("case", "change", "field"), BAD, ids=[b[0] for b in BAD])
def test_bad_files(tmp_path, case, change, field):
    """Malformed or invalid files raise InstanceError naming the file and the section."""
    path = _write(tmp_path, change(CVRP))
    with pytest.raises(InstanceError, match=field) as err:
        read_vrplib(path)
    assert str(path) in str(err.value)


def test_bad_fleet_sections(tmp_path):
    """Fleet sections with the wrong number of rows, or vehicles at a node that is no depot."""
    short = HFVRP.replace("3 10\nVEHICLES_FIXED", "VEHICLES_FIXED")
    with pytest.raises(InstanceError, match="CAPACITY_SECTION"):
        read_vrplib(_write(tmp_path, short))
    at_client = HFVRP.replace("DEPOT_SECTION", "VEHICLES_DEPOT_SECTION\n1 1\n2 2\n3 1\nDEPOT_SECTION")
    with pytest.raises(InstanceError, match="VEHICLES_DEPOT_SECTION"):
        read_vrplib(_write(tmp_path, at_client))
    with pytest.raises(InstanceError, match="no_such"):
        read_vrplib(tmp_path / "no_such.vrp")


def test_allowed_clients_become_access_restrictions(tmp_path):
    """VEHICLES_ALLOWED_CLIENTS_SECTION (PyVRP's dialect): the clients a vehicle may not visit become its
    type's forbidden clients; vehicles alike but for their allowed clients form separate types; a solve
    keeps every client on a type allowed to serve it."""
    text = HFVRP.replace("DEPOT_SECTION", "VEHICLES_ALLOWED_CLIENTS_SECTION\n1 2\n2 2 3\n3 2 3\nDEPOT_SECTION")
    data = read_vrplib(_write(tmp_path, text), convention="exact")
    types = [(t.capacity, t.num_available, list(t.forbidden_clients)) for t in data.vehicle_types]
    assert types == [([10], 1, ["3"]), ([20], 1, []), ([10], 1, [])]
    assert not data.may_serve(0, 2) and data.may_serve(2, 2)
    result = mr.solve(data, max_iterations=100, seed=1)
    assert result.feasible and evaluate(result).feasible
    for route in result.solution.routes:
        assert all(data.may_serve(route.vehicle_type, loc) for loc in route.visits)


@pytest.mark.parametrize(
    ("rows", "message"),
    [("1 2\n2 2 3\n", "expected one row per vehicle"), ("1 2\n2 1\n3 2\n", "vehicle 2: 1 is not a client node"),
     ("1 2\n2 2 7\n3 2\n", "vehicle 2: 7 is not a client node")],
)
def test_bad_allowed_clients(tmp_path, rows, message):
    text = HFVRP.replace("DEPOT_SECTION", "VEHICLES_ALLOWED_CLIENTS_SECTION\n" + rows + "DEPOT_SECTION")
    with pytest.raises(InstanceError, match="VEHICLES_ALLOWED_CLIENTS_SECTION") as err:
        read_vrplib(_write(tmp_path, text))
    assert message in str(err.value)


def test_client_no_vehicle_may_visit(tmp_path):
    text = HFVRP.replace("DEPOT_SECTION", "VEHICLES_ALLOWED_CLIENTS_SECTION\n1 2\n2 2\n3 2\nDEPOT_SECTION")
    with pytest.raises(InstanceError, match="client '3': every vehicle type lists it as a forbidden client"):
        read_vrplib(_write(tmp_path, text))


HFVRP_DIR = bks.instances_dir() / "pyvrp_HFVRP" if bks.instances_dir() else None


@pytest.mark.skipif(HFVRP_DIR is None, reason="shared benchmark folder not found")
def test_pessoa_hfvrp_solutions_evaluate_to_their_cost():
    """Every Pessoa et al. HFVRP instance reads, and its .sol plan (route k on vehicle k) is complete,
    feasible and costs what the file says (costs there are in hundredths, distances double precision;
    some files give the cost as an integer in thousandths of that) under both the C++ statistics and the
    independent evaluator."""
    paths = sorted(HFVRP_DIR.glob("*.vrp"))
    assert len(paths) == 100
    for path in paths:
        data = read_vrplib(path, convention="exact")
        raw = vrplib.read_instance(path, compute_edge_weights=False)
        sol = vrplib.read_solution(path.with_suffix(".sol"))
        scale = data.scaling.cost
        key = {(t.capacity[0], t.fixed_cost, t.unit_distance_cost): k for k, t in enumerate(data.vehicle_types)}
        capacity = np.atleast_1d(raw["capacity"])
        if capacity.size == 1:
            capacity = np.repeat(capacity, int(raw["vehicles"]))
        fixed = raw.get("vehicles_fixed_cost", np.zeros(len(capacity)))
        unit = raw.get("vehicles_unit_distance_cost", np.ones(len(capacity)))
        vehicle_type = [key[(int(c), int(f) * scale, int(u))] for c, f, u in zip(capacity, fixed, unit)]
        index = {c.name: data.num_depots + k for k, c in enumerate(data.clients)}
        routes = [mr.SolutionRoute(data, [index[str(n + 1)] for n in r], vehicle_type[k])
                  for k, r in enumerate(sol["routes"]) if r]
        solution = mr.Solution(data, routes)
        assert solution.is_complete() and solution.is_feasible(), path.name
        check = evaluate(data, solution)
        assert check.cost == solution.cost, path.name
        # Distances are rounded to 1/1000 per arc: within 0.5 / 1000 * arcs * the largest unit cost (in
        # hundredths), plus the file's two decimals.
        arcs = sum(len(r) + 1 for r in sol["routes"] if r)
        tolerance = 0.01 + 0.5e-3 * arcs * max(t.unit_distance_cost for t in data.vehicle_types) / 100
        if isinstance(sol["cost"], int):  # some files give the cost in PyVRP's exact integer units (x 1000)
            assert solution.cost == sol["cost"], path.name
        else:
            assert math.isclose(solution.cost / scale / 100, sol["cost"], abs_tol=tolerance), path.name


MTVRPTWR = """NAME: tiny-mt
TYPE: MTVRPTWR
DIMENSION: 4
VEHICLES: 2
CAPACITY: 10
SERVICE_TIME: 2
EDGE_WEIGHT_TYPE: EUC_2D
NODE_COORD_SECTION
1 0 0
2 3 4
3 0 5
4 -6 8
DEMAND_SECTION
1 0
2 6
3 5
4 4
TIME_WINDOW_SECTION
1 0 100
2 0 100
3 0 100
4 0 100
RELEASE_TIME_SECTION
1 0
2 0
3 12.5
4 0
VEHICLES_RELOAD_DEPOT_SECTION
1 1
2 1
DEPOT_SECTION
1
-1
EOF
"""


def test_multi_trip_sections(tmp_path):
    """RELEASE_TIME_SECTION becomes the clients' release times (scaled like times), and
    VEHICLES_RELOAD_DEPOT_SECTION the types' reload depots (the two vehicles are alike: one type)."""
    data = read_vrplib(_write(tmp_path, MTVRPTWR))
    assert [c.release_time for c in data.clients] == [0, 125, 0]
    assert data.num_vehicle_types == 1
    vt = data.vehicle_types[0]
    assert (list(vt.reload_depots), vt.max_reloads, vt.num_available) == ([0], None, 2)
    # One vehicle, two trips: 0 -> 2 -> 0 -> 3 -> 4 -> 0, each trip within capacity 10.
    route = mr.SolutionRoute(data, [1, 0, 2, 3], 0, 0)
    assert route.num_trips == 2 and list(route.excess_load) == [0]
    assert evaluate(data, [([1, 0, 2, 3], 0, 0)]).feasible


@pytest.mark.parametrize("rows, message", [
    ("1 1\n2 5", "vehicle 2: 5 is not a depot"),
    ("1 1", "expected one row per vehicle (2), got 1"),
])
def test_bad_reload_depots(tmp_path, rows, message):
    text = MTVRPTWR.replace("VEHICLES_RELOAD_DEPOT_SECTION\n1 1\n2 1", "VEHICLES_RELOAD_DEPOT_SECTION\n" + rows)
    with pytest.raises(InstanceError, match="VEHICLES_RELOAD_DEPOT_SECTION") as err:
        read_vrplib(_write(tmp_path, text))
    assert message in str(err.value)


def test_bad_release_times(tmp_path):
    text = MTVRPTWR.replace("3 12.5", "3 -1")
    with pytest.raises(InstanceError, match="RELEASE_TIME_SECTION"):
        read_vrplib(_write(tmp_path, text))


MTVRPTWR_DIR = bks.instances_dir() / "pyvrp_MTVRPTWR" if bks.instances_dir() else None


@pytest.mark.skipif(MTVRPTWR_DIR is None, reason="shared benchmark folder not found")
def test_mtvrptwr_solutions_evaluate_to_their_cost():
    """Every multi-trip VRPTW-with-release-dates instance reads, and its .sol plan (a 0 between clients is
    a reload stop at the depot) is complete, feasible and costs exactly what the file says (DIMACS
    convention, costs x 10), under both the C++ statistics and the independent evaluator."""
    paths = sorted(MTVRPTWR_DIR.glob("*.vrp"))
    assert len(paths) == 171
    for path in paths:
        data = read_vrplib(path)
        routes, cost = [], None
        for line in path.with_suffix(".sol").read_text().splitlines():
            if line.startswith("Route"):
                routes.append(mr.SolutionRoute(data, [int(v) for v in line.split(":")[1].split()], 0, 0))
            elif line.lower().startswith("cost"):
                cost = int(line.split()[-1])
        solution = mr.Solution(data, routes)
        assert solution.is_complete() and solution.is_feasible(), path.name
        assert solution.cost == cost, path.name
        check = evaluate(data, solution)
        assert check.feasible and check.cost == cost, (path.name, check.problems[:3])
        assert any(r.num_trips > 1 for r in solution.routes), path.name
