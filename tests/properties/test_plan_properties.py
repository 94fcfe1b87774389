"""Property-based tests of the plans the solver returns (issue 9, part A).

Hypothesis generates small instances of every supported kind -- single-period VRPTW, several capacity
dimensions, mixed fleets (fixed, distance and duration costs, counts, shifts, maximum durations, several
depots, travel profiles, access restrictions, release times, deliveries), and multi-period horizons
(vehicles per day, frequencies, listed or implicit day patterns, per-day time windows, pattern-dependent
pickups) -- plus milk-run JSON networks from :func:`milkrun.generate.generate_network`. Each is solved with
a small iteration limit, without the solver's own check (``verify=False``), and the plan is then checked
here:

* the independent Numba evaluator, given the plan's routes, agrees with the result on cost (total and per
  route), distance, duration, time warp and feasibility;
* every client is visited on exactly ``frequency`` days, on an allowed pattern, never twice a day -- or it
  is listed in ``Result.unassigned`` (and then it is not visited as required);
* no period uses more vehicles of a type than it has;
* a feasible plan keeps every load within capacity (loads recomputed here from the clients' fields), has no
  time warp and no client on a vehicle type that may not serve it;
* the solution document (``Result.to_json``, and ``plan_document`` for milk-run JSON) parses and agrees.

Instances made infeasible on purpose (a supplier whose window closes before any truck can reach it, a load
larger than every truck) must come back quickly and say so -- as an infeasible result or as the
``ValueError`` the data model raises, whichever this code base does for that case (both asserted exactly).
"""

from __future__ import annotations

import itertools
import json
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import milkrun as mr
from milkrun._core import MAX_VALUE
from milkrun.eval import evaluate
from milkrun.generate import generate_network
from milkrun.io import parse_milkrun
from milkrun.report import plan_document

TW = mr.TimeWindow

#: Length of a day in the generated instances (integer time units); depots are open [0, DAY].
DAY = 1000
#: Iterations per solve: enough for the search to move, small enough for hundreds of instances.
ITERATIONS = 150


def bounded(examples: int, shrink: bool = True):
    """Hypothesis settings of these tests: reproducible (derandomized), no deadline, no database.
    ``shrink=False`` reports a failing example as found (for tests whose failures can be hangs, which would
    make shrinking slow; their minimal cases are separate tests)."""
    phases = list(Phase) if shrink else [Phase.explicit, Phase.reuse, Phase.generate]
    return settings(max_examples=examples, deadline=None, derandomize=True, database=None, print_blob=True,
                    phases=phases, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# --------------------------------------------------------------------------------------------------
# Instances
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """Ranges of the structure of one kind of instance (each pair inclusive)."""

    periods: tuple[int, int] = (1, 1)
    dimensions: tuple[int, int] = (1, 1)
    types: tuple[int, int] = (1, 1)
    profiles: tuple[int, int] = (1, 1)
    depots: tuple[int, int] = (1, 1)
    fleet_extras: bool = False  #: costs, shifts, maximum durations, access restrictions, release, delivery
    multi_trip: bool = False  #: types may reload at some depots (reload times, release times, deliveries)
    #: plants with few docks (unload times), soft windows at some clients, driver breaks, consistency
    plant_timing: bool = False


KINDS = {
    "vrptw": Kind(),
    "multi_dimensional": Kind(dimensions=(2, 4), types=(1, 2)),
    "mixed_fleet": Kind(dimensions=(1, 2), types=(2, 4), profiles=(1, 3), depots=(1, 2), fleet_extras=True),
    "multi_period": Kind(periods=(2, 7), dimensions=(1, 2), types=(1, 2)),
    "multi_period_mixed_fleet": Kind(periods=(2, 5), dimensions=(1, 3), types=(2, 3), profiles=(1, 2),
                                     depots=(1, 2), fleet_extras=True),
    "multi_trip": Kind(dimensions=(1, 2), types=(1, 3), profiles=(1, 2), depots=(1, 3), fleet_extras=True,
                       multi_trip=True),
    "multi_period_multi_trip": Kind(periods=(2, 4), dimensions=(1, 2), types=(1, 2), depots=(1, 2),
                                    fleet_extras=True, multi_trip=True),
    "docks_soft_windows": Kind(dimensions=(1, 2), types=(1, 3), depots=(1, 2), fleet_extras=True, multi_trip=True,
                               plant_timing=True),
    "multi_period_docks_soft_windows": Kind(periods=(2, 4), types=(1, 2), depots=(1, 2), fleet_extras=True,
                                            plant_timing=True),
}


@dataclass
class Parts:
    """The pieces of an instance as constructor arguments, so that a test can change one before building."""

    dimensions: list[str]
    depots: list[dict[str, Any]]
    clients: list[dict[str, Any]]
    types: list[dict[str, Any]]
    periods: list[dict[str, Any]]
    distance: list[np.ndarray]
    duration: list[np.ndarray]

    def build(self) -> mr.ProblemData:
        return mr.ProblemData(
            "generated", self.dimensions,
            [mr.Depot(**kw) for kw in self.depots], [mr.Client(**kw) for kw in self.clients],
            [mr.VehicleType(**kw) for kw in self.types], [mr.Period(**kw) for kw in self.periods],
            [m.copy() for m in self.distance], [m.copy() for m in self.duration],
        )  # fmt: skip


@st.composite
def instance_parts(draw, kind: str) -> Parts:
    """A random instance of ``kind``: its structure drawn by hypothesis, its numbers by a seeded generator."""
    spec = KINDS[kind]
    num_clients = draw(st.integers(5, 25))
    num_periods = draw(st.integers(*spec.periods))
    num_dims = draw(st.integers(*spec.dimensions))
    num_types = draw(st.integers(*spec.types))
    num_profiles = draw(st.integers(spec.profiles[0], min(spec.profiles[1], num_types)))
    num_depots = draw(st.integers(*spec.depots))
    tight_windows = draw(st.booleans())
    numeric_names = draw(st.booleans())
    extras = spec.fleet_extras and draw(st.booleans())
    listed_patterns = num_periods > 1 and draw(st.booleans())
    day_windows = num_periods > 1 and draw(st.booleans())
    pattern_amounts = listed_patterns and draw(st.booleans())
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return random_parts(rng, num_clients, num_periods, num_dims, num_types, num_profiles, num_depots,
                        tight_windows=tight_windows, numeric_names=numeric_names, extras=extras,
                        listed_patterns=listed_patterns, day_windows=day_windows, pattern_amounts=pattern_amounts,
                        multi_trip=spec.multi_trip, plant_timing=spec.plant_timing)


def random_parts(rng, num_clients, num_periods, num_dims, num_types, num_profiles, num_depots, *, tight_windows,
                 numeric_names, extras, listed_patterns, day_windows, pattern_amounts, multi_trip=False,
                 plant_timing=False) -> Parts:
    n = num_depots + num_clients
    xy = rng.integers(0, 250, size=(n, 2))
    plane = np.rint(np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))).astype(np.int64)
    distance, duration = [plane], [plane.copy()]
    for _ in range(1, num_profiles):  # other profiles: longer, asymmetric roads at another speed
        roads = np.rint(plane * rng.uniform(1.0, 1.5, size=(n, n))).astype(np.int64)
        np.fill_diagonal(roads, 0)
        distance.append(roads)
        duration.append(np.rint(roads * rng.uniform(0.5, 2.0)).astype(np.int64))

    def amounts() -> list[int]:
        return [int(v) for v in rng.integers(0, 25, num_dims)]  # zero amounts included

    names = [str(10 + i) if numeric_names else f"s{i}" for i in range(num_clients)]
    clients = []
    for i in range(num_clients):
        x, y = (float(v) for v in xy[num_depots + i])
        client: dict[str, Any] = {"name": names[i], "x": x, "y": y, "service_duration": int(rng.integers(0, 30)),
                                  "pickup": amounts()}
        if tight_windows:
            early = int(rng.integers(0, DAY // 2))
            client["time_windows"] = [TW(early, min(DAY, early + int(rng.integers(80, DAY))))]
        if extras and rng.random() < 0.3:
            client["delivery"] = amounts()
        if extras and rng.random() < 0.2:
            client["release_time"] = int(rng.integers(0, 150))
        if num_periods > 1:
            frequency = int(rng.integers(1, min(3, num_periods) + 1))
            client["frequency"] = frequency
            if listed_patterns and rng.random() < 0.7:
                day_sets = list(itertools.combinations(range(num_periods), frequency))
                chosen = rng.choice(len(day_sets), size=int(rng.integers(1, min(4, len(day_sets)) + 1)), replace=False)
                patterns = [sum(1 << p for p in day_sets[k]) for k in sorted(chosen)]
                client["patterns"] = patterns
                if pattern_amounts and rng.random() < 0.5:
                    client["pattern_pickups"] = [[amounts() if mask >> p & 1 else [] for p in range(num_periods)]
                                                 for mask in patterns]
            if day_windows and rng.random() < 0.5:
                per_day = []
                for _ in range(num_periods):
                    early = int(rng.integers(0, DAY // 2))
                    per_day.append([TW(early, early + int(rng.integers(100, DAY // 2)))] if rng.random() < 0.6 else [])
                client["period_time_windows"] = per_day
        clients.append(client)

    # Every client fits type 0 (which may serve everyone); the other types are smaller or restricted.
    largest = [0] * num_dims
    for client in clients:
        visits = [client["pickup"], client.get("delivery", [0] * num_dims)]
        visits += [v for per_day in client.get("pattern_pickups", []) for v in per_day if v]
        largest = [max(m, *(v[d] for v in visits)) for d, m in enumerate(largest)]
    types = []
    for t in range(num_types):
        floor = largest if t == 0 else [1] * num_dims
        vt: dict[str, Any] = {
            "name": f"type{t}",
            "capacity": [max(f, int(c)) for f, c in zip(floor, rng.integers(20, 90, num_dims))],
            "num_available": int(rng.integers(1, 5)),
            "profile": t % num_profiles,
            "start_depot": int(rng.integers(0, num_depots)),
            "end_depot": int(rng.integers(0, num_depots)),
        }
        if extras:
            vt.update(fixed_cost=int(rng.integers(0, 200)), unit_distance_cost=int(rng.integers(1, 4)),
                      unit_duration_cost=int(rng.integers(0, 3)))
            if rng.random() < 0.5:
                vt["shift"] = TW(int(rng.integers(0, 100)), DAY - int(rng.integers(0, 100)))
            if rng.random() < 0.3:
                vt["max_duration"] = int(rng.integers(DAY // 2, DAY))
            if t > 0 and rng.random() < 0.5:
                vt["forbidden_clients"] = [name for name in names if rng.random() < 0.3]
        if multi_trip and (t == 0 or rng.random() < 0.6):  # few vehicles, small: several trips each
            vt["reload_depots"] = sorted({int(d) for d in rng.integers(0, num_depots, int(rng.integers(1, 3)))})
            vt["num_available"] = int(rng.integers(1, 3))
            vt["capacity"] = [max(f, int(c)) for f, c in zip(floor, rng.integers(20, 50, num_dims))]
            if rng.random() < 0.2:
                vt["max_reloads"] = int(rng.integers(0, 3))
        types.append(vt)

    periods = []
    for p in range(num_periods):
        period: dict[str, Any] = {"name": f"day{p}"}
        if num_periods > 1 and rng.random() < 0.5:  # vehicles per type on this day (0 possible)
            period["num_available"] = [int(rng.integers(0, vt["num_available"] + 1)) for vt in types]
        periods.append(period)
    depots = [{"name": f"plant{k}", "x": float(xy[k, 0]), "y": float(xy[k, 1]), "window": TW(0, DAY)}
              for k in range(num_depots)]
    if multi_trip:
        for depot in depots:
            depot["service_duration"] = int(rng.integers(0, 40))
            if rng.random() < 0.3:  # a dock that closes early: late reload stops warp
                depot["window"] = TW(0, int(rng.integers(DAY // 2, DAY)))
    if plant_timing:
        for depot in depots:  # one or two docks; trucks hold one to reload or unload at the end
            depot["docks"] = int(rng.integers(1, 3))
            depot["unload_duration"] = int(rng.integers(0, 60))
            depot.setdefault("service_duration", int(rng.integers(0, 40)))
        for client in clients:  # soft windows: lateness priced, sometimes capped
            if rng.random() < 0.4:
                client["late_cost"] = int(rng.integers(1, 6))
                if rng.random() < 0.5:
                    client["max_lateness"] = int(rng.integers(0, 300))
            if num_periods > 1 and rng.random() < 0.3:  # consistency over the visit days
                client["same_truck"] = bool(rng.random() < 0.7)
                if rng.random() < 0.5:
                    client["arrival_spread"] = int(rng.integers(0, 400))
        for vt in types:  # a driver break in the middle of the day
            if rng.random() < 0.5:
                vt["break_duration"] = int(rng.integers(10, 60))
                early = int(rng.integers(100, 500))
                vt["break_window"] = TW(early, early + int(rng.integers(0, 300)))
    return Parts([f"dim{d}" for d in range(num_dims)], depots, clients, types, periods, distance, duration)


# --------------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------------


#: Seconds a solve of these small instances may run before a watchdog stops it; it then counts as a hang.
#: (They take well under a second; the margin is for slow machines.)
SOLVE_SECONDS = 10


def solve(data: mr.ProblemData, seed: int, iterations: int = ITERATIONS) -> mr.Result:
    """A short solve, without the solver's own evaluator check: the tests check the plan themselves.

    A watchdog asks the search to stop (through its SolveControl) after SOLVE_SECONDS; a solve it had to
    stop fails the test as a hang -- and ends, instead of spinning on in a background thread."""
    control = mr.SolveControl()
    watchdog = threading.Timer(SOLVE_SECONDS, control.request_stop)
    watchdog.start()
    try:
        result = mr.solve(data, max_iterations=iterations, seed=seed, verify=False, control=control)
    finally:
        watchdog.cancel()
    assert not result.interrupted, (f"hang: the solve of {iterations} iterations was still running after "
                                    f"{SOLVE_SECONDS} s ({result.iterations} iterations done)")
    return result


def plan_of(solution) -> list[tuple[list[int], int, int, int]]:
    """The routes as (visits, vehicle type, period, truck)."""
    return [(list(route.visits), route.vehicle_type, route.period, route.truck) for route in solution.routes]


def visit_days(data: mr.ProblemData, solution) -> dict[int, int]:
    """Per client location, the set of days it is visited (bit mask); fails if it is visited twice a day."""
    days = {loc: 0 for loc in range(data.num_depots, data.num_locations)}
    for route in solution.routes:
        for loc in client_visits(data, route):
            assert not days[loc] >> route.period & 1, f"location {loc} is visited twice in period {route.period}"
            days[loc] |= 1 << route.period
    return days


def client_visits(data: mr.ProblemData, route) -> list[int]:
    """The route's client visits (depots among the visits are reload stops)."""
    return [loc for loc in route.visits if loc >= data.num_depots]


def trips_of(data: mr.ProblemData, route) -> list[list[int]]:
    """The route's client visits trip by trip."""
    trips: list[list[int]] = [[]]
    for loc in route.visits:
        if loc < data.num_depots:
            trips.append([])
        else:
            trips[-1].append(loc)
    return trips


def visited_as_required(client, days: int) -> bool:
    return bin(days).count("1") == client.frequency and (len(client.patterns) == 0 or days in list(client.patterns))


def visit_amount(client, days: int, period: int) -> list[int]:
    """What a visit loads, from the client's own fields: its pattern's amount on that day, else its pickup."""
    patterns = list(client.patterns)
    if len(client.pattern_pickups) > 0 and days in patterns:
        on_day = list(client.pattern_pickups[patterns.index(days)][period])
        if on_day:
            return on_day
    return list(client.pickup)


def trip_peaks(data: mr.ProblemData, route, days: dict[int, int]) -> list[list[int]]:
    """Largest load along each trip of the route, per dimension: a trip leaves with its deliveries, then
    each visit unloads its delivery and loads its pickup."""
    result = []
    for trip in trips_of(data, route):
        peaks = []
        for d in range(data.num_dimensions):
            clients = [data.clients[loc - data.num_depots] for loc in trip]
            load = sum(c.delivery[d] if len(c.delivery) else 0 for c in clients)
            peak = load
            for loc, c in zip(trip, clients):
                load += visit_amount(c, days[loc], route.period)[d] - (c.delivery[d] if len(c.delivery) else 0)
                peak = max(peak, load)
            peaks.append(peak)
        result.append(peaks)
    return result


def peak_load(data: mr.ProblemData, route, days: dict[int, int]) -> list[int]:
    """Largest load along the route, per dimension (over its trips)."""
    return [max(trip[d] for trip in trip_peaks(data, route, days)) for d in range(data.num_dimensions)]


def check_plan(data: mr.ProblemData, result: mr.Result) -> None:
    """Every property of a returned plan (see the module docstring)."""
    solution = result.solution
    routes = plan_of(solution)
    ev = evaluate(data, routes)  # the independent evaluator, given only the data and the routes

    # The evaluator and the result agree.
    assert ev.cost == solution.cost, (ev.cost, solution.cost)
    assert result.cost == ev.cost / data.scaling.cost
    assert ev.feasible == result.feasible, ev.problems
    if result.feasible:
        assert ev.feasible and ev.problems == []
    assert (ev.distance, ev.duration, ev.time_warp) == (solution.distance, solution.duration, solution.time_warp)
    assert (ev.fixed_cost, ev.distance_cost, ev.duration_cost) == \
           (solution.fixed_cost, solution.distance_cost, solution.duration_cost)  # fmt: skip
    for k, route in enumerate(solution.routes):
        assert len(route.visits) > 0
        assert ev.route_cost[k] == route.cost and ev.route_distance[k] == route.distance
        assert ev.route_duration[k] == route.duration and ev.route_time_warp[k] == route.time_warp
        assert list(ev.route_max_load[k]) == list(route.max_load)
    assert solution.cost >= 0 and solution.distance >= 0 and solution.duration >= 0
    check_timing(data, solution, ev)

    # Every client is visited as required, or listed as unassigned.
    days = visit_days(data, solution)
    expected_unassigned = [loc for loc, mask in days.items()
                           if not visited_as_required(data.clients[loc - data.num_depots], mask)]
    assert list(solution.unassigned) == expected_unassigned
    assert sorted(ev.unassigned) == expected_unassigned
    names = [data.clients[loc - data.num_depots].name for loc in expected_unassigned]
    assert [str(ident) for ident in result.unassigned] == names
    if result.feasible:
        assert expected_unassigned == []

    # The fleet of every day.
    for p in range(data.num_periods):
        for t in range(data.num_vehicle_types):
            used = sum(1 for r in solution.routes if r.period == p and r.vehicle_type == t)
            assert used <= data.num_available(p, t), (p, t)

    # Loads recomputed here; a feasible plan keeps them within capacity, has no time warp, and keeps the
    # access restrictions.
    for route in solution.routes:
        peaks = peak_load(data, route, days)
        assert peaks == list(route.max_load)
        if result.feasible:
            vt = data.vehicle_types[route.vehicle_type]
            assert all(p <= c for p, c in zip(peaks, vt.capacity)), (peaks, list(vt.capacity))
            assert route.time_warp == 0 and route.is_feasible()
            forbidden = set(vt.forbidden_clients)
            assert not any(data.clients[loc - data.num_depots].name in forbidden for loc in client_visits(data, route))
            # Reload stops only where the type may reload, at most max_reloads, never an empty trip.
            reloads = [loc for loc in route.visits if loc < data.num_depots]
            assert set(reloads) <= set(vt.reload_depots), (reloads, list(vt.reload_depots))
            assert vt.max_reloads is None or len(reloads) <= vt.max_reloads
            assert route.num_reloads == len(reloads) and route.num_trips == len(reloads) + 1
        # A trip without clients only moves the truck from one plant to another (a deadhead).
        vt = data.vehicle_types[route.vehicle_type]
        ends = [vt.start_depot] + [loc for loc in route.visits if loc < data.num_depots] + [vt.end_depot]
        for k, trip in enumerate(trips_of(data, route)):
            assert trip or ends[k] != ends[k + 1], f"a trip without clients from a plant to itself: {list(route.visits)}"

    check_document(data, result)


def check_timing(data: mr.ProblemData, solution, ev) -> None:
    """Soft windows and docks: the evaluator's lateness, gate waits and stop times are the result's; no dock
    is ever held by more trucks than the plant has docks; lateness is what the stop times say."""
    extras = (any(d.docks > 0 for d in data.depots) or any(c.late_cost > 0 for c in data.clients)
              or any(t.break_duration > 0 for t in data.vehicle_types)
              or any(c.same_truck or c.arrival_spread < MAX_VALUE for c in data.clients))
    if not extras:
        assert ev.route_lateness is None and solution.lateness == 0 and solution.gate_wait == 0
        return
    assert (ev.consistency_violations, ev.spread_excess) == \
           (solution.consistency_violations, solution.spread_excess)  # fmt: skip
    assert list(ev.route_break_start) == [r.break_start for r in solution.routes]
    assert ev.route_truck == [r.truck for r in solution.routes]
    assert (ev.lateness, ev.lateness_cost, ev.gate_wait) == \
           (solution.lateness, solution.lateness_cost, solution.gate_wait)  # fmt: skip
    holds: dict[tuple[int, int], list[tuple[int, int]]] = {}  # (period, depot) -> dock intervals
    for k, route in enumerate(solution.routes):
        starts, waits = list(route.service_starts), list(route.gate_waits)
        assert starts == list(ev.route_service_starts[k]) and waits == list(ev.route_gate_waits[k])
        assert (route.lateness, route.lateness_cost, route.gate_wait) == \
               (ev.route_lateness[k], ev.route_lateness_cost[k], ev.route_gate_wait[k])  # fmt: skip
        assert sum(waits) == route.gate_wait and min(waits) >= 0
        vt = data.vehicle_types[route.vehicle_type]
        late = 0
        for pos, loc in enumerate(route.visits):
            if loc < data.num_depots:
                holds.setdefault((route.period, loc), []).append(
                    (starts[pos], starts[pos] + data.depots[loc].service_duration))
            else:
                client = data.clients[loc - data.num_depots]
                window = client.windows(route.period)[0]
                if client.late_cost > 0 and starts[pos] > window.late:
                    late += starts[pos] - window.late
        holds.setdefault((route.period, vt.end_depot), []).append(
            (starts[-1], starts[-1] + data.depots[vt.end_depot].unload_duration))
        if route.time_warp == 0:  # with time warp the clock runs back: the stop times are not a timetable
            assert late == route.lateness
    if solution.time_warp == 0:
        for (period, depot), intervals in holds.items():
            docks = data.depots[depot].docks
            if docks == 0:
                continue
            events = sorted([(a, 1) for a, b in intervals if b > a] + [(b, -1) for a, b in intervals if b > a])
            busy = 0
            for _, change in events:  # ends sort before starts at the same time
                busy += change
                assert busy <= docks, f"plant {depot} on period {period}: {busy} trucks at {docks} docks"


def check_document(data: mr.ProblemData, result: mr.Result) -> None:
    """The solution document parses (strict JSON: no NaN) and says what the plan is."""
    doc = json.loads(json.dumps(json.loads(result.to_json()), allow_nan=False))
    solution, scale = result.solution, data.scaling.cost
    assert doc["feasible"] == result.feasible
    assert doc["cost"] == solution.cost / scale
    assert doc["vehicles"] == solution.num_routes == len(doc["routes"])
    assert [str(ident) for ident in doc["unassigned"]] == \
           [data.clients[loc - data.num_depots].name for loc in solution.unassigned]  # fmt: skip
    for entry, route in zip(doc["routes"], solution.routes):
        # A visit's id names its client (an integer id only where the name is that integer).
        assert [str(ident) for ident in entry["visits"]] == [data.clients[loc - data.num_depots].name
                                                             for loc in client_visits(data, route)]
        assert [[str(ident) for ident in trip] for trip in entry["trips"]] == \
               [[data.clients[loc - data.num_depots].name for loc in trip] for trip in trips_of(data, route)]
        assert entry["reload_depots"] == [data.depots[loc].name for loc in route.visits if loc < data.num_depots]
        assert entry["period"] == route.period
        assert entry["vehicle_type"] == data.vehicle_types[route.vehicle_type].name
        assert entry["cost"] == route.cost / scale and entry["feasible"] == route.is_feasible()
        assert entry["load"] == list(route.max_load)
    assert sum(doc["cost_breakdown"].values()) == pytest.approx(doc["cost"])
    assert sum(entry["cost"] for entry in doc["routes"]) == pytest.approx(doc["cost"])


# --------------------------------------------------------------------------------------------------
# Properties of returned plans
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(KINDS))
@bounded(100)
@given(data=st.data())
def test_every_plan_checks_out(kind, data, property_instances):
    """Every property of check_plan, on random instances of each kind (single- and multi-period engine)."""
    parts = data.draw(instance_parts(kind), label="instance")
    seed = data.draw(st.integers(0, 2**16), label="solver seed")
    with property_instances.guard():
        problem = parts.build()
        assert (problem.num_periods > 1) == (KINDS[kind].periods[0] > 1)  # which engine runs
        result = solve(problem, seed)
        check_plan(problem, result)


@bounded(50)
@given(num_suppliers=st.integers(5, 25), days=st.integers(1, 7), seed=st.integers(0, 10**6),
       towns=st.one_of(st.none(), st.integers(1, 6)), radius_km=st.integers(5, 150), solver_seed=st.integers(0, 99))
def test_generated_milkrun_networks(num_suppliers, days, seed, towns, radius_km, solver_seed, property_instances):
    """A generated network, written as a file and read back, solves to a plan whose engine plan and
    solution JSON (plan_document) check out."""
    with property_instances.guard():
        doc = generate_network(num_suppliers, days, seed, num_towns=towns, radius_km=radius_km)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "network.json"
            path.write_text(json.dumps(doc, allow_nan=False))
            inst = parse_milkrun(path)
        data = inst.data
        assert data.num_clients == num_suppliers and data.num_periods == days
        result = solve(data, solver_seed)
        check_plan(data, result)
        check_plan_document(inst, result)


@bounded(30)
@given(num_suppliers=st.integers(5, 25), days=st.integers(1, 5), seed=st.integers(0, 10**6),
       solver_seed=st.integers(0, 99))
def test_generated_networks_with_plant_constraints(num_suppliers, days, seed, solver_seed, property_instances):
    """The same with multi-trip trucks, returnable containers and release times (plant_constraints)."""
    with property_instances.guard():
        inst = parse_milkrun(generate_network(num_suppliers, days, seed, plant_constraints=True))
        result = solve(inst.data, solver_seed)
        check_plan(inst.data, result)
        check_plan_document(inst, result)


def check_plan_document(inst, result: mr.Result) -> None:
    """The milk-run solution JSON (plan_document) parses and agrees with the plan: feasibility, objective,
    unplanned suppliers, routes per day, every supplier's visits, loads within capacity when feasible."""
    data, solution = inst.data, result.solution
    plan = json.loads(json.dumps(plan_document(inst, result), allow_nan=False))
    assert plan["feasible"] == result.feasible and plan["objective"] == result.cost
    assert plan["unplanned_suppliers"] == [inst.supplier_ids[loc - data.num_depots] for loc in solution.unassigned]
    assert [day["day"] for day in plan["days"]] == inst.days
    visits: dict[str, int] = {}
    capacity = {vt["id"]: vt["capacity"] for vt in inst.document["vehicle_types"]}
    for p, day in enumerate(plan["days"]):
        assert len(day["routes"]) == sum(1 for r in solution.routes if r.period == p)
        seen_today = set()
        for route in day["routes"]:
            assert route["stops"]
            assert route["trips"] == 1 + sum(1 for stop in route["stops"] if "reload" in stop)
            for stop in route["stops"]:
                if "reload" in stop:
                    assert stop["reload"] in inst.plant_ids and stop["arrival"] <= stop["departure"]
                    continue
                assert stop["supplier"] not in seen_today
                seen_today.add(stop["supplier"])
                visits[stop["supplier"]] = visits.get(stop["supplier"], 0) + 1
            # The route's load is the largest along its trips (the empties on board count).
            assert all(route["load"][d] >= stop["load_after"][d] - 1e-9 for stop in route["stops"]
                       for d in inst.dimensions)
            if result.feasible:
                assert all(route["load"][d] <= capacity[route["vehicle_type"]][d] * (1 + 1e-9) + 1e-6
                           for d in inst.dimensions)
            parts = route["cost"]
            assert parts["total"] == pytest.approx(parts["fixed"] + parts["distance"] + parts["duration"]
                                                   + parts.get("lateness", 0.0), abs=0.02)
    days = visit_days(data, solution)
    for k, supplier in enumerate(inst.supplier_ids):
        assert visits.get(supplier, 0) == bin(days[k + data.num_depots]).count("1")


# --------------------------------------------------------------------------------------------------
# Instances made infeasible on purpose
# --------------------------------------------------------------------------------------------------

#: The travel time to the client with the unreachable window, from anywhere, and its window's end.
FAR, CLOSES = 60, 59


def make_unreachable(parts: Parts, victim: int) -> None:
    """Client ``victim`` closes at CLOSES, but every arc into it takes FAR: no truck can be on time (all
    depots open at 0, so no route can leave earlier), on every day."""
    loc = len(parts.depots) + victim
    for matrix in parts.duration:
        matrix[:, loc] = np.maximum(matrix[:, loc], FAR)
        matrix[loc, loc] = 0
    client = parts.clients[victim]
    client["time_windows"] = [TW(0, CLOSES)]
    client.pop("period_time_windows", None)


@pytest.mark.parametrize("kind", ["vrptw", "mixed_fleet", "multi_period", "multi_period_mixed_fleet"])
@bounded(20)
@given(data=st.data())
def test_unreachable_window_is_reported_infeasible(kind, data, property_instances):
    """The plan comes back (the watchdog of ``solve``) and is infeasible; the client sits on a route with time warp
    (what the search does: it is never silently dropped) or is listed as unassigned; the evaluator agrees."""
    parts = data.draw(instance_parts(kind), label="instance")
    victim = data.draw(st.integers(0, len(parts.clients) - 1), label="client with the unreachable window")
    make_unreachable(parts, victim)
    with property_instances.guard():
        problem = parts.build()
        result = solve(problem, 1)
        check_plan(problem, result)
        assert not result.feasible and not evaluate(result).feasible
        loc = problem.num_depots + victim
        late_routes = [r for r in result.solution.routes if loc in list(r.visits)]
        assert loc in list(result.solution.unassigned) or all(r.time_warp > 0 for r in late_routes)


OVERSIZED = re.compile(r"^client '(?P<name>[^']+)': its load exceeds the capacity of every vehicle type"
                       r"(?P<restricted> allowed to serve it)?$")


@pytest.mark.parametrize("kind", ["vrptw", "multi_dimensional", "mixed_fleet", "multi_period_mixed_fleet"])
@pytest.mark.parametrize("what", ["pickup", "delivery"])
@bounded(15)
@given(data=st.data())
def test_load_larger_than_every_truck_is_a_value_error(kind, what, data, property_instances):
    """The data model refuses it at construction, with a ValueError naming the client (and saying when
    only the types allowed to serve it are too small)."""
    parts = data.draw(instance_parts(kind), label="instance")
    victim = data.draw(st.integers(0, len(parts.clients) - 1), label="client")
    dim = data.draw(st.integers(0, len(parts.dimensions) - 1), label="dimension")
    extra = data.draw(st.integers(1, 10**6), label="excess")
    client = parts.clients[victim]
    amounts = list(client.get(what, [0] * len(parts.dimensions)))
    amounts[dim] = max(vt["capacity"][dim] for vt in parts.types) + extra
    client[what] = amounts
    client.pop("pattern_pickups", None)  # with pattern pickups, the pickup itself need not fit
    with property_instances.guard():
        with pytest.raises(ValueError) as info:
            parts.build()
    match = OVERSIZED.match(str(info.value))
    assert match is not None, str(info.value)
    assert match["name"] == client["name"]
    restricted = any(client["name"] in vt.get("forbidden_clients", []) for vt in parts.types)
    assert (match["restricted"] is not None) == restricted


@pytest.mark.parametrize("kind", ["mixed_fleet", "multi_period_mixed_fleet"])
@bounded(15)
@given(data=st.data())
def test_load_fitting_only_a_forbidden_type_is_a_value_error(kind, data, property_instances):
    """A load only a type that may not serve the client could carry: refused, the message saying so."""
    parts = data.draw(instance_parts(kind), label="instance")
    victim = data.draw(st.integers(0, len(parts.clients) - 1), label="client")
    client = parts.clients[victim]
    biggest = max(vt["capacity"][0] for vt in parts.types)
    parts.types.append({"name": "semi", "capacity": [biggest + 100] * len(parts.dimensions),
                        "forbidden_clients": [client["name"]]})
    for period in parts.periods:
        if "num_available" in period:
            period["num_available"] = [*period["num_available"], 1]
    client["pickup"] = [biggest + 50, *client["pickup"][1:]]
    client.pop("pattern_pickups", None)
    with property_instances.guard():
        with pytest.raises(ValueError, match=re.escape(
                f"client '{client['name']}': its load exceeds the capacity of every vehicle type allowed to serve it")):
            parts.build()


@pytest.mark.parametrize("kind", ["mixed_fleet", "multi_period", "multi_period_mixed_fleet"])
@bounded(15)
@given(data=st.data())
def test_load_fitting_only_an_unavailable_truck_is_reported_infeasible(kind, data, property_instances):
    """A load only a type with no vehicle on any day could carry. The data model accepts it (the type
    exists); the solve then comes back infeasible, the client on an overloaded route or unassigned."""
    parts = data.draw(instance_parts(kind), label="instance")
    victim = data.draw(st.integers(0, len(parts.clients) - 1), label="client")
    biggest = max(vt["capacity"][0] for vt in parts.types)
    parts.types.append({"name": "parked", "capacity": [biggest + 100] * len(parts.dimensions), "num_available": 0})
    for period in parts.periods:
        if "num_available" in period:
            period["num_available"] = [*period["num_available"], 0]
    client = parts.clients[victim]
    client["pickup"] = [biggest + 50, *client["pickup"][1:]]
    client.pop("pattern_pickups", None)
    with property_instances.guard():
        problem = parts.build()
        result = solve(problem, 1)
        check_plan(problem, result)
        assert not result.feasible
        loc = problem.num_depots + victim
        on = [r for r in result.solution.routes if loc in list(r.visits)]
        assert loc in list(result.solution.unassigned) or all(r.excess_load[0] > 0 for r in on)


@pytest.mark.parametrize("kind", ["multi_period", "multi_period_mixed_fleet"])
@bounded(15)
@given(data=st.data())
def test_pattern_amounts_larger_than_every_truck(kind, data, property_instances):
    """Pattern pickups too large for every truck on every pattern, while the plain pickup fits. The data
    model checks the plain pickup first and accepts the client; the solve must then come back infeasible,
    the client on an overloaded route or unassigned, and the evaluator must agree."""
    parts = data.draw(instance_parts(kind), label="instance")
    victim = data.draw(st.integers(0, len(parts.clients) - 1), label="client")
    client = parts.clients[victim]
    periods = len(parts.periods)
    frequency = client.get("frequency", 1)
    if "patterns" not in client:
        client["patterns"] = [sum(1 << p for p in days) for days in itertools.combinations(range(periods), frequency)]
    too_big = [max(vt["capacity"][d] for vt in parts.types) + 1 for d in range(len(parts.dimensions))]
    client["pattern_pickups"] = [[too_big if mask >> p & 1 else [] for p in range(periods)]
                                 for mask in client["patterns"]]
    with property_instances.guard():
        problem = parts.build()
        result = solve(problem, 1)
        check_plan(problem, result)
        assert not result.feasible
        loc = problem.num_depots + victim
        on = [r for r in result.solution.routes if loc in list(r.visits)]
        assert loc in list(result.solution.unassigned) or all(any(e > 0 for e in r.excess_load) for r in on)
