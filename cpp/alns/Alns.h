#ifndef MILKRUN_ALNS_ALNS_H
#define MILKRUN_ALNS_ALNS_H

#include "AlnsParams.h"
#include "core/ProblemData.h"
#include "core/Solution.h"
#include "search/Neighbours.h"
#include "search/Segment.h"
#include "search/WorkingSolution.h"

#include <atomic>
#include <string>
#include <vector>

namespace milkrun::alns
{
struct HistoryPoint
{
    double time;            // seconds since the start
    std::size_t iteration;  // 0 is the constructed solution
    Cost cost;              // best feasible cost so far
};

struct OperatorStat
{
    std::string family;  // "destroy" or "repair"
    std::string name;
    double weight;       // final adaptive weight
    std::size_t selected = 0;
    std::size_t best = 0;      // new global best
    std::size_t better = 0;    // better than the current solution
    std::size_t accepted = 0;  // accepted, not better
};

struct AlnsResult
{
    Solution best;  // best feasible solution, or the least penalised one if none was feasible
    std::size_t iterations = 0;
    double runtime = 0;
    std::vector<HistoryPoint> history;
    std::vector<OperatorStat> operatorStats;
};

// Shared between a running search and other threads (a progress display, a service cancelling a job):
// a stop request in, the search's progress out. Every member is atomic; the search updates the progress
// once per iteration and stops at the first iteration after stop is set, keeping its best plan.
struct SolveControl
{
    std::atomic<bool> stop{false};
    std::atomic<std::size_t> iterations{0};  // summed over every search run with this control
    std::atomic<Cost> bestCost{-1};          // true cost of the current search's best feasible plan; -1: none yet
};

[[nodiscard]] std::vector<std::string> availableDestroyOperators();
[[nodiscard]] std::vector<std::string> availableRepairOperators();
[[nodiscard]] std::vector<std::string> availableLocalSearchOperators();
[[nodiscard]] std::vector<std::string> availableAcceptanceCriteria();

// The search pieces on their own, for one instance: segment tables and granular neighbourhoods are
// built once (O(n^2 log k)), each call then works on a fresh working copy of the given plan. Used to
// improve given plans and by the microbenchmarks of the hot paths. Keeps a reference to `data`.
class SearchPieces
{
    ProblemData const &data_;
    AlnsParams params_;
    search::SegmentOps ops_;
    search::Neighbours neighbours_;

    void load(search::WorkingSolution &ws, Solution const &solution, CostEvaluator const &ce) const;

public:
    SearchPieces(ProblemData const &data, AlnsParams params);

    // One local search to convergence from `solution`, every route examined, under the given penalties.
    [[nodiscard]] Solution improve(Solution const &solution, CostEvaluator const &ce, std::uint64_t seed) const;

    // One destroy (removing `count` clients) and repair, by operator name; with `localSearch`, followed
    // by the local search around the removed and inserted clients, as in one ALNS iteration.
    [[nodiscard]] Solution destroyRepair(Solution const &solution,
                                         CostEvaluator const &ce,
                                         std::string const &destroy,
                                         std::string const &repair,
                                         std::size_t count,
                                         std::uint64_t seed,
                                         bool localSearch = false) const;

    // See LocalSearch::countImprovingMoves: every local-search operator evaluated once on every
    // (client, neighbour) pair of `solution`.
    [[nodiscard]] std::size_t countImprovingMoves(Solution const &solution, CostEvaluator const &ce) const;
};

// Adaptive large neighbourhood search (single period; see solvePeriodic for several): start from `initial` (routes that
// do not fit the fleet give their clients back) or construct greedily, then repeat
// destroy + repair + local search, accept by the criterion, adapt operator weights and penalties.
// Stops at the time limit (seconds), the iteration limit, when control->stop becomes true, or (with
// stopWhenFeasible) as soon as a feasible solution is found, as route elimination wants.
// Throws std::invalid_argument for bad parameters or data the search does not handle.
// With several periods, solve() is solvePeriodic(): every client is visited on one of its allowed
// visit-day patterns, chosen together with the routes of each day (see PeriodicAlns.cpp).
AlnsResult solvePeriodic(ProblemData const &data,
                         AlnsParams const &params,
                         std::uint64_t seed,
                         double timeLimit,
                         std::size_t maxIterations,
                         Solution const *initial = nullptr,
                         bool stopWhenFeasible = false,
                         SolveControl *control = nullptr);

AlnsResult solve(ProblemData const &data,
                 AlnsParams const &params,
                 std::uint64_t seed,
                 double timeLimit,
                 std::size_t maxIterations,
                 Solution const *initial = nullptr,
                 bool stopWhenFeasible = false,
                 SolveControl *control = nullptr);
}  // namespace milkrun::alns

#endif
