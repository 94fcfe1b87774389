#ifndef MILKRUN_ALNS_STRINGREMOVAL_H
#define MILKRUN_ALNS_STRINGREMOVAL_H

#include "alns/DestroyOperator.h"

namespace milkrun::alns
{
// SISR string removal (Christiaens & Vanden Berghe 2020): from a random seed client, walks its
// neighbours and, in each route met that is not yet ruined, removes a string of consecutive clients
// containing the neighbour; with probability splitRate a longer string is cut but a random middle part
// of it is kept (split string). O(count + k).
class StringRemoval : public DestroyOperator
{
    std::size_t maxStringLength_;
    double splitRate_;
    double splitDepth_;

public:
    StringRemoval(std::size_t maxStringLength, double splitRate, double splitDepth)
        : maxStringLength_(maxStringLength), splitRate_(splitRate), splitDepth_(splitDepth)
    {
    }
    [[nodiscard]] std::string name() const override { return "string"; }
    void operator()(search::WorkingSolution &ws, CostEvaluator const &ce, search::Neighbours const &neighbours,
                    RandomNumberGenerator &rng, std::size_t count) override;
};
}  // namespace milkrun::alns

#endif
