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
    // Dock capacity: at most `docks` trucks unloading at once (0: no limit). A truck holds a dock for
    // serviceDuration at a reload stop and for unloadDuration when its route ends here; trucks are let in
    // first come, first served (see Schedule.h).
    std::size_t docks = 0;
    Duration unloadDuration = 0;

    Depot(std::string name,
          double x,
          double y,
          TimeWindow window,
          Duration serviceDuration = 0,
          std::size_t docks = 0,
          Duration unloadDuration = 0);
};
}  // namespace milkrun

#endif
