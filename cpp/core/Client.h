#ifndef MILKRUN_CLIENT_H
#define MILKRUN_CLIENT_H

#include "Measure.h"
#include "TimeWindow.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace milkrun
{
// A supplier: goods are picked up there (and, for returnable containers, empties delivered).
struct Client
{
    std::string name;
    double x = 0;
    double y = 0;
    Duration serviceDuration = 0;
    std::vector<Load> pickup;               // one amount per capacity dimension
    std::vector<Load> delivery;             // one amount per dimension; empty means all zero
    std::vector<TimeWindow> timeWindows;    // sorted and disjoint, at least one
    Duration releaseTime = 0;               // earliest time a route serving this client may leave
    std::size_t frequency = 1;              // visits over the horizon
    std::vector<std::uint64_t> patterns;    // allowed visit-day sets (bit p = period p); empty = any
    // Per period, windows that replace timeWindows on that period; empty (or an empty entry) = timeWindows.
    std::vector<std::vector<TimeWindow>> periodTimeWindows;
    // Per allowed pattern, per period, the amount of a visit on that period when the client is visited on
    // that pattern (parts accumulate between visits); empty = `pickup` on every visit. `pickup` should
    // then be the largest visit (what a route serving the client without knowing its pattern reserves).
    std::vector<std::vector<std::vector<Load>>> patternPickups;
    // Soft window: with lateCost > 0, service may start up to maxLateness after the window's end, at
    // lateCost per time unit late (the window's start stays hard: the vehicle waits). 0: a hard window.
    Cost lateCost = 0;
    Duration maxLateness = kMaxValue;
    // Consistency over the visit days (multi-period): served by the same truck (vehicle type and truck
    // number, Solution) on all of them; and its service starting within arrivalSpread of each other.
    bool sameTruck = false;
    Duration arrivalSpread = kMaxValue;

    Client(std::string name,
           double x,
           double y,
           Duration serviceDuration,
           std::vector<Load> pickup,
           std::vector<Load> delivery,
           std::vector<TimeWindow> timeWindows,
           Duration releaseTime,
           std::size_t frequency,
           std::vector<std::uint64_t> patterns,
           std::vector<std::vector<TimeWindow>> periodTimeWindows = {},
           std::vector<std::vector<std::vector<Load>>> patternPickups = {},
           Cost lateCost = 0,
           Duration maxLateness = kMaxValue,
           bool sameTruck = false,
           Duration arrivalSpread = kMaxValue);

    [[nodiscard]] bool consistent() const { return sameTruck || arrivalSpread < kMaxValue; }

    [[nodiscard]] bool softWindow() const { return lateCost > 0; }
    // The latest service start on `period` (hard limit): the window's end, plus maxLateness if soft.
    [[nodiscard]] Duration latestStart(std::size_t period) const
    {
        auto const late = windows(period).front().late;
        return softWindow() ? std::min(late + maxLateness, kMaxValue) : late;
    }

    // The amount of a visit on `period` when the client is visited on the days of `days`: its pattern
    // pickup for that pattern, or `pickup` when it has none or `days` is not an allowed pattern.
    [[nodiscard]] std::vector<Load> const &pickupFor(std::uint64_t days, std::size_t period) const
    {
        if (!patternPickups.empty())
            for (std::size_t k = 0; k != patterns.size(); ++k)
                if (patterns[k] == days && period < patternPickups[k].size() && !patternPickups[k][period].empty())
                    return patternPickups[k][period];
        return pickup;
    }

    // The windows of a visit on `period`.
    [[nodiscard]] std::vector<TimeWindow> const &windows(std::size_t period) const
    {
        return period < periodTimeWindows.size() && !periodTimeWindows[period].empty() ? periodTimeWindows[period]
                                                                                        : timeWindows;
    }
};
}  // namespace milkrun

#endif
