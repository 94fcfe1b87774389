#ifndef MILKRUN_ALNS_ENGINE_H
#define MILKRUN_ALNS_ENGINE_H

#include "Alns.h"
#include "AlnsParams.h"
#include "accept/AcceptanceCriterion.h"
#include "core/RandomNumberGenerator.h"
#include "select/RouletteWheel.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

// Internal to the engines (Alns.cpp, PeriodicAlns.cpp): the bookkeeping both share.
namespace milkrun::alns
{
enum Outcome
{
    NewBest = 0,
    Better = 1,
    Accepted = 2,
    Rejected = 3
};

// Operator selection by two adaptive roulette wheels, with per-operator outcome counts.
class OperatorBook
{
    RouletteWheel destroy_;
    RouletteWheel repair_;
    std::vector<OperatorStat> stats_;
    std::size_t numDestroy_;
    std::vector<double> scores_;
    std::size_t segmentLength_;

public:
    OperatorBook(AlnsParams const &params,
                 std::vector<std::string> const &destroyNames,
                 std::vector<std::string> const &repairNames);

    // A destroy and a repair operator (indices), drawn in this order.
    [[nodiscard]] std::pair<std::size_t, std::size_t> select(RandomNumberGenerator &rng) const;

    // Scores the pair by the iteration's outcome; ends the weights' segment every segmentLength iterations.
    // With destroyUsed false (the iteration destroyed otherwise) only the repair operator is scored.
    void record(std::size_t destroy, std::size_t repair, Outcome outcome, std::size_t iteration,
                bool destroyUsed = true);

    // The counts with the final weights.
    [[nodiscard]] std::vector<OperatorStat> stats() const;
};

// The acceptance criterion of `params`; simulated annealing temperatures are fractions of `initialCost`,
// scaled down for instances of more than params.temperatureClients `size` (clients, or visits).
[[nodiscard]] std::unique_ptr<AcceptanceCriterion>
makeAcceptance(AlnsParams const &params, double size, double initialCost);

// Destroy sizes [min, max] for instances of `clients` clients (see AlnsParams).
[[nodiscard]] std::pair<std::size_t, std::size_t> removeBounds(AlnsParams const &params, std::size_t clients);

// Share of the budget used: the larger of the time and the iteration shares.
[[nodiscard]] double progressOf(double now, double timeLimit, std::size_t iteration, std::size_t maxIterations);
}  // namespace milkrun::alns

#endif
