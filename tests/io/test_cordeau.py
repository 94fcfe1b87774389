"""Tests of the Cordeau periodic VRP / VRPTW reader (:func:`milkrun.io.read_cordeau`) and of the ``.res``
solution reader, on small written files and on the shared benchmark sets."""

from __future__ import annotations

import csv

import pytest

import milkrun as mr
from milkrun._core import MAX_VALUE
from milkrun.bks import instances_dir
from milkrun.eval import evaluate
from milkrun.io import InstanceError, detect_format, read, read_cordeau, read_cordeau_solution

PVRP = """1 2 3 3
0 50
0 50
0 50
 0  0  0  0  0 0 0
 1  3  4  1 10 1 3 4 2 1
 2  0 10  1 20 2 3 6 5 3
 3 -3 -4  1 30 3 1 7
"""

PVRPTW = """5 1 2 2
100 50
100 50
 0  0  0  0  0 0 0  0 1000
 1  3  4  2 10 1 2 2 1  10 20
 2  0 10  2 20 2 1 3  0 500
"""


def _write(tmp_path, text, name="tiny.txt"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_reads_patterns_leftmost_digit_is_day_one(tmp_path):
    """Visit combinations are binary numbers whose leftmost of t digits is day 1: with t = 3, 4 (100)
    is day 1 = bit 0, 1 (001) is day 3 = bit 2."""
    data = read(_write(tmp_path, PVRP), convention="exact")
    assert detect_format(tmp_path / "tiny.txt") == "cordeau"
    assert data.num_periods == 3 and data.num_clients == 3
    a, b, c = data.clients
    assert (a.frequency, list(a.patterns)) == (1, [0b001, 0b010, 0b100])
    assert (b.frequency, list(b.patterns)) == (2, [0b011, 0b101, 0b110])
    assert (c.frequency, list(c.patterns)) == (3, [0b111])
    assert data.vehicle_types[0].capacity == [50] and data.num_available(0, 0) == 2
    assert data.vehicle_types[0].max_duration == MAX_VALUE  # D = 0: no limit
    assert data.distance_matrix()[0, 1] == 5000  # exact convention: 1000 units per distance unit
    assert data.clients[0].service_duration == 1000


def test_reads_time_windows_and_duration(tmp_path):
    data = read_cordeau(_write(tmp_path, PVRPTW), convention="exact")
    a, b = data.clients
    assert (a.time_windows[0].early, a.time_windows[0].late) == (10_000, 20_000)
    assert data.vehicle_types[0].max_duration == 100_000
    assert list(b.patterns) == [0b11]


def test_days_with_different_limits_get_their_own_vehicle_type(tmp_path):
    text = PVRP.replace("0 50\n0 50\n0 50\n", "0 50\n0 80\n0 50\n")
    data = read_cordeau(_write(tmp_path, text))
    assert [vt.capacity[0] for vt in data.vehicle_types] == [50, 80]
    assert [list(p.num_available) for p in data.periods] == [[2, 0], [0, 2], [2, 0]]


@pytest.mark.parametrize(("text", "message"), [
    (PVRP.replace("1 2 3 3", "2 2 3 3", 1), r"line 1.*problem type 2 is not a periodic VRP"),
    (PVRP.replace(" 3 -3 -4  1 30 3 1 7", " 3 -3 -4  1 30 3 1 8"), r"line 8.*visit combination 8 names a day "
                                                                  r"beyond day 3"),
    (PVRP.replace(" 3 -3 -4  1 30 3 1 7", " 3 -3 -4  1 30 3 1 6"), r"line 8.*visit combination 6 has 2 days, but "
                                                                  r"the frequency is 3"),
    (PVRP.replace(" 2  0 10  1 20 2 3 6 5 3", " 2  0 10  1 20 2 3 6 5"), r"line 7.*expected 10 values"),
    (PVRP.replace(" 3 -3 -4  1 30 3 1 7\n", ""), r"expected 8 non-empty lines"),
    (PVRP.replace(" 1  3  4  1 10", " 1  3  4  1 -10"), r"line 6.*q \(demand\)"),
    (PVRP.replace(" 1  3  4  1 10 1 3 4 2 1", " 1  3  4  1 10 0 0"), r"line 6.*a customer needs at least one visit"),
    (PVRP.replace("0 50\n0 50\n0 50", "0 50\n0 50\n0 0"), r"line 4.*Q \(capacity\)"),
    (PVRP.replace(" 1  3  4", " 7  3  4"), r"line 6.*expected node number 1, got 7"),
])  # fmt: skip
def test_bad_files_name_line_and_field(tmp_path, text, message):
    with pytest.raises(InstanceError, match=message):
        read_cordeau(_write(tmp_path, text))


def test_solution_reader_rejects_unknown_days_and_customers(tmp_path):
    data = read_cordeau(_write(tmp_path, PVRP))
    with pytest.raises(InstanceError, match=r"line 2.*day 4 is not in 1..3"):
        read_cordeau_solution(_write(tmp_path, "1.0\n4 1 0 0 0 1 0\n", "a.res"), data)
    with pytest.raises(InstanceError, match=r"line 2.*outside 1..3"):
        read_cordeau_solution(_write(tmp_path, "1.0\n1 1 0 0 0 9 0\n", "b.res"), data)


SHARED = instances_dir()
needs_shared = pytest.mark.skipif(SHARED is None, reason="shared benchmark folder not found")


def _bks_rows():
    if SHARED is None:
        return []
    with open(SHARED / "pvrptw" / "cordeau_pvrp" / "bks.csv", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("row", _bks_rows(), ids=lambda r: r["instance"])
@pytest.mark.shared
@needs_shared
def test_published_solutions_reevaluate_to_their_cost(row):
    """Every PVRP instance reads, and its published .res plan re-evaluates (independent evaluator) to the
    bks.csv cost within 0.02, feasible: checks the pattern orientation, capacity and duration. p11's .res
    names a customer p11.txt does not have; p01's omits a dummy customer at the depot."""
    folder = SHARED / "pvrptw" / "cordeau_pvrp"
    data = read_cordeau(folder / f"{row['instance']}.txt", convention="exact")
    assert data.num_periods == int(row["days"])
    if row["instance"] == "p11":
        with pytest.raises(InstanceError, match="outside 1..138"):
            read_cordeau_solution(folder / "p11.res", data)
        return
    stated, solution = read_cordeau_solution(folder / f"{row['instance']}.res", data)
    ev = evaluate(data, solution)
    assert stated == pytest.approx(float(row["cost"]), abs=1e-6)
    assert ev.distance / 1000 == pytest.approx(stated, abs=0.02)
    if row["instance"] == "p01":
        assert ev.problems == ["client '51' (location 51) is not visited, but its frequency is 1"]
    else:
        assert ev.feasible, ev.problems[:3]


@pytest.mark.parametrize("name", ["pr01", "pr02", "pr03", "pr11", "pr18"])
@pytest.mark.shared
@needs_shared
def test_pvrptw_instances_solve_feasibly(name):
    """The five PVRPTW instances read and solve (short, fixed budget) to plans the evaluator accepts."""
    data = read(SHARED / "pvrptw" / "cordeau_pvrptw" / f"{name}.txt", convention="exact")
    assert all(client.time_windows[0].late < MAX_VALUE for client in data.clients)
    result = mr.solve(data, max_iterations=2000, seed=1)
    ev = evaluate(result)
    assert result.feasible and ev.feasible and ev.cost == result.solution.cost
