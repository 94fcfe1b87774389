#ifndef MILKRUN_ALNS_PENALTYMANAGER_H
#define MILKRUN_ALNS_PENALTYMANAGER_H

#include "core/CostEvaluator.h"
#include "core/ProblemData.h"

#include <vector>

namespace milkrun::alns
{
// Adapts the penalty weights per unit of excess load (per dimension) and of time warp towards a
// target share of candidates feasible in that respect: a weight grows by `increase` when too few are
// feasible and shrinks by `decrease` when too many are. Initial weights make one unit of violation
// cost about as much as one unit of the instance's typical arc cost.
class PenaltyManager
{
    std::vector<Cost> loadPenalty_;
    Cost twPenalty_;
    std::vector<std::size_t> loadFeasible_;
    std::size_t twFeasible_ = 0;
    std::size_t registered_ = 0;
    double target_, increase_, decrease_;
    std::size_t frequency_;
    double maxPenalty_ = 1 << 30;  // per unit of violation: at least 2^30, more where vehicles cost more

    [[nodiscard]] Cost adjust(Cost penalty, double feasibleShare) const;
    [[nodiscard]] Cost toPenalty(double value) const;

public:
    PenaltyManager(ProblemData const &data, double target, double increase, double decrease, std::size_t frequency);

    [[nodiscard]] CostEvaluator evaluator() const { return {loadPenalty_, twPenalty_}; }

    // The current penalties multiplied by `factor`, for repairing infeasible candidates.
    [[nodiscard]] CostEvaluator boostedEvaluator(double factor) const;

    // Records one candidate's excess load per dimension and time warp; returns true when the weights
    // were just updated (so costs under the old evaluator are stale).
    bool registerCandidate(std::vector<Load> const &excessLoad, Duration timeWarp);
};
}  // namespace milkrun::alns

#endif
