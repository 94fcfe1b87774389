#ifndef MILKRUN_SEARCH_SEGMENT_H
#define MILKRUN_SEARCH_SEGMENT_H

#include "../core/CostEvaluator.h"
#include "../core/DurationSegment.h"
#include "../core/LoadSegment.h"
#include "../core/ProblemData.h"

#include <algorithm>
#include <array>
#include <memory>
#include <vector>

namespace milkrun::search
{
// Summary of consecutive visits (first and last location, distance, timing, load per dimension).
//
// Only the first `dims` entries of `load` are set and read: copies copy just those (a segment is copied
// on every move evaluated; the whole array of kMaxDimensions would be most of the bytes), and a
// default-constructed segment leaves them uninitialised (dims 0) until it is assigned.
struct Segment
{
    std::size_t first = 0;
    std::size_t last = 0;
    Distance distance = 0;
    DurationSegment duration;
    std::uint64_t forbiddenTypes = 0;  // restricted types (ProblemData::accessBit) barred from some client
    std::uint64_t reloadDepots = 0;    // bit d: a reload stop at depot d
    std::size_t numReloads = 0;
    std::size_t dims = 0;
    std::array<LoadSegment, kMaxDimensions> load;  // [0, dims) set

    Segment() = default;
    Segment(Segment const &other) { *this = other; }
    Segment &operator=(Segment const &other)
    {
        first = other.first;
        last = other.last;
        distance = other.distance;
        duration = other.duration;
        forbiddenTypes = other.forbiddenTypes;
        reloadDepots = other.reloadDepots;
        numReloads = other.numReloads;
        dims = other.dims;
        std::copy_n(other.load.begin(), other.dims, load.begin());
        return *this;
    }
};

// Builds and concatenates segments for one problem, period, travel profile and capacity (the capacity
// closes the trips of multi-trip routes). Concatenation is O(dimensions); a route's penalised cost is a
// function of the segment of the whole route, depots included. A visit's segment does not depend on the
// profile or capacity; segments of several visits do (the travel between, the trips). A depot location
// in the middle of a route is a reload stop there; visit(depot) is its segment.
class SegmentOps
{
    ProblemData const *data_;
    std::size_t dims_;
    std::size_t profile_ = 0;
    std::array<Load, kMaxDimensions> capacity_{};
    std::shared_ptr<std::vector<Segment>> visit_;  // singleton segment of each client location, shared by the
                                                   // ops of all profiles of a period (see withProfile)

public:
    // Client visits take their time windows of `period`; travel is on profile 0.
    explicit SegmentOps(ProblemData const &data, std::size_t period = 0);

    // The same period's ops on another travel profile, sharing the visit segments (setPickup on either
    // changes both).
    [[nodiscard]] SegmentOps withProfile(std::size_t profile) const
    {
        SegmentOps ops = *this;
        ops.profile_ = profile;
        return ops;
    }

    // The same period's ops for the routes of a vehicle type: its profile and its capacity.
    [[nodiscard]] SegmentOps forType(VehicleType const &type) const
    {
        SegmentOps ops = withProfile(type.profile);
        std::copy(type.capacity.begin(), type.capacity.end(), ops.capacity_.begin());
        return ops;
    }

    // Whether segments built by `other` are the same as by this (same profile, and same capacity where
    // routes can have several trips).
    [[nodiscard]] bool sameAs(SegmentOps const &other) const
    {
        return profile_ == other.profile_ && (!data_->hasReloads() || capacity_ == other.capacity_);
    }

    [[nodiscard]] ProblemData const &data() const { return *data_; }
    [[nodiscard]] std::size_t dims() const { return dims_; }
    [[nodiscard]] std::size_t profile() const { return profile_; }
    [[nodiscard]] Segment const &visit(std::size_t loc) const { return (*visit_)[loc]; }
    // The visit segment of `loc` with another pickup amount (pattern pickups), and making it the one used.
    [[nodiscard]] Segment visitWithPickup(std::size_t loc, std::vector<Load> const &pickup) const;
    void setPickup(std::size_t loc, std::vector<Load> const &pickup) { (*visit_)[loc] = visitWithPickup(loc, pickup); }
    // A segment of no visit with every load dimension zero (what a depot at either end is, as load).
    [[nodiscard]] Segment blank() const;
    [[nodiscard]] Segment startDepot(VehicleType const &type) const;
    [[nodiscard]] Segment endDepot(VehicleType const &type) const;

    [[nodiscard]] Segment merge(Segment const &a, Segment const &b) const
    {
        Segment s;
        s.dims = dims_;
        s.first = a.first;
        s.last = b.last;
        s.forbiddenTypes = a.forbiddenTypes | b.forbiddenTypes;
        s.reloadDepots = a.reloadDepots | b.reloadDepots;
        s.numReloads = a.numReloads + b.numReloads;
        s.distance = a.distance + data_->dist(a.last, b.first, profile_) + b.distance;
        s.duration = DurationSegment::merge(data_->duration(a.last, b.first, profile_), a.duration, b.duration);
        for (std::size_t d = 0; d != dims_; ++d)
            s.load[d] = LoadSegment::merge(a.load[d], b.load[d], capacity_[d]);
        return s;
    }

    template <typename... Rest>
    [[nodiscard]] Segment merge(Segment const &a, Segment const &b, Rest const &...rest) const
    {
        return merge(merge(a, b), rest...);
    }

    // Whether a vehicle of type index `vehicleType` may serve every client of the segment.
    [[nodiscard]] bool mayServe(Segment const &seg, std::size_t vehicleType) const
    {
        auto const bit = data_->accessBit(vehicleType);
        return bit == ProblemData::kNoAccessBit || !((seg.forbiddenTypes >> bit) & 1U);
    }

    // Whether a vehicle of type index `vehicleType` may make the segment's reload stops.
    [[nodiscard]] bool mayReload(Segment const &seg, std::size_t vehicleType) const
    {
        return seg.numReloads == 0
               || ((seg.reloadDepots & ~data_->reloadMask(vehicleType)) == 0
                   && seg.numReloads <= data_->vehicleTypes()[vehicleType].maxReloads);
    }

    // Penalised cost of a whole (non-empty) route, depots included, served by type index `vehicleType`;
    // a route with a client that type may not serve, or reload stops it may not make, costs
    // kAccessPenalty more.
    [[nodiscard]] Cost cost(Segment const &route, std::size_t vehicleType, CostEvaluator const &ce) const
    {
        auto const &type = data_->vehicleTypes()[vehicleType];
        Cost const access = mayServe(route, vehicleType) && mayReload(route, vehicleType) ? 0 : kAccessPenalty;
        std::array<Load, kMaxDimensions> excess{};
        for (std::size_t d = 0; d != dims_; ++d)
            excess[d] = route.load[d].excess(type.capacity[d]);
        return access + ce.penalisedCost(type, route.distance, route.duration.duration(),
                                         route.duration.timeWarp(type.maxDuration), excess.data(), dims_);
    }
};
}  // namespace milkrun::search

#endif
