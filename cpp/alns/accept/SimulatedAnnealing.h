#ifndef MILKRUN_ALNS_SIMULATEDANNEALING_H
#define MILKRUN_ALNS_SIMULATEDANNEALING_H

#include "AcceptanceCriterion.h"

#include <cmath>

namespace milkrun::alns
{
// Accepts a worse candidate with probability exp(-(candidate - current) / T), where T decays
// exponentially from start to end over the search. Temperatures are given as fractions of a reference
// cost (the initial solution's), so one setting fits instances of any cost scale.
class SimulatedAnnealing : public AcceptanceCriterion
{
    double start_;
    double end_;

public:
    SimulatedAnnealing(double startFraction, double endFraction, double referenceCost)
        : start_(std::max(startFraction * referenceCost, 1e-9)), end_(std::max(endFraction * referenceCost, 1e-9))
    {
    }
    [[nodiscard]] std::string name() const override { return "simulated_annealing"; }
    [[nodiscard]] double temperature(double progress) const { return start_ * std::pow(end_ / start_, progress); }
    [[nodiscard]] bool
    accept(Cost candidate, Cost current, Cost, double progress, RandomNumberGenerator &rng) const override
    {
        if (candidate <= current)
            return true;
        return rng.rand() < std::exp(-static_cast<double>(candidate - current) / temperature(progress));
    }
};
}  // namespace milkrun::alns

#endif
