#include "VehicleType.h"

#include "Validation.h"

#include <algorithm>

namespace milkrun
{
using namespace validation;

VehicleType::VehicleType(std::string name,
                         std::vector<Load> capacity,
                         std::size_t numAvailable,
                         Cost fixedCost,
                         Cost unitDistanceCost,
                         Cost unitDurationCost,
                         std::size_t startDepot,
                         std::size_t endDepot,
                         TimeWindow shift,
                         Duration maxDuration,
                         std::vector<std::string> forbiddenClients,
                         std::size_t profile,
                         std::vector<std::size_t> reloadDepots,
                         std::size_t maxReloads,
                         Duration breakDuration,
                         TimeWindow breakWindow)
    : name(std::move(name)),
      capacity(std::move(capacity)),
      numAvailable(numAvailable),
      fixedCost(fixedCost),
      unitDistanceCost(unitDistanceCost),
      unitDurationCost(unitDurationCost),
      startDepot(startDepot),
      endDepot(endDepot),
      shift(shift),
      maxDuration(maxDuration),
      forbiddenClients(std::move(forbiddenClients)),
      profile(profile),
      reloadDepots(std::move(reloadDepots)),
      maxReloads(maxReloads),
      breakDuration(breakDuration),
      breakWindow(breakWindow)
{
    auto const label = typeLabel(this->name);
    for (auto const cap : this->capacity)
        if (cap <= 0 || cap > kMaxValue)
            fail(label, ": capacity ", cap, " must be positive (and at most ", kMaxValue, ")");
    if (fixedCost < 0 || fixedCost > kMaxValue)
        fail(label, ": fixed cost ", fixedCost, " is negative or too large");
    if (unitDistanceCost < 0 || unitDistanceCost > (1 << 20))
        fail(label, ": unit distance cost ", unitDistanceCost, " is negative or too large");
    if (unitDurationCost < 0 || unitDurationCost > (1 << 20))
        fail(label, ": unit duration cost ", unitDurationCost, " is negative or too large");
    checkWindow(shift, "shift", label);
    if (maxDuration < 0 || maxDuration > kMaxValue)
        fail(label, ": maximum duration ", maxDuration, " is negative or too large");
    if (breakDuration < 0 || breakDuration > kMaxValue)
        fail(label, ": break duration ", breakDuration, " is negative or too large");
    checkWindow(breakWindow, "break window", label);
    auto sorted = this->reloadDepots;
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
        fail(label, ": reload depot ", *std::adjacent_find(sorted.begin(), sorted.end()), " is listed twice");
}
}  // namespace milkrun
