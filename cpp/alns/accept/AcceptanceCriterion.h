#ifndef MILKRUN_ALNS_ACCEPTANCECRITERION_H
#define MILKRUN_ALNS_ACCEPTANCECRITERION_H

#include "core/Measure.h"
#include "core/RandomNumberGenerator.h"

#include <string>

namespace milkrun::alns
{
// Decides whether a candidate replaces the current solution. `progress` runs from 0 to 1 over the
// search (the larger of the elapsed time and iteration fractions).
class AcceptanceCriterion
{
public:
    virtual ~AcceptanceCriterion() = default;
    [[nodiscard]] virtual std::string name() const = 0;
    [[nodiscard]] virtual bool
    accept(Cost candidate, Cost current, Cost best, double progress, RandomNumberGenerator &rng) const
        = 0;
};
}  // namespace milkrun::alns

#endif
