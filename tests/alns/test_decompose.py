"""Decomposition of large single-day instances: sub-problems solved in parallel on an executor, recombined.

Properties: the plan is complete and checked by the evaluator (solve's verify); it improves on the
construction; the same seed and iteration limit give the same plan on one thread, on two, in a process
pool and through Dask; fleet limits and access restrictions hold across the groups; a stop request ends it.
"""

from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import numpy as np
import pytest

import milkrun as mr
from milkrun import _core
from milkrun.decompose import solve_decomposed
from milkrun.generate import generate_network
from milkrun.io.milkrun_json import parse_milkrun

ITERATIONS = 600


@pytest.fixture(scope="module")
def network():
    return parse_milkrun(generate_network(300, days=1, seed=7), "network.json").data


def _plan(result):
    return sorted((list(r.visits), r.vehicle_type) for r in result.solution.routes)


def _decomposed(data, executor=None, **kwargs):
    return mr.solve(data, max_iterations=ITERATIONS, seed=5, decompose=True, group_size=75, executor=executor,
                    **kwargs)


def test_decomposition_improves_the_construction_and_visits_every_client_once(network):
    result = _decomposed(network)
    construction = mr.solve(network, max_iterations=0, seed=5, decompose=False)
    assert result.feasible and result.solution.is_complete()
    visits = sorted(v for r in result.solution.routes for v in r.visits)
    assert visits == list(range(network.num_depots, network.num_locations))
    assert result.cost < construction.cost
    assert result.iterations >= ITERATIONS  # every group of the last round runs its share in full
    assert result.history[-1][2] == pytest.approx(result.cost)


def test_same_seed_and_iterations_give_the_same_plan_on_any_executor(network):
    reference = _plan(_decomposed(network, ThreadPoolExecutor(1)))
    assert _plan(_decomposed(network)) == reference  # default: a thread per core
    with ThreadPoolExecutor(2) as threads:
        assert _plan(_decomposed(network, threads)) == reference
    with ProcessPoolExecutor(2) as processes:
        assert _plan(_decomposed(network, processes)) == reference


def test_dask_local_cluster_gives_the_same_plan(network):
    pytest.importorskip("distributed")
    from distributed import Client, LocalCluster

    reference = _plan(_decomposed(network, ThreadPoolExecutor(2)))
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        assert _plan(_decomposed(network, client.get_executor())) == reference


def test_fleet_limits_and_access_restrictions_hold_across_groups(network):
    # As many semi-trailers as the plan needs at most, and 25 suppliers the semi-trailer may not serve.
    names = [c.name for c in network.clients[:25]]
    types = []
    for vt in network.vehicle_types:
        fields = mr._pickling.vehicle_type_fields(vt)
        if vt.name == "semi":
            fields["num_available"] = 4
            fields["forbidden_clients"] = names
        types.append(_core.VehicleType(**fields))
    data = network.with_vehicle_types(types)
    result = _decomposed(data)
    assert result.feasible
    semi = [t for t, vt in enumerate(data.vehicle_types) if vt.name == "semi"][0]
    assert sum(r.vehicle_type == semi for r in result.solution.routes) <= 4
    barred = {network.num_depots + k for k in range(25)}
    assert not any(set(r.visits) & barred for r in result.solution.routes if r.vehicle_type == semi)


def test_a_stop_request_returns_the_complete_plan(network):
    control = mr.SolveControl()
    control.request_stop()
    result = mr.solve(network, time_limit=600, decompose=True, control=control)
    assert result.interrupted and result.solution.is_complete()


def test_decomposition_is_chosen_by_size_and_refused_where_it_does_not_apply(network):
    periodic = parse_milkrun(generate_network(30, days=2, seed=1), "two_days.json").data
    with pytest.raises(ValueError, match="single-day"):
        mr.solve(periodic, max_iterations=10, decompose=True)
    with pytest.raises(ValueError, match="vehicles"):
        mr.solve(network, max_iterations=10, decompose=True, objective="vehicles")
    with pytest.raises(ValueError, match="group_size"):
        mr.solve(network, max_iterations=10, decompose=True, group_size=1)
    # Below the threshold the whole-plan search runs (operator statistics exist only there).
    assert mr.solve(network, max_iterations=10).operator_stats
    assert mr.solve(network, max_iterations=10, decompose=True).operator_stats == []


def test_solve_decomposed_rejects_multi_period_data_directly():
    periodic = parse_milkrun(generate_network(20, days=2, seed=2), "two_days.json").data
    with pytest.raises(ValueError, match="2 periods"):
        solve_decomposed(periodic, _core.AlnsParams(), 1, None, 10, _core.SolveControl())


def test_an_instance_without_clients_returns_at_once():
    data = _core.ProblemData("empty", ["kg"], [_core.Depot("plant", 0, 0)], [], [_core.VehicleType("van", [1])],
                             [_core.Period("day")], [[0]], [[0]])
    result = mr.solve(data, max_iterations=100, decompose=True)
    assert result.feasible and result.vehicles == 0 and result.iterations == 0


def test_fewer_routes_than_groups_split_into_one_group_per_route():
    """Three long routes and groups of 10 clients: the k-means rounds cannot draw more centres than routes."""
    data = parse_milkrun(generate_network(60, days=1, seed=3), "long.json").data
    types = []
    for vt in data.vehicle_types:
        fields = mr._pickling.vehicle_type_fields(vt)
        fields["capacity"] = [10**9] * len(fields["capacity"])
        fields["max_duration"] = _core.MAX_VALUE
        types.append(_core.VehicleType(**fields))
    depots = [_core.Depot(d.name, d.x, d.y) for d in data.depots]  # open all day: long routes fit
    clients = [_core.Client(c.name, c.x, c.y, c.service_duration, list(c.pickup)) for c in data.clients]
    long_routes = _core.ProblemData("long", list(data.dimensions), depots, clients,
                                    [_core.VehicleType(**{**mr._pickling.vehicle_type_fields(t), "shift": mr.TimeWindow()})
                                     for t in types], [_core.Period("day")],
                                    [data.distance_matrix()], [data.duration_matrix()], data.scaling)
    result = mr.solve(long_routes, max_iterations=3000, seed=2, decompose=True, group_size=10)
    assert result.feasible and result.solution.is_complete() and result.vehicles < 6


def test_groups_accept_repairs_of_an_infeasible_start():
    """A group's new routes replace infeasible old ones when every client is still served and no violation
    grew while one shrank; never when a client is dropped or a violation grows; feasible ones replace them
    always, and replace feasible old ones only when cheaper."""
    from milkrun.decompose import _improves

    TW = mr.TimeWindow
    pos = np.array([0, 10, 20, 30])
    matrix = np.abs(pos[:, None] - pos[None, :]).astype(np.int64)
    sub = mr.ProblemData("g", ["kg"], [mr.Depot("p", 0, 0, TW(0, 100))],
                         [mr.Client(f"c{k}", 10.0 * k, 0, 0, [3], time_windows=[TW(0, 45)]) for k in (1, 2, 3)],
                         [mr.VehicleType("v", [5], num_available=3)], [mr.Period("d")], matrix, matrix)

    def plan(*routes):
        return mr.Solution(sub, [mr.SolutionRoute(sub, r, 0, 0) for r in routes])

    old = plan([1, 2, 3])  # 9 on a truck of 5 (excess 4), c3 reached at 30: in time
    assert not old.is_feasible() and tuple(old.excess_load) == (4,)
    assert _improves(sub, old, [([1, 2], 0), ([3], 0)], False, 0)  # excess 1, no warp: better
    assert not _improves(sub, old, [([1, 2], 0)], False, 0)  # c3 dropped
    assert not _improves(sub, old, [([3, 2, 1], 0)], False, 0)  # same excess, c1 now late: worse
    assert _improves(sub, old, [([1], 0), ([2], 0), ([3], 0)], True, 10**9)  # feasible beats infeasible
    feasible = plan([1], [2], [3])
    assert not _improves(sub, feasible, [([1], 0), ([2], 0), ([3], 0)], True, feasible.cost)
