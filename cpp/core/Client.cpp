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
               std::vector<std::uint64_t> patterns,
               std::vector<std::vector<TimeWindow>> periodTimeWindows,
               std::vector<std::vector<std::vector<Load>>> patternPickups,
               Cost lateCost,
               Duration maxLateness,
               bool sameTruck,
               Duration arrivalSpread)
    : name(std::move(name)),
      x(x),
      y(y),
      serviceDuration(serviceDuration),
      pickup(std::move(pickup)),
      delivery(std::move(delivery)),
      timeWindows(std::move(timeWindows)),
      releaseTime(releaseTime),
      frequency(frequency),
      patterns(std::move(patterns)),
      periodTimeWindows(std::move(periodTimeWindows)),
      patternPickups(std::move(patternPickups)),
      lateCost(lateCost),
      maxLateness(maxLateness),
      sameTruck(sameTruck),
      arrivalSpread(arrivalSpread)
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
    auto const checkWindows = [&](std::vector<TimeWindow> const &windows, std::string const &what) {
        for (std::size_t idx = 0; idx != windows.size(); ++idx)
        {
            checkWindow(windows[idx], what.c_str(), label);
            if (idx > 0 && windows[idx].early <= windows[idx - 1].late)
                fail(label, ": ", what, "s must be sorted and disjoint, but [", windows[idx].early, ", ",
                     windows[idx].late, "] follows [", windows[idx - 1].early, ", ", windows[idx - 1].late, "]");
        }
    };
    checkWindows(this->timeWindows, "time window");
    for (std::size_t period = 0; period != this->periodTimeWindows.size(); ++period)
        checkWindows(this->periodTimeWindows[period], "period " + std::to_string(period) + " time window");
    if (releaseTime < 0 || releaseTime > kMaxValue)
        fail(label, ": release time ", releaseTime, " is negative or too large");
    if (lateCost < 0 || lateCost > kMaxValue)
        fail(label, ": late cost ", lateCost, " is negative or too large");
    if (maxLateness < 0 || maxLateness > kMaxValue)
        fail(label, ": maximum lateness ", maxLateness, " is negative or too large");
    if (arrivalSpread < 0 || arrivalSpread > kMaxValue)
        fail(label, ": arrival spread ", arrivalSpread, " is negative or too large");
    if (frequency < 1)
        fail(label, ": frequency ", frequency, " must be at least 1");
    for (auto const pattern : this->patterns)
        if (static_cast<std::size_t>(std::popcount(pattern)) != frequency)
            fail(label, ": pattern ", pattern, " has ", std::popcount(pattern), " days, but frequency is ", frequency);
    for (std::size_t k = 0; k != this->patterns.size(); ++k)
        for (std::size_t j = 0; j != k; ++j)
            if (this->patterns[j] == this->patterns[k])
                fail(label, ": pattern ", this->patterns[k], " is listed twice");
    if (!this->patternPickups.empty() && this->patternPickups.size() != this->patterns.size())
        fail(label, ": pattern pickups are given for ", this->patternPickups.size(), " patterns, but it has ",
             this->patterns.size(), " (pattern pickups need the allowed patterns listed)");
    for (auto const &perPeriod : this->patternPickups)
        for (auto const &amounts : perPeriod)
            for (auto const amount : amounts)
                if (amount < 0 || amount > kMaxValue)
                    fail(label, ": pattern pickup amount ", amount, " is negative or too large");
}
}  // namespace milkrun
