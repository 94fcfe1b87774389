#ifndef MILKRUN_VALIDATION_H
#define MILKRUN_VALIDATION_H

#include "Measure.h"
#include "TimeWindow.h"

#include <cmath>
#include <sstream>
#include <stdexcept>
#include <string>

// Helpers for the validation of problem data at construction: messages name the owner, the field and
// the value.
namespace milkrun::validation
{
template <typename... Parts> [[noreturn]] inline void fail(Parts const &...parts)
{
    std::ostringstream out;
    (out << ... << parts);
    throw std::invalid_argument(out.str());
}

inline void checkWindow(TimeWindow const &window, char const *what, std::string const &owner)
{
    if (window.early < 0 || window.late > kMaxValue)
        fail(owner, ": ", what, " [", window.early, ", ", window.late, "] is outside [0, ", kMaxValue, "]");
    if (window.early > window.late)
        fail(owner, ": ", what, " [", window.early, ", ", window.late, "] closes before it opens");
}

inline void checkCoordinates(double x, double y, std::string const &owner)
{
    if (!std::isfinite(x) || !std::isfinite(y))
        fail(owner, ": coordinates (", x, ", ", y, ") are not finite");
}

inline std::string clientLabel(std::string const &name) { return "client '" + name + "'"; }
inline std::string typeLabel(std::string const &name) { return "vehicle type '" + name + "'"; }
}  // namespace milkrun::validation

#endif
