#include "Depot.h"

#include "Validation.h"

namespace milkrun
{
using namespace validation;

Depot::Depot(std::string name, double x, double y, TimeWindow window)
    : name(std::move(name)), x(x), y(y), window(window)
{
    std::string const label = "depot '" + this->name + "'";
    checkCoordinates(x, y, label);
    checkWindow(window, "time window", label);
}
}  // namespace milkrun
