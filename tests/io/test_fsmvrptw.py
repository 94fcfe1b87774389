"""Tests of the fleet size and mix VRPTW reader (:func:`milkrun.io.read_fsmvrptw`): a Solomon file with
the vehicle-type table of its class (Liu & Shen 1999)."""

from __future__ import annotations

from pathlib import Path

import pytest

import milkrun as mr
from milkrun import bks
from milkrun.io import InstanceError, read_fsmvrptw

EXAMPLE = Path(__file__).resolve().parents[2] / "instances" / "example_solomon_25.txt"  # named C101_25

TABLE = """class,type,capacity,fixed_cost_a,fixed_cost_b,fixed_cost_c
C1,A,100,300,60,30
C1,B,200,800,160,80.5
R1,A,50,10,20,30
"""


def _table(tmp_path, text=TABLE):
    path = tmp_path / "vehicle_types.csv"
    path.write_text(text)
    return path


def test_types_of_the_class(tmp_path):
    """Only the instance's class rows become vehicle types, with the variant's fixed cost in cost units
    and one vehicle per client; the instance is named with the variant."""
    data = read_fsmvrptw(EXAMPLE, "c", table=_table(tmp_path))
    assert data.name == "C101_25c"
    types = [(t.name, t.capacity, t.fixed_cost, t.num_available) for t in data.vehicle_types]
    assert types == [("A", [100], 300, 25), ("B", [200], 805, 25)]  # dimacs: cost scale 10
    result = mr.solve(data, max_iterations=200, seed=1)
    assert result.feasible
    assert sum(part["fixed"] for part in result.cost_by_type.values()) == pytest.approx(result.cost_breakdown["fixed"])


def test_errors(tmp_path):
    """Unknown variant, a class without rows, a bad row and a missing table are clear errors."""
    with pytest.raises(ValueError, match="unknown fixed-cost variant 'd'"):
        read_fsmvrptw(EXAMPLE, "d", table=_table(tmp_path))
    with pytest.raises(InstanceError, match="no vehicle types for class C1"):
        read_fsmvrptw(EXAMPLE, table=_table(tmp_path, TABLE.replace("C1,", "C2,")))
    with pytest.raises(InstanceError, match="line 2: needs whole-number capacity"):
        read_fsmvrptw(EXAMPLE, table=_table(tmp_path, TABLE.replace("C1,A,100", "C1,A,big")))
    with pytest.raises(InstanceError, match="line 3: capacity must be positive"):
        read_fsmvrptw(EXAMPLE, table=_table(tmp_path, TABLE.replace("C1,B,200", "C1,B,0")))
    with pytest.raises(InstanceError, match="cannot read the vehicle-type table"):
        read_fsmvrptw(EXAMPLE, table=tmp_path / "missing.csv")


FOLDER = bks.instances_dir()


@pytest.mark.skipif(FOLDER is None, reason="shared benchmark folder not found")
def test_all_168_instances_read():
    """Every Solomon instance reads with each of the three cost variants; the type counts per class are
    those of the benchmark README (C1 3, C2 4, R1 5, R2 4, RC1 4, RC2 6)."""
    counts = {"C1": 3, "C2": 4, "R1": 5, "R2": 4, "RC1": 4, "RC2": 6}
    paths = sorted((FOLDER / "solomon").glob("*.txt"))
    assert len(paths) == 56
    for path in paths:
        klass = path.stem[:-2]
        for variant in "abc":
            data = read_fsmvrptw(path, variant)
            assert data.name == path.stem + variant
            assert data.num_vehicle_types == counts[klass], data.name
