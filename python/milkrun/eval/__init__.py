"""Independent evaluator: recomputes the cost of a plan and checks every constraint.

This is the project's correctness oracle. It shares no code with the C++ core: the instance is copied
once into plain numpy arrays (:class:`EvalArrays`) and the routes are walked forward by Numba kernels
(:mod:`milkrun.eval.kernels`). Every plan the solver returns can be checked by it, and the tests
require it and the C++ statistics to agree exactly.

Example
-------
::

    from milkrun.eval import evaluate

    ev = evaluate(data, [([3, 5, 4], 0, 0), ([6], 1, 0)])  # (visits, vehicle type, period)
    ev.feasible, ev.cost, ev.problems
    evaluate(result)  # a milkrun.Result: its own data and solution

Semantics
---------
* A route leaves its vehicle type's start depot and returns to its end depot. Its depot windows are
  the overlap of the dock hours with the vehicle's shift. It departs no earlier than the latest release
  time of its clients.
* Arriving before a window opens means waiting; arriving after it closes costs the lateness as *time
  warp*, and service starts at the window's end. A departure after the start depot's window and a
  duration beyond the type's ``max_duration`` count as time warp too. The reported time warp is the
  smallest over all departure times, and the duration (travel, service and waiting) the smallest among
  the departures reaching that warp.
* A client with several time windows uses, on each visit, the first window that has not closed at the
  arrival (the last one if all have). The departure is then delayed only as far as these windows
  allow, so for such clients the duration may exceed the true minimum. (The C++ search uses only the
  first window of each client; the tests compare single-window clients only.)
* Load, per capacity dimension: the vehicle leaves with all deliveries of the route; each visit unloads
  its delivery and loads its pickup. Load above capacity at any point is excess load.
* A route costs ``fixed_cost + unit_distance_cost * distance + unit_duration_cost * duration``.
* Access restrictions: a vehicle type may not serve the clients named in its ``forbidden_clients``.
* Multi-trip: a depot among a route's visits is a reload stop, allowed at the type's ``reload_depots``
  (at most ``max_reloads`` per route). The stop's service (the depot's ``service_duration``) starts
  within the depot's opening hours; the next trip departs no earlier than the latest release time of
  its own clients (the first trip's bounds the route's departure). Each trip carries its own load: it
  leaves with its deliveries, and the excess load of a route is summed over its trips.
* Empty routes are ignored, as :class:`milkrun.Solution` drops them (routes of reload stops only too).
* Soft windows: a client with ``late_cost > 0`` may be served up to ``max_lateness`` after its window's
  end; each unit late costs ``late_cost`` (reported as lateness, added to the route's cost). The minimal
  duration and its departure are found with the window ending at that hard limit; the lateness is that of
  the route walked from that departure.
* Plant docks: at a depot with ``docks > 0``, the arrivals of a period's routes (reload stops and final
  returns) queue first come, first served (a tie: the route listed first) for the dock free first, no
  earlier than the depot opens, and hold it for the depot's ``service_duration`` (a reload stop) or
  ``unload_duration`` (a return). The routes are walked together from their departures
  (:func:`kernels.schedule_plan`); a route's duration then runs to its arrival at a dock of its end
  depot, and waiting at a gate can add lateness and time warp further on.
* Driver breaks (a vehicle type's ``break_duration`` and ``break_window``): see
  :func:`kernels.schedule_plan` for where the break falls.
* With docks, soft windows, breaks or consistency requirements, a route departs either at the departure
  found as above or at its earliest possible departure: the earliest if the route walked alone from it
  (break, lateness; no docks) has less time warp (maximum duration included), or as much and a lower
  duration and lateness cost. Durations and time warp then come from the walk.
* Consistency: a route's truck is given as a fourth element of its tuple (a Solution gives its own);
  without, trucks are numbered in the order routes are listed per vehicle type and period. A client with
  ``same_truck`` must have every visit on one (vehicle type, truck); with ``arrival_spread``, its service
  starts must lie within that of each other. Trucks must be distinct per type and period and below the
  number available.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from . import kernels

__all__ = ["EvalArrays", "Evaluation", "evaluate"]

_I64 = np.int64
_MAX_VALUE = 1 << 48  # the data's largest time value (a soft window's hard limit is capped there)


def _i64(values: Any, shape: tuple[int, ...] | None = None) -> np.ndarray:
    """Contiguous int64 copy of ``values`` (the only layout the kernels are compiled for)."""
    array = np.ascontiguousarray(np.asarray(values, dtype=_I64))
    return array.reshape(shape) if shape is not None else array


def _matrices(views: list[np.ndarray]) -> np.ndarray:
    """The travel matrices of all profiles as one (profiles, locations, locations) array. One profile: a
    view of the data's own storage (int32 or int64; no copy of a large matrix), else a stacked copy."""
    if len(views) == 1:
        return np.ascontiguousarray(views[0])[None]
    dtype = np.result_type(*views)
    return np.ascontiguousarray(np.stack(views).astype(dtype, copy=False))


@dataclass(frozen=True, eq=False)
class EvalArrays:
    """An instance as plain numpy arrays, extracted once from a :class:`milkrun.ProblemData`.

    Arrays per location are indexed by location (depots first, then clients) and hold neutral values
    at the depots. Ragged data (time windows, patterns) is flattened into values plus offsets: the
    windows of location ``i`` on period ``p`` are ``tw_early[tw_offsets[p, i]:tw_offsets[p, i + 1]]``.
    """

    num_depots: int
    num_locations: int
    num_dimensions: int
    num_vehicle_types: int
    num_periods: int
    distance: np.ndarray  #: (profiles, locations, locations), int32 or int64: one matrix per travel profile
    duration: np.ndarray  #: (profiles, locations, locations)
    depot_early: np.ndarray  #: (depots,)
    depot_late: np.ndarray  #: (depots,)
    depot_service: np.ndarray  #: (depots,) duration of a reload stop
    depot_docks: np.ndarray  #: (depots,) trucks unloading at once, 0: no limit
    depot_unload: np.ndarray  #: (depots,) how long a returning truck holds a dock
    late_cost: np.ndarray  #: (locations,) cost per unit late at a soft window, 0: hard window
    max_lateness: np.ndarray  #: (locations,)
    tw_hard: np.ndarray  #: (windows,) latest service start: the window's end, plus max_lateness if soft
    same_truck: np.ndarray  #: (locations,) 1: served by one truck on all its visit days
    arrival_spread: np.ndarray  #: (locations,) most time between its service starts over the days
    break_duration: np.ndarray  #: (types,) driver break, 0: none
    break_early: np.ndarray  #: (types,)
    break_late: np.ndarray  #: (types,)
    service: np.ndarray  #: (locations,)
    release: np.ndarray  #: (locations,)
    frequency: np.ndarray  #: (locations,) required visit days, 0 at depots
    pickup: np.ndarray  #: (locations, dimensions)
    delivery: np.ndarray  #: (locations, dimensions)
    tw_offsets: np.ndarray  #: (periods, locations + 1): windows of location i on period p at [p, i]..[p, i + 1]
    tw_early: np.ndarray  #: (windows,)
    tw_late: np.ndarray  #: (windows,)
    pattern_offsets: np.ndarray  #: (locations + 1,)
    pattern_days: np.ndarray  #: (patterns, periods), 1 on the days of the visit-day set
    capacity: np.ndarray  #: (types, dimensions)
    fixed_cost: np.ndarray  #: (types,)
    unit_distance_cost: np.ndarray  #: (types,)
    unit_duration_cost: np.ndarray  #: (types,)
    start_depot: np.ndarray  #: (types,)
    end_depot: np.ndarray  #: (types,)
    shift_early: np.ndarray  #: (types,)
    shift_late: np.ndarray  #: (types,)
    max_duration: np.ndarray  #: (types,)
    profile: np.ndarray  #: (types,) travel profile each type drives on
    num_available: np.ndarray  #: (periods, types)
    forbidden: np.ndarray  #: (types, locations), 1 where the type may not serve the client
    may_reload: np.ndarray  #: (types, depots), 1 where the type may stop to reload
    max_reloads: np.ndarray  #: (types,) reload stops per route (unlimited: a number above any route's)
    client_names: list[str] = field(repr=False)  #: per client (location - num_depots), for messages
    type_names: list[str] = field(repr=False)
    period_names: list[str] = field(repr=False)
    #: per location with pattern pickups: {day set: (periods, dimensions) amounts}; read from the
    #: clients' fields here, not through the engine's lookup
    pattern_pickups: dict[int, dict[int, np.ndarray]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_data(cls, data: Any) -> EvalArrays:
        """Copy the instance ``data`` (a :class:`milkrun.ProblemData`) into arrays."""
        num_depots, num_locs = data.num_depots, data.num_locations
        dims, periods = data.num_dimensions, data.num_periods
        depots, clients, types = list(data.depots), list(data.clients), list(data.vehicle_types)
        zeros = [0] * num_depots  # neutral per-location values at the depots

        # Access restrictions, resolved from the types' client names here (not taken from the search).
        location_of = {c.name: num_depots + i for i, c in enumerate(clients)}
        forbidden = np.zeros((len(types), num_locs), dtype=np.int64)
        for t, vt in enumerate(types):
            for name in vt.forbidden_clients:
                if name not in location_of:
                    raise ValueError(f"vehicle type '{vt.name}': forbidden client '{name}' does not exist")
                forbidden[t, location_of[name]] = 1

        # Windows per period (a client's period windows replace its default ones on that period), read
        # here from the client's fields, not through the engine's lookup.
        def windows_on(client: Any, p: int) -> list[Any]:
            per_period = list(client.period_time_windows)
            return list(per_period[p]) if p < len(per_period) and len(per_period[p]) > 0 else list(client.time_windows)

        windows = [w for p in range(periods) for c in clients for w in windows_on(c, p)]
        tw_counts = np.array([zeros + [len(windows_on(c, p)) for c in clients] for p in range(periods)],
                             dtype=np.int64).reshape(periods, num_locs)
        row_start = np.concatenate([[0], np.cumsum(tw_counts.sum(axis=1))])[:-1]
        tw_offsets = np.concatenate([np.zeros((periods, 1), dtype=np.int64), np.cumsum(tw_counts, axis=1)], axis=1)
        tw_offsets = tw_offsets + row_start[:, None]
        pattern_counts = zeros + [len(c.patterns) for c in clients]
        # Day sets as 0/1 rows: the kernels then need no unsigned bit arithmetic.
        pattern_days = [[(int(mask) >> p) & 1 for p in range(periods)] for c in clients for mask in c.patterns]

        return cls(
            num_depots=num_depots,
            num_locations=num_locs,
            num_dimensions=dims,
            num_vehicle_types=len(types),
            num_periods=periods,
            distance=_matrices([data.distance_matrix(q) for q in range(data.num_profiles)]),
            duration=_matrices([data.duration_matrix(q) for q in range(data.num_profiles)]),
            depot_early=_i64([d.window.early for d in depots]),
            depot_late=_i64([d.window.late for d in depots]),
            depot_service=_i64([d.service_duration for d in depots]),
            depot_docks=_i64([d.docks for d in depots]),
            depot_unload=_i64([d.unload_duration for d in depots]),
            late_cost=_i64(zeros + [c.late_cost for c in clients]),
            max_lateness=_i64(zeros + [c.max_lateness for c in clients]),
            same_truck=_i64(zeros + [1 if c.same_truck else 0 for c in clients]),
            arrival_spread=_i64([_MAX_VALUE] * num_depots + [c.arrival_spread for c in clients]),
            break_duration=_i64([t.break_duration for t in types]),
            break_early=_i64([t.break_window.early for t in types]),
            break_late=_i64([t.break_window.late for t in types]),
            tw_hard=_i64([min(w.late + c.max_lateness, _MAX_VALUE) if c.late_cost > 0 else w.late
                          for p in range(periods) for c in clients for w in windows_on(c, p)]),
            service=_i64(zeros + [c.service_duration for c in clients]),
            release=_i64(zeros + [c.release_time for c in clients]),
            frequency=_i64(zeros + [c.frequency for c in clients]),
            pickup=_i64([[0] * dims] * num_depots + [list(c.pickup) for c in clients], (num_locs, dims)),
            delivery=_i64(
                [[0] * dims] * num_depots + [list(c.delivery) if len(c.delivery) else [0] * dims for c in clients],
                (num_locs, dims),
            ),
            tw_offsets=_i64(tw_offsets, (periods, num_locs + 1)),
            tw_early=_i64([w.early for w in windows]),
            tw_late=_i64([w.late for w in windows]),
            pattern_offsets=_i64(np.concatenate([[0], np.cumsum(pattern_counts)])),
            pattern_days=_i64(pattern_days, (len(pattern_days), periods)),
            capacity=_i64([list(t.capacity) for t in types], (len(types), dims)),
            fixed_cost=_i64([t.fixed_cost for t in types]),
            unit_distance_cost=_i64([t.unit_distance_cost for t in types]),
            unit_duration_cost=_i64([t.unit_duration_cost for t in types]),
            start_depot=_i64([t.start_depot for t in types]),
            end_depot=_i64([t.end_depot for t in types]),
            shift_early=_i64([t.shift.early for t in types]),
            shift_late=_i64([t.shift.late for t in types]),
            max_duration=_i64([t.max_duration for t in types]),
            profile=_i64([t.profile for t in types]),
            num_available=_i64(
                [[data.num_available(p, t) for t in range(len(types))] for p in range(periods)],
                (periods, len(types)),
            ),
            forbidden=forbidden,
            may_reload=_i64([[1 if d in set(t.reload_depots) else 0 for d in range(num_depots)] for t in types],
                            (len(types), num_depots)),
            max_reloads=_i64([t.max_reloads if t.max_reloads is not None else 1 << 62 for t in types]),
            client_names=[c.name for c in clients],
            type_names=[t.name for t in types],
            period_names=[p.name for p in data.periods],
            pattern_pickups={
                num_depots + i: {int(mask): np.array([list(v) if (int(mask) >> p) & 1 else [0] * dims
                                                      for p, v in enumerate(per_period)],
                                                     dtype=np.int64).reshape(periods, dims)
                                 for mask, per_period in zip(c.patterns, c.pattern_pickups)}
                for i, c in enumerate(clients) if len(c.pattern_pickups) > 0
            },
        )

    def client_label(self, loc: int) -> str:
        """``client 'name' (location loc)`` for messages."""
        return f"client '{self.client_names[loc - self.num_depots]}' (location {loc})"


@dataclass(frozen=True, eq=False)
class Evaluation:
    """Statistics and constraint check of a plan, all in the integer units of the problem data.

    Per-route arrays are aligned with :attr:`routes`, the non-empty routes in the order given.
    ``feasible`` holds exactly when :attr:`problems` is empty: the plan is complete, has no time warp,
    no excess load and no client served by a vehicle type that lists it as forbidden, and breaks no
    structural rule (valid indices, each client at most once a period, at most the available vehicles of
    each type in each period, visit days as required).
    """

    routes: list[tuple[list[int], int, int]]
    feasible: bool
    complete: bool
    cost: int
    distance: int
    duration: int
    time_warp: int
    excess_load: np.ndarray  #: (dimensions,)
    fixed_cost: int
    distance_cost: int
    duration_cost: int
    route_distance: np.ndarray
    route_duration: np.ndarray
    route_time_warp: np.ndarray
    route_start_time: np.ndarray  #: earliest departure achieving the minimal warp and duration
    route_max_load: np.ndarray  #: (routes, dimensions)
    route_excess_load: np.ndarray  #: (routes, dimensions)
    route_cost: np.ndarray
    unassigned: list[int]  #: client location indices not visited as required
    lateness: int = 0  #: at soft windows, in all
    lateness_cost: int = 0  #: part of cost
    gate_wait: int = 0  #: waiting for a free dock, in all
    #: per route, with docks, soft windows, breaks or consistency requirements (else None)
    route_lateness: np.ndarray | None = None
    route_lateness_cost: np.ndarray | None = None
    route_gate_wait: np.ndarray | None = None
    #: per route, with those extras: per visit, then the end depot, the service (dock) start
    route_service_starts: list[np.ndarray] | None = None
    route_gate_waits: list[np.ndarray] | None = None  #: the same, the wait at the gate before it
    route_break_start: np.ndarray | None = None  #: per route, with those extras: the driver's break (-1: none)
    route_truck: list[int] = field(default_factory=list)  #: the truck of its type on its period
    consistency_violations: int = 0  #: visits of same-truck clients off the truck of most of their visits
    spread_excess: int = 0  #: arrival spread beyond the clients' allowed spreads, summed
    problems: list[str] = field(default_factory=list)


# Arrays of recently evaluated instances. ProblemData has no weak references, so the cache holds the
# data object itself: that keeps its id() from being reused while the entry lives.
_CACHE: OrderedDict[int, tuple[Any, EvalArrays]] = OrderedDict()
_CACHE_SIZE = 8


def _arrays_for(data: Any) -> EvalArrays:
    if isinstance(data, EvalArrays):
        return data
    entry = _CACHE.get(id(data))
    if entry is not None and entry[0] is data:
        _CACHE.move_to_end(id(data))
        return entry[1]
    arrays = EvalArrays.from_data(data)
    _CACHE[id(data)] = (data, arrays)
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return arrays


_warm = False  # the kernels have run once in this process


def is_warm() -> bool:
    """Whether the compiled kernels are loaded (a first :func:`evaluate` in a process loads them: ~0.3 s)."""
    return _warm


def warm_up(data: Any = None) -> None:
    """Load the compiled kernels (from Numba's cache, or compile them) by evaluating a one-client plan, and
    build the arrays of ``data`` if given, so that a first :func:`evaluate` afterwards is quick."""
    global _warm
    from .. import _core

    tiny = _core.ProblemData("warm-up", ["load"], [_core.Depot("depot", 0.0, 0.0)],
                             [_core.Client("client", 1.0, 0.0, 0, [1])], [_core.VehicleType("vehicle", [1])],
                             [_core.Period("day")], np.array([[0, 1], [1, 0]]), np.array([[0, 1], [1, 0]]))
    evaluate(tiny, [([1], 0, 0)])
    _CACHE.pop(id(tiny), None)
    _warm = True
    if data is not None:
        _arrays_for(data)


def _route_tuples(routes: Any) -> list[tuple[Any, ...]]:
    """Routes as (visits, vehicle type, period[, truck]) from tuples, a Solution or a Result."""
    if hasattr(routes, "solution") and hasattr(routes, "data"):  # milkrun.Result
        routes = routes.solution
    if hasattr(routes, "routes") and hasattr(routes, "is_feasible"):  # milkrun.Solution
        return [(list(r.visits), int(r.vehicle_type), int(r.period), int(r.truck)) for r in routes.routes]
    return [(list(route[0]), int(route[1]), int(route[2]), *[int(v) for v in route[3:4]]) for route in routes]


def evaluate(data: Any, routes: Any = None) -> Evaluation:
    """Recompute the statistics of a plan and check all its constraints.

    Parameters
    ----------
    data : milkrun.ProblemData, EvalArrays or milkrun.Result
        The instance (its arrays are cached per data object), or a result, whose own data and solution
        are evaluated when ``routes`` is omitted.
    routes : iterable of (visits, vehicle_type, period), milkrun.Solution or milkrun.Result
        The plan. ``visits`` are client location indices (``num_depots`` to ``num_locations - 1``), and
        depot indices for reload stops.

    Returns
    -------
    Evaluation
    """
    if routes is None:
        if not (hasattr(data, "solution") and hasattr(data, "data")):
            raise TypeError("evaluate: give the routes, or a milkrun.Result as the only argument")
        data, routes = data.data, data.solution
    arrays = _arrays_for(data)
    # A route without client visits is not driven (reload stops alone included), as milkrun.Solution has
    # it; one with an invalid index stays, to be reported.
    plan = [route for route in _route_tuples(routes)
            if any(not 0 <= loc < arrays.num_depots for loc in route[0])]
    # Trucks: as given, else numbered in the order listed per vehicle type and period.
    counter: dict[tuple[int, int], int] = {}
    trucks = []
    for route in plan:
        key = (route[1], route[2])
        trucks.append(route[3] if len(route) > 3 else counter.get(key, 0))
        counter[key] = counter.get(key, 0) + 1
    plan = [tuple(route[:3]) for route in plan]

    lengths = [len(visits) for visits, _, _ in plan]
    visits = _i64([loc for route in plan for loc in route[0]], (sum(lengths),))
    offsets = _i64(np.concatenate([[0], np.cumsum(lengths)]))
    vehicle_type = _i64([route[1] for route in plan], (len(plan),))
    period = _i64([route[2] for route in plan], (len(plan),))

    a = arrays
    # The amount of every visit: a client with pattern pickups loads what its pattern gives on that day
    # (the pattern read from the plan's visit days); otherwise its pickup.
    valid = (visits >= 0) & (visits < a.num_locations)  # invalid indices are reported by check_structure
    visit_pickup = np.zeros((len(visits), a.num_dimensions), dtype=np.int64)
    visit_pickup[valid] = a.pickup[visits[valid]]
    if a.pattern_pickups:
        days_of: dict[int, int] = {}
        for route_visits, _, p in plan:
            for loc in route_visits:
                if 0 <= p < a.num_periods:
                    days_of[int(loc)] = days_of.get(int(loc), 0) | (1 << int(p))
        j = 0
        for route_visits, _, p in plan:
            for loc in route_visits:
                table = a.pattern_pickups.get(int(loc))
                if table is not None and days_of.get(int(loc), 0) in table and 0 <= p < a.num_periods:
                    visit_pickup[j] = table[days_of[int(loc)]][p]
                j += 1
    route_ok, bad_visit, used, over_used, visit_count, unassigned, bad_pattern = kernels.check_structure(
        a.num_depots, a.num_locations, a.num_vehicle_types, a.num_periods, a.num_available, a.may_reload,
        a.frequency, a.pattern_offsets, a.pattern_days, visits, offsets, vehicle_type, period,
    )  # fmt: skip
    (distance, duration, time_warp, start_time, max_load, excess, fixed, dist_cost, dur_cost) = (
        kernels.route_statistics(
            a.distance, a.duration, a.service, a.release, a.tw_offsets, a.tw_early, a.tw_hard,
            visit_pickup, a.delivery, a.depot_early, a.depot_late, a.depot_service, a.start_depot, a.end_depot,
            a.shift_early, a.shift_late, a.max_duration, a.profile, a.capacity, a.fixed_cost,
            a.unit_distance_cost, a.unit_duration_cost, visits, offsets, vehicle_type, period, route_ok,
        )
    )  # fmt: skip

    barred = kernels.access_violations(a.forbidden, visits, offsets, vehicle_type, route_ok)
    no_reload, too_many = kernels.reload_violations(a.may_reload, a.max_reloads, a.num_depots, visits, offsets,
                                                    vehicle_type, route_ok)
    extras: dict[str, Any] = {}
    docks = bool(np.any(a.depot_docks > 0))
    if docks or np.any(a.late_cost > 0) or np.any(a.break_duration > 0) or np.any(a.same_truck > 0) \
            or np.any(a.arrival_spread < _MAX_VALUE):
        # The departure: the one found above (the earliest of minimal duration), or the earliest possible
        # if the route, walked alone from each with its break and its lateness, has less time warp
        # (maximum duration included), or as much and a lower duration and lateness cost.
        types_ok = np.where(route_ok, vehicle_type, 0)
        earliest = np.maximum(a.depot_early[a.start_depot[types_ok]], a.shift_early[types_ok])
        for r, (route_visits, _, _) in enumerate(plan):
            for loc in route_visits:
                if 0 <= loc < a.num_depots:
                    break
                if loc < a.num_locations:
                    earliest[r] = max(earliest[r], a.release[loc])

        def walk(departure: np.ndarray, use_docks: bool) -> tuple[np.ndarray, ...]:
            return kernels.schedule_plan(
                a.duration, a.service, a.release, a.tw_offsets, a.tw_early, a.tw_late, a.late_cost, a.max_lateness,
                a.depot_early, a.depot_late, a.depot_service, a.depot_docks, a.depot_unload, a.start_depot,
                a.end_depot, a.shift_early, a.shift_late, a.profile, a.break_duration, a.break_early, a.break_late,
                visits, offsets, vehicle_type, period, route_ok, departure, a.num_periods, use_docks,
            )  # fmt: skip

        def alone(departure: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            end, warp, _, late_cost, *_ = walk(departure, False)
            length = end - departure + warp
            return warp + np.maximum(length - a.max_duration[types_ok], 0), \
                a.unit_duration_cost[types_ok] * length + late_cost  # fmt: skip

        slack_warp, slack_cost = alone(start_time)
        early_warp, early_cost = alone(earliest)
        better = (earliest < start_time) & ((early_warp < slack_warp) | ((early_warp == slack_warp)
                                                                         & (early_cost < slack_cost)))
        start_time = np.where(route_ok & better, earliest, start_time)
        # Walked again from the departures chosen, with the lateness priced and the docks shared.
        (end, walk_warp, late, late_cost, gate_wait, break_start, starts, waits) = walk(start_time, docks)
        ok = route_ok
        duration = np.where(ok, end - start_time + walk_warp, 0)
        time_warp = np.where(ok, walk_warp + np.maximum(duration - a.max_duration[types_ok], 0), 0)
        dur_cost = np.where(ok & (offsets[1:] > offsets[:-1]), a.unit_duration_cost[types_ok] * duration, 0)
        late_cost = np.where(ok, late_cost, 0)
        extras = dict(
            lateness=int(late[ok].sum()), lateness_cost=int(late_cost.sum()), gate_wait=int(gate_wait[ok].sum()),
            route_lateness=np.where(ok, late, 0), route_lateness_cost=late_cost,
            route_gate_wait=np.where(ok, gate_wait, 0),
            route_service_starts=[starts[offsets[r] + r : offsets[r + 1] + r + 1] for r in range(len(plan))],
            route_gate_waits=[waits[offsets[r] + r : offsets[r + 1] + r + 1] for r in range(len(plan))],
            route_break_start=np.where(ok, break_start, -1),
        )  # fmt: skip
        extras.update(_consistency(a, plan, trucks, extras["route_service_starts"], route_ok))
    problems = _problems(arrays, plan, offsets, route_ok, bad_visit, over_used, used, visit_count,
                         unassigned, bad_pattern, time_warp, excess, barred, no_reload, too_many)  # fmt: skip
    problems += extras.pop("consistency_problems", [])
    problems += _truck_problems(arrays, plan, trucks)
    route_cost = fixed + dist_cost + dur_cost + (extras["route_lateness_cost"] if extras else 0)
    unassigned_locs = [int(loc) for loc in np.flatnonzero(unassigned)]
    return Evaluation(
        routes=plan,
        feasible=not problems,
        complete=not unassigned_locs,
        cost=int(route_cost.sum()),
        distance=int(distance.sum()),
        duration=int(duration.sum()),
        time_warp=int(time_warp.sum()),
        excess_load=excess.sum(axis=0),
        fixed_cost=int(fixed.sum()),
        distance_cost=int(dist_cost.sum()),
        duration_cost=int(dur_cost.sum()),
        route_distance=distance,
        route_duration=duration,
        route_time_warp=time_warp,
        route_start_time=start_time,
        route_max_load=max_load,
        route_excess_load=excess,
        route_cost=route_cost,
        unassigned=unassigned_locs,
        problems=problems,
        route_truck=trucks,
        **extras,
    )


def _truck_problems(a: EvalArrays, plan: Sequence[tuple[Any, ...]], trucks: list[int]) -> list[str]:
    """Trucks given with the routes: distinct per vehicle type and period, below the number available."""
    problems = []
    seen: set[tuple[int, int, int]] = set()
    for (_, vt, p), truck in zip(plan, trucks):
        if not (0 <= vt < a.num_vehicle_types and 0 <= p < a.num_periods):
            continue
        if (vt, p, truck) in seen:
            problems.append(f"truck {truck} of vehicle type {vt} '{a.type_names[vt]}' drives two routes in period {p}")
        seen.add((vt, p, truck))
        if not 0 <= truck < max(a.num_available[p, vt], 1):
            problems.append(f"truck {truck} of vehicle type {vt} '{a.type_names[vt]}' in period {p}: only "
                            f"{a.num_available[p, vt]} available")
    return problems


def _consistency(a: EvalArrays, plan: Sequence[tuple[Any, ...]], trucks: list[int], starts: list[np.ndarray],
                 route_ok: np.ndarray) -> dict[str, Any]:
    """Same-truck clients: visits not on the (type, truck) serving most of the client's visits; arrival
    spread: the largest minus the smallest service start of each client's visits, beyond its allowance."""
    served: dict[int, list[tuple[int, int, int]]] = {}  # location -> (type, truck, service start) per visit
    for r, (visits, vt, _) in enumerate(plan):
        if not route_ok[r]:
            continue
        for k, loc in enumerate(visits):
            if loc >= a.num_depots:
                served.setdefault(int(loc), []).append((vt, trucks[r], int(starts[r][k])))
    violations, excess, problems = 0, 0, []
    for loc, visits in sorted(served.items()):
        if len(visits) < 2:
            continue
        if a.same_truck[loc]:
            counts: dict[tuple[int, int], int] = {}
            for vt, truck, _ in visits:
                counts[(vt, truck)] = counts.get((vt, truck), 0) + 1
            off = len(visits) - max(counts.values())
            if off:
                violations += off
                problems.append(f"{a.client_label(loc)} is served by {len(counts)} different trucks "
                                f"{sorted(counts)} (same truck required)")
        spread = max(s for _, _, s in visits) - min(s for _, _, s in visits)
        if spread > a.arrival_spread[loc]:
            excess += spread - int(a.arrival_spread[loc])
            problems.append(f"{a.client_label(loc)}: service starts spread over {spread}, more than its "
                            f"{a.arrival_spread[loc]}")
    return {"consistency_violations": violations, "spread_excess": excess, "consistency_problems": problems}


def _problems(
    a: EvalArrays,
    plan: Sequence[tuple[list[int], int, int]],
    offsets: np.ndarray,
    route_ok: np.ndarray,
    bad_visit: np.ndarray,
    over_used: np.ndarray,
    used: np.ndarray,
    visit_count: np.ndarray,
    unassigned: np.ndarray,
    bad_pattern: np.ndarray,
    time_warp: np.ndarray,
    excess: np.ndarray,
    barred: np.ndarray,
    no_reload: np.ndarray,
    too_many: np.ndarray,
) -> list[str]:
    """Human-readable messages for everything the kernels flagged, most structural first."""
    problems: list[str] = []

    def route_label(r: int) -> str:
        _, vt, p = plan[r]
        type_name = f"'{a.type_names[vt]}'" if 0 <= vt < a.num_vehicle_types else "?"
        period_name = f"'{a.period_names[p]}'" if 0 <= p < a.num_periods else "?"
        return f"route {r} (vehicle type {vt} {type_name}, period {p} {period_name})"

    for r in np.flatnonzero(~route_ok):
        _, vt, p = plan[r]
        if not 0 <= vt < a.num_vehicle_types:
            problems.append(f"{route_label(r)}: vehicle type {vt} does not exist")
        if not 0 <= p < a.num_periods:
            problems.append(f"{route_label(r)}: period {p} does not exist")
        for k in np.flatnonzero(bad_visit[offsets[r] : offsets[r + 1]]):
            problems.append(f"{route_label(r)}: visit {plan[r][0][k]} is not a client location"
                            + (" (a depot where no vehicle type may reload)" if 0 <= plan[r][0][k] < a.num_depots
                               else ""))

    for p, vt in zip(*np.nonzero(over_used)):
        problems.append(
            f"period {p} '{a.period_names[p]}': {used[p, vt]} routes of vehicle type {vt} "
            f"'{a.type_names[vt]}', but only {a.num_available[p, vt]} available"
        )
    for loc, p in zip(*np.nonzero(visit_count > 1)):
        problems.append(
            f"{a.client_label(loc)} is visited {visit_count[loc, p]} times in period {p} '{a.period_names[p]}'"
        )
    for loc in np.flatnonzero(unassigned):
        days = [int(p) for p in np.flatnonzero(visit_count[loc] > 0)]
        if bad_pattern[loc]:
            problems.append(f"{a.client_label(loc)} is visited on days {days}, which is not an allowed pattern")
        elif not days:
            problems.append(f"{a.client_label(loc)} is not visited, but its frequency is {a.frequency[loc]}")
        else:
            problems.append(
                f"{a.client_label(loc)} is visited on {len(days)} days {days}, but its frequency is {a.frequency[loc]}"
            )

    for r in range(len(plan)):
        for k in np.flatnonzero(barred[offsets[r] : offsets[r + 1]]):
            problems.append(f"{route_label(r)}: its vehicle type may not serve {a.client_label(plan[r][0][k])}")
        for k in np.flatnonzero(no_reload[offsets[r] : offsets[r + 1]]):
            problems.append(f"{route_label(r)}: its vehicle type may not reload at depot {plan[r][0][k]}")
        if too_many[r]:
            problems.append(f"{route_label(r)}: {too_many[r]} reload stops, more than the {a.max_reloads[plan[r][1]]} "
                            "its vehicle type may make")
    for r in np.flatnonzero(time_warp):
        problems.append(f"{route_label(r)}: time warp {time_warp[r]}")
    for r, d in zip(*np.nonzero(excess)):
        problems.append(f"{route_label(r)}: load exceeds capacity by {excess[r, d]} in dimension {d}")
    return problems
