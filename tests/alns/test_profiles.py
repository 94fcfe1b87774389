"""Travel profiles: each vehicle type drives on its own distance and duration matrices (a van on town
roads, a semi-trailer on the truck network; or one road network at different speeds).

Checked on the data model (validation, the ways to give the matrices), on the search (hand-checkable
instances whose optimum exists only if every move is evaluated on the target route's profile, and random
mixed fleets on both engines) and against the independent evaluator, which reads each type's profile
and its matrices itself.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import milkrun as mr
from milkrun import _core
from milkrun._pickling import vehicle_type_fields
from milkrun.eval import evaluate

TW = mr.TimeWindow


def _instance(types, distances, durations, clients=None, periods=None, depot_window=TW()):
    if clients is None:
        clients = [mr.Client("A", 1, 0, 0, [1]), mr.Client("B", 2, 0, 0, [1])]
    return mr.ProblemData("profiles", ["kg"], [mr.Depot("plant", 0, 0, depot_window)], clients, types,
                          periods or [mr.Period("day")], distances, durations)  # fmt: skip


def one_way_loops():
    """Two profiles on a triangle plant-A-B where each profile has a cheap direction: profile 0 drives
    plant -> A -> B -> plant for 3, profile 1 plant -> B -> A -> plant for 3; the other way costs 30."""
    cheap0 = np.array([[0, 1, 10], [10, 0, 1], [1, 10, 0]], dtype=np.int64)
    return cheap0, cheap0.T.copy()


@pytest.mark.parametrize("profile", [0, 1])
def test_route_order_follows_the_profile(profile):
    matrices = list(one_way_loops())
    data = _instance([mr.VehicleType("truck", [10], profile=profile)], matrices, matrices)
    res = mr.solve(data, max_iterations=100, seed=1)
    assert res.feasible and res.cost == 3
    assert [list(r.visits) for r in res.solution.routes] == ([[1, 2]] if profile == 0 else [[2, 1]])
    ev = evaluate(res)
    assert ev.feasible and ev.cost == 3


def test_slow_truck_cannot_reach_the_early_window():
    """Van (profile 0, travel time = distance) and truck (profile 1, three times slower). A at 10 must be
    served by 15: only the van gets there. The truck is cheaper per route, so it takes B (at -10).
    Van both: 50 + 2 * 40 = 130; van A + truck B: 50 + 2 * 20 + 20 = 110; truck A is late."""
    xs = [0, 10, -10]
    dist = np.array([[abs(a - b) for b in xs] for a in xs], dtype=np.int64)
    clients = [mr.Client("A", 10, 0, 0, [1], time_windows=[TW(0, 15)]), mr.Client("B", -10, 0, 0, [1])]
    types = [mr.VehicleType("van", [10], fixed_cost=50, unit_distance_cost=2, profile=0),
             mr.VehicleType("truck", [10], fixed_cost=0, unit_distance_cost=1, profile=1)]
    data = _instance(types, [dist, dist], [dist, 3 * dist], clients)
    res = mr.solve(data, max_iterations=300, seed=2)
    assert res.feasible and res.cost == 110
    assert sorted((list(r.visits), r.vehicle_type) for r in res.solution.routes) == [([1], 0), ([2], 1)]
    ev = evaluate(res)
    assert ev.feasible and ev.cost == 110
    # The truck on A arrives at 30: late on its own profile, on time on the van's.
    late = _core.Solution(data, [_core.SolutionRoute(data, [1, 2], 1, 0)])
    assert late.time_warp == 15 and not late.is_feasible()
    assert not evaluate(data, [([1, 2], 1, 0)]).feasible


def test_a_route_is_costed_on_its_type_profile():
    cheap0, cheap1 = one_way_loops()
    types = [mr.VehicleType("a", [10], profile=0), mr.VehicleType("b", [10], profile=1)]
    data = _instance(types, [cheap0, cheap1], [cheap0, 2 * cheap1])
    assert data.num_profiles == 2
    for visits, t, distance, duration in [([1, 2], 0, 3, 3), ([1, 2], 1, 30, 60), ([2, 1], 1, 3, 6)]:
        route = _core.SolutionRoute(data, visits, t, 0)
        assert (route.distance, route.duration) == (distance, duration)
        ev = evaluate(data, [(visits, t, 0)])
        assert (ev.distance, ev.duration) == (distance, duration)


def test_matrices_as_a_list_a_3d_array_or_one_matrix():
    cheap0, cheap1 = one_way_loops()
    types = [mr.VehicleType("a", [10], profile=1)]
    stacked = np.stack([cheap0, cheap1])
    for given_dist in ([cheap0, cheap1], stacked, [cheap0.tolist(), cheap1.tolist()]):
        data = _instance(types, given_dist, stacked)
        np.testing.assert_array_equal(data.distance_matrix(1), cheap1)
        np.testing.assert_array_equal(data.duration_matrix(0), cheap0)
    single = _instance([mr.VehicleType("a", [10])], cheap0.tolist(), cheap0)  # list of rows: one profile
    assert single.num_profiles == 1


@pytest.mark.parametrize(
    ("types", "dist", "dur", "message"),
    [
        ([mr.VehicleType("semi", [10], profile=2)], 2, 2, "vehicle type 'semi': travel profile 2 does not exist"),
        ([mr.VehicleType("semi", [10])], 2, 1, "need as many duration matrices as distance matrices"),
        ([mr.VehicleType("semi", [10])], 0, 0, "no travel profile given"),
    ],
)
def test_profile_errors(types, dist, dur, message):
    cheap0, _ = one_way_loops()
    with pytest.raises(ValueError, match=message):
        _instance(types, np.stack([cheap0] * dist) if dist else np.zeros((0, 3, 3)),
                  np.stack([cheap0] * dur) if dur else np.zeros((0, 3, 3)))


def test_bad_matrix_of_a_profile_is_named():
    cheap0, _ = one_way_loops()
    bad = cheap0.copy()
    bad[1, 2] = -4
    with pytest.raises(ValueError, match=r"distance matrix of profile 1: entry \(1, 2\) = -4"):
        _instance([mr.VehicleType("t", [10])], [cheap0, bad], [cheap0, cheap0])
    with pytest.raises(ValueError, match="distance matrix of profile 1: is 2x2 but there are 3 locations"):
        _instance([mr.VehicleType("t", [10])], [cheap0, cheap0[:2, :2]], [cheap0, cheap0])
    data = _instance([mr.VehicleType("t", [10])], cheap0, cheap0)
    with pytest.raises(ValueError, match="travel profile 1 does not exist"):
        data.distance_matrix(1)
    with pytest.raises(ValueError, match="vehicle type 't': profile: must not be negative"):
        mr.VehicleType("t", [10], profile=-1)


def random_profiles_instance(seed: int, num_clients: int, num_periods: int) -> mr.ProblemData:
    """Random mixed fleet on 2-3 profiles: each profile a noisy, asymmetric version of the plane with its
    own speed; types with their own profile, capacity, costs; windows; several days with frequencies."""
    rng = np.random.default_rng(seed)
    n = 1 + num_clients
    xy = rng.uniform(0, 100, size=(n, 2))
    base = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    num_profiles = int(rng.integers(2, 4))
    dists, durs = [], []
    for _ in range(num_profiles):
        noise = rng.uniform(1.0, 1.6, size=(n, n))
        d = np.rint(base * noise).astype(np.int64)
        np.fill_diagonal(d, 0)
        dists.append(d)
        durs.append(np.rint(d * rng.uniform(0.5, 2.0)).astype(np.int64))
    clients = []
    for i in range(num_clients):
        early = int(rng.integers(0, 300))
        freq = int(rng.integers(1, num_periods + 1)) if num_periods > 1 else 1
        clients.append(mr.Client(f"s{i}", *xy[1 + i], 5, [int(v) for v in rng.integers(1, 10, 2)],
                                 time_windows=[TW(early, early + int(rng.integers(150, 500)))],
                                 frequency=freq))  # fmt: skip
    types = []
    for t in range(int(rng.integers(2, 5))):
        cap = [int(v) for v in rng.integers(20, 60, 2)]
        types.append(mr.VehicleType(f"type{t}", cap, num_available=int(rng.integers(2, 6)),
                                    fixed_cost=int(rng.integers(0, 100)), unit_distance_cost=int(rng.integers(1, 3)),
                                    unit_duration_cost=int(rng.integers(0, 2)), profile=t % num_profiles))  # fmt: skip
    periods = [mr.Period(f"day{p}") for p in range(num_periods)]
    return mr.ProblemData(f"profiles{seed}", ["kg", "m3"], [mr.Depot("plant", 50, 50, TW(0, 1500))], clients, types,
                          periods, dists, durs)  # fmt: skip


def _recomputed(data: mr.ProblemData, route) -> tuple[int, int]:
    """Distance and travel time of a route on its type's profile, by hand."""
    vt = data.vehicle_types[route.vehicle_type]
    dist, dur = data.distance_matrix(vt.profile), data.duration_matrix(vt.profile)
    path = [vt.start_depot, *route.visits, vt.end_depot]
    return int(sum(dist[a, b] for a, b in zip(path, path[1:]))), int(sum(dur[a, b] for a, b in zip(path, path[1:])))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), num_clients=st.integers(3, 25), num_periods=st.sampled_from([1, 1, 3]))
def test_every_plan_is_costed_on_each_route_profile(seed, num_clients, num_periods):
    data = random_profiles_instance(seed, num_clients, num_periods)
    res = mr.solve(data, max_iterations=150, seed=seed)
    ev = evaluate(res)
    assert ev.feasible == res.feasible
    assert ev.cost == res.cost and ev.distance == res.solution.distance
    for route in res.solution.routes:
        distance, travel = _recomputed(data, route)
        assert route.distance == distance and route.travel_duration == travel


@pytest.mark.parametrize("num_periods", [1, 3])
def test_profiles_change_the_plan(num_periods):
    """The same instance solved with every type forced onto profile 0 gives another plan, and that plan
    re-costed on the real profiles is not cheaper than the profile-aware one (the search uses them)."""
    data = random_profiles_instance(7, 30, num_periods)
    res = mr.solve(data, max_iterations=2000, seed=1)
    assert res.feasible
    flat_types = [mr.VehicleType(**{**vehicle_type_fields(vt), "profile": 0}) for vt in data.vehicle_types]
    flat = mr.ProblemData(data.name, list(data.dimensions), list(data.depots), list(data.clients), flat_types,
                          list(data.periods), [data.distance_matrix(q) for q in range(data.num_profiles)],
                          [data.duration_matrix(q) for q in range(data.num_profiles)])  # fmt: skip
    blind = mr.solve(flat, max_iterations=2000, seed=1)
    recosted = evaluate(data, [(list(r.visits), r.vehicle_type, r.period) for r in blind.solution.routes])
    assert not recosted.feasible or recosted.cost > res.cost
