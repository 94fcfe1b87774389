#include "Client.h"

#include "Validation.h"

#include <bit>

namespace milkrun
{
using namespace validation;

Client::Client(std::string name,
               double x,
               double y,
               Duration serviceDuration,
               std::vector<Load> pickup,
               std::vector<Load> delivery,
               std::vector<TimeWindow> timeWindows,
               Duration releaseTime,
               std::size_t frequency,
               std::vector<std::uint64_t> patterns)
    : name(std::move(name)),
      x(x),
      y(y),
      serviceDuration(serviceDuration),
      pickup(std::move(pickup)),
      delivery(std::move(delivery)),
      timeWindows(std::move(timeWindows)),
      releaseTime(releaseTime),
      frequency(frequency),
      patterns(std::move(patterns))
{
    auto const label = clientLabel(this->name);
    checkCoordinates(x, y, label);
    if (serviceDuration < 0 || serviceDuration > kMaxValue)
        fail(label, ": service duration ", serviceDuration, " is negative or too large");
    for (auto const amount : this->pickup)
        if (amount < 0 || amount > kMaxValue)
            fail(label, ": pickup amount ", amount, " is negative or too large");
    for (auto const amount : this->delivery)
        if (amount < 0 || amount > kMaxValue)
            fail(label, ": delivery amount ", amount, " is negative or too large");
    if (this->timeWindows.empty())
        fail(label, ": needs at least one time window");
    for (std::size_t idx = 0; idx != this->timeWindows.size(); ++idx)
    {
        checkWindow(this->timeWindows[idx], "time window", label);
        if (idx > 0 && this->timeWindows[idx].early <= this->timeWindows[idx - 1].late)
            fail(label, ": time windows must be sorted and disjoint, but [", this->timeWindows[idx].early, ", ",
                 this->timeWindows[idx].late, "] follows [", this->timeWindows[idx - 1].early, ", ",
                 this->timeWindows[idx - 1].late, "]");
    }
    if (releaseTime < 0 || releaseTime > kMaxValue)
        fail(label, ": release time ", releaseTime, " is negative or too large");
    if (frequency < 1)
        fail(label, ": frequency ", frequency, " must be at least 1");
    for (auto const pattern : this->patterns)
        if (static_cast<std::size_t>(std::popcount(pattern)) != frequency)
            fail(label, ": pattern ", pattern, " has ", std::popcount(pattern), " days, but frequency is ", frequency);
}
}  // namespace milkrun
