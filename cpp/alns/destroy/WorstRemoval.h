#ifndef MILKRUN_ALNS_WORSTREMOVAL_H
#define MILKRUN_ALNS_WORSTREMOVAL_H

#include "alns/DestroyOperator.h"

namespace milkrun::alns
{
// Repeatedly removes a client whose removal saves much penalised cost, chosen by randomised rank over
// the savings (Ropke & Pisinger 2006). Savings are computed once, O(1) each, and after a removal only
// for the clients of the changed route; each pick is one nth_element: O(count * n) per call.
class WorstRemoval : public DestroyOperator
{
    double randomness_;

public:
    explicit WorstRemoval(double randomness) : randomness_(randomness) {}
    [[nodiscard]] std::string name() const override { return "worst"; }
    void operator()(search::WorkingSolution &ws, CostEvaluator const &ce, search::Neighbours const &,
                    RandomNumberGenerator &rng, std::size_t count) override;
};
}  // namespace milkrun::alns

#endif
