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
//
// Multi-trip routes. A reload stop at a depot ends a trip; a client's release time constrains the
// departure of its own trip only (the start of the route, or the reload stop before it). A segment that
// contains reload stops therefore keeps two timings: `head`, from its first visit up to and including the
// departure from its last reload stop (the trips closed inside it resolved), and `tail`, the visits after
// that departure, whose release `tailRelease` is not known to be complete yet (later visits may join the
// trip). `release` is then the release of the visits before the first reload stop, whose trip starts
// before the segment. Resolving applies tailRelease as the earliest departure of the tail. All O(1).
class DurationSegment
{
    struct Timing  // duration, unavoidable time warp and window of start times of a piece
    {
        Duration duration = 0;
        Duration timeWarp = 0;
        Duration early = 0;
        Duration late = kMaxValue;
    };

    Timing head_;  // the whole segment when it has no reload stop
    Timing tail_;
    Duration release_ = 0;
    Duration tailRelease_ = 0;
    bool reloads_ = false;

    [[nodiscard]] static Timing merge(Duration edge, Timing const &first, Timing const &second)
    {
        Duration const atSecond = first.duration - first.timeWarp + edge;
        Duration const extraWait = std::max<Duration>(second.early - atSecond - first.late, 0);
        Duration const extraWarp = std::max<Duration>(first.early + atSecond - second.late, 0);
        return {first.duration + second.duration + edge + extraWait,
                first.timeWarp + second.timeWarp + extraWarp,
                std::max(second.early - atSecond, first.early) - extraWait,
                std::min(second.late - atSecond, first.late) + extraWarp};
    }

    // The tail departing no earlier than `release` (a zero-length visit with window [release, inf) first).
    [[nodiscard]] static Timing released(Timing const &tail, Duration release)
    {
        return merge(0, {0, 0, release, kMaxValue}, tail);
    }

    // head, then the tail with its release applied; the edge into the tail is part of the tail.
    [[nodiscard]] Timing resolved() const
    {
        return reloads_ ? merge(0, head_, released(tail_, tailRelease_)) : head_;
    }

public:
    DurationSegment() = default;
    DurationSegment(Duration duration, Duration timeWarp, Duration early, Duration late, Duration release)
        : head_{duration, timeWarp, early, late}, release_(release)
    {
    }

    // A client visit on `period` (its first window there; the search supports one window per client).
    // A soft window ends at its hard limit (Client::latestStart) with `soft`, else at its end: the search
    // steers by the window's end and counts arriving after it as time warp, while plans are costed with
    // the lateness priced (Schedule.h).
    [[nodiscard]] static DurationSegment forClient(Client const &client, std::size_t period = 0, bool soft = false)
    {
        auto const &window = client.windows(period).front();
        auto const late = soft ? client.latestStart(period) : window.late;
        return {client.serviceDuration, 0, window.early, late, client.releaseTime};
    }

    // A start or end depot visit by a vehicle whose shift is the given window.
    [[nodiscard]] static DurationSegment forDepot(Depot const &depot, TimeWindow shift)
    {
        return {0, 0, std::max(depot.window.early, shift.early), std::min(depot.window.late, shift.late), 0};
    }

    // A reload stop at `depot` within a route: its service (unloading and loading) starts within the dock
    // hours, and the next trip leaves after it.
    [[nodiscard]] static DurationSegment forReload(Depot const &depot)
    {
        DurationSegment seg(depot.serviceDuration, 0, depot.window.early, depot.window.late, 0);
        seg.reloads_ = true;
        return seg;
    }

    // The segment `first` followed by `second`, travelling `edge` time in between.
    [[nodiscard]] static DurationSegment
    merge(Duration edge, DurationSegment const &first, DurationSegment const &second)
    {
        DurationSegment seg;
        if (!first.reloads_ && !second.reloads_)
        {
            seg.head_ = merge(edge, first.head_, second.head_);
            seg.release_ = std::max(first.release_, second.release_);
            return seg;
        }
        seg.reloads_ = true;
        if (!first.reloads_)  // first joins the trip that ends at second's first reload stop
        {
            seg.head_ = merge(edge, first.head_, second.head_);
            seg.release_ = std::max(first.release_, second.release_);
            seg.tail_ = second.tail_;
            seg.tailRelease_ = second.tailRelease_;
            return seg;
        }
        seg.head_ = first.head_;
        seg.release_ = first.release_;
        if (!second.reloads_)  // second extends first's last trip
        {
            seg.tail_ = merge(edge, first.tail_, second.head_);
            seg.tailRelease_ = std::max(first.tailRelease_, second.release_);
            return seg;
        }
        // first's last trip ends at second's first reload stop: it is complete, so its release applies.
        auto const trip = released(merge(edge, first.tail_, second.head_),
                                   std::max(first.tailRelease_, second.release_));
        seg.head_ = merge(0, first.head_, trip);
        seg.tail_ = second.tail_;
        seg.tailRelease_ = second.tailRelease_;
        return seg;
    }

    [[nodiscard]] Duration duration() const { return resolved().duration; }
    [[nodiscard]] Duration early() const { return resolved().early; }
    [[nodiscard]] Duration late() const { return resolved().late; }
    // Release time of the visits before the first reload stop (of all visits when there is none).
    [[nodiscard]] Duration release() const { return release_; }
    [[nodiscard]] bool hasReload() const { return reloads_; }

    // Total time warp of the segment as a whole route: window violations, a release time after the
    // latest feasible start, and duration beyond maxDuration.
    [[nodiscard]] Duration timeWarp(Duration maxDuration = kMaxValue) const
    {
        auto const all = resolved();
        return all.timeWarp + std::max<Duration>(release_ - all.late, 0)
               + std::max<Duration>(all.duration - maxDuration, 0);
    }

    // Earliest start time achieving the minimal duration, given the release time.
    [[nodiscard]] Duration startTime() const
    {
        auto const all = resolved();
        return std::min(std::max(all.early, release_), all.late);
    }
};
}  // namespace milkrun

#endif
