#ifndef MILKRUN_ALNS_INSERTION_H
#define MILKRUN_ALNS_INSERTION_H

#include "core/RandomNumberGenerator.h"
#include "search/Neighbours.h"
#include "search/WorkingSolution.h"

#include <limits>
#include <vector>

namespace milkrun::alns
{
// Where to insert a client: after position `pos` of route `route`, changing the penalised cost by delta;
// for a multi-trip vehicle possibly with a new reload stop at depot `reload` just before or after it.
struct InsertPoint
{
    static constexpr std::size_t kNoReload = std::numeric_limits<std::size_t>::max();

    Cost delta = std::numeric_limits<Cost>::max();
    std::size_t route = search::WorkingSolution::kUnassigned;
    std::size_t pos = 0;
    std::size_t reload = kNoReload;
    bool reloadBefore = false;  // the client starts a new trip (else it ends one)

    [[nodiscard]] bool valid() const { return route != search::WorkingSolution::kUnassigned; }
};

// Inserts `loc` (and the reload stop, if any) as `point` says.
void insertAt(search::WorkingSolution &ws, std::size_t loc, InsertPoint const &point);

// Routes worth trying for an insertion: every used route and the first empty route of each vehicle type
// (empty routes of one type are interchangeable).
std::vector<std::size_t> candidateRoutes(search::WorkingSolution const &ws);

// Routes for inserting `loc`: those of its granular neighbours and the first empty route of each
// vehicle type; all candidate routes when none of its neighbours is routed. O(k log k + routes).
std::vector<std::size_t> insertionRoutes(search::WorkingSolution const &ws,
                                         std::size_t loc,
                                         search::Neighbours const &neighbours);

// Cheapest insertion of `loc` into route `idx`, every position evaluated in O(1) (for a multi-trip
// vehicle also with a new reload stop before or after the client, at each of its reload depots); each
// position is skipped with probability blinkRate (SISR's blinks), which needs rng when blinkRate > 0.
InsertPoint bestInsertion(search::WorkingSolution const &ws,
                          std::size_t loc,
                          std::size_t idx,
                          CostEvaluator const &ce,
                          double blinkRate = 0.0,
                          RandomNumberGenerator *rng = nullptr,
                          search::Segment const *visit = nullptr);  // default: ws.ops().visit(loc)
}  // namespace milkrun::alns

#endif
