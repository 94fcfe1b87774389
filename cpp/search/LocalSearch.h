#ifndef MILKRUN_SEARCH_LOCALSEARCH_H
#define MILKRUN_SEARCH_LOCALSEARCH_H

#include "../core/RandomNumberGenerator.h"
#include "Neighbours.h"
#include "WorkingSolution.h"
#include "operators/NodeOperator.h"
#include "operators/SwapTails.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace milkrun::search
{
// First-improvement local search over granular neighbourhoods: for every client U (random order) and
// every neighbour V, the node operators are tried on (U, V), and on (U, route start) when V is first
// in its route; U may also move to an empty route. When U ends its route and V starts another (or the
// reverse), the two routes may merge into one route of another vehicle type (fleet mix: two vans
// become one truck). From the first client of a route, the route may also exchange its vehicle with
// another route of another type (limited fleets: the large truck goes where the load is). A pair is re-tested only when one of its routes
// changed since U was last tested, so the pass after convergence costs O(n k) cheap checks.
class LocalSearch
{
    Neighbours const *neighbours_;
    std::vector<std::unique_ptr<NodeOperator>> operators_;
    SwapTails wholeRoute_;  // at position 0 into an empty route: the route changes vehicle type
    std::vector<std::size_t> lastModified_;  // per route
    std::vector<std::size_t> lastTested_;    // per location
    std::size_t numUpdates_ = 0;
    std::vector<bool> promising_;            // per location (runFrom)
    std::vector<std::size_t> queue_;         // promising clients (runFrom)
    std::function<bool()> stop_;             // polled once per client examined; empty: never stop

    bool tryPair(WorkingSolution &ws, std::size_t u, std::size_t rv, std::size_t pv);
    bool tryEmptyRoutes(WorkingSolution &ws, std::size_t u);
    bool tryMerge(WorkingSolution &ws, std::size_t u, std::size_t v);  // u's route, then v's, on a new type
    bool tryMergeEither(WorkingSolution &ws, std::size_t u, std::size_t v);  // (u, v) or (v, u)
    bool trySwapTypes(WorkingSolution &ws, std::size_t ru);  // ru and another route exchange vehicles
    // Multi-trip: a reload stop after u added, removed, or moved to another depot. O(reload depots).
    bool tryReloads(WorkingSolution &ws, std::size_t u);
    void enqueue(WorkingSolution const &ws, std::size_t loc);        // a client, once, as promising
    void markPromising(WorkingSolution const &ws, std::size_t loc);  // loc and its route neighbours
    void markWindow(WorkingSolution const &ws, std::size_t route, std::size_t pos);  // pos-1 .. pos+3

public:
    LocalSearch(Neighbours const &neighbours, std::vector<std::string> const &operatorNames);

    [[nodiscard]] static std::vector<std::string> availableOperators();

    // Improves ws, under its cost evaluator, until no operator finds an improving move.
    void run(WorkingSolution &ws, RandomNumberGenerator &rng);

    // A search that must end (time limit, stop request) ends here too: run() and runFrom() poll `stop`
    // before each client they examine and return, leaving a valid (not fully improved) solution, when it
    // says so. Without it a run on thousands of clients could outlast a short time limit by far.
    void setStop(std::function<bool()> stop) { stop_ = std::move(stop); }

    // Improves ws around `seeds` only: each promising client (initially the seeds) is tested against all
    // its neighbours, and an applied move makes the clients at its ends promising again; stops when no
    // client is promising. Costs what the neighbourhood of the seeds needs, not O(n) (apart from a first
    // call), which is what an iteration after destroy and repair of a few clients on a large instance
    // should cost.
    void runFrom(WorkingSolution &ws, std::vector<std::size_t> const &seeds, RandomNumberGenerator &rng);

    // Evaluates every operator on every (client, neighbour) pair once, applying nothing; returns how
    // many evaluations found an improvement. The hot path of run(), for microbenchmarks.
    [[nodiscard]] std::size_t countImprovingMoves(WorkingSolution const &ws) const;
};
}  // namespace milkrun::search

#endif
