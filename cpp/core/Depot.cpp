#include "Depot.h"

#include "Validation.h"

namespace milkrun
{
using namespace validation;

Depot::Depot(std::string name, double x, double y, TimeWindow window, Duration serviceDuration)
    : name(std::move(name)), x(x), y(y), window(window), serviceDuration(serviceDuration)
{
    std::string const label = "depot '" + this->name + "'";
    checkCoordinates(x, y, label);
    checkWindow(window, "time window", label);
    if (serviceDuration < 0 || serviceDuration > kMaxValue)
        fail(label, ": service duration ", serviceDuration, " is negative or too large");
}
}  // namespace milkrun
