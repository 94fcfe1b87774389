#include "Route.h"

#include <algorithm>

namespace milkrun::search
{
Route::Route(SegmentOps const &ops, std::size_t vehicleType, std::size_t period)
    : ops_(&ops), vehicleType_(vehicleType), period_(period)
{
    auto const &vt = type();
    startDepot_ = ops.startDepot(vt);
    endDepot_ = ops.endDepot(vt);
    nodes_ = {vt.startDepot, vt.endDepot};
    update();
}

void Route::setClients(std::vector<std::size_t> const &clients)
{
    nodes_.resize(1);
    nodes_.insert(nodes_.end(), clients.begin(), clients.end());
    nodes_.push_back(type().endDepot);
}

void Route::dropEmptyTrips()
{
    // A reload stop at the same depot as the node before or after it (the start, the end or another reload
    // stop) adds a trip of length zero: dropping it removes a service and a window and never delays
    // anything, so it never makes the route worse. (A reload stop at another depot is a real stop: the
    // truck drives there, unloads and leaves from there.) A route without clients is empty.
    auto const numDepots = ops_->data().numDepots();
    bool const anyClient
        = std::any_of(nodes_.begin() + 1, nodes_.end() - 1, [&](std::size_t loc) { return loc >= numDepots; });
    std::size_t kept = 1;
    for (std::size_t pos = 1; pos + 1 < nodes_.size(); ++pos)
    {
        auto const loc = nodes_[pos];
        bool const reload = loc < numDepots;
        if (reload && (!anyClient || nodes_[kept - 1] == loc || nodes_[pos + 1] == loc))
            continue;
        nodes_[kept++] = loc;
    }
    nodes_[kept++] = nodes_.back();
    nodes_.resize(kept);
}

void Route::update()
{
    if (ops_->data().hasReloads())
        dropEmptyTrips();
    auto const n = nodes_.size();
    before_.resize(n);
    after_.resize(n);
    before_[0] = startDepot_;
    for (std::size_t pos = 1; pos + 1 < n; ++pos)
        before_[pos] = ops_->merge(before_[pos - 1], ops_->visit(nodes_[pos]));
    before_[n - 1] = ops_->merge(before_[n - 2], endDepot_);

    after_[n - 1] = endDepot_;
    for (std::size_t pos = n - 2; pos >= 1; --pos)
        after_[pos] = ops_->merge(ops_->visit(nodes_[pos]), after_[pos + 1]);
    after_[0] = ops_->merge(startDepot_, after_[1]);
    if (ce_ != nullptr)
        cost_ = costOf(before_.back(), size(), *ce_);
}

Segment Route::range(std::size_t from, std::size_t to) const
{
    if (from == 0)
        return before_[to];
    if (to == nodes_.size() - 1)
        return after_[from];
    Segment seg = ops_->visit(nodes_[from]);
    for (std::size_t pos = from + 1; pos <= to; ++pos)
        seg = ops_->merge(seg, ops_->visit(nodes_[pos]));
    return seg;
}

Segment Route::rangeFor(std::size_t from, std::size_t to, Route const &target) const
{
    if (ops_->sameAs(*target.ops_))
        return range(from, to);
    auto const &ops = *target.ops_;  // its profile, and its capacity for the trips
    auto const piece = [&](std::size_t pos) {
        if (pos == 0)
            return startDepot_;
        return pos == nodes_.size() - 1 ? endDepot_ : ops.visit(nodes_[pos]);
    };
    Segment seg = piece(from);
    for (std::size_t pos = from + 1; pos <= to; ++pos)
        seg = ops.merge(seg, piece(pos));
    return seg;
}

Segment Route::tailFor(std::size_t from, Route const &target) const
{
    if (target.vehicleType_ == vehicleType_)
        return after_[from];
    if (from > size())
        return target.endDepot_;
    return target.ops_->merge(rangeFor(from, size(), target), target.endDepot_);
}

void Route::setCostEvaluator(CostEvaluator const *ce)
{
    ce_ = ce;
    cost_ = costOf(before_.back(), size(), *ce_);
}
}  // namespace milkrun::search
