#ifndef MILKRUN_ALNS_REPAIROPERATOR_H
#define MILKRUN_ALNS_REPAIROPERATOR_H

#include "core/RandomNumberGenerator.h"
#include "search/Neighbours.h"
#include "search/WorkingSolution.h"

#include <string>
#include <vector>

namespace milkrun::alns
{
// Inserts the given unassigned clients into the working solution.
class RepairOperator
{
public:
    virtual ~RepairOperator() = default;
    [[nodiscard]] virtual std::string name() const = 0;
    virtual void operator()(search::WorkingSolution &ws,
                            CostEvaluator const &ce,
                            search::Neighbours const &neighbours,
                            RandomNumberGenerator &rng,
                            std::vector<std::size_t> clients)
        = 0;
};
}  // namespace milkrun::alns

#endif
