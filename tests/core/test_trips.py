"""Multi-trip routes on instances small enough to check by hand (worked out in the docstrings): reload
stops split the load into trips, each trip waits for its own clients' release times, a reload stop takes
its depot's service duration within the depot's hours, and reload stops the vehicle type may not make are
violations. Each case is checked on the C++ statistics (SolutionRoute) and on the independent evaluator.
"""

from __future__ import annotations

import numpy as np
import pytest

import milkrun as mr
from milkrun.eval import evaluate

TW = mr.TimeWindow


def line(clients, types, depots=None) -> mr.ProblemData:
    """The plant at 0 (location 0), a second dock ("dock2") at 0 too (location 1), then clients c1..c4 at
    10, 20, 30, 40 (locations 2..5); distance and travel time are |a - b|."""
    depots = depots or [mr.Depot("plant", 0, 0, TW(0, 1000), service_duration=5),
                        mr.Depot("dock2", 0, 0, TW(0, 30), service_duration=5)]
    pos = np.array([0, 0, 10, 20, 30, 40], dtype=np.int64)
    matrix = np.abs(pos[:, None] - pos[None, :])
    return mr.ProblemData("line", ["kg"], depots, clients, types, [mr.Period("p0")], matrix, matrix)


def clients(release=(0, 0, 0, 0), windows=None):
    windows = windows or [TW(0, 1000)] * 4
    return [mr.Client(f"c{k + 1}", 10.0 * (k + 1), 0, 0, [1], time_windows=[windows[k]], release_time=release[k])
            for k in range(4)]


def truck(**kw):
    return mr.VehicleType("truck", [2], num_available=1, reload_depots=[0], **kw)


def both(data, visits):
    """The C++ route and the evaluator's view of the same plan."""
    route = mr.SolutionRoute(data, visits, 0, 0)
    return route, evaluate(data, [(visits, 0, 0)])


def test_reload_splits_the_load_into_trips():
    """[c1, c2, plant, c3, c4]: trips 0-10-20-0 and 0-30-40-0, distance 40 + 80 = 120, each trip carries 2
    (capacity 2: no excess); duration 120 travel + 5 at the reload stop. Without the reload stop the truck
    carries 4: excess 2, distance 80."""
    data = line(clients(), [truck()])
    route, ev = both(data, [2, 3, 0, 4, 5])
    assert (route.distance, route.duration, route.time_warp) == (120, 125, 0)
    assert (list(route.max_load), list(route.excess_load)) == ([2], [0])
    assert (route.num_reloads, route.num_trips, route.service_duration) == (1, 2, 5)
    assert route.is_feasible() and ev.feasible
    assert (ev.distance, ev.duration, ev.time_warp, list(ev.route_max_load[0])) == (120, 125, 0, [2])

    single, ev = both(data, [2, 3, 4, 5])
    assert (single.distance, list(single.excess_load), single.num_trips) == (80, [2], 1)
    assert list(ev.excess_load) == [2] and not ev.feasible


def test_excess_is_summed_over_trips():
    """[c1, c2, c3, plant, c4] with capacity 2: the first trip carries 3 (excess 1), the second 1; the route's
    excess is 1 (not 4 - 2 = 2, as one trip would be), its largest load 3."""
    data = line(clients(), [truck()])
    route, ev = both(data, [2, 3, 4, 0, 5])
    assert (list(route.max_load), list(route.excess_load)) == ([3], [1])
    assert (list(ev.route_max_load[0]), list(ev.route_excess_load[0])) == ([3], [1])


def test_each_trip_waits_for_its_own_release_time():
    """c3 is released at 200. The first trip (c1, c2) need not wait: it can leave later instead. Trip 1
    takes 40, the reload 5, so leaving at 155 the truck is ready at 200 exactly: start 155, duration 125,
    no waiting, no warp. The release does not hold back the first trip's departure beyond that."""
    data = line(clients(release=(0, 0, 200, 0)), [truck()])
    route, ev = both(data, [2, 3, 0, 4, 5])
    assert (route.start_time, route.duration, route.time_warp) == (155, 125, 0)
    assert (ev.route_start_time[0], ev.duration, ev.time_warp) == (155, 125, 0)


def test_release_of_the_first_trip_holds_the_departure():
    """c1 is released at 50: the route leaves at 50 (before, its trip cannot leave)."""
    data = line(clients(release=(50, 0, 0, 0)), [truck()])
    route, ev = both(data, [2, 3, 0, 4, 5])
    assert (route.start_time, route.duration, route.time_warp) == (50, 125, 0)
    assert (ev.route_start_time[0], ev.duration) == (50, 125)


def test_release_then_window_gives_time_warp():
    """c3 released at 200, c4 due by 220. The second trip leaves at 200 at the earliest: c3 at 230, c4 at
    240, 20 late. c1 due by 10 pins the first trip: it leaves at 0, is back at 40, ready at 45 and waits
    155 for the release. Duration 125 + 155 waiting = 280, time warp 20."""
    windows = [TW(0, 10), TW(0, 1000), TW(0, 1000), TW(0, 220)]
    data = line(clients(release=(0, 0, 200, 0), windows=windows), [truck()])
    route, ev = both(data, [2, 3, 0, 4, 5])
    assert (route.start_time, route.duration, route.time_warp) == (0, 280, 20)
    assert (ev.route_start_time[0], ev.duration, ev.time_warp) == (0, 280, 20)


def test_reload_stop_keeps_its_dock_hours():
    """dock2 closes at 30: a reload there after trip 0-10-20 arrives at 40, 10 late (time warp 10)."""
    data = line(clients(), [mr.VehicleType("truck", [2], num_available=1, reload_depots=[0, 1])])
    route, ev = both(data, [2, 3, 1, 4, 5])
    assert (route.distance, route.time_warp) == (120, 10)
    assert ev.time_warp == 10 and not ev.feasible


def test_reload_stops_the_type_may_not_make():
    """A reload at a depot the type may not use, or more reload stops than max_reloads, is an access
    violation (infeasible), on both sides, with the evaluator naming it."""
    data = line(clients(), [truck(max_reloads=1), mr.VehicleType("van", [2], reload_depots=[1])])
    route, ev = both(data, [2, 0, 3, 0, 4, 5])  # two reload stops, max 1
    assert route.access_violations == 1 and not route.is_feasible()
    assert any("2 reload stops, more than the 1" in p for p in ev.problems)
    van = mr.SolutionRoute(data, [2, 3, 0, 4, 5], 1, 0)  # the van may reload at dock2 only
    assert van.access_violations == 1 and not van.is_feasible()
    ev = evaluate(data, [([2, 3, 0, 4, 5], 1, 0)])
    assert ev.problems == ["route 0 (vehicle type 1 'van', period 0 'p0'): its vehicle type may not reload at depot 0"]


def test_depot_visits_without_reloading_types_are_rejected():
    """Where no type may reload, a depot among the visits is an error (C++) or a bad visit (evaluator)."""
    data = line(clients(), [mr.VehicleType("truck", [4])])
    with pytest.raises(ValueError, match="visit 0 is not a client location"):
        mr.SolutionRoute(data, [2, 0, 3], 0, 0)
    ev = evaluate(data, [([2, 0, 3], 0, 0)])
    assert any("visit 0 is not a client location (a depot where no vehicle type may reload)" in p for p in ev.problems)


def test_routes_of_reload_stops_only_are_empty():
    """A route with reload stops and no client is not a route (the vehicle is not used)."""
    data = line(clients(), [truck()])
    route = mr.SolutionRoute(data, [0, 0], 0, 0)
    assert list(route.visits) == [] and route.cost == 0
    assert mr.Solution(data, [route]).num_routes == 0


@pytest.mark.parametrize("field, value, message", [
    ("reload_depots", [2], "reload depot 2 does not exist"),
    ("reload_depots", [0, 0], "reload depot 0 is listed twice"),
    ("max_reloads", -1, "max_reloads"),
])
def test_bad_reload_fields(field, value, message):
    with pytest.raises(ValueError, match=message):
        line(clients(), [mr.VehicleType("truck", [2], **{field: value})])


def test_bad_depot_service_duration():
    with pytest.raises(ValueError, match="depot 'plant': service duration -1 is negative"):
        mr.Depot("plant", 0, 0, service_duration=-1)


def test_reload_only_routes_agree():
    """A route of reload stops only is no route for the evaluator either: same cost, same fleet count."""
    data = line(clients(), [truck(fixed_cost=7)])
    plan = [([2, 3, 0, 4, 5], 0, 0), ([0, 0], 0, 0)]
    solution = mr.Solution(data, [mr.SolutionRoute(data, v, t, p) for v, t, p in plan])
    ev = evaluate(data, plan)
    assert ev.feasible and ev.cost == solution.cost and len(ev.routes) == solution.num_routes == 1


# --------------------------------------------------------------------------------------------------
# The C++ statistics and the evaluator on random visit sequences with reload stops anywhere
# --------------------------------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@st.composite
def multi_trip_case(draw):
    """Two or three depots (reload windows and times), a few clients with windows, release times, pickups
    and deliveries in two dimensions, a random matrix, and a random route over them in which reload
    stops stand anywhere: first, last, next to each other, at the start depot or at another."""
    rng_seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(rng_seed)
    num_depots = draw(st.integers(1, 3))
    num_clients = draw(st.integers(1, 8))
    n = num_depots + num_clients
    xy = rng.integers(0, 100, size=(n, 2))
    matrix = np.rint(np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))).astype(np.int64)
    depots = [mr.Depot(f"d{k}", float(xy[k, 0]), float(xy[k, 1]),
                       TW(0, int(rng.integers(200, 1000)) if k else 1000), service_duration=int(rng.integers(0, 30)))
              for k in range(num_depots)]
    cl = []
    for i in range(num_clients):
        early = int(rng.integers(0, 500))
        cl.append(mr.Client(f"c{i}", float(xy[num_depots + i, 0]), float(xy[num_depots + i, 1]),
                            int(rng.integers(0, 20)), [int(v) for v in rng.integers(0, 10, 2)],
                            delivery=[int(v) for v in rng.integers(0, 10, 2)] if rng.random() < 0.5 else [],
                            time_windows=[TW(early, early + int(rng.integers(0, 500)))],
                            release_time=int(rng.integers(0, 300)) if rng.random() < 0.5 else 0))
    vt = mr.VehicleType("t", [int(v) for v in rng.integers(10, 30, 2)], num_available=1,
                        unit_duration_cost=int(rng.integers(0, 3)), start_depot=int(rng.integers(0, num_depots)),
                        end_depot=int(rng.integers(0, num_depots)),
                        max_duration=int(rng.integers(300, 2000)),
                        reload_depots=sorted({int(d) for d in rng.integers(0, num_depots, 2)}))
    data = mr.ProblemData("mt", ["a", "b"], depots, cl, [vt], [mr.Period("p")], matrix, matrix)
    order = [num_depots + i for i in draw(st.permutations(range(num_clients)))]
    visits = []
    for loc in order:
        while draw(st.booleans()) and draw(st.booleans()):
            visits.append(draw(st.sampled_from(list(vt.reload_depots))))
        visits.append(loc)
    while draw(st.booleans()) and draw(st.booleans()):
        visits.append(draw(st.sampled_from(list(vt.reload_depots))))
    return data, visits


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(case=multi_trip_case())
def test_statistics_agree_with_the_evaluator(case):
    """Distance, duration, time warp, largest and excess load, cost and feasibility agree exactly; the
    start time too where the route has no time warp (with warp the two may pick different departures of
    the same duration)."""
    data, visits = case
    route = mr.SolutionRoute(data, visits, 0, 0)
    ev = evaluate(data, [(visits, 0, 0)])
    assert (ev.distance, ev.duration, ev.time_warp) == (route.distance, route.duration, route.time_warp)
    assert list(ev.route_max_load[0]) == list(route.max_load)
    assert list(ev.route_excess_load[0]) == list(route.excess_load)
    assert ev.cost == route.cost and ev.feasible == route.is_feasible()
    if route.time_warp == 0:
        assert ev.route_start_time[0] == route.start_time


def test_returnable_containers_count_along_the_trip():
    """Empties ride from the plant and are delivered on the visit while the pickup is loaded. A: pickup 4,
    empties 6; B: pickup 6, empties 3; capacity 10. [A, B] leaves with 9, has 7 after A and 10 after B: fits.
    [B, A] leaves with 9, has 12 after B: 2 too many, though the totals are the same. With a reload stop
    between them each trip carries its own: [B, plant, A] peaks at 6."""
    cl = [mr.Client("A", 10, 0, 0, [4], [6]), mr.Client("B", 20, 0, 0, [6], [3]),
          mr.Client("c3", 30, 0, 0, [0]), mr.Client("c4", 40, 0, 0, [0])]
    data = line(cl, [mr.VehicleType("truck", [10], num_available=1, reload_depots=[0])])
    for visits, peak, excess in (([2, 3], 10, 0), ([3, 2], 12, 2), ([3, 0, 2], 6, 0)):
        route, ev = both(data, visits)
        assert (list(route.max_load), list(route.excess_load)) == ([peak], [excess]), visits
        assert (list(ev.route_max_load[0]), list(ev.route_excess_load[0])) == ([peak], [excess]), visits
