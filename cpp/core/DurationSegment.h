#ifndef MILKRUN_DURATIONSEGMENT_H
#define MILKRUN_DURATIONSEGMENT_H

#include "Measure.h"
#include "ProblemData.h"

#include <algorithm>

namespace milkrun
{
// Summary of the timing of a sequence of visits (Vidal et al. 2013): its minimal duration, the time warp
// it cannot avoid, the window [early, late] of start times achieving both, and the latest release time
// of its clients. Two summaries concatenate in O(1), which makes every route move O(1) to evaluate.
// Time-window violation is measured as time warp: arriving late "travels back" to the window's end.
class DurationSegment
{
    Duration duration_ = 0;
    Duration timeWarp_ = 0;
    Duration early_ = 0;
    Duration late_ = kMaxValue;
    Duration release_ = 0;

public:
    DurationSegment() = default;
    DurationSegment(Duration duration, Duration timeWarp, Duration early, Duration late, Duration release)
        : duration_(duration), timeWarp_(timeWarp), early_(early), late_(late), release_(release)
    {
    }

    // A client visit on `period` (its first window there; the search supports one window per client).
    [[nodiscard]] static DurationSegment forClient(Client const &client, std::size_t period = 0)
    {
        auto const &window = client.windows(period).front();
        return {client.serviceDuration, 0, window.early, window.late, client.releaseTime};
    }

    // A start or end depot visit by a vehicle whose shift is the given window.
    [[nodiscard]] static DurationSegment forDepot(Depot const &depot, TimeWindow shift)
    {
        return {0, 0, std::max(depot.window.early, shift.early), std::min(depot.window.late, shift.late), 0};
    }

    // The segment `first` followed by `second`, travelling `edge` time in between.
    [[nodiscard]] static DurationSegment
    merge(Duration edge, DurationSegment const &first, DurationSegment const &second)
    {
        Duration const atSecond = first.duration_ - first.timeWarp_ + edge;
        Duration const extraWait = std::max<Duration>(second.early_ - atSecond - first.late_, 0);
        Duration const extraWarp = std::max<Duration>(first.early_ + atSecond - second.late_, 0);
        return {first.duration_ + second.duration_ + edge + extraWait,
                first.timeWarp_ + second.timeWarp_ + extraWarp,
                std::max(second.early_ - atSecond, first.early_) - extraWait,
                std::min(second.late_ - atSecond, first.late_) + extraWarp,
                std::max(first.release_, second.release_)};
    }

    [[nodiscard]] Duration duration() const { return duration_; }
    [[nodiscard]] Duration early() const { return early_; }
    [[nodiscard]] Duration late() const { return late_; }
    [[nodiscard]] Duration release() const { return release_; }

    // Total time warp of the segment as a whole route: window violations, a release time after the
    // latest feasible start, and duration beyond maxDuration.
    [[nodiscard]] Duration timeWarp(Duration maxDuration = kMaxValue) const
    {
        return timeWarp_ + std::max<Duration>(release_ - late_, 0) + std::max<Duration>(duration_ - maxDuration, 0);
    }

    // Earliest start time achieving the minimal duration, given the release time.
    [[nodiscard]] Duration startTime() const { return std::min(std::max(early_, release_), late_); }
};
}  // namespace milkrun

#endif
