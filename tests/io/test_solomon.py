"""Tests of the Solomon / Gehring & Homberger reader and of :func:`milkrun.io.read`."""

from __future__ import annotations

import csv
import math
import pickle
import re
from pathlib import Path

import numpy as np
import pytest

import milkrun
from milkrun import bks
from milkrun.io import InstanceError, detect_format, formats, read, read_solomon
from milkrun.io import solomon as solomon_module

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "instances" / "example_solomon_25.txt"

HEADER = "CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME"
ROWS = [
    "    0      40         50          0          0       1236          0",
    "    1      45         68         10        912        967         90",
    "    2      45         70         30        825        870         90",
    "    3      42         66         10         65        146         90",
]
# Line numbers in the text written by _solomon_text with the defaults.
FLEET_LINE, CUSTOMER_LINE, FIRST_ROW_LINE = 5, 7, 10


def _solomon_text(rows: list[str] | None = None, fleet: str = "  25         200", name: str = "TINY") -> str:
    """A small Solomon file in the original layout (rows start on line 10)."""
    rows = ROWS if rows is None else rows
    return "\n".join([name, "", "VEHICLE", "NUMBER     CAPACITY", fleet, "", "CUSTOMER", HEADER, " ", *rows]) + "\n"


def _write(tmp_path: Path, text: str, name: str = "tiny.txt") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def _shared() -> Path:
    folder = bks.instances_dir()
    if folder is None or not (folder / "solomon").is_dir():
        pytest.skip("the shared benchmark folder (../shared/instances) is not available")
    return folder


def _routes(path: Path) -> list[list[int]]:
    """Routes of a CVRPLIB (``Route #1: ...``) or SINTEF (``Route  1 : ...``) solution file."""
    routes = []
    for line in path.read_text().splitlines():
        match = re.match(r"\s*Route\s*#?\s*\d+\s*:(.*)", line)
        if match:
            routes.append([int(tok) for tok in match.group(1).split()])
    return routes


def _evaluate(data: milkrun.ProblemData, routes: list[list[int]]) -> tuple[int, bool]:
    """Total integer distance of the routes and whether they meet windows, shift and capacity."""
    dist, dur = data.distance_matrix().tolist(), data.duration_matrix().tolist()
    windows = [(c.time_windows[0].early, c.time_windows[0].late, c.service_duration, c.pickup[0]) for c in data.clients]
    shift = data.vehicle_types[0].shift
    capacity = data.vehicle_types[0].capacity[0]
    total, feasible = 0, True
    for route in routes:
        time, prev, load = shift.early, 0, 0
        for loc in route:
            early, late, service, demand = windows[loc - 1]
            total += dist[prev][loc]
            time = max(time + dur[prev][loc], early)
            feasible &= time <= late
            time += service
            load += demand
            prev = loc
        total += dist[prev][0]
        feasible &= time + dur[prev][0] <= shift.late and load <= capacity
    return int(total), bool(feasible)


# ----------------------------------------------------------------------------------------------------
# the model built from a file


def test_small_file_dimacs(tmp_path):
    """A small file gives the documented model: names, units x10, truncated distances, fleet, one period."""
    data = read_solomon(_write(tmp_path, _solomon_text()))
    assert data.name == "TINY"
    assert data.dimensions == ["demand"]
    assert data.num_depots == 1 and data.num_clients == 3 and data.num_periods == 1
    depot = data.depots[0]
    assert (depot.name, depot.x, depot.y) == ("0", 40, 50)
    assert (depot.window.early, depot.window.late) == (0, 12360)
    assert [c.name for c in data.clients] == ["1", "2", "3"]
    first = data.clients[0]
    assert (first.x, first.y, first.pickup, first.service_duration) == (45, 68, [10], 900)
    assert [(w.early, w.late) for w in first.time_windows] == [(9120, 9670)]
    vehicle = data.vehicle_types[0]
    assert (vehicle.name, vehicle.capacity, vehicle.num_available) == ("vehicle", [200], 25)
    assert (vehicle.fixed_cost, vehicle.unit_distance_cost, vehicle.unit_duration_cost) == (0, 1, 0)
    assert (vehicle.shift.early, vehicle.shift.late) == (0, 12360)
    assert data.periods[0].name == "day 1"
    scaling = data.scaling
    assert (scaling.distance, scaling.duration, scaling.cost) == (10, 10, 10)
    # depot (40, 50) to customer 1 (45, 68): euclid = sqrt(349) = 18.6815...
    assert data.distance_matrix()[0, 1] == 186
    np.testing.assert_array_equal(data.distance_matrix(), data.duration_matrix())


def test_small_file_exact(tmp_path):
    """The exact convention rounds distances, rounds travel times up, and scales times by 10000."""
    data = read_solomon(_write(tmp_path, _solomon_text()), convention="exact")
    euclid = math.sqrt(5**2 + 18**2)
    assert data.distance_matrix()[0, 1] == round(euclid * 10_000) == 186_815
    assert data.duration_matrix()[0, 1] == math.ceil(euclid * 10_000) == 186_816
    assert data.clients[0].service_duration == 900_000
    assert (data.depots[0].window.early, data.depots[0].window.late) == (0, 12_360_000)
    scaling = data.scaling
    assert (scaling.distance, scaling.duration, scaling.cost) == (10_000, 10_000, 10_000)
    assert np.all(data.duration_matrix() >= data.distance_matrix())


def test_dimacs_matrix_is_truncated_euclid(tmp_path):
    """Every dimacs matrix entry equals floor(10 * euclid) computed in float64, with a zero diagonal."""
    data = read_solomon(_write(tmp_path, _solomon_text()))
    xy = np.array([[40, 50], [45, 68], [45, 70], [42, 66]], dtype=float)
    diff = xy[:, None, :] - xy[None, :, :]
    expected = np.floor(10 * np.sqrt((diff**2).sum(axis=2))).astype(np.int64)
    np.testing.assert_array_equal(data.distance_matrix(), expected)
    assert np.all(np.diag(data.distance_matrix()) == 0)


def test_layout_variations_parse_the_same(tmp_path):
    """CRLF, tabs, blank lines with spaces, other header text or no header give the same instance."""
    reference = read_solomon(_write(tmp_path, _solomon_text(), "ref.txt"))
    variants = {
        "crlf.txt": _solomon_text().replace("\n", "\r\n"),
        "tabs.txt": _solomon_text().replace("      ", "\t"),
        "blank.txt": _solomon_text().replace("\n\n", "\n   \n\t\n"),
        "header.txt": _solomon_text().replace(HEADER, "ID X Y Q A B S").replace("NUMBER     CAPACITY", "K Q"),
        "noheader.txt": _solomon_text().replace(HEADER + "\n", "").replace("NUMBER     CAPACITY\n", ""),
        "lower.txt": _solomon_text().replace("VEHICLE", "vehicle").replace("CUSTOMER\n", "Customer\n"),
        "trailing.txt": _solomon_text() + "\n  \n\n",
    }
    for file_name, text in variants.items():
        data = read_solomon(_write(tmp_path, text, file_name))
        assert data.num_clients == reference.num_clients, file_name
        np.testing.assert_array_equal(data.distance_matrix(), reference.distance_matrix())
        assert [c.time_windows[0].late for c in data.clients] == [c.time_windows[0].late for c in reference.clients]


def test_name_falls_back_to_file_stem(tmp_path):
    """Without a name on line 1 the instance is named after the file."""
    text = _solomon_text().split("\n", 1)[1]  # drop the name line: line 1 is now blank
    assert read_solomon(_write(tmp_path, text, "nameless.txt")).name == "nameless"


def test_bundled_example():
    """The bundled example is C101 cut to 25 customers, renamed so that no BKS of C101 applies."""
    data = read(EXAMPLE)
    assert data.name == "C101_25"
    assert data.num_clients == 25
    assert [c.name for c in data.clients] == [str(i) for i in range(1, 26)]
    assert data.vehicle_types[0].capacity == [200]
    assert bks.best_known(data.name, num_clients=data.num_clients) is None


# ----------------------------------------------------------------------------------------------------
# the benchmark files


@pytest.mark.shared
def test_every_solomon_file():
    """All 56 Solomon files read: 100 clients, capacity by class, NUMBER 25, name = file name."""
    folder = _shared() / "solomon"
    files = sorted(folder.glob("*.txt"))
    assert len(files) == 56
    capacity = {"C1": 200, "C2": 700, "R1": 200, "R2": 1000, "RC1": 200, "RC2": 1000}
    for file in files:
        data = read(file)
        assert data.name == file.stem
        assert data.num_clients == 100 and data.num_depots == 1
        assert data.vehicle_types[0].num_available == 25
        assert data.vehicle_types[0].capacity == [capacity[file.stem[:-2]]], file.name
        assert [c.name for c in data.clients] == [str(i) for i in range(1, 101)]


@pytest.mark.shared
def test_every_homberger_200_file():
    """All 60 Gehring & Homberger 200-customer files read: 200 clients, NUMBER 50, capacity by class."""
    folder = _shared() / "homberger" / "200"
    if not folder.is_dir():
        pytest.skip("homberger/200 is not available")
    files = sorted(folder.glob("*.txt"))
    assert len(files) == 60
    capacity = {"C1": 200, "C2": 700, "R1": 200, "R2": 1000, "RC1": 200, "RC2": 1000}
    for file in files:
        data = read(file)
        assert data.name.upper() == file.stem.upper()
        assert data.num_clients == 200
        assert data.vehicle_types[0].num_available == 50
        assert data.vehicle_types[0].capacity == [capacity[file.stem.split("_")[0]]], file.name


@pytest.mark.shared
def test_r101_known_values():
    """R101 (laid out differently from C101): depot window, first client, capacity."""
    data = read(_shared() / "solomon" / "R101.txt")
    assert (data.depots[0].x, data.depots[0].y) == (35, 35)
    assert (data.depots[0].window.early, data.depots[0].window.late) == (0, 2300)
    client = data.clients[0]
    assert (client.x, client.y, client.pickup, client.service_duration) == (41, 49, [10], 100)
    assert (client.time_windows[0].early, client.time_windows[0].late) == (1610, 1710)


@pytest.mark.shared
def test_dimacs_solution_files_reproduce_bks():
    """Under dimacs, every verified CVRPLIB Solomon solution is feasible and costs exactly its BKS."""
    folder = _shared() / "solomon"
    solutions = sorted((folder / "solutions_dimacs").glob("*.sol"))
    if not solutions:
        pytest.skip("no DIMACS solution files")
    with (folder / "bks_distance.csv").open() as handle:
        table = {row["instance"]: row for row in csv.DictReader(handle)}
    for sol in solutions:
        data = read(folder / f"{sol.stem}.txt")
        routes = _routes(sol)
        total, feasible = _evaluate(data, routes)
        assert feasible, sol.name
        assert total == round(float(table[sol.stem]["distance"]) * 10), sol.name
        assert len(routes) == int(table[sol.stem]["vehicles"])


@pytest.mark.shared
def test_exact_sintef_solutions_stay_feasible():
    """Under exact (travel times rounded up), all SINTEF 200-customer BKS solutions stay feasible
    and their rounded distance is within 0.02 of the hierarchical table."""
    folder = _shared() / "homberger"
    solutions = sorted((folder / "solutions_sintef").glob("*_2_*.txt"))
    if not solutions or not (folder / "200").is_dir():
        pytest.skip("no SINTEF solution files for size 200")
    with (folder / "bks.csv").open() as handle:
        table = {row["instance"]: row for row in csv.DictReader(handle)}
    for sol in solutions:
        data = read(folder / "200" / f"{sol.stem}.txt", convention="exact")
        total, feasible = _evaluate(data, _routes(sol))
        assert feasible, sol.name
        assert total / 10_000 == pytest.approx(float(table[sol.stem]["distance"]), abs=0.02), sol.name


# ----------------------------------------------------------------------------------------------------
# format dispatch


def test_read_dispatches_and_detects(tmp_path):
    """read() detects Solomon text, accepts format="solomon", and equals read_solomon()."""
    path = _write(tmp_path, _solomon_text())
    assert "solomon" in formats()
    assert detect_format(path) == "solomon"
    for data in (read(path), read(path, format="solomon"), read(path, "auto", "dimacs")):
        np.testing.assert_array_equal(data.distance_matrix(), read_solomon(path).distance_matrix())


def test_read_rejects_unknown_format_and_convention(tmp_path):
    """An unknown format name or convention is a ValueError that lists the valid choices."""
    path = _write(tmp_path, _solomon_text())
    with pytest.raises(ValueError, match="unknown instance format 'xml'.*solomon"):
        read(path, format="xml")
    with pytest.raises(ValueError, match="unknown distance convention 'round'.*dimacs"):
        read(path, convention="round")
    with pytest.raises(ValueError, match="unknown distance convention"):
        read_solomon(path, convention="round")


def test_auto_detection_failure_names_file(tmp_path):
    """A file in no known format gives an InstanceError naming the file."""
    path = _write(tmp_path, "NAME : X-n101\nTYPE : CVRP\n", "x.vrp")
    with pytest.raises(InstanceError, match=re.escape(str(path)) + ".*unrecognised instance format"):
        read(path)


# ----------------------------------------------------------------------------------------------------
# bad input


def _row(number="4", x="42", y="68", demand="10", ready="727", due="782", service="90") -> str:
    return f"    {number}  {x}  {y}  {demand}  {ready}  {due}  {service}"


BAD_ROWS = [
    # (case, extra rows appended after row 3 or a replacement, field named in the message, message part)
    ("non-numeric x", [_row(x="4x2")], "XCOORD.", "'4x2' is not a number"),
    ("too few columns", ["    4      42         68         10        727        782"], "columns", "found 6"),
    ("too many columns", [_row() + "  7"], "columns", "found 8"),
    ("negative demand", [_row(demand="-5")], "DEMAND", "negative demand -5"),
    ("fractional demand", [_row(demand="2.5")], "DEMAND", "not an integer"),
    ("demand above capacity", [_row(demand="250")], "DEMAND", "exceeds the vehicle capacity 200"),
    ("ready after due", [_row(ready="800", due="782")], "READY TIME", "after the due date"),
    ("negative service", [_row(service="-1")], "SERVICE TIME", "negative time"),
    ("nan", [_row(y="nan")], "YCOORD.", "not a finite number"),
    ("inf", [_row(due="inf")], "DUE DATE", "not a finite number"),
    ("overflow", [_row(due="1e400")], "DUE DATE", "not a finite number"),
    ("huge time", [_row(due="1e20")], "DUE DATE", "too large"),
    ("duplicate", [_row(number="3")], "CUST NO.", "duplicate customer number 3 (first on line 13)"),
    ("gap", [_row(number="5")], "CUST NO.", "expected 4, found 5"),
    ("fractional number", [_row(number="4.5")], "CUST NO.", "not an integer"),
    ("text after the rows", ["EOF"], "columns", "found 1"),
]


@pytest.mark.parametrize(("case", "extra", "field", "message"), BAD_ROWS, ids=[case[0] for case in BAD_ROWS])
def test_bad_customer_row(tmp_path, case, extra, field, message):
    """A bad customer row raises InstanceError naming the file, the row's line and the field."""
    path = _write(tmp_path, _solomon_text(ROWS + extra))
    line = FIRST_ROW_LINE + len(ROWS)
    with pytest.raises(InstanceError) as info:
        read_solomon(path)
    text = str(info.value)
    assert text.startswith(f"{path}: line {line}: {field}: "), text
    assert message in text
    assert (info.value.path, info.value.line, info.value.field) == (str(path), line, field)


BAD_FILES = [
    # (case, text, line, field, message part)
    ("depot not first", _solomon_text(ROWS[1:]), FIRST_ROW_LINE, "CUST NO.", "must be the depot, number 0, found 1"),
    ("depot with demand", _solomon_text([_row(number="0", demand="5", service="0"), *ROWS[1:]]),
     FIRST_ROW_LINE, "DEMAND", "depot (row 0) must have demand 0"),
    ("depot with service time", _solomon_text([_row(number="0", demand="0", service="10"), *ROWS[1:]]),
     FIRST_ROW_LINE, "SERVICE TIME", "depot (row 0) must have service time 0"),
    ("fleet line non-numeric", _solomon_text(fleet="25 abc"), FLEET_LINE, "CAPACITY", "'abc' is not a number"),
    ("fleet line columns", _solomon_text(fleet="25 200 3"), FLEET_LINE, "NUMBER/CAPACITY", "expected 2 columns"),
    ("no vehicles", _solomon_text(fleet="0 200"), FLEET_LINE, "NUMBER", "at least 1"),
    ("zero capacity", _solomon_text(fleet="25 0"), FLEET_LINE, "CAPACITY", "must be positive"),
    ("missing fleet line", _solomon_text(fleet=""), CUSTOMER_LINE, "NUMBER/CAPACITY", "missing"),
    ("missing VEHICLE", _solomon_text().replace("VEHICLE", "VEHICLES"), 13, "VEHICLE", "no VEHICLE section"),
    ("missing CUSTOMER", _solomon_text().replace("CUSTOMER\n", "CUSTOMERS\n"), 13, "CUSTOMER",
     "no CUSTOMER section"),
    ("CUSTOMER before VEHICLE", "X\nCUSTOMER\n0 0 0 0 0 10 0\nVEHICLE\n1 10\n", 2, "CUSTOMER",
     "must come after the VEHICLE section"),
    ("no rows", _solomon_text([]), 9, "CUSTOMER", "no rows"),
]


@pytest.mark.parametrize(("case", "text", "line", "field", "message"), BAD_FILES, ids=[case[0] for case in BAD_FILES])
def test_bad_file_structure(tmp_path, case, text, line, field, message):
    """A malformed section raises InstanceError naming the file, the line and the field or section."""
    path = _write(tmp_path, text)
    with pytest.raises(InstanceError) as info:
        read(path)
    text = str(info.value)
    assert text.startswith(f"{path}: line {line}: {field}: "), text
    assert message in text


def test_missing_file(tmp_path):
    """A missing file raises InstanceError naming the file (also with format detection)."""
    path = tmp_path / "nope.txt"
    for reader in (read_solomon, read):
        with pytest.raises(InstanceError, match=re.escape(f"{path}: file not found")):
            reader(path)


@pytest.mark.parametrize("content", ["", "   \n\n \t\n"], ids=["empty", "whitespace"])
def test_empty_file(tmp_path, content):
    """An empty or whitespace-only file raises InstanceError naming the file."""
    path = _write(tmp_path, content)
    for reader in (read_solomon, read):
        with pytest.raises(InstanceError, match=re.escape(f"{path}: the file is empty")):
            reader(path)


def test_directory_and_binary_file(tmp_path):
    """A directory or a non-text file raises InstanceError naming the path."""
    with pytest.raises(InstanceError, match=re.escape(f"{tmp_path}: is a directory")):
        read_solomon(tmp_path)
    binary = tmp_path / "data.bin"
    binary.write_bytes(b"\x00\xff\xfe\x80" * 10)
    with pytest.raises(InstanceError, match=re.escape(f"{binary}: not a UTF-8 text file")):
        read(binary)


def test_problem_data_rejection_is_wrapped(tmp_path, monkeypatch):
    """A ValueError from ProblemData validation is re-raised as InstanceError naming the file."""

    def reject(**kwargs):
        raise ValueError("client '3': its load exceeds the capacity of every vehicle type")

    monkeypatch.setattr(solomon_module, "ProblemData", reject)
    path = _write(tmp_path, _solomon_text())
    with pytest.raises(InstanceError, match=re.escape(f"{path}: invalid instance: client '3'")):
        read_solomon(path)


def test_instance_error_type():
    """InstanceError is a ValueError, keeps path/line/field/reason, and survives pickling."""
    error = InstanceError("a.txt", "bad", line=3, field="DEMAND")
    assert isinstance(error, ValueError)
    assert str(error) == "a.txt: line 3: DEMAND: bad"
    assert str(InstanceError("a.txt", "file not found")) == "a.txt: file not found"
    clone = pickle.loads(pickle.dumps(error))
    assert (str(clone), clone.path, clone.line, clone.field, clone.reason) == (str(error), "a.txt", 3, "DEMAND", "bad")
