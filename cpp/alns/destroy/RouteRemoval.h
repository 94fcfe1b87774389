#ifndef MILKRUN_ALNS_ROUTEREMOVAL_H
#define MILKRUN_ALNS_ROUTEREMOVAL_H

#include "alns/DestroyOperator.h"

namespace milkrun::alns
{
// Empties whole routes, preferring short ones (binary tournament on route size), until about half of
// `count` clients are removed; this is what lets the search drop vehicles. O(n).
class RouteRemoval : public DestroyOperator
{
public:
    [[nodiscard]] std::string name() const override { return "route"; }
    void operator()(search::WorkingSolution &ws, CostEvaluator const &ce, search::Neighbours const &neighbours,
                    RandomNumberGenerator &rng, std::size_t count) override;
};
}  // namespace milkrun::alns

#endif
