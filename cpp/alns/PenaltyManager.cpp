#include "PenaltyManager.h"

#include <algorithm>
#include <cmath>

namespace milkrun::alns
{
namespace
{
constexpr double kMinMaxPenalty = 1 << 30;
constexpr double kMaxMaxPenalty = static_cast<double>(std::int64_t{1} << 44);
}  // namespace

Cost PenaltyManager::toPenalty(double value) const
{
    // Clamped to [1, maxPenalty_] before the cast (which would be undefined beyond the range of Cost).
    return static_cast<Cost>(std::clamp(std::ceil(value), 1.0, maxPenalty_));
}

PenaltyManager::PenaltyManager(ProblemData const &data, double target, double increase, double decrease,
                               std::size_t frequency)
    : loadFeasible_(data.numDimensions(), 0), target_(target), increase_(increase), decrease_(decrease),
      frequency_(std::max<std::size_t>(frequency, 1))
{
    // Typical arc cost: mean distance from the first depot times the largest unit distance cost.
    double meanDist = 0, unitCost = 1;
    for (std::size_t loc = data.numDepots(); loc != data.numLocations(); ++loc)
        meanDist += static_cast<double>(data.dist(0, loc));
    meanDist /= static_cast<double>(std::max<std::size_t>(data.numClients(), 1));
    double maxFixed = 0;
    for (auto const &type : data.vehicleTypes())
    {
        unitCost = std::max(unitCost, static_cast<double>(type.unitDistanceCost + type.unitDurationCost));
        maxFixed = std::max(maxFixed, static_cast<double>(type.fixedCost));
    }
    // One unit of violation must be able to outweigh opening another vehicle (its fixed cost and a round
    // trip), or the search keeps an overloaded or late vehicle rather than pay for a second one.
    double maxArc = 0;
    for (std::size_t loc = data.numDepots(); loc != data.numLocations(); ++loc)
        maxArc = std::max(maxArc, static_cast<double>(data.dist(0, loc) + data.dist(loc, 0)));
    maxPenalty_ = std::clamp(4 * (maxFixed + unitCost * maxArc), kMinMaxPenalty, kMaxMaxPenalty);

    for (std::size_t d = 0; d != data.numDimensions(); ++d)
    {
        double meanLoad = 0;
        for (auto const &client : data.clients())
            meanLoad += static_cast<double>(client.pickup[d]);
        meanLoad = std::max(meanLoad / static_cast<double>(std::max<std::size_t>(data.numClients(), 1)), 1.0);
        loadPenalty_.push_back(toPenalty(unitCost * meanDist / meanLoad));
    }
    twPenalty_ = toPenalty(5 * unitCost);
}


CostEvaluator PenaltyManager::boostedEvaluator(double factor) const
{
    auto const boost = [this, factor](Cost penalty) { return toPenalty(static_cast<double>(penalty) * factor); };
    std::vector<Cost> load;
    for (auto const penalty : loadPenalty_)
        load.push_back(boost(penalty));
    return {load, boost(twPenalty_)};
}

Cost PenaltyManager::adjust(Cost penalty, double feasibleShare) const
{
    auto const value = static_cast<double>(penalty);
    if (feasibleShare < target_ - 0.05)
        return toPenalty(std::max(value + 1, value * increase_));
    if (feasibleShare > target_ + 0.05)
        return toPenalty(std::floor(value * decrease_));
    return penalty;
}

bool PenaltyManager::registerCandidate(std::vector<Load> const &excessLoad, Duration timeWarp)
{
    for (std::size_t d = 0; d != loadFeasible_.size(); ++d)
        loadFeasible_[d] += excessLoad[d] == 0 ? 1 : 0;
    twFeasible_ += timeWarp == 0 ? 1 : 0;
    if (++registered_ < frequency_)
        return false;

    auto const n = static_cast<double>(registered_);
    for (std::size_t d = 0; d != loadFeasible_.size(); ++d)
    {
        loadPenalty_[d] = adjust(loadPenalty_[d], static_cast<double>(loadFeasible_[d]) / n);
        loadFeasible_[d] = 0;
    }
    twPenalty_ = adjust(twPenalty_, static_cast<double>(twFeasible_) / n);
    twFeasible_ = 0;
    registered_ = 0;
    return true;
}
}  // namespace milkrun::alns
