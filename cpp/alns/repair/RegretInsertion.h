#ifndef MILKRUN_ALNS_REGRETINSERTION_H
#define MILKRUN_ALNS_REGRETINSERTION_H

#include "alns/RepairOperator.h"

namespace milkrun::alns
{
// Regret-k insertion (Potvin & Rousseau 1993; Ropke & Pisinger 2006): repeatedly inserts the client
// whose cheapest insertion would cost most to postpone: the largest sum over i = 2..k of the i-th
// cheapest route's cost minus the cheapest. Routes are granular: a client is offered the routes of its
// neighbours and an empty route of each type (every route in use when none of its neighbours is routed); best insertions per (client, route) are cached and only the
// changed route is re-evaluated after each insertion.
class RegretInsertion : public RepairOperator
{
    std::size_t k_;

public:
    explicit RegretInsertion(std::size_t k) : k_(k) {}
    [[nodiscard]] std::string name() const override { return "regret" + std::to_string(k_); }
    void operator()(search::WorkingSolution &ws, CostEvaluator const &ce, search::Neighbours const &neighbours,
                    RandomNumberGenerator &rng,
                    std::vector<std::size_t> clients) override;
};
}  // namespace milkrun::alns

#endif
