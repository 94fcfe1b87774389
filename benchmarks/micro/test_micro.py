"""Microbenchmarks of the hot paths (pytest-benchmark).

Run with ``python -m pytest benchmarks/micro --benchmark-enable`` (the project's pytest options
disable benchmarks by default, and ``testpaths`` keeps these files out of the test suite). Each case
runs on Solomon RC101 (100 customers) and Gehring & Homberger RC1_10_1 (1000 customers), both read
under the DIMACS convention, with the DIMACS best-known plan as the "solved" solution.

- ``test_solution_from_routes``: building a :class:`milkrun.Solution` (C++ route statistics) from routes.
- ``test_evaluator``: the independent Numba evaluator on that plan (JIT compiled and instance arrays
  cached beforehand, so this is the per-call cost).
- ``test_evaluator_arrays``: copying an instance into the evaluator's numpy arrays (once per instance).
- ``test_move_evaluation``: every local-search operator evaluated once on every (client, granular
  neighbour) pair of the plan, nothing applied (``SearchPieces.count_improving_moves``): the O(1) move
  evaluation by segment concatenation.
- ``test_local_search_pass``: one local search to convergence from a perturbed plan (the best-known
  plan after a destroy and greedy repair), every route examined (``SearchPieces.local_search``).
- ``test_destroy_repair``: one string removal of 30 clients and a greedy (blink) repair
  (``SearchPieces.destroy_repair``).
  The three build the segment tables and neighbourhoods once, outside the timing
  (``_core.SearchPieces``); each call still loads the plan into a working copy, O(n).
- ``test_solve_construction`` / ``test_solve_iterations``: ``solve`` with 0 and 50 ALNS iterations
  (construction + local search, then destroy + repair + local search per iteration), without the
  evaluator re-check of ``solve(verify=True)``; the difference divided by 50 is the cost of one
  iteration.
"""

from __future__ import annotations

import inspect

from milkrun import AlnsParams, CostEvaluator, Solution, SolutionRoute, _core
from milkrun.eval import EvalArrays, evaluate
from milkrun.solve import solve

#: ALNS iterations of the short solve benchmark.
ITERATIONS = 50

#: solve() re-checks its plan with the evaluator by default; that is benchmarked separately.
NO_VERIFY = {"verify": False} if "verify" in inspect.signature(solve).parameters else {}


def _rounds(case, small: int, large: int) -> int:
    """Fewer rounds on the 1000-customer instance so that each benchmark stays within ~10 s."""
    return small if case.data.num_clients <= 200 else large


def test_solution_from_routes(benchmark, case):
    data, routes = case.data, case.routes

    def build():
        return Solution(data, [SolutionRoute(data, visits) for visits in routes])

    solution = benchmark(build)
    assert solution.num_routes == len(routes)
    assert solution.is_feasible()
    if case.reference_distance is not None:
        assert solution.distance == case.reference_distance


def test_evaluator(benchmark, case):
    plan = case.plan
    evaluate(case.data, plan)  # compile the kernels and cache the instance arrays
    ev = benchmark(evaluate, case.data, plan)
    assert ev.feasible, ev.problems[:3]
    if case.reference_distance is not None:
        assert ev.distance == case.reference_distance


def test_evaluator_arrays(benchmark, case):
    arrays = benchmark.pedantic(EvalArrays.from_data, args=(case.data,), rounds=_rounds(case, 20, 5), iterations=1)
    assert arrays.num_locations == case.data.num_locations


def test_solve_construction(benchmark, case):
    result = benchmark.pedantic(solve, args=(case.data,), kwargs={"max_iterations": 0, "seed": 1, **NO_VERIFY},
                                rounds=_rounds(case, 10, 3), iterations=1)
    benchmark.extra_info.update(cost=result.cost, routes=result.vehicles, feasible=result.feasible)
    assert result.iterations == 0


def test_solve_iterations(benchmark, case):
    result = benchmark.pedantic(solve, args=(case.data,), kwargs={"max_iterations": ITERATIONS, "seed": 1, **NO_VERIFY},
                                rounds=_rounds(case, 10, 3), iterations=1)
    benchmark.extra_info.update(iterations=result.iterations, cost=result.cost, routes=result.vehicles,
                                feasible=result.feasible)
    assert result.iterations == ITERATIONS


def _penalties(data) -> CostEvaluator:
    """Fixed penalty weights, so that the benchmarks do not depend on the search's adaptation."""
    return CostEvaluator([10] * data.num_dimensions, 10)


def _solution(case) -> Solution:
    return Solution(case.data, [SolutionRoute(case.data, visits) for visits in case.routes])


def test_move_evaluation(benchmark, case):
    data, solution, params = case.data, _solution(case), AlnsParams()
    pieces = _core.SearchPieces(data, params)
    improving = benchmark(pieces.count_improving_moves, solution, _penalties(data))
    benchmark.extra_info.update(pairs=data.num_clients * params.num_neighbours,
                                operators=len(params.local_search_operators), improving=improving)


def test_local_search_pass(benchmark, case):
    data, penalties = case.data, _penalties(case.data)
    pieces = _core.SearchPieces(data, AlnsParams())
    perturbed = pieces.destroy_repair(_solution(case), penalties, "string", "greedy", 30, seed=1)
    improved = benchmark(pieces.local_search, perturbed, penalties, seed=1)
    assert improved.penalised_cost(data, penalties) <= perturbed.penalised_cost(data, penalties)


def test_destroy_repair(benchmark, case):
    data, solution, penalties = case.data, _solution(case), _penalties(case.data)
    pieces = _core.SearchPieces(data, AlnsParams())
    repaired = benchmark(pieces.destroy_repair, solution, penalties, "string", "greedy_blink", 30, seed=1)
    assert repaired.is_complete()


def test_alns_iteration(benchmark, case):
    """Destroy, repair and the focused local search: the work of one ALNS iteration."""
    data, solution, penalties = case.data, _solution(case), _penalties(case.data)
    pieces = _core.SearchPieces(data, AlnsParams())
    repaired = pieces.destroy_repair(solution, penalties, "string", "greedy_blink", 30, seed=1)
    improved = benchmark(pieces.destroy_repair, solution, penalties, "string", "greedy_blink", 30, seed=1,
                         local_search=True)
    assert improved.is_complete()
    assert improved.penalised_cost(data, penalties) <= repaired.penalised_cost(data, penalties)
