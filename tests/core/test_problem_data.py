"""Tests of the validated problem data model: ProblemData and its parts (Client, Depot, VehicleType,
Period, TimeWindow, Scaling).

Valid data round-trips through the properties; every invalid field raises ValueError with a message
naming the field and the offending value or name.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

import milkrun as mr

MAX = mr._core.MAX_VALUE
TW = mr.TimeWindow


def make_data(
    *,
    dimensions: list[str] | None = None,
    depots: list[mr.Depot] | None = None,
    clients: list[mr.Client] | None = None,
    types: list[mr.VehicleType] | None = None,
    periods: list[mr.Period] | None = None,
    distance=None,
    duration=None,
    scaling: mr.Scaling | None = None,
) -> mr.ProblemData:
    """A small valid instance (one depot 'plant', one client 'a', one type 'truck', one period 'mon');
    any part can be replaced. Matrices default to all ones of the right size."""
    dimensions = ["kg"] if dimensions is None else dimensions
    depots = [mr.Depot("plant", 0.0, 0.0)] if depots is None else depots
    clients = [mr.Client("a", 1.0, 0.0, 0, [1] * len(dimensions))] if clients is None else clients
    types = [mr.VehicleType("truck", [10] * len(dimensions))] if types is None else types
    periods = [mr.Period("mon")] if periods is None else periods
    n = len(depots) + len(clients)
    distance = np.ones((n, n), dtype=np.int64) if distance is None else distance
    duration = np.ones((n, n), dtype=np.int64) if duration is None else duration
    args = ["inst", dimensions, depots, clients, types, periods, distance, duration]
    return mr.ProblemData(*args, scaling) if scaling is not None else mr.ProblemData(*args)


def client(name: str = "a", **kwargs) -> mr.Client:
    """A client at (1, 0) with no service and a pickup of 1 (one dimension) unless overridden."""
    kwargs.setdefault("service_duration", 0)
    kwargs.setdefault("pickup", [1])
    return mr.Client(name, 1.0, 0.0, **kwargs)


# --------------------------------------------------------------------------------------------------
# Valid data
# --------------------------------------------------------------------------------------------------


def test_time_window_defaults_and_values():
    """A TimeWindow defaults to [0, MAX_VALUE] and keeps the given bounds; its repr shows them."""
    assert (TW().early, TW().late) == (0, MAX)
    window = TW(5, 17)
    assert (window.early, window.late) == (5, 17)
    assert repr(window) == "TimeWindow(5, 17)"


def test_client_round_trip():
    """Every Client constructor argument is returned unchanged by the matching property."""
    c = mr.Client(
        "sup-1", 2.5, -3.0, 15, [4, 7], [1, 2],
        time_windows=[TW(0, 10), TW(20, 30)], release_time=3, frequency=2, patterns=[0b011, 0b101],
    )  # fmt: skip
    assert c.name == "sup-1"
    assert (c.x, c.y) == (2.5, -3.0)
    assert c.service_duration == 15
    assert c.pickup == [4, 7] and c.delivery == [1, 2]
    assert [(w.early, w.late) for w in c.time_windows] == [(0, 10), (20, 30)]
    assert c.release_time == 3 and c.frequency == 2 and c.patterns == [0b011, 0b101]


def test_client_defaults():
    """A Client without optional arguments has no delivery, one unbounded window, no release time,
    frequency 1 and no pattern restriction."""
    c = mr.Client("a", 0.0, 0.0, 0, [1])
    assert c.delivery == []
    assert [(w.early, w.late) for w in c.time_windows] == [(0, MAX)]
    assert (c.release_time, c.frequency, c.patterns) == (0, 1, [])


def test_depot_round_trip():
    """A Depot keeps its name, coordinates and window; the window defaults to [0, MAX_VALUE]."""
    d = mr.Depot("plant", 1.5, 2.5, TW(60, 600))
    assert (d.name, d.x, d.y, d.window.early, d.window.late) == ("plant", 1.5, 2.5, 60, 600)
    assert (mr.Depot("x", 0, 0).window.early, mr.Depot("x", 0, 0).window.late) == (0, MAX)


def test_vehicle_type_round_trip_and_defaults():
    """Every VehicleType argument round-trips; defaults are 1 available, no fixed cost, unit distance
    cost 1, no duration cost, depot 0 both ends, unbounded shift and duration."""
    t = mr.VehicleType("lorry", [100, 30], 4, 250, 2, 3, 1, 0, TW(10, 500), 480)
    assert t.name == "lorry" and t.capacity == [100, 30]
    assert (t.num_available, t.fixed_cost, t.unit_distance_cost, t.unit_duration_cost) == (4, 250, 2, 3)
    assert (t.start_depot, t.end_depot, t.shift.early, t.shift.late, t.max_duration) == (1, 0, 10, 500, 480)
    d = mr.VehicleType("van", [5])
    assert (d.num_available, d.fixed_cost, d.unit_distance_cost, d.unit_duration_cost) == (1, 0, 1, 0)
    assert (d.start_depot, d.end_depot, d.shift.early, d.shift.late, d.max_duration) == (0, 0, 0, MAX, MAX)


def test_period_and_scaling_round_trip():
    """Period keeps its name and per-type availability (default empty); Scaling keeps its factors
    (default 1)."""
    assert (mr.Period("mon").name, mr.Period("mon").num_available) == ("mon", [])
    assert mr.Period("tue", [2, 0]).num_available == [2, 0]
    s = mr.Scaling(10, 100, 1000)
    assert (s.distance, s.duration, s.cost) == (10.0, 100.0, 1000.0)
    assert (mr.Scaling().distance, mr.Scaling().duration, mr.Scaling().cost) == (1.0, 1.0, 1.0)


def test_problem_data_round_trip():
    """ProblemData exposes its parts and counts unchanged (locations: depots first, then clients)."""
    dist = np.arange(16, dtype=np.int64).reshape(4, 4)
    dur = dist * 2
    data = mr.ProblemData(
        "inst", ["kg", "m3"],
        [mr.Depot("plant", 0, 0), mr.Depot("dock", 5, 5)],
        [mr.Client("a", 1, 0, 0, [1, 1]), mr.Client("b", 2, 0, 0, [2, 3])],
        [mr.VehicleType("small", [5, 5]), mr.VehicleType("big", [9, 9], start_depot=1, end_depot=1)],
        [mr.Period("mon"), mr.Period("tue")],
        dist, dur, mr.Scaling(10, 10, 1),
    )  # fmt: skip
    assert data.name == "inst" and data.dimensions == ["kg", "m3"]
    assert [d.name for d in data.depots] == ["plant", "dock"]
    assert [c.name for c in data.clients] == ["a", "b"]
    assert [t.name for t in data.vehicle_types] == ["small", "big"]
    assert [p.name for p in data.periods] == ["mon", "tue"]
    assert (data.num_depots, data.num_clients, data.num_locations) == (2, 2, 4)
    assert (data.num_vehicle_types, data.num_periods, data.num_dimensions) == (2, 2, 2)
    assert (data.scaling.distance, data.scaling.duration, data.scaling.cost) == (10.0, 10.0, 1.0)
    np.testing.assert_array_equal(data.distance_matrix(), dist)
    np.testing.assert_array_equal(data.duration_matrix(), dur)
    # Stored compactly: 32-bit integers when every entry fits.
    assert data.distance_matrix().dtype == np.int32 and data.duration_matrix().dtype == np.int32


def test_matrices_are_copied_in_and_viewed_read_only():
    """ProblemData copies the matrices it is given (changing the input afterwards does not change the data),
    and distance_matrix() is a read-only view of its storage, valid as long as it is held."""
    dist = np.array([[0, 3], [4, 0]], dtype=np.int64)
    dur = np.array([[0, 5], [6, 0]], dtype=np.int64)
    data = make_data(distance=dist, duration=dur)
    dist[0, 1] = 99
    dur[1, 0] = 99
    out = data.distance_matrix()
    with pytest.raises(ValueError, match="read-only"):
        out[1, 0] = 77
    np.testing.assert_array_equal(data.distance_matrix(), [[0, 3], [4, 0]])
    np.testing.assert_array_equal(data.duration_matrix(), [[0, 5], [6, 0]])
    view = data.duration_matrix()
    del data  # the view keeps the data alive
    np.testing.assert_array_equal(view, [[0, 5], [6, 0]])


def test_matrices_beyond_32_bits_are_stored_in_64():
    """An entry that does not fit 32 bits keeps the whole matrix in 64-bit integers, exact."""
    big = 2**40
    data = make_data(distance=np.array([[0, big], [3, 0]], dtype=np.int64), duration=[[0, 1], [1, 0]])
    assert data.distance_matrix().dtype == np.int64 and data.duration_matrix().dtype == np.int32
    np.testing.assert_array_equal(data.distance_matrix(), [[0, big], [3, 0]])
    assert data.distance_matrix()[0, 1] == big


def test_matrices_accept_other_integer_layouts():
    """Non-contiguous views, int32 arrays and nested lists are read by value (row-major)."""
    base = np.array([[0, 3], [4, 0]], dtype=np.int64)
    data = make_data(distance=base.T, duration=base.astype(np.int32))
    np.testing.assert_array_equal(data.distance_matrix(), [[0, 4], [3, 0]])
    np.testing.assert_array_equal(data.duration_matrix(), base)
    data = make_data(distance=[[0, 1], [2, 0]], duration=[[0, 1], [2, 0]])
    np.testing.assert_array_equal(data.distance_matrix(), [[0, 1], [2, 0]])


def test_fractional_matrix_entries_are_rejected():
    """A matrix entry that is not an integer (1.7) is rejected, not silently truncated."""
    with pytest.raises(ValueError, match="distance matrix"):
        make_data(distance=np.array([[0.0, 1.7], [1.0, 0.0]]))


def test_num_available_per_period():
    """num_available(period, type) is the period's own count where given, else the type's default."""
    data = make_data(
        types=[mr.VehicleType("small", [10], num_available=3), mr.VehicleType("big", [20], num_available=1)],
        periods=[mr.Period("mon"), mr.Period("tue", [0, 5]), mr.Period("wed")],
    )
    assert [[data.num_available(p, t) for t in range(2)] for p in range(3)] == [[3, 1], [0, 5], [3, 1]]


def test_boundary_values_are_valid():
    """The limits themselves are valid: 64 periods with a pattern using all of them, 8 dimensions,
    windows touching MAX_VALUE, and an instance without clients."""
    periods = [mr.Period(f"p{i}") for i in range(64)]
    data = make_data(periods=periods, clients=[client(frequency=64, patterns=[2**64 - 1])])
    assert data.num_periods == 64 and data.clients[0].patterns == [2**64 - 1]
    dims = [f"d{i}" for i in range(mr._core.MAX_DIMENSIONS)]
    assert make_data(dimensions=dims).num_dimensions == 8
    assert make_data(clients=[client(time_windows=[TW(MAX, MAX)])]).clients[0].time_windows[0].late == MAX
    empty = make_data(clients=[], distance=np.zeros((1, 1), dtype=np.int64), duration=np.zeros((1, 1), dtype=np.int64))
    assert empty.num_clients == 0 and empty.num_locations == 1


def test_client_carried_by_one_of_several_types_is_valid():
    """A client too heavy for one type is fine when another type can carry it (per dimension)."""
    data = make_data(
        dimensions=["kg", "m3"],
        clients=[mr.Client("heavy", 1, 0, 0, [15, 1]), mr.Client("bulky", 2, 0, 0, [1, 15])],
        types=[mr.VehicleType("kg-truck", [20, 5]), mr.VehicleType("m3-truck", [5, 20])],
    )
    assert data.num_clients == 2


# --------------------------------------------------------------------------------------------------
# Invalid data: every check, with a message naming the field and the value or name
# --------------------------------------------------------------------------------------------------


def _esc(text: str) -> str:
    return re.escape(text)


INVALID_PARTS = [
    ("negative pickup", lambda: client(pickup=[-1]), _esc("client 'a': pickup amount -1 is negative")),
    ("negative delivery", lambda: client(delivery=[-2]), _esc("client 'a': delivery amount -2 is negative")),
    ("negative service", lambda: client(service_duration=-3), _esc("client 'a': service duration -3 is negative")),
    ("too large service", lambda: client(service_duration=MAX + 1), _esc(f"service duration {MAX + 1}")),
    ("negative release", lambda: client(release_time=-4), _esc("client 'a': release time -4 is negative")),
    ("window closes before opening", lambda: client(time_windows=[TW(10, 5)]),
     _esc("client 'a': time window [10, 5] closes before it opens")),
    ("negative window", lambda: client(time_windows=[TW(-1, 5)]), _esc("client 'a': time window [-1, 5] is outside")),
    ("unsorted windows", lambda: client(time_windows=[TW(10, 20), TW(0, 5)]),
     _esc("client 'a': time windows must be sorted and disjoint, but [0, 5] follows [10, 20]")),
    ("overlapping windows", lambda: client(time_windows=[TW(0, 10), TW(5, 20)]),
     _esc("client 'a': time windows must be sorted and disjoint, but [5, 20] follows [0, 10]")),
    ("touching windows", lambda: client(time_windows=[TW(0, 10), TW(10, 20)]),
     _esc("[10, 20] follows [0, 10]")),
    ("no window", lambda: client(time_windows=[]), _esc("client 'a': needs at least one time window")),
    ("zero frequency", lambda: client(frequency=0), _esc("client 'a': frequency 0 must be at least 1")),
    ("pattern popcount", lambda: client(frequency=2, patterns=[0b101, 0b100]),
     _esc("client 'a': pattern 4 has 1 days, but frequency is 2")),
    ("non-finite coordinate", lambda: mr.Client("a", float("nan"), 0.0, 0, [1]),
     _esc("client 'a': coordinates (nan, 0) are not finite")),
    ("depot window closes before opening", lambda: mr.Depot("plant", 0, 0, TW(9, 3)),
     _esc("depot 'plant': time window [9, 3] closes before it opens")),
    ("depot infinite coordinate", lambda: mr.Depot("plant", 0, float("inf")),
     _esc("depot 'plant': coordinates (0, inf) are not finite")),
    ("zero capacity", lambda: mr.VehicleType("truck", [10, 0]),
     _esc("vehicle type 'truck': capacity 0 must be positive")),
    ("negative capacity", lambda: mr.VehicleType("truck", [-5]),
     _esc("vehicle type 'truck': capacity -5 must be positive")),
    ("negative fixed cost", lambda: mr.VehicleType("truck", [1], fixed_cost=-1),
     _esc("vehicle type 'truck': fixed cost -1 is negative")),
    ("negative distance cost", lambda: mr.VehicleType("truck", [1], unit_distance_cost=-2),
     _esc("vehicle type 'truck': unit distance cost -2 is negative")),
    ("negative duration cost", lambda: mr.VehicleType("truck", [1], unit_duration_cost=-3),
     _esc("vehicle type 'truck': unit duration cost -3 is negative")),
    ("shift closes before opening", lambda: mr.VehicleType("truck", [1], shift=TW(50, 40)),
     _esc("vehicle type 'truck': shift [50, 40] closes before it opens")),
    ("negative max duration", lambda: mr.VehicleType("truck", [1], max_duration=-1),
     _esc("vehicle type 'truck': maximum duration -1 is negative")),
    ("negative count", lambda: mr.VehicleType("truck", [1], num_available=-1),
     _esc("vehicle type 'truck': num_available: must not be negative, got -1")),
    ("negative count in a period", lambda: mr.Period("mon", [1, -2]),
     _esc("period 'mon': num_available: must not be negative, got -2")),
]  # fmt: skip


@pytest.mark.parametrize(("case", "build", "message"), INVALID_PARTS, ids=[c[0] for c in INVALID_PARTS])
def test_invalid_part(case, build, message):
    """Constructing a part with an invalid field raises ValueError naming the part, field and value."""
    with pytest.raises(ValueError, match=message):
        build()


def _square(n: int, value: int = 1) -> np.ndarray:
    return np.full((n, n), value, dtype=np.int64)


INVALID_DATA = [
    ("pattern beyond periods", dict(clients=[client(patterns=[0b10])]),
     _esc("client 'a': pattern 2 uses a period beyond the 1 periods")),
    ("frequency above periods", dict(clients=[client(frequency=2)]),
     _esc("client 'a': frequency 2 exceeds the 1 periods")),
    ("capacity length", dict(types=[mr.VehicleType("truck", [10, 5])]),
     _esc("vehicle type 'truck': capacity has 2 values but there are 1 dimensions")),
    ("pickup length", dict(clients=[client(pickup=[1, 1])]),
     _esc("client 'a': pickup has 2 values but there are 1 dimensions")),
    ("delivery length", dict(clients=[client(delivery=[1, 1])]),
     _esc("client 'a': delivery has 2 values but there are 1 dimensions")),
    ("start depot out of range", dict(types=[mr.VehicleType("truck", [10], start_depot=3)]),
     _esc("vehicle type 'truck': start depot 3 does not exist (1 depots)")),
    ("end depot out of range", dict(types=[mr.VehicleType("truck", [10], end_depot=1)]),
     _esc("vehicle type 'truck': end depot 1 does not exist (1 depots)")),
    ("shift before depot hours",
     dict(depots=[mr.Depot("plant", 0, 0, TW(100, 200))], types=[mr.VehicleType("truck", [10], shift=TW(0, 50))]),
     _esc("vehicle type 'truck': shift [0, 50] does not overlap the opening hours [100, 200] of depot 'plant'")),
    ("shift after end depot hours",
     dict(depots=[mr.Depot("plant", 0, 0), mr.Depot("dock", 0, 0, TW(0, 10))],
          types=[mr.VehicleType("truck", [10], end_depot=1, shift=TW(20, 50))],
          distance=_square(3), duration=_square(3)),
     _esc("vehicle type 'truck': shift [20, 50] does not overlap the opening hours [0, 10] of depot 'dock'")),
    ("distance matrix too large", dict(distance=_square(3)),
     _esc("distance matrix: is 3x3 but there are 2 locations")),
    ("duration matrix too small", dict(duration=_square(1)),
     _esc("duration matrix: is 1x1 but there are 2 locations")),
    ("distance matrix not square", dict(distance=np.ones((2, 3), dtype=np.int64)),
     _esc("distance matrix: must be a square two-dimensional array")),
    ("duration matrix one-dimensional", dict(duration=np.ones(4, dtype=np.int64)),
     _esc("duration matrix: must be a square two-dimensional array")),
    ("negative distance", dict(distance=np.array([[0, -1], [1, 0]])),
     _esc("distance matrix: entry (0, 1) = -1 is negative")),
    ("negative duration", dict(duration=np.array([[0, 1], [-7, 0]])),
     _esc("duration matrix: entry (1, 0) = -7 is negative")),
    ("too large distance", dict(distance=np.array([[0, MAX + 1], [1, 0]])),
     _esc(f"distance matrix: entry (0, 1) = {MAX + 1} is negative or too large")),
    ("duplicate dimension", dict(dimensions=["kg", "kg"]), _esc("dimensions: name 'kg' appears twice")),
    ("no dimensions", dict(dimensions=[], clients=[client(pickup=[])], types=[mr.VehicleType("truck", [])]),
     _esc("dimensions: need between 1 and 8 capacity dimensions, got 0")),
    ("nine dimensions", dict(dimensions=[f"d{i}" for i in range(9)]),
     _esc("dimensions: need between 1 and 8 capacity dimensions, got 9")),
    ("no depots", dict(depots=[], distance=_square(1), duration=_square(1)),
     _esc("depots: at least one depot is needed")),
    ("no vehicle types", dict(types=[]), _esc("vehicle_types: at least one vehicle type is needed")),
    ("no periods", dict(periods=[]), _esc("periods: need between 1 and 64 periods, got 0")),
    ("65 periods", dict(periods=[mr.Period(f"p{i}") for i in range(65)]),
     _esc("periods: need between 1 and 64 periods, got 65")),
    ("period availability length", dict(periods=[mr.Period("mon", [1, 2])]),
     _esc("period 'mon': vehicle availability has 2 values but there are 1 vehicle types")),
    ("scaling not positive", dict(scaling=mr.Scaling(0, 1, 1)),
     _esc("scaling: factors must be between 1e-9 and 1e15, got distance=0")),
    ("client too heavy for every type", dict(clients=[client("heavy", pickup=[11])]),
     _esc("client 'heavy': its load exceeds the capacity of every vehicle type")),
    ("delivery too large for every type", dict(clients=[client("bulky", delivery=[11])]),
     _esc("client 'bulky': its load exceeds the capacity of every vehicle type")),
    ("no type fits every dimension",
     dict(dimensions=["kg", "m3"], clients=[client("odd", pickup=[15, 15])],
          types=[mr.VehicleType("kg-truck", [20, 5]), mr.VehicleType("m3-truck", [5, 20])]),
     _esc("client 'odd': its load exceeds the capacity of every vehicle type")),
]  # fmt: skip


@pytest.mark.parametrize(("case", "kwargs", "message"), INVALID_DATA, ids=[c[0] for c in INVALID_DATA])
def test_invalid_problem_data(case, kwargs, message):
    """ProblemData rejects inconsistent parts with ValueError naming the field and the offending value
    or name."""
    if "dimensions" in kwargs and "types" not in kwargs:
        # Keep the default client and type consistent with the dimensions, so that only the named
        # check can fail.
        dims = len(kwargs["dimensions"])
        kwargs = {"clients": [client(pickup=[1] * dims)], "types": [mr.VehicleType("truck", [10] * dims)], **kwargs}
    with pytest.raises(ValueError, match=message):
        make_data(**kwargs)



def test_ragged_matrix_is_a_value_error():
    """A ragged nested list as matrix gets a ValueError naming the matrix, never a crash."""
    with pytest.raises(ValueError, match="distance matrix"):
        make_data(distance=[[0, 1], [1]])


def test_num_available_out_of_range():
    """num_available with a period or vehicle type that does not exist raises ValueError naming both."""
    with pytest.raises(ValueError, match="period 5 or vehicle type 0 does not exist"):
        make_data().num_available(5, 0)


def test_load_penalty_out_of_range():
    """CostEvaluator.load_penalty with a dimension beyond the maximum raises ValueError."""
    with pytest.raises(ValueError, match="dimension 8 does not exist"):
        mr.CostEvaluator([1], 1).load_penalty(8)
