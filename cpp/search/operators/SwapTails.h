#ifndef MILKRUN_SEARCH_SWAPTAILS_H
#define MILKRUN_SEARCH_SWAPTAILS_H

#include "NodeOperator.h"

namespace milkrun::search
{
// 2-opt*: route u keeps its clients up to position pu and continues with route v's clients after pv,
// and vice versa. O(1) between routes of one vehicle type.
class SwapTails : public NodeOperator
{
public:
    [[nodiscard]] std::string name() const override { return "two_opt_star"; }

    [[nodiscard]] Cost evaluate(WorkingSolution const &ws, std::size_t ru, std::size_t pu, std::size_t rv,
                                std::size_t pv) const override;

    void apply(WorkingSolution &ws, std::size_t ru, std::size_t pu, std::size_t rv, std::size_t pv) const override;
};
}  // namespace milkrun::search

#endif
