#include "Depot.h"

#include "Validation.h"

namespace milkrun
{
using namespace validation;

Depot::Depot(std::string name,
             double x,
             double y,
             TimeWindow window,
             Duration serviceDuration,
             std::size_t docks,
             Duration unloadDuration)
    : name(std::move(name)),
      x(x),
      y(y),
      window(window),
      serviceDuration(serviceDuration),
      docks(docks),
      unloadDuration(unloadDuration)
{
    std::string const label = "depot '" + this->name + "'";
    checkCoordinates(x, y, label);
    checkWindow(window, "time window", label);
    if (serviceDuration < 0 || serviceDuration > kMaxValue)
        fail(label, ": service duration ", serviceDuration, " is negative or too large");
    if (unloadDuration < 0 || unloadDuration > kMaxValue)
        fail(label, ": unload duration ", unloadDuration, " is negative or too large");
    if (docks > (std::size_t{1} << 20))
        fail(label, ": ", docks, " docks is too many (at most 1048576; 0 means no limit)");
}
}  // namespace milkrun
