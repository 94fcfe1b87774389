#include "Segment.h"

namespace milkrun::search
{
SegmentOps::SegmentOps(ProblemData const &data, std::size_t period)
    : data_(&data), dims_(data.numDimensions()), visit_(std::make_shared<std::vector<Segment>>(data.numLocations()))
{
    for (auto &seg : *visit_)
        seg = blank();
    for (std::size_t loc = data.numDepots(); loc != data.numLocations(); ++loc)
    {
        auto const &client = data.location(loc);
        auto &seg = (*visit_)[loc];
        seg.first = seg.last = loc;
        seg.forbiddenTypes = data.forbiddenTypes(loc);
        seg.duration = DurationSegment::forClient(client, period);
        if (client.arrivalSpread < kMaxValue && client.frequency > 1)
        {
            // The search steers a client with an arrival spread into the first part of its window: from
            // the latest opening of its windows over the days (or the earliest a truck can be there, if
            // later), as long as the spread. Plans are checked against the spread itself (Solution);
            // this keeps the search near plans that keep it.
            Duration reach = kMaxValue;
            for (auto const &type : data.vehicleTypes())
                reach = std::min(reach, std::max(data.depots()[type.startDepot].window.early, type.shift.early)
                                            + data.duration(type.startDepot, loc, type.profile));
            Duration anchor = reach;
            for (std::size_t p = 0; p != data.numPeriods(); ++p)
                anchor = std::max(anchor, client.windows(p).front().early);
            auto const &window = client.windows(period).front();
            auto const late = std::min(window.late, anchor + client.arrivalSpread);
            if (late >= window.early)
                seg.duration = DurationSegment(client.serviceDuration, 0, window.early, late, client.releaseTime);
        }
        // A single-day pattern on this period fixes the amount; other visits get theirs when planned.
        auto const &pickup = client.pickupFor(std::uint64_t{1} << period, period);
        for (std::size_t d = 0; d != dims_; ++d)
            seg.load[d] = LoadSegment::forVisit(client.delivery.empty() ? 0 : client.delivery[d], pickup[d]);
    }
    for (std::size_t depot = 0; depot != std::min(data.numDepots(), ProblemData::kMaxReloadDepots); ++depot)
    {
        auto &seg = (*visit_)[depot];  // a reload stop
        seg.first = seg.last = depot;
        seg.duration = DurationSegment::forReload(data.depots()[depot]);
        seg.reloadDepots = std::uint64_t{1} << depot;
        seg.numReloads = 1;
        for (std::size_t d = 0; d != dims_; ++d)
            seg.load[d] = LoadSegment::forReload();
    }
}

Segment SegmentOps::visitWithPickup(std::size_t loc, std::vector<Load> const &pickup) const
{
    auto const &client = data_->location(loc);
    Segment seg = (*visit_)[loc];
    for (std::size_t d = 0; d != dims_; ++d)
        seg.load[d] = LoadSegment::forVisit(client.delivery.empty() ? 0 : client.delivery[d], pickup[d]);
    return seg;
}

Segment SegmentOps::blank() const
{
    Segment seg;
    seg.dims = dims_;
    for (std::size_t d = 0; d != dims_; ++d)
        seg.load[d] = LoadSegment{};
    return seg;
}

Segment SegmentOps::startDepot(VehicleType const &type) const
{
    Segment seg = blank();
    seg.first = seg.last = type.startDepot;
    seg.duration = DurationSegment::forDepot(data_->depots()[type.startDepot], type.shift);
    return seg;
}

Segment SegmentOps::endDepot(VehicleType const &type) const
{
    Segment seg = blank();
    seg.first = seg.last = type.endDepot;
    seg.duration = DurationSegment::forDepot(data_->depots()[type.endDepot], type.shift);
    if (type.hasBreak())
    {
        // The search steers as if every route took its driver's break just before the end: it lasts the
        // break longer and returns the break earlier. (Plans are costed with the break where it falls,
        // Schedule.h; a route back before the break is due takes none.)
        auto const late = std::max(seg.duration.late() - type.breakDuration, seg.duration.early());
        seg.duration = DurationSegment(type.breakDuration, 0, seg.duration.early(), late, 0);
    }
    return seg;
}
}  // namespace milkrun::search
