#ifndef MILKRUN_COSTEVALUATOR_H
#define MILKRUN_COSTEVALUATOR_H

#include "Measure.h"
#include "ProblemData.h"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>
#include <vector>

namespace milkrun
{
// The one place where a route's cost is defined. The search minimises the penalised cost (true cost
// plus penalties per unit of excess load and time warp); results report the true cost.
class CostEvaluator
{
    std::array<Cost, kMaxDimensions> loadPenalty_{};
    Cost twPenalty_ = 0;

public:
    CostEvaluator(std::vector<Cost> const &loadPenalties, Cost twPenalty) : twPenalty_(twPenalty)
    {
        if (loadPenalties.size() > kMaxDimensions)
            throw std::invalid_argument("load penalties: at most " + std::to_string(kMaxDimensions) + " values");
        for (std::size_t d = 0; d != loadPenalties.size(); ++d)
        {
            if (loadPenalties[d] < 0)
                throw std::invalid_argument("load penalty " + std::to_string(loadPenalties[d]) + " is negative");
            loadPenalty_[d] = loadPenalties[d];
        }
        if (twPenalty < 0)
            throw std::invalid_argument("time warp penalty " + std::to_string(twPenalty) + " is negative");
    }

    [[nodiscard]] Cost loadPenalty(std::size_t dim) const { return loadPenalty_[dim]; }
    [[nodiscard]] Cost twPenalty() const { return twPenalty_; }

    // True cost of a non-empty route of the given type.
    [[nodiscard]] static Cost trueCost(VehicleType const &type, Distance distance, Duration duration)
    {
        return type.fixedCost + type.unitDistanceCost * distance + type.unitDurationCost * duration;
    }

    // Penalised cost of a non-empty route; `excess` holds the excess load of each of `dims` dimensions.
    [[nodiscard]] Cost penalisedCost(VehicleType const &type,
                                     Distance distance,
                                     Duration duration,
                                     Duration timeWarp,
                                     Load const *excess,
                                     std::size_t dims) const
    {
        Cost cost = trueCost(type, distance, duration) + penalty(twPenalty_, timeWarp);
        for (std::size_t d = 0; d != dims; ++d)
            cost += penalty(loadPenalty_[d], excess[d]);
        return cost;
    }

    // weight * amount, saturating at kMaxPenaltyTerm (weights are positive, amounts non-negative).
    [[nodiscard]] static Cost penalty(Cost weight, Cost amount)
    {
        return amount > kMaxPenaltyTerm / std::max<Cost>(weight, 1) ? kMaxPenaltyTerm : weight * amount;
    }
};
}  // namespace milkrun

#endif
