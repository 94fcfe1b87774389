"""The search pieces exposed on their own (bindings/search.cpp, ``_core.SearchPieces``): local search,
destroy + repair, and move-evaluation counts, used to improve given plans and by the microbenchmarks."""

from __future__ import annotations

from pathlib import Path

import pytest

import milkrun as mr
from milkrun import _core
from milkrun.eval import evaluate

EXAMPLE = Path(__file__).resolve().parents[2] / "instances" / "example_solomon_25.txt"


@pytest.fixture(scope="module")
def data() -> mr.ProblemData:
    return mr.read(EXAMPLE)


def _one_route_per_client(data) -> mr.Solution:
    first = data.num_depots
    return mr.Solution(data, [mr.SolutionRoute(data, [first + i]) for i in range(data.num_clients)])


def test_local_search_improves_and_keeps_every_client(data):
    """One local search from one route per client lowers the penalised cost, keeps every client, and
    the evaluator agrees with the C++ statistics of the result."""
    penalties = mr.CostEvaluator([10], 10)
    start = _one_route_per_client(data)
    improved = _core.SearchPieces(data, mr.AlnsParams()).local_search(start, penalties, seed=3)
    assert improved.penalised_cost(data, penalties) < start.penalised_cost(data, penalties)
    assert improved.is_complete() and improved.num_routes < start.num_routes
    check = evaluate(data, improved)
    assert (check.distance, check.time_warp) == (improved.distance, improved.time_warp)


def test_local_search_is_deterministic(data):
    """The same plan, penalties and seed give the same local optimum."""
    penalties = mr.CostEvaluator([10], 10)
    pieces = _core.SearchPieces(data, mr.AlnsParams())
    runs = [pieces.local_search(_one_route_per_client(data), penalties, seed=5) for _ in range(2)]
    assert [r.visits for r in runs[0].routes] == [r.visits for r in runs[1].routes]


@pytest.mark.parametrize("destroy", _core.available_destroy_operators())
@pytest.mark.parametrize("repair", _core.available_repair_operators())
def test_destroy_repair_keeps_every_client(data, destroy, repair):
    """Every destroy operator followed by every repair operator gives a complete plan."""
    start = mr.solve(data, max_iterations=0, seed=1, verify=False).solution
    pieces = _core.SearchPieces(data, mr.AlnsParams())
    repaired = pieces.destroy_repair(start, mr.CostEvaluator([10], 10), destroy, repair, 8, seed=2)
    assert repaired.is_complete()


@pytest.mark.parametrize("destroy", _core.available_destroy_operators())
def test_destroy_repair_with_local_search(data, destroy):
    """The local search around the removed and inserted clients (one ALNS iteration) never makes the
    repaired plan worse, keeps every client, is deterministic, and the evaluator agrees with the result."""
    start = mr.solve(data, max_iterations=0, seed=1, verify=False).solution
    penalties = mr.CostEvaluator([10], 10)
    pieces = _core.SearchPieces(data, mr.AlnsParams())
    repaired = pieces.destroy_repair(start, penalties, destroy, "greedy", 8, seed=4)
    runs = [pieces.destroy_repair(start, penalties, destroy, "greedy", 8, seed=4, local_search=True) for _ in range(2)]
    assert runs[0].is_complete()
    assert runs[0].penalised_cost(data, penalties) <= repaired.penalised_cost(data, penalties)
    assert [r.visits for r in runs[0].routes] == [r.visits for r in runs[1].routes]
    check = evaluate(data, runs[0])
    assert (check.distance, check.time_warp) == (runs[0].distance, runs[0].time_warp)


def test_destroy_repair_unknown_operator(data):
    """Unknown operator names raise ValueError naming them."""
    start = _one_route_per_client(data)
    pieces = _core.SearchPieces(data, mr.AlnsParams())
    with pytest.raises(ValueError, match="destroy: unknown operator 'nope'"):
        pieces.destroy_repair(start, mr.CostEvaluator([1], 1), "nope", "greedy", 3)
    with pytest.raises(ValueError, match="repair: unknown operator 'nope'"):
        pieces.destroy_repair(start, mr.CostEvaluator([1], 1), "random", "nope", 3)


def test_count_improving_moves(data):
    """One route per client has improving moves; a local optimum (under the same penalties) has none."""
    penalties = mr.CostEvaluator([10], 10)
    start = _one_route_per_client(data)
    pieces = _core.SearchPieces(data, mr.AlnsParams())
    assert pieces.count_improving_moves(start, penalties) > 0
    optimum = pieces.local_search(start, penalties, seed=1)
    assert pieces.count_improving_moves(optimum, penalties) == 0


def test_search_pieces_validate():
    """Bad parameters or data the engine does not handle are rejected when the pieces are built."""
    data = mr.read(EXAMPLE)
    params = mr.AlnsParams()
    params.num_neighbours = 0
    with pytest.raises(ValueError, match="num_neighbours"):
        _core.SearchPieces(data, params)


def test_local_search_moves_a_whole_route_to_a_cheaper_type():
    """A route on an expensive vehicle type moves, as a whole, to an empty route of a cheaper type: no
    single-client move improves (each would open a second route), only the whole-route move does."""
    import numpy as np

    # Five clients (more than the longest segment a node operator moves) around the depot.
    xs = [0, 10, 10, 0, -10, -10]
    ys = [0, 0, 10, 10, 10, 0]
    n = len(xs)
    dist = np.array([[round(10 * ((xs[i] - xs[j]) ** 2 + (ys[i] - ys[j]) ** 2) ** 0.5) for j in range(n)]
                     for i in range(n)], dtype=np.int64)
    clients = [mr.Client(str(i), xs[i], ys[i], 0, [1]) for i in range(1, n)]
    types = [mr.VehicleType("dear", [5], num_available=1, fixed_cost=1000),
             mr.VehicleType("cheap", [5], num_available=1, fixed_cost=400)]
    data = mr.ProblemData("types", ["demand"], [mr.Depot("0", 0, 0)], clients, types, [mr.Period("d")],
                          dist, dist)
    start = mr.Solution(data, [mr.SolutionRoute(data, [1, 2, 3, 4, 5], 0)])
    penalties = mr.CostEvaluator([100], 100)
    improved = _core.SearchPieces(data, mr.AlnsParams()).local_search(start, penalties, seed=1)
    (route,) = improved.routes
    assert route.vehicle_type == 1 and sorted(route.visits) == [1, 2, 3, 4, 5]
    assert improved.cost == start.cost - 600
    assert evaluate(data, improved).cost == improved.cost


def test_local_search_merges_two_routes_onto_a_larger_type():
    """Two van routes, each full, merge into one route of the larger truck: each van route is cheaper
    per kilometre than the truck, so neither moving one client (excess load) nor moving one whole route
    to the truck (dearer) improves; only the merge does. Vans: capacity 3, 10 per unit distance; truck:
    capacity 6, 11 per unit distance (the VFMP_V cost structure)."""
    import numpy as np

    # Two groups of three clients, ten to the east, one apart: van routes ~2 x 20, the merged route ~21.
    xs = [0, 10, 10, 10, 11, 11, 11]
    ys = [0, 0, 1, 2, 0, 1, 2]
    n = len(xs)
    dist = np.array([[round(10 * ((xs[i] - xs[j]) ** 2 + (ys[i] - ys[j]) ** 2) ** 0.5) for j in range(n)]
                     for i in range(n)], dtype=np.int64)
    clients = [mr.Client(str(i), xs[i], ys[i], 0, [1]) for i in range(1, n)]
    types = [mr.VehicleType("van", [3], num_available=2, unit_distance_cost=10),
             mr.VehicleType("truck", [6], num_available=1, unit_distance_cost=11)]
    data = mr.ProblemData("merge", ["demand"], [mr.Depot("0", 0, 0)], clients, types, [mr.Period("d")],
                          dist, dist)
    start = mr.Solution(data, [mr.SolutionRoute(data, [1, 2, 3], 0), mr.SolutionRoute(data, [6, 5, 4], 0)])
    penalties = mr.CostEvaluator([10_000], 100)
    improved = _core.SearchPieces(data, mr.AlnsParams()).local_search(start, penalties, seed=1)
    assert improved.is_feasible()
    (route,) = improved.routes
    assert route.vehicle_type == 1 and sorted(route.visits) == [1, 2, 3, 4, 5, 6]
    assert improved.cost < start.cost
    assert evaluate(data, improved).cost == improved.cost


def test_local_search_swaps_the_vehicles_of_two_routes():
    """Limited fleet, one vehicle of each type: the heavy eastern route is on the small truck (excess
    load), the light western route on the large one. A route visiting both sides breaks the depot's
    closing time (time warp far above the load penalty) and there is no empty route; only exchanging the
    two routes' vehicles helps."""
    import numpy as np

    xs = [0, 10, 10, 10, 11, 11, -10, -10]
    ys = [0, 0, 1, 2, 0, 1, 0, 1]
    n = len(xs)
    dist = np.array([[round(10 * ((xs[i] - xs[j]) ** 2 + (ys[i] - ys[j]) ** 2) ** 0.5) for j in range(n)]
                     for i in range(n)], dtype=np.int64)
    clients = [mr.Client(str(i), xs[i], ys[i], 0, [1]) for i in range(1, n)]
    types = [mr.VehicleType("small", [3], num_available=1), mr.VehicleType("large", [6], num_available=1)]
    data = mr.ProblemData("swap", ["demand"], [mr.Depot("0", 0, 0, mr.TimeWindow(0, 260))], clients, types, [mr.Period("d")],
                          dist, dist)
    start = mr.Solution(data, [mr.SolutionRoute(data, [1, 2, 3, 5, 4], 0), mr.SolutionRoute(data, [6, 7], 1)])
    penalties = mr.CostEvaluator([50], 100)
    assert not start.is_feasible()
    improved = _core.SearchPieces(data, mr.AlnsParams()).local_search(start, penalties, seed=1)
    assert improved.is_feasible()
    by_type = {route.vehicle_type: sorted(route.visits) for route in improved.routes}
    assert by_type == {1: [1, 2, 3, 4, 5], 0: [6, 7]}
    assert evaluate(data, improved).cost == improved.cost
