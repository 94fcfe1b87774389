#ifndef MILKRUN_VEHICLETYPE_H
#define MILKRUN_VEHICLETYPE_H

#include "Measure.h"
#include "TimeWindow.h"

#include <algorithm>
#include <limits>
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
    // Depots where its routes may stop to unload and start another trip (multi-trip); empty: one trip.
    std::vector<std::size_t> reloadDepots;
    std::size_t maxReloads = kUnlimitedReloads;  // reload stops per route

    static constexpr std::size_t kUnlimitedReloads = std::numeric_limits<std::size_t>::max();
    // Driver break: a route on the road at breakWindow.early (started before breakWindow.late) stops for
    // breakDuration, starting within breakWindow (see Schedule.h). 0: no break.
    Duration breakDuration = 0;
    TimeWindow breakWindow;

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
                std::size_t profile = 0,
                std::vector<std::size_t> reloadDepots = {},
                std::size_t maxReloads = kUnlimitedReloads,
                Duration breakDuration = 0,
                TimeWindow breakWindow = {});

    [[nodiscard]] bool hasBreak() const { return breakDuration > 0; }

    // Whether it may stop to reload at `depot`.
    [[nodiscard]] bool mayReloadAt(std::size_t depot) const
    {
        return std::find(reloadDepots.begin(), reloadDepots.end(), depot) != reloadDepots.end();
    }
};
}  // namespace milkrun

#endif
