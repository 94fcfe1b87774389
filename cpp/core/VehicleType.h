#ifndef MILKRUN_VEHICLETYPE_H
#define MILKRUN_VEHICLETYPE_H

#include "Measure.h"
#include "TimeWindow.h"

#include <string>
#include <vector>

namespace milkrun
{
// A truck type of the mixed fleet.
struct VehicleType
{
    std::string name;
    std::vector<Load> capacity;  // one per dimension
    std::size_t numAvailable = 1;  // per period
    Cost fixedCost = 0;            // per route used
    Cost unitDistanceCost = 1;
    Cost unitDurationCost = 0;
    std::size_t startDepot = 0;
    std::size_t endDepot = 0;
    TimeWindow shift;
    Duration maxDuration = kMaxValue;
    std::vector<std::string> forbiddenClients;  // names of clients this type may not serve (access)
    std::size_t profile = 0;                     // travel profile: which distance/duration matrices it drives on

    VehicleType(std::string name,
                std::vector<Load> capacity,
                std::size_t numAvailable,
                Cost fixedCost,
                Cost unitDistanceCost,
                Cost unitDurationCost,
                std::size_t startDepot,
                std::size_t endDepot,
                TimeWindow shift,
                Duration maxDuration,
                std::vector<std::string> forbiddenClients = {},
                std::size_t profile = 0);
};
}  // namespace milkrun

#endif
