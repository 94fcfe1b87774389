#ifndef MILKRUN_DEPOT_H
#define MILKRUN_DEPOT_H

#include "Measure.h"
#include "TimeWindow.h"

#include <string>

namespace milkrun
{
// The plant or a cross-dock. Locations are numbered depots first, then clients.
struct Depot
{
    std::string name;
    double x = 0;
    double y = 0;
    TimeWindow window;            // dock opening hours
    Duration serviceDuration = 0;  // of a reload stop here (unloading, loading the next trip)

    Depot(std::string name, double x, double y, TimeWindow window, Duration serviceDuration = 0);
};
}  // namespace milkrun

#endif
