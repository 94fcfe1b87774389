"""Tests of the Golden / Taillard heterogeneous-fleet VRP reader (:func:`milkrun.io.read_hvrp`)."""

from __future__ import annotations

import csv

import pytest

import milkrun as mr
from milkrun import bks
from milkrun.eval import evaluate
from milkrun.io import InstanceError, detect_format, formats, read, read_hvrp

HEADER = """ //Lines 1:5      : these comments
 //Line  6        : customers (N), vehicle types (T), range, service time, LB, BKS
 //Lines 7:T+6    : per type: number, capacity, fixed cost, cost per distance unit
 //Line  T+7      : depot coordinates X and Y
 //Lines T+8:T+N+7: per customer: coordinates X and Y and demand
"""
BODY = """ 3 2 999999.0 0.0 10.0 12.0
 2 10  5.5 1.0
 1 30  20 1.25
 0 0
 3 4 6
 0 10 5
 -3 -4 7
"""


def _write(tmp_path, body=BODY):
    path = tmp_path / "tiny.txt"
    path.write_text(HEADER + body)
    return path


def test_reads_types_and_scales(tmp_path):
    """Types keep count, capacity, fixed cost and unit cost (two decimals kept exactly); distances
    follow the convention; costs come back in the file's units."""
    path = _write(tmp_path)
    assert "hvrp" in formats() and detect_format(path) == "hvrp"
    data = read(path, convention="exact")
    assert data.num_clients == 3 and [c.pickup for c in data.clients] == [[6], [5], [7]]
    types = [(t.name, t.capacity, t.num_available, t.fixed_cost, t.unit_distance_cost) for t in data.vehicle_types]
    assert types == [("type1", [10], 2, 550_000, 100), ("type2", [30], 1, 2_000_000, 125)]
    assert data.distance_matrix()[0, 1] == 5000
    assert read_hvrp(path).distance_matrix()[0, 1] == 50  # dimacs: floor(10 * d)
    # All three clients on the big truck: 20 + 1.25 * (5 + 5 + sqrt(10^2 + 14^2)... ) in file units.
    plan = mr.Solution(data, [mr.SolutionRoute(data, [1, 2, 3], 1)])
    result_cost = plan.cost / data.scaling.cost
    length = 5 + (3**2 + 6**2) ** 0.5 + (3**2 + 14**2) ** 0.5 + 5
    assert result_cost == pytest.approx(20 + 1.25 * length, abs=1e-3)
    assert evaluate(data, plan).cost == plan.cost


def test_range_limits_route_duration(tmp_path):
    """A range below 999999 becomes the maximum route duration."""
    data = read_hvrp(_write(tmp_path, BODY.replace("999999.0", "25.5")), convention="exact")
    assert all(t.max_duration == 25_500 for t in data.vehicle_types)


BAD = [
    ("word in header", lambda b: b.replace(" 3 2 999999.0", " three 2 999999.0"), "line 6: customers"),
    ("missing customer", lambda b: b.rsplit(" -3", 1)[0], "ends before the customer 3"),
    ("extra row", lambda b: b + " 1 1 1\n", "more rows than the 3 customers"),
    ("zero capacity", lambda b: b.replace(" 2 10  5.5", " 2 0  5.5"), "line 7: capacity"),
    ("three decimals", lambda b: b.replace("1.25", "1.255"), "line 8: cost per distance"),
    ("negative fixed", lambda b: b.replace("5.5", "-5.5"), "line 7: fixed cost"),
    ("fractional demand", lambda b: b.replace("3 4 6", "3 4 6.5"), "line 10: demand"),
    ("short type row", lambda b: b.replace(" 1 30  20 1.25", " 1 30"), "vehicle type 2"),
    ("demand above every capacity", lambda b: b.replace("3 4 6", "3 4 60"), "invalid instance"),
]


@pytest.mark.parametrize(("case", "change", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_files(tmp_path, case, change, message):
    """Malformed or invalid files raise InstanceError naming the file and, where it applies, line and field."""
    path = _write(tmp_path, change(BODY))
    with pytest.raises(InstanceError, match=message) as err:
        read_hvrp(path)
    assert str(path) in str(err.value)


FOLDER = bks.instances_dir() / "hvrp_golden_taillard" if bks.instances_dir() else None


@pytest.mark.skipif(FOLDER is None, reason="shared benchmark folder not found")
def test_golden_taillard_set():
    """All 44 files are detected and read; short solves of a few are feasible, agree with the evaluator and
    never cost less than the lower bound in the file (which would mean a scaling error)."""
    table = {row["instance"]: row for row in csv.DictReader(open(FOLDER / "bks.csv"))}
    paths = sorted(FOLDER.glob("*/*.txt"))
    assert len(paths) == 44 == len(table)
    for path in paths:
        assert detect_format(path) == "hvrp", path.name
        data = read(path, convention="exact")
        assert data.num_clients == int(table[data.name]["customers"])
        assert data.num_vehicle_types == int(table[data.name]["vehicle_types"])
    for name in ("HVRP/HVRP14", "VFMP_F/vfmpf03", "VFMP_V/vfmpv05"):
        path = FOLDER / (name.replace("HVRP/", "HFVRP/") + ".txt")
        data = read(path, convention="exact")
        result = mr.solve(data, max_iterations=300, seed=1)  # verify=True: evaluator re-check
        assert result.feasible
        lower = float(table[data.name]["lower_bound_in_file"])
        assert result.cost >= lower * (1 - 1e-5), (data.name, result.cost, lower)
