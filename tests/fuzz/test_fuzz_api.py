"""Fuzzing of the Python API with wrong types and values: the parts of the problem data (TimeWindow, Depot,
Client, VehicleType, Period, Scaling), ProblemData and its matrices, milkrun.solve and its arguments, the ALNS
parameters, and milkrun.Model.

The property, for every call with one or two spoiled arguments:

* it raises a ``TypeError`` or ``ValueError`` whose message names the object or the field at fault. pybind11's
  ``TypeError`` for an argument of the wrong type ("incompatible constructor arguments") names the class and
  lists the signature and the values given: it is accepted as it is;
* or it accepts the value, and then the value reads back unchanged (3.5 is not kept as 3), the problem data built
  with it is refused naming the part (a NaN or a reversed window a constructor keeps must be refused there), or
  reads back the same and solves (a few iterations) to a finite cost whose conversion by the scaling is consistent.

Any other exception (``OverflowError`` included: pybind11 turns an int beyond 64 bits into its ``TypeError``, and
``solve`` checks its integers itself, so an ``OverflowError`` would be a conversion nobody checked), a crash or a
hang (the watchdog of conftest) is a failure. Sizes are in ``examples(...)``, scaled by ``MILKRUN_FUZZ_SCALE``.
"""

from __future__ import annotations

import inspect
import math
import os
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import milkrun as mr
from milkrun.io import InstanceError, parse_milkrun

FUZZ = settings.get_profile("milkrun-fuzz")
MAX = mr._core.MAX_VALUE
TW = mr.TimeWindow


def examples(n: int) -> int:
    """``n`` inputs, times ``MILKRUN_FUZZ_SCALE``."""
    return max(1, round(n * float(os.environ.get("MILKRUN_FUZZ_SCALE", "1"))))


# ----------------------------------------------------------------------------------------------------
# values

#: Values of the wrong type or out of range, for any argument.
WRONG = (
    None, "", "1", "abc", "\x00", "😀", b"1", 1.5, -1.5, 0.0, math.nan, math.inf, -math.inf, 1e308, 5e-324, -1, 0, 1,
    2**31, MAX, MAX + 1, 2**63 - 1, 2**63, 2**64, -(2**63) - 1, 10**30, True, False, [], [1], [[1]], [None], ["a"],
    {}, {"a": 1}, (), (1, 2), {1, 2}, object(), np.int64(-1), np.int64(7), np.uint64(2**64 - 1), np.float64("nan"),
    np.float64(2.0), np.bool_(True), np.array([1, 2]), np.array([[1.5]]),
    np.array([], dtype=np.int64), np.array(["a"]), np.array([np.nan]), complex(1, 1), TW(0, 5), mr.Depot("d", 0, 0),
)  # Fraction, Decimal and numpy's float32: see test_integer_arguments_are_not_truncated
wrong = st.one_of(
    st.sampled_from(WRONG),
    st.sampled_from(WRONG),
    st.integers(-2**70, 2**70),
    st.floats(),
    st.text(max_size=4),
    st.lists(st.one_of(st.integers(-3, 2**64), st.floats(), st.none()), max_size=4),
)
boundaries = st.sampled_from([-1, 0, 1, 2, 3, MAX - 1, MAX, MAX + 1, 2**62, 2**63 - 1, 2**63, 2**64])
ints = st.one_of(boundaries, st.integers(-5, 2000), st.integers(-2**65, 2**65))
floats = st.one_of(st.floats(), st.sampled_from([0.0, -0.0, 1e-320, 1e308, -1e308, 2.0**53 + 1]))
int_lists = st.lists(st.one_of(boundaries, st.integers(-2, 20)), max_size=9)
window_bounds = st.one_of(st.sampled_from([-(2**63), -1, 0, 1, MAX - 1, MAX, MAX + 1, 2**62, 2**63 - 1]),
                          st.integers(-5, 2000))  # what a TimeWindow takes (64 bits)
windows = st.lists(st.builds(TW, window_bounds, window_bounds), max_size=3)
names = st.one_of(st.sampled_from(["a", "b", "plant", "truck", "mon", "", " ", "\x00", "😀"]), st.text(max_size=5))


def spoil(data: st.DataObject, kinds: dict[str, st.SearchStrategy]) -> dict:
    """One or two of the arguments, each with a wrong value or a plausible one of its kind."""
    fields = data.draw(st.lists(st.sampled_from(sorted(kinds)), min_size=1, max_size=2, unique=True), label="fields")
    return {field: data.draw(st.one_of(wrong, kinds[field]), label=field) for field in fields}


# ----------------------------------------------------------------------------------------------------
# the property

REJECTED = object()


def attempt(call, *names: str):
    """``call()``, or REJECTED when it raises a TypeError or ValueError whose message names one of ``names``
    (or is pybind11's signature mismatch). Any other exception propagates and fails the test."""
    try:
        return call()
    except (TypeError, ValueError) as exc:
        message = str(exc)
        if isinstance(exc, TypeError) and "incompatible" in message and "arguments" in message:
            return REJECTED  # pybind11: the class, its signature and the values given
        words = [n.lower() for n in names] + [n.lower().replace("_", " ") for n in names]
        assert message.strip() and any(w in message.lower() for w in words), (
            f"{type(exc).__name__} does not name any of {names}: {message!r}")
        return REJECTED


def same(kind: str, got, given) -> bool:
    """Whether ``got`` (read back) is the ``given`` value of an argument of this kind, unchanged."""
    if kind == "float":  # an int or numpy float becomes a float; a NaN kept is left to the validation of the data
        return got == float(given) or (math.isnan(got) and math.isnan(float(given)))
    if kind in ("ints", "names"):
        return [plain(v) for v in got] == [plain(v) for v in given]
    return plain(got) == plain(given)


def plain(value):
    """Comparable plain values: time windows as pairs, sequences as lists, bytes decoded."""
    if isinstance(value, TW):
        return (value.early, value.late)
    if isinstance(value, bytes):
        return value.decode()
    if isinstance(value, (list, tuple, set, np.ndarray)):
        return [plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def check_reads_back(obj, spoiled: dict, kinds: dict[str, str]) -> None:
    for field, value in spoiled.items():
        got = getattr(obj, field)
        assert same(kinds[field], got, value), f"{field}={value!r} accepted but reads back as {got!r}"


def instance(**parts) -> mr.ProblemData:
    """A small valid instance (depot 'plant', clients 'a' and 'b', one type 'truck', days 'mon' and 'tue'), any
    part replaced."""
    depots = parts.get("depots", [mr.Depot("plant", 0.0, 0.0, TW(0, 10_000))])
    clients = parts.get("clients", [mr.Client("a", 1.0, 0.0, 5, [1], time_windows=[TW(0, 5000)]),
                                    mr.Client("b", 0.0, 2.0, 5, [2], frequency=2)])
    n = len(depots) + len(clients) if isinstance(depots, list) and isinstance(clients, list) else 3
    square = np.array([[abs(i - j) * 7 for j in range(n)] for i in range(n)], dtype=np.int64)
    args = {
        "name": "fuzz", "dimensions": ["kg"], "depots": depots, "clients": clients,
        "vehicle_types": [mr.VehicleType("truck", [10], num_available=2, shift=TW(0, 10_000))],
        "periods": [mr.Period("mon"), mr.Period("tue")], "distance": square, "duration": square.copy(),
        "scaling": mr.Scaling(10, 10, 10),
    }
    args.update(parts)
    return mr.ProblemData(**args)


def check_solves(data: mr.ProblemData) -> None:
    """A few iterations give a finite, non-negative cost, consistent with the scaling."""
    result = mr.solve(data, max_iterations=2, seed=1)
    assert math.isfinite(result.cost) and result.cost >= 0, result.cost
    assert math.isclose(result.cost * data.scaling.cost, result.solution.cost, rel_tol=1e-9, abs_tol=1e-9), (
        f"cost {result.cost} in source units is not {result.solution.cost} / {data.scaling.cost}")


def check_in_data(build, label: str) -> None:
    """Problem data with the part: rejected naming it, or valid and solvable."""
    data = attempt(build, label)
    if data is not REJECTED:
        check_solves(data)


# ----------------------------------------------------------------------------------------------------
# the parts of the problem data

CLIENT = {"name": "a", "x": 1.0, "y": 0.0, "service_duration": 5, "pickup": [1], "delivery": [0],
          "time_windows": [TW(0, 5000)], "release_time": 0, "frequency": 1, "patterns": [], "period_time_windows": [],
          "pattern_pickups": []}
CLIENT_KINDS = {"name": "str", "x": "float", "y": "float", "service_duration": "int", "pickup": "ints",
                "delivery": "ints", "time_windows": "windows", "release_time": "int", "frequency": "int",
                "patterns": "ints", "period_time_windows": "nested", "pattern_pickups": "nested"}
STRATEGIES = {"str": names, "float": floats, "int": ints, "ints": int_lists, "windows": windows,
              "nested": st.one_of(st.lists(windows, max_size=3),
                                  st.lists(st.lists(int_lists, max_size=3), max_size=3)),
              "names": st.lists(names, max_size=3), "window": st.builds(TW, window_bounds, window_bounds)}


@settings(FUZZ, max_examples=examples(400))
@given(data=st.data())
def test_client(fuzz_inputs, data):
    spoiled = spoil(data, {f: STRATEGIES[k] for f, k in CLIENT_KINDS.items()})
    with fuzz_inputs.watchdog():
        client = attempt(lambda: mr.Client(**{**CLIENT, **spoiled}), "client", *spoiled)
        if client is REJECTED:
            return
        check_reads_back(client, spoiled, CLIENT_KINDS)
        other = mr.Client("b", 0.0, 2.0, 5, [2])
        check_in_data(lambda: instance(clients=[client, other]), "client")


DEPOT_KINDS = {"name": "str", "x": "float", "y": "float", "window": "window"}


@settings(FUZZ, max_examples=examples(200))
@given(data=st.data())
def test_depot(fuzz_inputs, data):
    spoiled = spoil(data, {f: STRATEGIES[k] for f, k in DEPOT_KINDS.items()})
    args = {"name": "plant", "x": 0.0, "y": 0.0, "window": TW(0, 10_000), **spoiled}
    with fuzz_inputs.watchdog():
        depot = attempt(lambda: mr.Depot(args["name"], args["x"], args["y"], args["window"]), "depot", *spoiled)
        if depot is REJECTED:
            return
        check_reads_back(depot, spoiled, DEPOT_KINDS)
        check_in_data(lambda: instance(depots=[depot]), "depot")


@settings(FUZZ, max_examples=examples(200))
@given(early=st.one_of(wrong, ints), late=st.one_of(wrong, ints))
def test_time_window(fuzz_inputs, early, late):
    with fuzz_inputs.watchdog():
        window = attempt(lambda: TW(early, late), "time window", "early", "late")
        if window is REJECTED:
            return
        assert (window.early, window.late) == (plain(early), plain(late)), (early, late, window)
        client = attempt(lambda: mr.Client("a", 1.0, 0.0, 5, [1], time_windows=[window]), "time window")
        if client is not REJECTED:
            check_in_data(lambda: instance(clients=[client, mr.Client("b", 0.0, 2.0, 5, [2])]), "time window")


VEHICLE = {"name": "truck", "capacity": [10], "num_available": 2, "fixed_cost": 0, "unit_distance_cost": 1,
           "unit_duration_cost": 0, "start_depot": 0, "end_depot": 0, "shift": TW(0, 10_000), "max_duration": MAX,
           "forbidden_clients": [], "profile": 0}
VEHICLE_KINDS = {"name": "str", "capacity": "ints", "num_available": "int", "fixed_cost": "int",
                 "unit_distance_cost": "int", "unit_duration_cost": "int", "start_depot": "int", "end_depot": "int",
                 "shift": "window", "max_duration": "int", "forbidden_clients": "names", "profile": "int"}


@settings(FUZZ, max_examples=examples(400))
@given(data=st.data())
def test_vehicle_type(fuzz_inputs, data):
    spoiled = spoil(data, {f: STRATEGIES[k] for f, k in VEHICLE_KINDS.items()})
    with fuzz_inputs.watchdog():
        vehicle = attempt(lambda: mr.VehicleType(**{**VEHICLE, **spoiled}), "vehicle type", *spoiled)
        if vehicle is REJECTED:
            return
        check_reads_back(vehicle, spoiled, VEHICLE_KINDS)
        check_in_data(lambda: instance(vehicle_types=[vehicle]), "vehicle type")


@settings(FUZZ, max_examples=examples(200))
@given(name=st.one_of(names, wrong), available=st.one_of(int_lists, wrong))
def test_period(fuzz_inputs, name, available):
    with fuzz_inputs.watchdog():
        period = attempt(lambda: mr.Period(name, available), "period", "num_available")
        if period is REJECTED:
            return
        assert plain(period.num_available) == plain(available) and period.name == plain(name)
        check_in_data(lambda: instance(periods=[period, mr.Period("tue")]), "period")


@settings(FUZZ, max_examples=examples(200))
@given(data=st.data())
def test_scaling(fuzz_inputs, data):
    """A scaling factor must be a positive finite number: an infinite or subnormal one would turn every
    reported cost into 0 or infinity."""
    spoiled = spoil(data, {"distance": floats, "duration": floats, "cost": floats})
    args = {"distance": 10.0, "duration": 10.0, "cost": 10.0, **spoiled}
    with fuzz_inputs.watchdog():
        scaling = attempt(lambda: mr.Scaling(**args), "scaling", *spoiled)
        if scaling is REJECTED:
            return
        check_reads_back(scaling, spoiled, dict.fromkeys(args, "float"))
        check_in_data(lambda: instance(scaling=scaling), "scaling")


# ----------------------------------------------------------------------------------------------------
# ProblemData

PART_LISTS = {
    "dimensions": st.lists(st.one_of(names, wrong), max_size=9),
    "depots": st.lists(st.one_of(st.builds(mr.Depot, names, st.floats(-10, 10), st.floats(-10, 10)), wrong),
                       max_size=3),
    "clients": st.lists(st.one_of(st.builds(mr.Client, names, st.floats(-10, 10), st.floats(-10, 10),
                                            st.integers(0, 10), st.lists(st.integers(0, 5), min_size=1, max_size=2)),
                                  wrong), max_size=4),
    "vehicle_types": st.lists(st.one_of(st.builds(mr.VehicleType, names, st.lists(st.integers(1, 20), min_size=1,
                                                                                       max_size=2)), wrong), max_size=3),
    "periods": st.lists(st.one_of(st.builds(mr.Period, names), wrong), max_size=3),
    "name": names,
    "scaling": st.just(mr.Scaling()),
}


@settings(FUZZ, max_examples=examples(300))
@given(data=st.data())
def test_problem_data_parts(fuzz_inputs, data):
    """Lists of parts of the wrong length or type, duplicate names, missing parts."""
    spoiled = spoil(data, PART_LISTS)
    labels = ["dimension", "depot", "client", "vehicle type", "period", "matri", "name", "scaling", *spoiled]
    with fuzz_inputs.watchdog():
        built = attempt(lambda: instance(**spoiled), *labels)
        if built is REJECTED:
            return
        for field, value in spoiled.items():
            if field in ("depots", "clients", "vehicle_types", "periods"):
                assert [p.name for p in getattr(built, field)] == [p.name for p in value]
            elif field == "dimensions":
                assert list(built.dimensions) == [plain(v) for v in value]
        check_solves(built)


@st.composite
def matrices(draw, n: int = 3):
    """A distance or duration matrix of any shape, dtype, content and memory layout, or a list of them."""
    shape = draw(st.sampled_from([(n, n), (n, n), (n, n), (n + 1, n + 1), (n, n - 1), (0, 0), (n,), (2, n, n),
                                  (1, 1)]))
    fill = draw(st.sampled_from(["range", "zero", "nan", "inf", "negative", "half", "huge", "int64max", "random"]))
    count = int(np.prod(shape))
    values = {
        "range": np.arange(count, dtype=np.float64), "zero": np.zeros(count),
        "nan": np.full(count, np.nan), "inf": np.full(count, np.inf), "negative": -np.arange(count, dtype=np.float64),
        "half": np.arange(count) + 0.5, "huge": np.full(count, float(MAX) * 2), "int64max": np.full(count, 2.0**63),
        "random": np.array(draw(st.lists(st.integers(0, 1000), min_size=count, max_size=count)), dtype=np.float64),
    }[fill].reshape(shape)
    dtype = draw(st.sampled_from([np.int64, np.int64, np.int32, np.uint8, np.uint64, np.float64, np.float32, np.bool_,
                                  object, "U8", np.complex128]))
    with np.errstate(invalid="ignore", over="ignore"):
        array = values.astype(dtype)
    layout = draw(st.sampled_from(["c", "fortran", "strided", "transposed", "list", "read-only"]))
    if layout == "fortran":
        array = np.asfortranarray(array)
    elif layout == "strided" and array.ndim == 2:
        wide = np.zeros((array.shape[0] * 2, array.shape[1] * 3), dtype=array.dtype)
        wide[::2, ::3] = array
        array = wide[::2, ::3]
    elif layout == "transposed" and array.ndim == 2:
        array = np.ascontiguousarray(array.T).T
    elif layout == "list":
        array = array.tolist()
    elif layout == "read-only":
        array = array.copy()
        array.flags.writeable = False
    return array


@settings(FUZZ, max_examples=examples(300))
@given(distance=st.one_of(matrices(), wrong), duration=st.one_of(matrices(), st.just(None)))
def test_problem_data_matrices(fuzz_inputs, distance, duration):
    """Matrices of the wrong shape, dtype or values; non-contiguous, Fortran-ordered, transposed or read-only
    arrays must be read as the values they show."""
    square = np.array([[abs(i - j) * 7 for j in range(3)] for i in range(3)], dtype=np.int64)
    duration = square if duration is None else duration
    with fuzz_inputs.watchdog():
        data = attempt(lambda: instance(distance=distance, duration=duration), "distance matri", "duration matri",
                       "travel profile")
        if data is REJECTED:
            return
        for given, read in ((distance, data.distance_matrix), (duration, data.duration_matrix)):
            given = np.asarray(given)
            profiles = [given] if given.ndim == 2 else list(given)
            for profile, values in enumerate(profiles):
                assert np.array_equal(read(profile), values.astype(np.float64)), (values, read(profile))
        check_solves(data)


# ----------------------------------------------------------------------------------------------------
# solve and the ALNS parameters


def _other_solutions() -> list:
    """Plans of other instances (more clients, more types, more periods) to pass as ``initial``."""
    bigger = instance(clients=[mr.Client(c, 1.0, 1.0, 0, [1]) for c in "abcd"])
    fleet = instance(vehicle_types=[mr.VehicleType("truck", [10]), mr.VehicleType("van", [5])])
    week = instance(periods=[mr.Period(d) for d in ("mon", "tue", "wed")])
    return [mr.Solution(bigger, [mr.SolutionRoute(bigger, [1, 2, 3, 4])]),
            mr.Solution(fleet, [mr.SolutionRoute(fleet, [1, 2], 1)]),
            mr.Solution(week, [mr.SolutionRoute(week, [1], 0, 2)])]


SOLVE_ARGS = {
    "time_limit": st.one_of(floats, ints),
    "max_iterations": ints,
    "seed": ints,
    "params": st.sampled_from([mr.AlnsParams(), None]),
    "objective": st.sampled_from(["distance", "vehicles", "Distance", "cost", ""]),
    "initial": st.sampled_from(_other_solutions()),
    "verify": st.booleans(),
    "control": st.builds(mr.SolveControl),
    "decompose": st.sampled_from([None, True, False]),
    "group_size": ints,
}
SOLVE_ARGS = {key: value for key, value in SOLVE_ARGS.items() if key in inspect.signature(mr.solve).parameters}
SOLVE_DATA = instance(periods=[mr.Period("mon")], clients=[mr.Client("a", 1.0, 0.0, 5, [1]),
                                                           mr.Client("b", 0.0, 2.0, 5, [2])])


#: Words that name an argument of solve in an error message, besides its own name.
SOLVE_WORDS = {"initial": ("route", "plan"), "params": ("alns",), "control": ("SolveControl",)}


def short_budget(kwargs: dict) -> dict:
    """At most 1000 iterations when the time limit is missing or long: a valid but endless search is no finding."""
    limit, iterations = kwargs.get("time_limit"), kwargs.get("max_iterations")
    long_time = limit is None or (isinstance(limit, (int, float, np.number)) and not limit <= 1)
    endless = iterations is None or (isinstance(iterations, (int, np.integer)) and not isinstance(iterations, bool)
                                     and iterations > 1000)
    return {**kwargs, "max_iterations": 1000} if long_time and endless else kwargs


@settings(FUZZ, max_examples=examples(300))
@given(data=st.data())
def test_solve_arguments(fuzz_inputs, data):
    """``milkrun.solve`` with one or two spoiled keyword arguments (within 0.3 s or a few iterations)."""
    spoiled = spoil(data, SOLVE_ARGS)
    kwargs = short_budget({"time_limit": 0.3, "max_iterations": 3, "seed": 0, **spoiled})
    words = [word for field in spoiled for word in SOLVE_WORDS.get(field, ())]
    with fuzz_inputs.watchdog():
        result = attempt(lambda: mr.solve(SOLVE_DATA, **kwargs), "solve", *spoiled, *words)
        if result is REJECTED:
            return
        assert math.isfinite(result.cost) and result.cost >= 0


@settings(FUZZ, max_examples=examples(30))
@given(data=st.one_of(wrong, st.sampled_from(["instances/example_solomon_25.txt", mr.Scaling(), _other_solutions()[0]])))
def test_solve_data_of_the_wrong_type(fuzz_inputs, data):
    """``milkrun.solve`` given something else than problem data."""
    with fuzz_inputs.watchdog():
        result = attempt(lambda: mr.solve(data, max_iterations=3), "data", "ProblemData", "problem data")
        assert result is REJECTED


ALNS_FIELDS = sorted(name for name in dir(mr.AlnsParams()) if not name.startswith("_") and name != "validate")


@settings(FUZZ, max_examples=examples(300))
@given(data=st.data())
def test_alns_params(fuzz_inputs, data):
    """ALNS parameters set to wrong values: the setter refuses them, or ``validate`` (and so ``solve``) names the
    field, or the search runs normally. NaN and infinities are never valid parameters."""
    params = mr.AlnsParams()
    fields = data.draw(st.lists(st.sampled_from(ALNS_FIELDS), min_size=1, max_size=2, unique=True), label="fields")
    values = {}
    for field in fields:
        current = getattr(params, field)
        plausible = (st.lists(st.tuples(st.sampled_from(["random", "greedy", "x", ""]), floats), max_size=3)
                     if isinstance(current, list) else floats if isinstance(current, float) else ints)
        values[field] = data.draw(st.one_of(wrong, plausible), label=field)
    with fuzz_inputs.watchdog():
        for field, value in values.items():
            if attempt(lambda: setattr(params, field, value), field) is REJECTED:
                return
        if attempt(params.validate, *fields) is REJECTED:
            return
        for field in fields:
            got = getattr(params, field)
            numbers = [got] if isinstance(got, float) else [w for _, w in got] if isinstance(got, list) and got and \
                isinstance(got[0], tuple) else []
            assert all(math.isfinite(v) for v in numbers), f"validate() accepts {field} = {got!r}"
        result = attempt(lambda: mr.solve(SOLVE_DATA, max_iterations=3, params=params), "solve", *fields)
        if result is not REJECTED:
            assert math.isfinite(result.cost) and result.cost >= 0


# ----------------------------------------------------------------------------------------------------
# Model


def small_model(dimensions=("kg",), days=("Mon", "Tue")) -> mr.Model:
    model = mr.Model(dimensions=list(dimensions), days=list(days), name="fuzz")
    model.add_plant("P", x=0, y=0, opening_hours=("06:00", "20:00"))
    model.add_supplier("S1", x=3, y=4, pickup=5, frequency=1, time_windows=[("07:00", "12:00")])
    model.add_vehicle_type("van", capacity=10, count=1, cost_per_km=0.5)
    return model


MODEL_CALLS = {
    "add_plant": ({"id": "Q", "x": 1.0, "y": 1.0},
                  {"id": names, "x": floats, "y": floats, "lat": floats, "lon": floats, "name": names,
                   "opening_hours": st.lists(st.sampled_from(["06:00", "25:00", "7:0", 60, -1, 1e9]), max_size=3)}),
    "add_supplier": ({"id": "S2", "x": 2.0, "y": 1.0, "pickup": 3},
                     {"id": names, "x": floats, "y": floats, "pickup": st.one_of(floats, int_lists),
                      "service_time": floats, "frequency": ints, "time_windows": st.lists(st.lists(
                          st.sampled_from(["07:00", "12:00", "99:99", 0, 2000, -5]), max_size=3), max_size=2),
                      "patterns": st.lists(st.lists(st.sampled_from(["Mon", "Tue", "Wed", 0]), max_size=3),
                                           max_size=3),
                      "pickup_by_pattern": st.lists(st.one_of(floats, int_lists), max_size=3),
                      "daily_production": floats, "name": names}),
    "add_vehicle_type": ({"id": "truck", "capacity": 20},
                         {"id": names, "capacity": st.one_of(floats, int_lists), "count": ints, "fixed_cost": floats,
                          "cost_per_km": floats, "cost_per_hour": floats, "co2_kg_per_km": floats,
                          "plant": names, "shift": st.lists(st.sampled_from(["05:00", "23:00", 100, -1]), max_size=3),
                          "max_duration": floats, "forbidden_suppliers": st.lists(names, max_size=2),
                          "profile": names, "speed_kmh": floats}),
    "use_coordinates": ({}, {"kind": st.sampled_from(["euclidean", "haversine", "matrix", ""]), "speed_kmh": floats,
                             "detour_factor": floats}),
    "add_travel_profile": ({"name": "road", "distance_km": [[0, 5], [5, 0]], "duration_min": [[0, 6], [6, 0]]},
                           {"name": names, "distance_km": matrices(2), "duration_min": matrices(2),
                            "ids": st.lists(st.sampled_from(["P", "S1", "X"]), max_size=3)}),
    "set_objective": ({}, {"fixed_cost_weight": floats, "distance_cost_weight": floats,
                           "duration_cost_weight": floats}),
}


@settings(FUZZ, max_examples=examples(400))
@given(method=st.sampled_from(sorted(MODEL_CALLS)), data=st.data())
def test_model(fuzz_inputs, method, data):
    """One ``Model`` method with spoiled arguments: a TypeError or ValueError naming the argument when it is
    called, or an InstanceError naming the JSON path when the model is validated, or a plan."""
    base, kinds = MODEL_CALLS[method]
    spoiled = spoil(data, kinds)
    model = small_model()
    with fuzz_inputs.watchdog():
        if attempt(lambda: getattr(model, method)(**{**base, **spoiled}), *spoiled, "travel profile") is REJECTED:
            return
        try:
            built = model.data()
        except InstanceError as exc:
            assert exc.field and exc.field.startswith("$"), f"no JSON path in {exc}"
            return
        check_solves(built)


@settings(FUZZ, max_examples=examples(100))
@given(dimensions=st.one_of(st.lists(names, max_size=9), wrong), days=st.one_of(st.lists(names, max_size=9), wrong),
       name=st.one_of(names, wrong))
def test_model_constructor(fuzz_inputs, dimensions, days, name):
    with fuzz_inputs.watchdog():
        model = attempt(lambda: mr.Model(dimensions=dimensions, days=days, name=name), "dimensions", "days", "name")
        if model is REJECTED:
            return
        model.add_plant("P", x=0, y=0)
        model.add_supplier("S", x=1, y=1)
        model.add_vehicle_type("van", capacity=dict.fromkeys(model.dimensions, 10))
        try:
            built = model.data()
        except InstanceError as exc:
            assert exc.field and exc.field.startswith("$"), f"no JSON path in {exc}"
            return
        check_solves(built)


# ----------------------------------------------------------------------------------------------------
# regressions: the smallest inputs of the bugs the fuzzing found in Model and the milk-run JSON validation (old
# behaviour in brackets)


def with_supplier(**kwargs):
    def call(model):
        model.add_supplier("S2", x=1, y=0, **kwargs)
        return model.data()
    return call


def document_with(change):
    def call(model):
        doc = model.to_document()
        change(doc)
        return parse_milkrun(doc)
    return call


#: (what, call on small_model(), expected exception type or None (accepted), a fragment of its message)
MODEL_REGRESSIONS = [
    ("x a word [ValueError: could not convert string to float]", lambda m: m.add_plant("Q", x="abc", y=0),
     ValueError, "plant 'Q': x: 'abc' is not a number"),
    ("x a list [TypeError: float() argument]", lambda m: m.add_plant("Q", x=[1], y=0), ValueError, "plant 'Q': x:"),
    ("frequency 1.5 [kept as 1]", with_supplier(frequency=1.5), InstanceError, "$.suppliers[1].frequency"),
    ("frequency '2' [kept as 2]", with_supplier(frequency="2"), InstanceError, "$.suppliers[1].frequency"),
    ("frequency None [TypeError: int() argument]", with_supplier(frequency=None), InstanceError,
     "$.suppliers[1].frequency"),
    ("pickup a word [ValueError without the field]", with_supplier(pickup="abc"), TypeError, "supplier 'S2': pickup"),
    ("pickup_by_pattern a number [TypeError: not iterable]", with_supplier(pickup_by_pattern=1.5), TypeError,
     "supplier 'S2': pickup_by_pattern"),
    ("count a numpy integer [refused: not of type 'integer']",
     lambda m: (m.add_vehicle_type("t", capacity=5, count=np.int64(2)), m.data()), None, None),
    ("dimensions a string [one dimension per letter]", lambda m: mr.Model(dimensions="kg"), TypeError,
     "dimensions: give a list"),
    ("days None [TypeError: not iterable]", lambda m: mr.Model(days=None), TypeError, "days: give a list"),
    ("travel ids a number [TypeError: not iterable]", lambda m: m.add_travel_profile("road", [[0]], [[0]], ids=1.5),
     TypeError, "travel profile 'road': ids"),
    ("travel ids a string [one id per letter]", lambda m: m.add_travel_profile("road", [[0]], [[0]], ids="P"),
     TypeError, "travel profile 'road': ids"),
    ("travel profile name a list [TypeError: unhashable]", lambda m: m.add_travel_profile([], [[0]], [[0]]),
     TypeError, "travel profile: the name must be a string"),
    ("travel matrix a word [ValueError without the field]", lambda m: m.add_travel_profile("road", "abc", [[0]]),
     ValueError, "travel profile 'road': distance_km"),
    ("objective weight a word [ValueError without the field]", lambda m: m.set_objective(fixed_cost_weight="a"),
     ValueError, "fixed_cost_weight"),
    ("a complex number in a document [TypeError inside jsonschema]",
     document_with(lambda d: d["vehicle_types"][0].update(speed_kmh=1 + 1j)), InstanceError,
     "$.vehicle_types[0].speed_kmh: (1+1j) is not a JSON value"),
    ("a bytes key in a document [accepted; a TypeError inside jsonschema once the profile has an error]",
     document_with(lambda d: d.update(travel={"kind": "matrix", "ids": ["P", "S1"], "profiles": {
         b"road": {"distance_km": [[0, 5], [5, 0]], "duration_min": [[0, 6], [6, 0]]}}})),
     InstanceError, "$.travel.profiles: the key b'road' is not a string"),
]


@pytest.mark.parametrize(("call", "error", "fragment"), [case[1:] for case in MODEL_REGRESSIONS],
                         ids=[case[0] for case in MODEL_REGRESSIONS])
def test_model_regressions(fuzz_inputs, call, error, fragment):
    fuzz_inputs()
    if error is None:
        call(small_model())
        return
    with pytest.raises(error) as caught:
        call(small_model())
    assert fragment in str(caught.value)


# ----------------------------------------------------------------------------------------------------
# Found by the fuzzing above, on the C++ side (bindings and validation) and in milkrun.solve: these fail until
# they are fixed there.


def test_integer_arguments_are_not_truncated(fuzz_inputs):
    """A Fraction, a Decimal or a numpy float32 for an integer argument is turned into an int by pybind11
    (``int(x)``): 7/2 becomes 3 silently, while a Python float 3.5 is refused. It must be refused as well."""
    for value in (Fraction(7, 2), Decimal("3.5"), np.float32(3.5)):
        fuzz_inputs()
        window = attempt(lambda: TW(0, value), "time window", "late")
        assert window is REJECTED, f"TimeWindow(0, {value!r}) accepted as {window!r}"
        fuzz_inputs()
        client = attempt(lambda: mr.Client("a", 1.0, 0.0, value, [1]), "client", "service duration")
        assert client is REJECTED, f"service_duration={value!r} accepted as {client.service_duration}"


def test_scaling_must_be_finite(fuzz_inputs):
    """Scaling(cost=inf) (or a subnormal factor) is accepted, and every reported cost becomes 0 (or infinite)."""
    for factor in (math.inf, 5e-324):
        fuzz_inputs()
        check_in_data(lambda: instance(scaling=mr.Scaling(10, 10, factor)), "scaling")


def test_alns_params_refuse_nan_and_infinity(fuzz_inputs):
    """``AlnsParams.validate`` lets NaN (and infinity) through for some fields; the search then runs with them."""
    accepted = []
    for field in ALNS_FIELDS:
        if not isinstance(getattr(mr.AlnsParams(), field), float):
            continue
        for value in (math.nan, math.inf):
            fuzz_inputs()
            params = mr.AlnsParams()
            setattr(params, field, value)
            try:
                params.validate()
            except ValueError as exc:
                assert field in str(exc), str(exc)
                continue
            accepted.append(f"{field}={value}")
    assert not accepted, f"validate() accepts {', '.join(accepted)}"


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"time_limit": "1"}, "time_limit"),
    ({"control": "stop"}, "control"),
    ({"decompose": True, "group_size": ""}, "group_size"),
    ({"time_limit": np.array([1.0, 2.0])}, "time_limit"),
    ({"decompose": np.array([1, 2])}, "decompose"),
], ids=["time_limit a string", "control a string", "group_size a string", "time_limit an array", "decompose an array"])
def test_solve_names_the_wrong_argument(fuzz_inputs, kwargs, name):
    """``milkrun.solve`` (python/milkrun/solve.py) with an argument of the wrong type: a TypeError or ValueError
    naming it, not a comparison TypeError or an AttributeError from inside."""
    if name not in inspect.signature(mr.solve).parameters:
        pytest.skip(f"solve has no {name} argument")
    fuzz_inputs()
    with pytest.raises((TypeError, ValueError)) as caught:
        mr.solve(SOLVE_DATA, **{"max_iterations": 3, **kwargs})
    assert name in str(caught.value), str(caught.value)


def test_solve_names_data_of_the_wrong_type(fuzz_inputs):
    """``milkrun.solve(None)`` raises AttributeError ('NoneType' object has no attribute 'num_periods')."""
    for data in (None, "instances/example_solomon_25.txt"):
        fuzz_inputs()
        with pytest.raises((TypeError, ValueError)):
            mr.solve(data, max_iterations=3)
