#ifndef MILKRUN_PERIOD_H
#define MILKRUN_PERIOD_H

#include <string>
#include <vector>

namespace milkrun
{
// A day of the planning horizon.
struct Period
{
    std::string name;
    std::vector<std::size_t> numAvailable;  // per vehicle type; empty = each type's numAvailable

    Period(std::string name, std::vector<std::size_t> numAvailable);
};
}  // namespace milkrun

#endif
