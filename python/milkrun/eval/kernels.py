"""Numba kernels of the independent evaluator.

Everything here works on plain int64 (and bool) numpy arrays and shares no code, and deliberately no
algorithm, with the C++ core: the C++ search summarises routes by concatenating duration and load
segments, while these kernels walk every route forward, visit by visit, the way one would check a plan
by hand. Agreement of the two is the project's correctness test.

Ragged data is flattened into a values array plus an offsets array: the values of item ``i`` are
``values[offsets[i]:offsets[i + 1]]``. All per-location arrays are indexed by location (depots first,
then clients), with neutral values (no service, no load, no windows) at the depots.

The kernels assume their input is in range; :func:`check_structure` establishes that for the routes
(it never indexes with an unchecked value), and :func:`route_statistics` evaluates only the routes it
accepted. Numba does not bounds-check, so this order matters.
"""

from __future__ import annotations

import numpy as np
from numba import njit

#: A time later than any the data can hold (2^48) plus any route's total: "no closing time".
_NEVER = np.int64(1) << np.int64(61)
_MAX_VALUE = np.int64(1) << np.int64(48)  # the data's largest time: a soft window's hard limit at most


@njit(cache=True)
def check_structure(
    num_depots,
    num_locations,
    num_types,
    num_periods,
    num_available,
    may_reload,
    frequency,
    pattern_offsets,
    pattern_days,
    visits,
    route_offsets,
    route_type,
    route_period,
):
    """Check the indices of a route set and count what the plan-level constraints need.

    Parameters
    ----------
    num_depots, num_locations, num_types, num_periods : int
        Sizes of the instance.
    num_available : ndarray of int64, shape (num_periods, num_types)
        Vehicles of each type available in each period.
    may_reload : ndarray of int64, shape (num_types, num_depots)
        1 where the type may stop to reload at the depot. A depot among a route's visits is a reload
        stop; it is a bad visit only when no type may reload there (whether the route's own type may is
        checked by :func:`reload_violations`).
    frequency : ndarray of int64, shape (num_locations,)
        Required number of visit days per client (0 at depots).
    pattern_offsets : ndarray of int64, shape (num_locations + 1,)
        Offsets into ``pattern_days``; a client without patterns may be visited on any days.
    pattern_days : ndarray of int64, shape (num_patterns, num_periods)
        Row ``k`` is 1 on the days of allowed visit-day set ``k``, else 0.
    visits : ndarray of int64
        Visits of all routes, concatenated.
    route_offsets : ndarray of int64, shape (num_routes + 1,)
        Route ``r`` visits ``visits[route_offsets[r]:route_offsets[r + 1]]``.
    route_type, route_period : ndarray of int64, shape (num_routes,)
        Vehicle type and period of each route.

    Returns
    -------
    route_ok : ndarray of bool, shape (num_routes,)
        The route's type, period and visits are all valid indices.
    bad_visit : ndarray of bool, shape (len(visits),)
        The visit is neither a client location index nor a depot some type may reload at.
    used : ndarray of int64, shape (num_periods, num_types)
        Routes of each type in each period (valid routes only).
    over_used : ndarray of bool, shape (num_periods, num_types)
        More routes of the type in the period than are available.
    visit_count : ndarray of int64, shape (num_locations, num_periods)
        Times each client is visited in each period (valid routes only).
    unassigned : ndarray of bool, shape (num_locations,)
        The client is not visited on exactly ``frequency`` distinct days, or its set of visit days is
        not one of its patterns.
    bad_pattern : ndarray of bool, shape (num_locations,)
        The client is visited on the right number of days, but not on an allowed day set.
    """
    num_routes = route_type.shape[0]
    route_ok = np.ones(num_routes, dtype=np.bool_)
    bad_visit = np.zeros(visits.shape[0], dtype=np.bool_)
    used = np.zeros((num_periods, num_types), dtype=np.int64)
    visit_count = np.zeros((num_locations, num_periods), dtype=np.int64)

    for r in range(num_routes):
        if route_type[r] < 0 or route_type[r] >= num_types:
            route_ok[r] = False
        if route_period[r] < 0 or route_period[r] >= num_periods:
            route_ok[r] = False
        for k in range(route_offsets[r], route_offsets[r + 1]):
            v = visits[k]
            if v < 0 or v >= num_locations:
                bad_visit[k] = True
                route_ok[r] = False
            elif v < num_depots:
                reloadable = False
                for t in range(num_types):
                    if may_reload[t, v] != 0:
                        reloadable = True
                if not reloadable:
                    bad_visit[k] = True
                    route_ok[r] = False
        if not route_ok[r]:
            continue  # counting it would need the bad indices
        used[route_period[r], route_type[r]] += 1
        for k in range(route_offsets[r], route_offsets[r + 1]):
            if visits[k] >= num_depots:
                visit_count[visits[k], route_period[r]] += 1

    over_used = used > num_available

    unassigned = np.zeros(num_locations, dtype=np.bool_)
    bad_pattern = np.zeros(num_locations, dtype=np.bool_)
    for loc in range(num_depots, num_locations):
        # A day counts once however often the client is visited on it (duplicates are reported apart).
        days = 0
        for p in range(num_periods):
            if visit_count[loc, p] > 0:
                days += 1
        if days != frequency[loc]:
            unassigned[loc] = True
            continue
        first, last = pattern_offsets[loc], pattern_offsets[loc + 1]
        if first == last:
            continue  # no patterns: any days will do
        allowed = False
        for k in range(first, last):
            same = True
            for p in range(num_periods):
                if (visit_count[loc, p] > 0) != (pattern_days[k, p] != 0):
                    same = False
                    break
            if same:
                allowed = True
                break
        if not allowed:
            unassigned[loc] = True
            bad_pattern[loc] = True

    return route_ok, bad_visit, used, over_used, visit_count, unassigned, bad_pattern


@njit(cache=True)
def access_violations(forbidden, visits, route_offsets, route_type, route_ok):
    """Per visit, whether the route's vehicle type may not serve the visited client.

    ``forbidden`` has shape (num_types, num_locations), 1 where the type may not serve the location;
    routes with bad indices (``route_ok`` False) are skipped.
    """
    barred = np.zeros(visits.shape[0], dtype=np.bool_)
    for r in range(route_type.shape[0]):
        if not route_ok[r]:
            continue
        for k in range(route_offsets[r], route_offsets[r + 1]):
            if forbidden[route_type[r], visits[k]] != 0:
                barred[k] = True
    return barred


@njit(cache=True)
def reload_violations(may_reload, max_reloads, num_depots, visits, route_offsets, route_type, route_ok):
    """Reload stops a route's vehicle type may not make: per visit (a depot it may not reload at), and
    per route the number of reload stops when it exceeds ``max_reloads`` of the type (else 0)."""
    barred = np.zeros(visits.shape[0], dtype=np.bool_)
    too_many = np.zeros(route_type.shape[0], dtype=np.int64)
    for r in range(route_type.shape[0]):
        if not route_ok[r]:
            continue
        count = 0
        for k in range(route_offsets[r], route_offsets[r + 1]):
            if visits[k] < num_depots:
                count += 1
                if may_reload[route_type[r], visits[k]] == 0:
                    barred[k] = True
        if count > max_reloads[route_type[r]]:
            too_many[r] = count
    return barred, too_many


@njit(cache=True)
def _window_index(arrival, first, last, tw_late):
    """Index of the window used on arriving at ``arrival``: the first whose end is not passed yet.

    If every window has closed, the last one (the arrival then warps back to its end).
    """
    for w in range(first, last):
        if tw_late[w] >= arrival:
            return w
    return last - 1


@njit(cache=True)
def _arrive(arrival, early, late, warp, slack, wait):
    """One arrival against the window [early, late]: late means time warp (service starts at ``late``),
    early means waiting. Returns the service start time and the updated warp, forward slack and waiting."""
    if arrival > late:
        return late, warp + arrival - late, min(slack, wait), wait
    slack = min(slack, wait + late - arrival)
    if arrival < early:
        return early, warp, slack, wait + early - arrival
    return arrival, warp, slack, wait


@njit(cache=True)
def _timeline(
    departure,
    start_depot,
    end_depot,
    start_early,
    start_late,
    end_early,
    end_late,
    route_visits,
    dur,
    service,
    tw_offsets,
    tw_early,
    tw_late,
    num_depots,
    depot_early,
    depot_late,
    depot_service,
    trip_release,
    chosen,
    choose,
):
    """Walk a route forward from the given departure time, with time warp.

    A depot among the visits is a reload stop: service (``depot_service``) starts within the depot's
    opening hours like a client's, and the next trip leaves no earlier than ``trip_release[k]`` (the
    latest release time of its clients): waiting for it is waiting like any other, and it cannot warp.

    Service starts at ``max(arrival, early)``; arriving after ``late`` costs ``arrival - late`` time
    warp and service starts at ``late`` (the vehicle "travels back in time"). The start and end depots
    are treated as visits with windows ``[start_early, start_late]`` and ``[end_early, end_late]``.

    Alongside, it computes Savelsbergh's forward time slack: by how much the departure can be delayed
    without adding time warp anywhere. A delay ``d`` reaches visit ``i`` reduced by the waiting before
    it, ``max(0, d - wait_before_i)``; it adds no warp at ``i`` while it fits in ``late_i - arrival_i``
    (nothing fits if ``i`` already warps). Hence ``slack = min_i (wait_before_i + max(0, late_i -
    arrival_i))``.

    Parameters
    ----------
    departure : int
        Departure time from the start depot.
    chosen : ndarray of int64, shape (len(route_visits),)
        Index into ``tw_early``/``tw_late`` of the window of each visit; written if ``choose``,
        otherwise read (so a second walk keeps the windows of the first).
    choose : bool
        Pick each window on arrival (see :func:`_window_index`) instead of reading ``chosen``.

    Returns
    -------
    end : int
        Time of arrival (after any waiting) at the end depot.
    warp : int
        Total time warp along the route (maximum duration not included).
    slack : int
        Forward time slack of the departure.
    wait : int
        Total waiting time, including at the end depot.
    """
    time = departure
    warp = 0
    wait = 0
    if time > start_late:
        warp += time - start_late
        time = start_late
        slack = 0
    else:
        slack = start_late - time

    prev = start_depot
    for k in range(route_visits.shape[0]):
        loc = route_visits[k]
        arrival = time + service[prev] + dur[prev, loc]
        if loc < num_depots:  # reload stop; service[depot] is 0, so its service is added here
            time, warp, slack, wait = _arrive(arrival, depot_early[loc], depot_late[loc], warp, slack, wait)
            time, warp, slack, wait = _arrive(time + depot_service[loc], trip_release[k], _NEVER, warp, slack, wait)
            prev = loc
            continue
        if choose:
            chosen[k] = _window_index(arrival, tw_offsets[loc], tw_offsets[loc + 1], tw_late)
        time, warp, slack, wait = _arrive(arrival, tw_early[chosen[k]], tw_late[chosen[k]], warp, slack, wait)
        prev = loc

    arrival = time + service[prev] + dur[prev, end_depot]
    time, warp, slack, wait = _arrive(arrival, end_early, end_late, warp, slack, wait)
    return time, warp, slack, wait


@njit(cache=True)
def route_statistics(
    dist,
    dur,
    service,
    release,
    tw_offsets,
    tw_early,
    tw_late,
    visit_pickup,
    delivery,
    depot_early,
    depot_late,
    depot_service,
    type_start,
    type_end,
    shift_early,
    shift_late,
    max_duration,
    type_profile,
    capacity,
    fixed_cost,
    unit_distance_cost,
    unit_duration_cost,
    visits,
    route_offsets,
    route_type,
    route_period,
    route_ok,
):
    """Distance, timing, load and cost of every route, by a forward walk along each.

    Multi-trip. Depots among the visits are reload stops (see :func:`_timeline`); each trip (the
    visits between two depots) has its own release time and its own load.

    Timing. The earliest departure is ``max(start depot opens, shift starts, latest release time of
    the first trip's clients)``; the minimal time warp is reached there, since a later departure never
    arrives anywhere earlier. Among departures with that warp, the duration (end minus start, waiting
    included, plus any warp) falls by one per unit of delay until the waiting is used up, so the
    route departs ``min(slack, total wait)`` later (see :func:`_timeline`) and is walked again from
    there; that is the earliest departure of minimal duration. The duration beyond the vehicle
    type's maximum is added to the time warp.

    Load. Each trip leaves with all deliveries of the trip on board; each visit unloads its delivery
    and loads its pickup. The maximum load is taken over the departures and after each visit; the
    excess is summed over the trips.

    Parameters
    ----------
    dist, dur : ndarray of int32 or int64 (each entry fits 48 bits; sums are int64), shape (num_profiles, num_locations, num_locations)
        Distance and duration matrices of each travel profile.
    service, release : ndarray of int64, shape (num_locations,)
        Service duration and release time per location.
    tw_offsets : ndarray of int64, shape (num_periods, num_locations + 1)
        Per period, offsets into ``tw_early``/``tw_late``; the windows of one client are sorted.
    tw_early, tw_late : ndarray of int64
        Time windows of all clients, concatenated.
    visit_pickup : ndarray of int64, shape (num_visits, num_dimensions)
        The pickup of every visit (in ``visits`` order): a client's amount can depend on its visit days.
    delivery : ndarray of int64, shape (num_locations, num_dimensions)
        Delivery amounts per location and capacity dimension.
    depot_early, depot_late, depot_service : ndarray of int64, shape (num_depots,)
        Opening hours of the depots, and the duration of a reload stop at each.
    type_start, type_end, shift_early, shift_late, max_duration : ndarray of int64, shape (num_types,)
        Depots, shift and maximum route duration of each vehicle type.
    type_profile : ndarray of int64, shape (num_types,)
        The travel profile (first index of ``dist`` and ``dur``) each vehicle type drives on.
    capacity : ndarray of int64, shape (num_types, num_dimensions)
        Capacity of each vehicle type.
    fixed_cost, unit_distance_cost, unit_duration_cost : ndarray of int64, shape (num_types,)
        Cost parameters of each vehicle type.
    visits, route_offsets, route_type, route_period : ndarray of int64
        The routes, as in :func:`check_structure`.
    route_ok : ndarray of bool, shape (num_routes,)
        Routes to evaluate; the others get zero everywhere.

    Returns
    -------
    distance, duration, time_warp, start_time : ndarray of int64, shape (num_routes,)
    max_load, excess_load : ndarray of int64, shape (num_routes, num_dimensions)
    route_fixed_cost, distance_cost, duration_cost : ndarray of int64, shape (num_routes,)
        The parts of each route's cost ``fixed + unit_distance * distance + unit_duration * duration``.
    """
    num_routes = route_type.shape[0]
    num_dims = delivery.shape[1]
    distance = np.zeros(num_routes, dtype=np.int64)
    duration = np.zeros(num_routes, dtype=np.int64)
    time_warp = np.zeros(num_routes, dtype=np.int64)
    start_time = np.zeros(num_routes, dtype=np.int64)
    max_load = np.zeros((num_routes, num_dims), dtype=np.int64)
    excess_load = np.zeros((num_routes, num_dims), dtype=np.int64)
    route_fixed_cost = np.zeros(num_routes, dtype=np.int64)
    distance_cost = np.zeros(num_routes, dtype=np.int64)
    duration_cost = np.zeros(num_routes, dtype=np.int64)

    for r in range(num_routes):
        if not route_ok[r]:
            continue
        vt = route_type[r]
        route_visits = visits[route_offsets[r] : route_offsets[r + 1]]
        start, end = type_start[vt], type_end[vt]
        profile = type_profile[vt]
        route_dist = dist[profile]
        route_dur = dur[profile]

        # Distance: the arcs depot -> visits -> depot, on the type's travel profile.
        prev = start
        for k in range(route_visits.shape[0]):
            distance[r] += route_dist[prev, route_visits[k]]
            prev = route_visits[k]
        distance[r] += route_dist[prev, end]

        # Timing: depot windows are the overlap of the dock hours with the vehicle's shift.
        start_early = max(depot_early[start], shift_early[vt])
        start_late = min(depot_late[start], shift_late[vt])
        end_early = max(depot_early[end], shift_early[vt])
        end_late = min(depot_late[end], shift_late[vt])
        # Release of each trip: the first trip's bounds the departure; each later one is kept at the
        # reload stop that starts it.
        num_depots = depot_early.shape[0]
        trip_release = np.zeros(route_visits.shape[0], dtype=np.int64)
        earliest = start_early
        opened = -1  # the reload stop starting the current trip (-1: the start depot)
        for k in range(route_visits.shape[0]):
            loc = route_visits[k]
            if loc < num_depots:
                opened = k
            elif opened < 0:
                earliest = max(earliest, release[loc])
            else:
                trip_release[opened] = max(trip_release[opened], release[loc])

        chosen = np.zeros(route_visits.shape[0], dtype=np.int64)
        _, warp, slack, wait = _timeline(
            earliest, start, end, start_early, start_late, end_early, end_late,
            route_visits, route_dur, service, tw_offsets[route_period[r]], tw_early, tw_late,
            num_depots, depot_early, depot_late, depot_service, trip_release, chosen, True,
        )  # fmt: skip
        # Delaying past the total wait cannot shorten the route any more, so stop there (which also
        # keeps the times far from overflow when the windows are unbounded).
        departure = earliest + min(slack, wait)
        finish, delayed_warp, _, _ = _timeline(
            departure, start, end, start_early, start_late, end_early, end_late,
            route_visits, route_dur, service, tw_offsets[route_period[r]], tw_early, tw_late,
            num_depots, depot_early, depot_late, depot_service, trip_release, chosen, False,
        )  # fmt: skip
        if delayed_warp != warp:
            raise AssertionError("evaluator: delaying within the time slack changed the time warp")

        # With time warp the clock runs back; the duration counts the full travel, service and waiting.
        duration[r] = finish - departure + warp
        time_warp[r] = warp + max(0, duration[r] - max_duration[vt])
        start_time[r] = departure

        # Load, per dimension and trip (a trip ends at a reload stop or the end depot).
        for d in range(num_dims):
            first = 0
            while first <= route_visits.shape[0]:
                last = first  # the trip is route_visits[first:last]
                while last < route_visits.shape[0] and route_visits[last] >= num_depots:
                    last += 1
                load = 0
                for k in range(first, last):
                    load += delivery[route_visits[k], d]
                peak = load
                for k in range(first, last):
                    load += visit_pickup[route_offsets[r] + k, d] - delivery[route_visits[k], d]
                    peak = max(peak, load)
                max_load[r, d] = max(max_load[r, d], peak)
                excess_load[r, d] += max(0, peak - capacity[vt, d])
                first = last + 1

        if route_visits.shape[0] > 0:  # an empty route is not driven and costs nothing
            route_fixed_cost[r] = fixed_cost[vt]
            distance_cost[r] = unit_distance_cost[vt] * distance[r]
            duration_cost[r] = unit_duration_cost[vt] * duration[r]

    return (
        distance,
        duration,
        time_warp,
        start_time,
        max_load,
        excess_load,
        route_fixed_cost,
        distance_cost,
        duration_cost,
    )



@njit(cache=True)
def _trip_release(route_visits, k, num_depots, release):
    """Latest release time of the trip starting after visit ``k`` (the clients up to the next depot)."""
    latest = 0
    for j in range(k + 1, route_visits.shape[0]):
        if route_visits[j] < num_depots:
            break
        latest = max(latest, release[route_visits[j]])
    return latest


@njit(cache=True)
def _plant_service(begin, k, n, loc, vt, depot_late, shift_late, depot_service, route_visits, num_depots, release):
    """Service at a plant (a reload stop, or with ``k == n`` the end depot) starting at ``begin``: the start
    kept within its hours (beyond: time warp, the clock back to the closing), and the clock after it (the
    next trip's departure: service done and its clients released; at the end depot, the end)."""
    closes = min(depot_late[loc], shift_late[vt]) if k == n else depot_late[loc]
    over = max(0, begin - closes)
    begin -= over
    if k == n:
        return begin, over, begin
    return begin, over, max(begin + depot_service[loc], _trip_release(route_visits, k, num_depots, release))


@njit(cache=True)
def schedule_plan(
    dur, service, release, tw_offsets, tw_early, tw_late, late_cost, max_lateness,
    depot_early, depot_late, depot_service, depot_docks, depot_unload,
    type_start, type_end, shift_early, shift_late, type_profile, break_duration, break_early, break_late,
    visits, route_offsets, route_type, route_period, route_ok, departure, num_periods, use_docks,
):  # fmt: skip
    """The times of every route as driven from its ``departure``, with lateness at soft windows and, with
    ``use_docks``, the plants' docks shared by the routes of each period.

    Each route is walked forward: it waits for windows to open; arriving after a hard window's end is time
    warp (the clock goes back to the end); after a soft window's end (``late_cost > 0``) it is lateness,
    priced ``late_cost`` per unit, up to ``max_lateness`` (beyond that, time warp). A reload stop starts
    within the plant's hours and the next trip leaves after its service and its clients' release; the
    route ends on reaching the end depot within its hours (overlap of the depot's and the shift's).

    Docks: at a plant with ``depot_docks > 0``, arrivals (reload stops and final returns) of one period
    queue at the gate. Repeatedly, the truck waiting at a gate that arrived first (a tie: the route
    listed first) takes the dock of that plant that is free first, starting at ``max(its earliest
    start, the dock free)``, and holds it for ``depot_service`` (a reload stop) or ``depot_unload`` (a
    return). Every route is walked on until it reaches a plant (docks or not) between these steps; a
    plant without docks (or with ``use_docks`` false) lets it in at its earliest start.

    Driver breaks: a route of a type with ``break_duration > 0`` that departs before ``break_late`` stops
    for the break once, at the first moment from ``break_early`` on that the driver is free: driving then
    (the leg lasts the break longer; leaving a stop after ``break_early`` counts as driving from the
    departure), or waiting at a client's window then (service starts no earlier than the break's end). A
    break starting after ``break_late`` is time warp (the clock runs back to it). Not taken while waiting
    at a plant.

    Returns
    -------
    end, warp, lateness, lateness_cost, gate_wait, break_start : ndarray of int64, shape (num_routes,)
        Time the route reaches the end depot (its dock, with docks), time warp at windows and breaks (not
        the maximum duration), lateness and its cost, waiting at gates, the break's start (-1: none).
    starts, waits : ndarray of int64, shape (len(visits) + num_routes,)
        Per route (at ``route_offsets[r] + r``), per visit and then the end depot: service start (at
        plants: the dock) and the wait at the gate before it.
    """
    num_routes = route_type.shape[0]
    num_depots = depot_early.shape[0]
    pos = np.zeros(num_routes, dtype=np.int64)  # next stop: visit index, n = the end depot, n + 1 = done
    clock = np.zeros(num_routes, dtype=np.int64)  # departure from the previous stop (before its service)
    prev = np.zeros(num_routes, dtype=np.int64)
    warp = np.zeros(num_routes, dtype=np.int64)
    lateness = np.zeros(num_routes, dtype=np.int64)
    lateness_cost = np.zeros(num_routes, dtype=np.int64)
    gate_wait = np.zeros(num_routes, dtype=np.int64)
    end = np.zeros(num_routes, dtype=np.int64)
    starts = np.zeros(visits.shape[0] + num_routes, dtype=np.int64)
    waits = np.zeros(visits.shape[0] + num_routes, dtype=np.int64)
    at_gate = np.zeros(num_routes, dtype=np.bool_)
    gate_arrival = np.zeros(num_routes, dtype=np.int64)
    gate_earliest = np.zeros(num_routes, dtype=np.int64)
    break_start = np.full(num_routes, -1, dtype=np.int64)
    pending = np.zeros(num_routes, dtype=np.bool_)  # the break is still to be taken
    most = 1  # docks in use at most: no plant has more trucks at once than routes
    for d in range(num_depots):
        most = max(most, min(depot_docks[d], num_routes))
    free = np.full((num_periods, num_depots, most), -(1 << 62), dtype=np.int64)

    for r in range(num_routes):
        n = route_offsets[r + 1] - route_offsets[r]
        if not route_ok[r]:
            pos[r] = n + 1
            continue
        vt = route_type[r]
        start_late = min(depot_late[type_start[vt]], shift_late[vt])
        clock[r] = departure[r]
        if clock[r] > start_late:
            warp[r] += clock[r] - start_late
            clock[r] = start_late
        prev[r] = type_start[vt]
        pending[r] = break_duration[vt] > 0 and departure[r] < break_late[vt]

    while True:
        for r in range(num_routes):  # every route on to its next gate, or to its end
            first = route_offsets[r]
            n = route_offsets[r + 1] - first
            if pos[r] > n or at_gate[r]:  # done (or not evaluated), or waiting at a gate
                continue
            vt = route_type[r]
            route_dur = dur[type_profile[vt]]
            while pos[r] <= n and not at_gate[r]:
                k = pos[r]
                loc = visits[first + k] if k < n else type_end[vt]
                leave = clock[r] + service[prev[r]]
                arrival = leave + route_dur[prev[r], loc]
                if pending[r] and arrival > break_early[vt]:  # on the road when the break is due
                    pending[r] = False
                    begin = max(leave, break_early[vt])
                    over = max(0, begin - break_late[vt])
                    warp[r] += over
                    break_start[r] = begin - over
                    arrival += break_duration[vt] - over
                if k < n and loc >= num_depots:  # a client
                    w = _window_index(arrival, tw_offsets[route_period[r], loc], tw_offsets[route_period[r], loc + 1],
                                      tw_late)
                    begin = max(arrival, tw_early[w])
                    if pending[r] and begin > break_early[vt]:  # waiting there when the break is due
                        pending[r] = False
                        break_start[r] = break_early[vt]
                        begin = max(tw_early[w], break_early[vt] + break_duration[vt])
                    if begin > tw_late[w] and late_cost[loc] > 0:
                        hard = min(tw_late[w] + max_lateness[loc], _MAX_VALUE)
                        late = min(begin, hard) - tw_late[w]
                        lateness[r] += late
                        lateness_cost[r] += late_cost[loc] * late
                        if begin > hard:
                            warp[r] += begin - hard
                            begin = hard
                    elif begin > tw_late[w]:
                        warp[r] += begin - tw_late[w]
                        begin = tw_late[w]
                    starts[first + r + k] = begin
                    clock[r] = begin
                    prev[r] = loc
                    pos[r] = k + 1
                    continue
                # a plant: a reload stop, or the end depot; every plant is served in the step below, in
                # order of arrival (only plants with docks make that order matter)
                opens = max(depot_early[loc], shift_early[vt]) if k == n else depot_early[loc]
                gate_arrival[r] = arrival
                gate_earliest[r] = max(arrival, opens)
                at_gate[r] = True

        chosen = -1
        for r in range(num_routes):
            if at_gate[r] and (chosen < 0 or gate_arrival[r] < gate_arrival[chosen]):
                chosen = r
        if chosen < 0:
            break
        r = chosen
        first = route_offsets[r]
        n = route_offsets[r + 1] - first
        vt = route_type[r]
        k = pos[r]
        loc = visits[first + k] if k < n else type_end[vt]
        p = route_period[r]
        begin = gate_earliest[r]
        if use_docks and depot_docks[loc] > 0:
            dock = 0
            for j in range(1, min(depot_docks[loc], most)):
                if free[p, loc, j] < free[p, loc, dock]:
                    dock = j
            begin = max(begin, free[p, loc, dock])
            free[p, loc, dock] = begin + (depot_service[loc] if k < n else depot_unload[loc])
        waits[first + r + k] = begin - gate_earliest[r]
        gate_wait[r] += begin - gate_earliest[r]
        begin, over, after = _plant_service(begin, k, n, loc, vt, depot_late, shift_late, depot_service,
                                            visits[first : first + n], num_depots, release)
        warp[r] += over
        starts[first + r + k] = begin
        if k == n:
            end[r] = begin
        else:
            clock[r], prev[r] = after, loc
        pos[r] = k + 1
        at_gate[r] = False

    return end, warp, lateness, lateness_cost, gate_wait, break_start, starts, waits
