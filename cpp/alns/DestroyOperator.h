#ifndef MILKRUN_ALNS_DESTROYOPERATOR_H
#define MILKRUN_ALNS_DESTROYOPERATOR_H

#include "core/RandomNumberGenerator.h"
#include "search/Neighbours.h"
#include "search/WorkingSolution.h"

#include <string>

namespace milkrun::alns
{
struct AlnsParams;

// Removes about `count` clients from the working solution (they become unassigned).
class DestroyOperator
{
public:
    virtual ~DestroyOperator() = default;
    [[nodiscard]] virtual std::string name() const = 0;
    virtual void operator()(search::WorkingSolution &ws,
                            CostEvaluator const &ce,
                            search::Neighbours const &neighbours,
                            RandomNumberGenerator &rng,
                            std::size_t count)
        = 0;
};
}  // namespace milkrun::alns

#endif
