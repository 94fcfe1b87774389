#ifndef MILKRUN_ALNS_RELATEDREMOVAL_H
#define MILKRUN_ALNS_RELATEDREMOVAL_H

#include "alns/DestroyOperator.h"

namespace milkrun::alns
{
// Shaw removal: starting from a random client, repeatedly removes a client closely related to one
// already removed (distance, time window start and demand, each normalised), by randomised rank among
// the granular neighbours of that client. O(count * k log k).
class RelatedRemoval : public DestroyOperator
{
    double randomness_;

public:
    explicit RelatedRemoval(double randomness) : randomness_(randomness) {}
    [[nodiscard]] std::string name() const override { return "related"; }
    void operator()(search::WorkingSolution &ws, CostEvaluator const &ce, search::Neighbours const &neighbours,
                    RandomNumberGenerator &rng, std::size_t count) override;
};
}  // namespace milkrun::alns

#endif
