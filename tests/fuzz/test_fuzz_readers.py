"""Fuzzing of every instance reader (Solomon, VRPLIB, Cordeau and its .res solutions, Golden/Taillard HVRP,
the fleet-mix table, milk-run JSON, VROOM JSON) with mutated valid files and random input, and of the
``milkrun solve`` command on such files.

The property, for every input: the reader returns problem data that can be used (and, for about one input
in ten that parses, a solve of a few iterations runs and gives a finite cost), or it raises
:class:`milkrun.InstanceError` (a ``ValueError``) whose one-line message starts with the file's name. Any
other exception is a failure, and so is an input that takes longer than the watchdog allows.

Seeds are small files written here or taken from the repository's ``instances/`` folder, so the tests
need no benchmark folder. Sizes are in ``examples(...)``; ``MILKRUN_FUZZ_SCALE`` scales them (conftest).
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import math
import os
import re
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import milkrun as mr
from milkrun.cli import main
from milkrun.io import (
    InstanceError,
    read,
    read_cordeau,
    read_cordeau_solution,
    read_fsmvrptw,
    read_hvrp,
    read_milkrun_json,
    read_solomon,
    read_vrplib,
    read_vroom,
)

REPO = Path(__file__).resolve().parents[2]
INSTANCES = REPO / "instances"
FUZZ = settings.get_profile("milkrun-fuzz")


def examples(n: int) -> int:
    """``n`` inputs, times ``MILKRUN_FUZZ_SCALE``."""
    return max(1, round(n * float(os.environ.get("MILKRUN_FUZZ_SCALE", "1"))))


# ----------------------------------------------------------------------------------------------------
# seeds

SOLOMON_HEADER = "CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME"
SOLOMON = f"""TINY

VEHICLE
NUMBER     CAPACITY
  3         50

CUSTOMER
{SOLOMON_HEADER}

    0      40         50          0          0       1236          0
    1      45         68         10        912        967         90
    2      45         70         30        825        870         90
    3      42         66         10         65        146         90
    4      42.5       68.25      10          0       1000         10
"""
SOLOMON_SEEDS = (SOLOMON, (INSTANCES / "example_solomon_25.txt").read_text())

VRPLIB_SEEDS = (
    """NAME: cvrp
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
""",
    """NAME: fleet
TYPE: HFVRP
DIMENSION: 4
VEHICLES: 3
EDGE_WEIGHT_TYPE: EUC_2D
NODE_COORD_SECTION
1 0 0
2 3 4
3 6 8
4 1 1
DEMAND_SECTION
1 0
2 4
3 5
4 2
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
VEHICLES_DEPOT_SECTION
1 1
2 1
3 1
VEHICLES_ALLOWED_CLIENTS_SECTION
1 2 4
2 2 3 4
3 3 4
DEPOT_SECTION
1
-1
EOF
""",
    """NAME: windows
DIMENSION: 4
CAPACITY: 10
SERVICE_TIME: 2
EDGE_WEIGHT_TYPE: EUC_2D
NODE_COORD_SECTION
1 0 0
2 3 4
3 6 8
4 5 5
DEMAND_SECTION
1 0 0
2 4 1
3 5 2
4 1 1
TIME_WINDOW_SECTION
1 0 100
2 10 20
3 30 40
4 0 90
DEPOT_SECTION
1
-1
EOF
""",
    """NAME: multi-trip
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
""",
    """NAME: explicit
DIMENSION: 4
CAPACITY: 10
EDGE_WEIGHT_TYPE: EXPLICIT
EDGE_WEIGHT_FORMAT: FULL_MATRIX
EDGE_WEIGHT_SECTION
0 7 9 4
7 0 3 2
9 3 0 6
4 2 6 0
DEMAND_SECTION
1 0
2 1
3 1
4 3
SERVICE_TIME_SECTION
1 0
2 1
3 2.5
4 0
DEPOT_SECTION
1
-1
EOF
""",
)

CORDEAU_SEEDS = (
    """1 2 3 3
0 50
0 50
0 50
 0  0  0  0  0 0 0
 1  3  4  1 10 1 3 4 2 1
 2  0 10  1 20 2 3 6 5 3
 3 -3 -4  1 30 3 1 7
""",
    """5 1 2 2
100 50
80 40
 0  0  0  0  0 0 0  0 1000
 1  3  4  2 10 1 2 2 1  10 20
 2  0 10  2 20 2 1 3  0 500
""",
)
# A .res solution of the first Cordeau seed: cost, then "day vehicle duration load 0 c1 .. 0" per route.
CORDEAU_RES = """60.5
1 1 20 60 0 1 2 3 0
2 1 20 50 0 2 3 0
3 1 10 30 0 3 0
"""

HVRP_COMMENTS = """ //Lines 1:5      : these comments
 //Line  6        : customers (N), vehicle types (T), range, service time, LB, BKS
 //Lines 7:T+6    : per type: number, capacity, fixed cost, cost per distance unit
 //Line  T+7      : depot coordinates X and Y
 //Lines T+8:T+N+7: per customer: coordinates X and Y and demand
"""
HVRP_SEEDS = (
    HVRP_COMMENTS + """ 3 2 999999.0 0.0 10.0 12.0
 2 10  5.5 1.0
 1 30  20 1.25
 0 0
 3 4 6
 0 10 5
 -3 -4 7
""",
    HVRP_COMMENTS + """ 2 1 40.5 1.5 10.0 12.0
 4 20  0 1.0
 1 1
 3 4 6
 0 10 5
""",
)

# Vehicle types of the Solomon class C1 (example_solomon_25.txt is C101_25), for the fleet-mix reader.
FLEET_TABLE = """class,type,capacity,fixed_cost_a,fixed_cost_b,fixed_cost_c
C1,A,100,300,60,30
C1,B,200,800,160,80.5
R1,A,50,10,20,30
"""


def milkrun_planar() -> dict:
    return {
        "schema_version": "1",
        "name": "tiny-week",
        "dimensions": ["kg", "pallets"],
        "horizon": ["Mon", "Tue", "Wed"],
        "plants": [{"id": "P", "location": {"x": 0, "y": 0}, "reload_time": 15,
                    "opening_hours": {"default": ["06:00", "20:00"], "Wed": ["06:00", "12:00"]}}],
        "suppliers": [
            {"id": "A", "location": {"x": 10, "y": 0}, "service_time": 10, "time_windows": [["07:00", "15:00"]],
             "frequency": 2, "patterns": [["Mon", "Wed"], ["Tue", "Wed"]], "pickup": {"kg": 100, "pallets": 1.5},
             "empties": {"kg": 10, "pallets": 1}},
            {"id": "B", "location": {"x": 0, "y": 10}, "frequency": 1, "daily_production": {"kg": 50},
             "release_time": "08:30"},
            {"id": "C", "location": {"x": -10, "y": 0}, "frequency": 1, "patterns": [["Mon"], ["Wed"]],
             "pickup_by_pattern": [{"kg": 20}, {"kg": 30, "pallets": 1}],
             "time_windows_by_day": {"Mon": [[420, 600]], "Wed": [["08:00", "11:30"]]}},
        ],
        "vehicle_types": [
            {"id": "van", "capacity": {"kg": 500, "pallets": 6}, "count": 2, "count_per_day": {"Tue": 1},
             "fixed_cost": 50, "cost_per_km": 0.3, "cost_per_hour": 30, "co2_kg_per_km": 0.2,
             "forbidden_suppliers": ["C"], "speed_kmh": 40, "reload_plants": ["P"], "max_reloads": 2},
            {"id": "truck", "capacity": {"kg": 3000, "pallets": 15}, "count": 1, "fixed_cost": 120,
             "cost_per_km": 0.5, "cost_per_hour": 35, "shift": ["05:00", "18:00"], "max_duration": 600},
        ],
        "travel": {"kind": "euclidean", "speed_kmh": 60, "detour_factor": 1.2},
        "objective": {"fixed_cost_weight": 1.0, "distance_cost_weight": 2.0},
        "solver": {"max_iterations": 200, "seed": 2},
    }


def milkrun_matrix() -> dict:
    return {
        "schema_version": "1",
        "dimensions": ["load"],
        "horizon": ["d1", "d2"],
        "plants": [{"id": "P", "location": {"lat": 48.7, "lon": 9.1}}],
        "suppliers": [
            {"id": "A", "location": {"lat": 48.8, "lon": 9.2}, "pickup": {"load": 3}},
            {"id": "B", "location": {"lat": 48.6, "lon": 9.0}, "pickup": {"load": 4}, "frequency": 2},
        ],
        "vehicle_types": [{"id": "car", "capacity": {"load": 10}, "count": 1, "profile": "road"},
                          {"id": "bike", "capacity": {"load": 5}, "profile": "path"}],
        "travel": {"kind": "matrix", "ids": ["P", "A", "B"],
                   "profiles": {"road": {"distance_km": [[0, 5, 7], [5, 0, 4], [7, 4, 0]],
                                         "duration_min": [[0, 6, 8], [6, 0, 5], [8, 5, 0]]},
                                "path": {"distance_km": [[0, 4, 6], [4, 0, 3], [6, 3, 0]],
                                         "duration_min": [[0, 15, 20], [15, 0, 12], [20, 12, 0]]}}},
    }


MILKRUN_SEEDS = (milkrun_planar(), milkrun_matrix())
MILKRUN_WEEK = json.loads((INSTANCES / "week_40_suppliers.json").read_text())

VROOM_DUR = [[0, 10, 20, 30], [10, 0, 15, 25], [20, 15, 0, 12], [30, 25, 12, 0]]


def vroom_doc() -> dict:
    return {
        "vehicles": [
            {"id": 1, "start_index": 0, "end_index": 0, "capacity": [4, 2], "time_window": [0, 1000], "skills": [1],
             "costs": {"fixed": 10, "per_hour": 3600, "per_km": 2}},
            {"id": 2, "start_index": 0, "end_index": 3, "capacity": [6, 2], "speed_factor": 1.5, "profile": "van"},
        ],
        "jobs": [
            {"id": 10, "location_index": 1, "service": 5, "pickup": [2, 1], "skills": [1]},
            {"id": 11, "location_index": 2, "service": 5, "setup": 2, "pickup": [2, 0], "time_windows": [[0, 50]]},
            {"id": 12, "location_index": 3, "delivery": [3, 1]},
            {"id": "x", "location_index": 2, "amount": [1, 1]},
        ],
        "matrices": {"car": {"durations": copy.deepcopy(VROOM_DUR),
                             "distances": [[d * 10 for d in row] for row in VROOM_DUR]},
                     "van": {"durations": copy.deepcopy(VROOM_DUR), "costs": copy.deepcopy(VROOM_DUR)}},
    }


VROOM_SEEDS = (vroom_doc(), {"vehicles": [{"start_index": 0, "end_index": 0}],
                             "jobs": [{"id": 1, "location_index": 1}, {"id": 2, "location_index": 2}],
                             "matrix": [[0, 3, 4], [3, 0, 5], [4, 5, 0]]})

# ----------------------------------------------------------------------------------------------------
# mutations

#: Tokens that replace a number (or any word) of a text file.
NASTY_TOKENS = (
    "", "0", "-0", "1", "-1", "1.5", "-2.5", "1e3", "1e15", "1e19", "1e300", "1e308", "1.8e308", "1e400", "-1e400",
    "1e-400", "99999999999999999999999", "9223372036854775808", "18446744073709551616", "281474976710657",
    "nan", "NaN", "-nan", "inf", "-inf", "Infinity", "0x10", "1_0", "1e", "e5", ".", "+", "-", "--1", "1..2",
    "abc", "EOF", "-1\x00", "\x00", "٣", "½", "é", "😀", "\u2028", "\ufeff", "//", "{", "999999",
)
tokens = st.one_of(
    st.sampled_from(NASTY_TOKENS),
    st.integers(-10**25, 10**25).map(str),
    st.floats().map(repr),
    st.text(max_size=6),
)
small_numbers = st.one_of(st.integers(-2, 200).map(str), st.integers(0, 50).map(lambda n: f"{n / 4:g}"))
#: Mostly plausible numbers, sometimes anything.
number_tokens = st.one_of(small_numbers, small_numbers, small_numbers, tokens)

#: Replacements of a number: boundaries of the engine's integers (MAX_VALUE = 2**48, int64), huge, negative,
#: not finite, not a number, empty.
number_replacements = st.one_of(
    st.sampled_from(NASTY_TOKENS),
    st.sampled_from([str(v) for v in (2**31, 2**48, 2**48 + 1, 2**53 + 1, 2**62, 2**63 - 1, 2**63, 2**64, -(2**63))]),
    st.integers(-2**70, 2**70).map(str),
    st.floats().map(repr),
)
NUMBER_TOKEN = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")

LINE_OPS = ("number", "number", "number", "number", "number", "token", "delete", "duplicate", "swap", "insert",
            "repeat", "blank")
BYTE_OPS = ("truncate", "insert", "flip", "crlf")


@st.composite
def mutated_text(draw, seeds: tuple[str, ...]) -> bytes:
    """One of ``seeds`` with 1-4 line or token mutations (mostly one, so that the rest of the file stays valid
    and the reading goes on past the mutation), then up to 2 byte mutations (mostly none)."""
    lines = draw(st.sampled_from(seeds)).split("\n")
    for _ in range(draw(st.sampled_from((1, 1, 1, 1, 2, 3, 4)))):
        op = draw(st.sampled_from(LINE_OPS))
        i = draw(st.integers(0, max(len(lines) - 1, 0)))
        if not lines:
            lines.append("")
        if op == "number":  # one of the file's numbers, chosen uniformly
            places = [(r, w) for r, line in enumerate(lines) for w, word in enumerate(line.split())
                      if NUMBER_TOKEN.fullmatch(word)]
            if places:
                r, w = draw(st.sampled_from(places))
                words = lines[r].split()
                words[w] = draw(number_replacements)
                lines[r] = " ".join(words)
        elif op == "token":
            words = lines[i].split()
            if words:
                words[draw(st.integers(0, len(words) - 1))] = draw(tokens)
            else:
                words = [draw(tokens)]
            lines[i] = " ".join(words)
        elif op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            lines.insert(i, " ".join(draw(st.lists(tokens, max_size=8))))
        elif op == "repeat":
            lines[i + 1:i + 1] = [lines[i]] * draw(st.integers(2, 60))
        else:
            lines.insert(i, "")
    data = bytearray("\n".join(lines).encode("utf-8"))
    for _ in range(draw(st.sampled_from((0, 0, 0, 0, 0, 0, 0, 1, 2)))):
        op = draw(st.sampled_from(BYTE_OPS))
        k = draw(st.integers(0, len(data)))
        if op == "truncate":
            del data[k:]
        elif op == "insert":
            data[k:k] = draw(st.binary(min_size=1, max_size=8))
        elif op == "flip" and k < len(data):
            data[k] ^= draw(st.integers(1, 255))
        elif op == "crlf":
            data = bytearray(bytes(data).replace(b"\n", b"\r\n"))
    return bytes(data)


@st.composite
def token_soup(draw, keywords: tuple[str, ...]) -> bytes:
    """Random lines of the format's keywords and of numbers: text that reaches past format detection."""
    words = st.one_of(st.sampled_from(keywords), number_tokens)
    lines = draw(st.lists(st.lists(words, max_size=9).map(" ".join), max_size=30))
    return "\n".join(lines).encode("utf-8")


#: Values that replace a JSON value.
NASTY_JSON = (
    None, True, False, 0, -1, 1, 2, 7, 1.5, -0.5, 1e308, -1e308, 5e-324, 10**30, 2**63, 2**64, -(2**63) - 1,
    "", " ", "x", "0", "1", "1.5", "07:00", "23:59", "24:00", "48:00", "25:99", "7:0", "1:2:3", ":", "a:b", "-1:00",
    "Mon", "day", "nan", "\x00", "😀", [], {}, [0], [[0]], [None], [[]], [1, 2], [[1, 2], [3]], {"x": 1}, {"": None},
    float("nan"), float("inf"), float("-inf"),
)
json_scalars = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(), st.text(max_size=10))
json_values = st.one_of(
    st.sampled_from(NASTY_JSON),
    st.sampled_from(NASTY_JSON),
    json_scalars,
    st.lists(st.integers(-3, 30), max_size=5),
    st.dictionaries(st.text(max_size=4), json_scalars, max_size=3),
)
#: Nesting depths for the "deep" mutation (the last ones are beyond Python's recursion limit).
DEPTHS = (20, 200, 900, 1100, 5000, 100_000)
DEEP = "\x00deep:"  # a string value replaced by deep nesting after serialising
#: Replacements of a JSON number: zero, negative, tiny, huge, beyond the engine's integers.
json_numbers = st.one_of(
    st.sampled_from([0, -1, 1, 0.5, 1e-9, 1e9, 1e15, 1e300, -1e300, 2**48, 2**53 + 1, 2**63, 2**64, 10**30]),
    st.integers(-2**70, 2**70),
    st.floats(allow_nan=False),
)
JSON_OPS = ("number", "number", "number", "replace", "replace", "borrow", "delete", "delete", "retype", "duplicate",
            "rename", "grow", "deep")


def json_paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from json_paths(item, (*prefix, key))
    elif isinstance(value, list):
        for k, item in enumerate(value):
            yield from json_paths(item, (*prefix, k))


def retyped(value):
    """The same content as another JSON type."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return {str(k): v for k, v in enumerate(value)}
    if isinstance(value, dict):
        return list(value.values())
    return "null"


@st.composite
def mutated_json(draw, seeds: tuple[dict, ...]) -> bytes:
    """One of ``seeds`` with 1-3 mutations at random JSON paths, serialised (NaN and Infinity as JS literals),
    then maybe cut or spoiled as text."""
    doc = copy.deepcopy(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.sampled_from((1, 1, 1, 2, 3)))):
        op = draw(st.sampled_from(JSON_OPS))
        paths = list(json_paths(doc))

        def at(path):
            parent, key, value = None, None, doc
            for part in path:
                parent, key, value = value, part, value[part]
            return parent, key, value

        if op == "number":  # one of the document's numbers, chosen uniformly
            numbers = [path for path in paths if type(at(path)[2]) in (int, float)]
            paths = numbers or paths
        parent, key, value = at(draw(st.sampled_from(paths)))

        def put(new):
            nonlocal doc
            if parent is None:
                doc = new
            else:
                parent[key] = new

        if op == "number":
            put(draw(json_numbers))
        elif op == "replace":
            put(draw(json_values))
        elif op == "borrow":  # another value of the document: an id where a day belongs, a matrix as a window ...
            put(copy.deepcopy(at(draw(st.sampled_from(paths)))[2]))
        elif op == "delete" and parent is not None:
            del parent[key]
        elif op == "retype":
            put(retyped(value))
        elif op == "duplicate" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(value))
        elif op == "rename" and isinstance(parent, dict):
            new_key = draw(st.one_of(st.sampled_from(["", "x", key.upper(), key + " ", "id"]), st.text(max_size=4)))
            parent[new_key] = parent.pop(key)
        elif op == "grow":
            count = draw(st.integers(10, 2000))
            if isinstance(value, list) and value and draw(st.booleans()):
                put(value + [copy.deepcopy(value[-1]) for _ in range(min(count, 300))])
            else:
                put([draw(st.sampled_from([0, 1, 1.5, "a", None]))] * count)
        elif op == "deep":
            put(f"{DEEP}{draw(st.sampled_from(DEPTHS))}")
    text = json.dumps(doc, allow_nan=True, ensure_ascii=draw(st.booleans()))
    for depth in DEPTHS:
        text = text.replace(json.dumps(f"{DEEP}{depth}", ensure_ascii=True), "[" * depth + "]" * depth)
        text = text.replace(json.dumps(f"{DEEP}{depth}", ensure_ascii=False), "[" * depth + "]" * depth)
    data = text.encode("utf-8")
    if draw(st.integers(0, 9)) == 0:
        k = draw(st.integers(0, len(data)))
        data = data[:k] + draw(st.binary(max_size=6))
    return data


json_any = st.recursive(json_scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                              st.dictionaries(st.text(max_size=5), inner, max_size=4)),
                        max_leaves=20)


def keyed_objects(keys: tuple[str, ...], plausible: st.SearchStrategy) -> st.SearchStrategy:
    """JSON objects with some of ``keys``, each holding a plausible or a random value."""
    return st.dictionaries(st.sampled_from(keys), st.one_of(plausible, json_values, json_any), max_size=len(keys))


# ----------------------------------------------------------------------------------------------------
# the property


def file_with(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.write_bytes(content)
    return path


def check_read(reader, path: Path, *, named: Path | None = None) -> mr.ProblemData | None:
    """``reader(path)`` gives usable data, or an InstanceError whose one-line message starts with the name
    of the file at fault (``named``, default ``path``). Anything else propagates and fails the test."""
    named = path if named is None else named
    try:
        data = reader(path)
    except InstanceError as exc:
        message = str(exc)
        assert exc.path == os.fspath(named), message
        assert message.startswith(f"{named}: ") and exc.reason.strip(), message
        assert "\n" not in message and "\r" not in message, f"not one line: {message!r}"
        return None
    assert isinstance(data, mr.ProblemData)
    check_usable(data, path.read_bytes())
    return data


def check_usable(data: mr.ProblemData, content: bytes) -> None:
    """The data reads back consistently; for about one input in ten, a solve of a few iterations runs."""
    n = data.num_locations
    assert n == data.num_depots + data.num_clients and data.num_depots >= 1
    for profile in range(data.num_profiles):
        assert data.distance_matrix(profile).shape == (n, n) and data.duration_matrix(profile).shape == (n, n)
    for client in data.clients:
        assert math.isfinite(client.x) and math.isfinite(client.y) and all(a >= 0 for a in client.pickup)
    if n <= 60 and zlib.crc32(content) % 10 == 0:
        try:
            result = mr.solve(data, max_iterations=5, seed=0)
        except ValueError as exc:  # data the solver does not take; the command line reports it as invalid input
            assert str(exc).strip()
            return
        assert math.isfinite(result.cost) and result.cost >= 0


# ----------------------------------------------------------------------------------------------------
# text formats


@settings(FUZZ, max_examples=examples(800))
@given(content=mutated_text(SOLOMON_SEEDS), convention=st.sampled_from(["dimacs", "exact"]))
def test_solomon_mutated(tmp_path_factory, fuzz_inputs, content, convention):
    path = file_with(tmp_path_factory.getbasetemp(), "solomon.txt", content)
    with fuzz_inputs.watchdog():
        check_read(lambda p: read_solomon(p, convention), path)


@settings(FUZZ, max_examples=examples(600))
@given(content=mutated_text(VRPLIB_SEEDS), convention=st.sampled_from(["dimacs", "exact"]))
def test_vrplib_mutated(tmp_path_factory, fuzz_inputs, content, convention):
    path = file_with(tmp_path_factory.getbasetemp(), "instance.vrp", content)
    with fuzz_inputs.watchdog():
        check_read(lambda p: read_vrplib(p, convention), path)


@settings(FUZZ, max_examples=examples(600))
@given(content=mutated_text(CORDEAU_SEEDS), convention=st.sampled_from(["dimacs", "exact"]))
def test_cordeau_mutated(tmp_path_factory, fuzz_inputs, content, convention):
    path = file_with(tmp_path_factory.getbasetemp(), "pvrp.txt", content)
    with fuzz_inputs.watchdog():
        check_read(lambda p: read_cordeau(p, convention), path)


@settings(FUZZ, max_examples=examples(200))
@given(content=mutated_text((CORDEAU_RES,)))
def test_cordeau_solution_mutated(tmp_path_factory, fuzz_inputs, content):
    """The .res reader: a cost and routes for the data, or an InstanceError naming the .res file."""
    folder = tmp_path_factory.getbasetemp()
    data = read_cordeau(file_with(folder, "p.txt", CORDEAU_SEEDS[0].encode()))
    path = file_with(folder, "p.res", content)
    with fuzz_inputs.watchdog():
        try:
            cost, solution = read_cordeau_solution(path, data)
        except InstanceError as exc:
            assert str(exc).startswith(f"{path}: ") and "\n" not in str(exc), str(exc)
            return
        assert math.isfinite(cost) and isinstance(solution, mr.Solution)


@settings(FUZZ, max_examples=examples(500))
@given(content=mutated_text(HVRP_SEEDS), convention=st.sampled_from(["dimacs", "exact"]))
def test_hvrp_mutated(tmp_path_factory, fuzz_inputs, content, convention):
    path = file_with(tmp_path_factory.getbasetemp(), "hvrp.txt", content)
    with fuzz_inputs.watchdog():
        check_read(lambda p: read_hvrp(p, convention), path)


@settings(FUZZ, max_examples=examples(100))
@given(content=mutated_text((FLEET_TABLE,)), variant=st.sampled_from("abc"))
def test_fleet_mix_table_mutated(tmp_path_factory, fuzz_inputs, content, variant):
    """The fleet size and mix reader with a spoiled vehicle-type table: errors name the table."""
    table = file_with(tmp_path_factory.getbasetemp(), "vehicle_types.csv", content)
    solomon = INSTANCES / "example_solomon_25.txt"
    with fuzz_inputs.watchdog():
        check_read(lambda p: read_fsmvrptw(p, variant, table=table), solomon, named=table)


SOUPS = {
    "solomon": (read_solomon, ("VEHICLE", "CUSTOMER", "NUMBER", "CAPACITY", SOLOMON_HEADER, "0", "1", "2")),
    "vrplib": (read_vrplib, ("DIMENSION:", "CAPACITY:", "VEHICLES:", "EDGE_WEIGHT_TYPE:", "EUC_2D", "EXPLICIT",
                             "FULL_MATRIX", "EDGE_WEIGHT_FORMAT:", "NODE_COORD_SECTION", "DEMAND_SECTION",
                             "DEPOT_SECTION", "EDGE_WEIGHT_SECTION", "TIME_WINDOW_SECTION", "CAPACITY_SECTION",
                             "SERVICE_TIME_SECTION", "VEHICLES_DEPOT_SECTION", "VEHICLES_ALLOWED_CLIENTS_SECTION",
                             "EOF", "-1", "1", "2", "3")),
    "cordeau": (read_cordeau, ("1", "5", "2", "3", "0", "4")),
    "hvrp": (read_hvrp, ("//", "vehicle types", "999999.0", "1", "2", "0")),
}


@settings(FUZZ, max_examples=examples(300))
@given(kind=st.sampled_from(sorted(SOUPS)), data=st.data())
def test_text_formats_token_soup(tmp_path_factory, fuzz_inputs, kind, data):
    """Random lines of each text format's keywords and numbers."""
    reader, keywords = SOUPS[kind]
    path = file_with(tmp_path_factory.getbasetemp(), f"soup.{kind}", data.draw(token_soup(keywords)))
    with fuzz_inputs.watchdog():
        check_read(reader, path)


# ----------------------------------------------------------------------------------------------------
# JSON formats


@settings(FUZZ, max_examples=examples(500))
@given(content=mutated_json(MILKRUN_SEEDS))
def test_milkrun_json_mutated(tmp_path_factory, fuzz_inputs, content):
    path = file_with(tmp_path_factory.getbasetemp(), "week.json", content)
    with fuzz_inputs.watchdog():
        check_read(read_milkrun_json, path)


@settings(FUZZ, max_examples=examples(60))
@given(content=mutated_json((MILKRUN_WEEK,)))
def test_milkrun_json_week_mutated(tmp_path_factory, fuzz_inputs, content):
    """instances/week_40_suppliers.json (40 suppliers, lat/lon, daily production) mutated."""
    path = file_with(tmp_path_factory.getbasetemp(), "week40.json", content)
    with fuzz_inputs.watchdog():
        check_read(read_milkrun_json, path)


MILKRUN_KEYS = ("schema_version", "name", "dimensions", "horizon", "plants", "suppliers", "vehicle_types", "travel",
                "objective", "solver")


@settings(FUZZ, max_examples=examples(200))
@given(doc=st.one_of(
    keyed_objects(MILKRUN_KEYS, st.sampled_from([["kg"], ["Mon"], "1"])),
    st.builds(lambda base, extra: {**base, **extra},
              st.sampled_from(MILKRUN_SEEDS),
              keyed_objects(MILKRUN_KEYS, json_any)),
))
def test_milkrun_json_random_documents(tmp_path_factory, fuzz_inputs, doc):
    """Documents with the format's top-level keys holding random values."""
    text = json.dumps({"schema_version": "1", **doc}, allow_nan=True)
    path = file_with(tmp_path_factory.getbasetemp(), "random.json", text.encode())
    with fuzz_inputs.watchdog():
        check_read(read_milkrun_json, path)


@settings(FUZZ, max_examples=examples(600))
@given(content=mutated_json(VROOM_SEEDS))
def test_vroom_mutated(tmp_path_factory, fuzz_inputs, content):
    path = file_with(tmp_path_factory.getbasetemp(), "problem.json", content)
    with fuzz_inputs.watchdog():
        check_read(read_vroom, path)


VEHICLE_KEYS = ("id", "start_index", "end_index", "start", "end", "capacity", "time_window", "skills", "profile",
                "costs", "speed_factor", "breaks", "max_tasks")
JOB_KEYS = ("id", "location_index", "service", "setup", "pickup", "delivery", "amount", "time_windows", "skills")
small_ints = st.lists(st.integers(0, 5), min_size=1, max_size=3)


@settings(FUZZ, max_examples=examples(300))
@given(doc=st.fixed_dictionaries(
    {"vehicles": st.lists(keyed_objects(VEHICLE_KEYS, st.one_of(st.integers(0, 3), small_ints)), max_size=3),
     "jobs": st.lists(keyed_objects(JOB_KEYS, st.one_of(st.integers(0, 3), small_ints)), max_size=4)},
    optional={"matrices": st.dictionaries(st.sampled_from(["car", "van", ""]),
                                          keyed_objects(("durations", "distances", "costs"),
                                                        st.sampled_from([VROOM_DUR, [[0, 1], [1, 0]], [[0]]])),
                                          max_size=2),
              "matrix": st.one_of(st.just(VROOM_DUR), json_any),
              "shipments": json_any},
))
def test_vroom_random_documents(tmp_path_factory, fuzz_inputs, doc):
    """VROOM documents of random vehicles and jobs (keys of the format, values plausible or random)."""
    path = file_with(tmp_path_factory.getbasetemp(), "random_vroom.json", json.dumps(doc, allow_nan=True).encode())
    with fuzz_inputs.watchdog():
        check_read(read_vroom, path)


# ----------------------------------------------------------------------------------------------------
# random input to format detection and to every reader

ALL_READERS = (read_solomon, read_vrplib, read_cordeau, read_hvrp, read_milkrun_json, read_vroom, read)


@settings(FUZZ, max_examples=examples(300))
@given(content=st.one_of(st.binary(max_size=400), st.text(max_size=400).map(lambda t: t.encode("utf-8")),
                         st.sampled_from([b"", b"\xef\xbb\xbf", b"\x00" * 10, b"{", b"[]", b"null", b"{}", b"VEHICLE",
                                          b"\xff\xfe V\x00E\x00H\x00I\x00C\x00L\x00E\x00"])))
def test_random_input_every_reader(tmp_path_factory, fuzz_inputs, content):
    """Random bytes and text through every reader and through format detection."""
    path = file_with(tmp_path_factory.getbasetemp(), "random.dat", content)
    with fuzz_inputs.watchdog():
        for reader in ALL_READERS:
            check_read(reader, path)


# ----------------------------------------------------------------------------------------------------
# regressions: the smallest inputs of the bugs the fuzzing found (old behaviour in brackets)


def read_res(path: Path) -> mr.Solution:
    data = read_cordeau(file_with(path.parent, "p.txt", CORDEAU_SEEDS[0].encode()))
    return read_cordeau_solution(path, data)[1]


READERS = {
    "solomon": read_solomon, "vrplib": read_vrplib, "cordeau": read_cordeau, "cordeau-res": read_res,
    "hvrp": read_hvrp, "milkrun-json": read_milkrun_json, "vroom": read_vroom,
    "fleet-table": lambda path: read_fsmvrptw(INSTANCES / "example_solomon_25.txt", "a", table=path),
}
PVRPTW, PVRP, HVRP = CORDEAU_SEEDS[1], CORDEAU_SEEDS[0], HVRP_SEEDS[0]
CVRP = VRPLIB_SEEDS[0]


def vroom_with(change) -> str:
    doc = vroom_doc()
    change(doc)
    return json.dumps(doc)


def milkrun_with(change) -> str:
    doc = milkrun_planar()
    change(doc)
    return json.dumps(doc)


#: (what, reader, file content, a fragment of the expected InstanceError message; None: the file reads)
REGRESSIONS = [
    ("solomon: NUMBER beyond 64 bits [TypeError]", "solomon", SOLOMON.replace("  3         50", "1e30 50"),
     "line 5: NUMBER: the number of vehicles must be at least 1 (and at most"),
    ("solomon: depot due date 1e308 [OverflowError]", "solomon", SOLOMON.replace("1236", "1e308"),
     "line 10: DUE DATE: 1e+308 is too large"),
    ("cordeau: window end beyond 64 bits [TypeError]", "cordeau", PVRPTW.replace("0 500", "0 9223372036854775807"),
     "line 6: customer 2: l (window end): 9.22337e+18 is too large"),
    ("cordeau: window end 1.8e308 [OverflowError]", "cordeau", PVRPTW.replace("0 500", "0 1.7976931348623157e+308"),
     "customer 2: l (window end): 1.79769e+308 is too large"),
    ("cordeau: demand above MAX_VALUE [plain ValueError]", "cordeau", PVRPTW.replace("2 10 1 2", "2 281474976710657 1 2"),
     "line 5: customer 1: q (demand): must be at most 281474976710656"),
    ("cordeau: vehicles per day beyond 64 bits [TypeError]", "cordeau", PVRP.replace("1 2 3 3", "1 9223372036854775808 3 3"),
     "line 1: m (vehicles per day): must be at most"),
    ("cordeau: negative depot window [plain ValueError]", "cordeau", PVRPTW.replace("0 0  0 1000", "0 0  -5 1000"),
     "line 4: depot: depot '0': time window"),
    ("cordeau .res: a route twice [plain ValueError]", "cordeau-res",
     CORDEAU_RES.replace("2 1 20 50", "1 1 20 60 0 1 2 3 0\n2 1 20 50"), "visited twice"),
    ("cordeau .res: cost nan [accepted]", "cordeau-res", CORDEAU_RES.replace("60.5", "nan"),
     "line 1: cost: 'nan' is not a finite cost"),
    ("hvrp: service time 1e308 [OverflowError]", "hvrp", HVRP.replace("999999.0 0.0", "999999.0 1e308"),
     "line 6: service time: 1e+308 is too large"),
    ("hvrp: capacity above MAX_VALUE [plain ValueError]", "hvrp", HVRP.replace(" 2 10  5.5", " 2 68477666115237096  5.5"),
     "line 7: capacity: must be at most"),
    ("hvrp: cost per distance beyond the engine's range [plain ValueError]", "hvrp",
     HVRP.replace("5.5 1.0", "5.5 174792"), "line 7: vehicle type 1: vehicle type 'type1': unit distance cost"),
    ("vrplib: DIMENSION 3e15 [endless loop]", "vrplib", CVRP.replace("DIMENSION: 4", "DIMENSION: 3069992545501631"),
     "DIMENSION: 3069992545501631 nodes, but the node sections"),
    ("vrplib: depot -1e400 [OverflowError]", "vrplib", CVRP.replace("DEPOT_SECTION\n1\n-1", "DEPOT_SECTION\n-1e400\n-1"),
     "DEPOT_SECTION"),
    ("vrplib: VEHICLES 1e12 [MemoryError: one row per vehicle]", "vrplib",
     CVRP.replace("CAPACITY: 10", "CAPACITY: 10\nVEHICLES: 1000000000000"), None),
    ("vrplib: VEHICLES 1e300 [OverflowError]", "vrplib", CVRP.replace("CAPACITY: 10", "CAPACITY: 10\nVEHICLES: 1e300"),
     "VEHICLES: must be a positive whole number (at most"),
    ("vrplib: empty CAPACITY_SECTION [numpy ValueError: cannot reshape]", "vrplib",
     CVRP.replace("CAPACITY: 10\n", "").replace("DEPOT_SECTION", "CAPACITY_SECTION\nDEPOT_SECTION"),
     "CAPACITY_SECTION: no capacity given"),
    ("vrplib: negative depot window [plain ValueError]", "vrplib", VRPLIB_SEEDS[2].replace("1 0 100", "1 -5 100"),
     "node 1: depot '1': time window [-50, 1000] is outside"),
    ("vrplib: time window 1e308 [OverflowError]", "vrplib",
     VRPLIB_SEEDS[2].replace("3 30 40", "3 30 1e308"), "TIME_WINDOW_SECTION: time 1e+308 is too large"),
    ("milk-run JSON: nested 100,000 deep [RecursionError]", "milkrun-json",
     '{"schema_version": "1", "plants": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
    ("milk-run JSON: fixed_cost_weight 2**64 [TypeError]", "milkrun-json",
     milkrun_with(lambda d: d["objective"].update(fixed_cost_weight=2**64)), "$.vehicle_types[0].fixed_cost: 50.0 is too large"),
    ("milk-run JSON: distance_cost_weight 2**48 [plain ValueError]", "milkrun-json",
     milkrun_with(lambda d: d["objective"].update(distance_cost_weight=2**48)), "$.vehicle_types[0].cost_per_km"),
    ("milk-run JSON: cost_per_km 60 (weight 2) [plain ValueError]", "milkrun-json",
     milkrun_with(lambda d: d["vehicle_types"][0].update(cost_per_km=60)), "$.vehicle_types[0]: vehicle type 'van"),
    ("VROOM: nested 100,000 deep [RecursionError]", "vroom", '{"vehicles": ' + "[" * 100_000 + "]" * 100_000 + "}",
     "nested too deeply"),
    ("VROOM: capacity a number [TypeError]", "vroom", vroom_with(lambda d: d["vehicles"][0].update(capacity=4)),
     "$.vehicles[0].capacity: must be an array of whole numbers, got 4"),
    ("VROOM: pickup null [TypeError]", "vroom", vroom_with(lambda d: d["jobs"][0].update(pickup=None)),
     "$.jobs[0].pickup: must be an array of whole numbers, got None"),
    ("VROOM: profile an array [TypeError: unhashable]", "vroom",
     vroom_with(lambda d: d["vehicles"][1].update(profile=["van"])), "$.vehicles[1].profile: no matrices for profile"),
    ("VROOM: a string in a matrix [accepted]", "vroom",
     vroom_with(lambda d: d["matrices"]["car"]["durations"][0].__setitem__(1, "10")),
     "$.matrices.car.durations: must hold numbers"),
    ("fleet table: not UTF-8 [UnicodeDecodeError]", "fleet-table", b"\x80" + FLEET_TABLE.encode(), "not a UTF-8 text file"),
]


@pytest.mark.parametrize(("reader", "content", "fragment"), [case[1:] for case in REGRESSIONS],
                         ids=[case[0] for case in REGRESSIONS])
def test_regressions(tmp_path, fuzz_inputs, reader, content, fragment):
    path = file_with(tmp_path, "regression.dat", content if isinstance(content, bytes) else content.encode())
    with fuzz_inputs.watchdog():
        try:
            data = READERS[reader](path)
        except InstanceError as exc:
            assert fragment is not None, f"expected the file to read: {exc}"
            assert str(exc).startswith(f"{path}: ") and fragment in str(exc), str(exc)
            return
        assert fragment is None, f"read, but expected an error with {fragment!r}"
        check_usable(data, b"")  # b"": with a solve


def test_not_a_file(tmp_path, fuzz_inputs):
    """A missing file and a directory, through every reader."""
    for path in (tmp_path / "missing.txt", tmp_path):
        for reader in ALL_READERS:
            fuzz_inputs()
            check_read(reader, path)


# ----------------------------------------------------------------------------------------------------
# the command line

CLI_SEEDS = st.one_of(
    mutated_text(SOLOMON_SEEDS), mutated_text(VRPLIB_SEEDS), mutated_text(CORDEAU_SEEDS), mutated_text(HVRP_SEEDS),
    mutated_json(MILKRUN_SEEDS), mutated_json(VROOM_SEEDS),
)


def expected_cli_error(path: Path) -> str | None:
    """The error line ``milkrun solve`` must print for ``path``, or None if the file reads."""
    try:
        read(path)
    except InstanceError as exc:
        return f"milkrun: error: {exc}"
    return None


@settings(FUZZ, max_examples=examples(40))
@given(content=CLI_SEEDS)
def test_cli_solve_mutated(tmp_path_factory, fuzz_inputs, content):
    """``milkrun solve`` (in this process) on a mutated file: exit code 2 and the reader's error on one line, or
    a plan (exit code 0 or 1) when the file reads."""
    folder = tmp_path_factory.getbasetemp()
    path = file_with(folder, "cli_input", content)
    expected = expected_cli_error(path)
    stderr = io.StringIO()
    with fuzz_inputs.watchdog(), contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        code = main(["solve", str(path), "--max-iterations", "5", "--quiet", "--output", str(folder / "cli.json")])
    lines = stderr.getvalue().splitlines()
    if expected is not None:
        assert code == 2 and lines == [expected], stderr.getvalue()
    else:
        assert code in (0, 1) or (code == 2 and len(lines) == 1 and str(path) in lines[0]), stderr.getvalue()


@settings(FUZZ, max_examples=examples(3))
@given(content=CLI_SEEDS)
@example(content=(INSTANCES / "example_solomon_25.txt").read_bytes().replace(b"   10   ", b"  -10   ", 1))
def test_cli_subprocess_mutated(tmp_path_factory, fuzz_inputs, content):
    """The real ``milkrun solve`` process on a mutated file: for a file the reader rejects, exit code 2 and
    one line naming the file, no traceback. (A few inputs only: a process start is slow.)"""
    folder = tmp_path_factory.getbasetemp()
    path = file_with(folder, "cli_process_input", content)
    expected = expected_cli_error(path)
    fuzz_inputs()
    proc = subprocess.run([sys.executable, "-m", "milkrun", "solve", str(path), "--max-iterations", "5", "--quiet",
                           "--output", str(folder / "cli_process.json")],
                          capture_output=True, text=True, timeout=120, env=dict(os.environ))
    assert "Traceback" not in proc.stderr, proc.stderr
    if expected is not None:
        assert proc.returncode == 2 and proc.stderr.splitlines() == [expected], proc.stderr
    else:
        assert proc.returncode in (0, 1, 2), proc.stderr
