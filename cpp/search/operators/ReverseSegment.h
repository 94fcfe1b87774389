#ifndef MILKRUN_SEARCH_REVERSESEGMENT_H
#define MILKRUN_SEARCH_REVERSESEGMENT_H

#include "NodeOperator.h"

namespace milkrun::search
{
// Intra-route 2-opt: reverses the clients between U (exclusive) and V (inclusive) when U comes before V
// in the same route. O(length of the reversed part): a distance bound first, the timing only if the
// bound allows an improvement.
class ReverseSegment : public NodeOperator
{
public:
    [[nodiscard]] std::string name() const override { return "two_opt"; }

    [[nodiscard]] Cost evaluate(WorkingSolution const &ws, std::size_t ru, std::size_t pu, std::size_t rv,
                                std::size_t pv) const override;

    void apply(WorkingSolution &ws, std::size_t ru, std::size_t pu, std::size_t rv, std::size_t pv) const override;
};
}  // namespace milkrun::search

#endif
