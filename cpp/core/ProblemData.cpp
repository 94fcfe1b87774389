#include "ProblemData.h"

#include "Validation.h"

#include <algorithm>
#include <unordered_map>

namespace milkrun
{
using namespace validation;

ProblemData::ProblemData(std::string name,
                         std::vector<std::string> dimensions,
                         std::vector<Depot> depots,
                         std::vector<Client> clients,
                         std::vector<VehicleType> vehicleTypes,
                         std::vector<Period> periods,
                         std::vector<Matrix<Distance>> distance,
                         std::vector<Matrix<Duration>> duration,
                         Scaling scaling)
    : name_(std::move(name)),
      dimensions_(std::move(dimensions)),
      depots_(std::move(depots)),
      clients_(std::move(clients)),
      vehicleTypes_(std::move(vehicleTypes)),
      periods_(std::move(periods)),
      distance_(std::move(distance)),
      duration_(std::move(duration)),
      scaling_(scaling)
{
    validate();
    hasDocks_ = std::any_of(depots_.begin(), depots_.end(), [](Depot const &depot) { return depot.docks > 0; });
    hasSoftWindows_ = std::any_of(clients_.begin(), clients_.end(), [](Client const &c) { return c.softWindow(); });
    hasBreaks_ = std::any_of(vehicleTypes_.begin(), vehicleTypes_.end(), [](VehicleType const &t) { return t.hasBreak(); });
    hasConsistency_ = std::any_of(clients_.begin(), clients_.end(), [](Client const &c) { return c.consistent(); });
    checkCostRange();  // after validate(): it reads every type's matrices
    indexAccessRestrictions();
}

void ProblemData::validate() const
{
    auto const dims = dimensions_.size();
    if (dims == 0 || dims > kMaxDimensions)
        fail("dimensions: need between 1 and ", kMaxDimensions, " capacity dimensions, got ", dims);
    for (std::size_t i = 0; i != dims; ++i)
        for (std::size_t j = 0; j != i; ++j)
            if (dimensions_[i] == dimensions_[j])
                fail("dimensions: name '", dimensions_[i], "' appears twice");
    if (depots_.empty())
        fail("depots: at least one depot is needed");
    if (vehicleTypes_.empty())
        fail("vehicle_types: at least one vehicle type is needed");
    if (periods_.empty() || periods_.size() > 64)
        fail("periods: need between 1 and 64 periods, got ", periods_.size());
    // Integer units per source unit: positive and finite, and not so small that converting back overflows.
    auto const badFactor = [](double factor) { return !(factor >= 1e-9 && factor <= 1e15); };
    if (badFactor(scaling_.distance) || badFactor(scaling_.duration) || badFactor(scaling_.cost))
        fail("scaling: factors must be between 1e-9 and 1e15, got distance=", scaling_.distance,
             " duration=", scaling_.duration, " cost=", scaling_.cost);

    auto const numLocs = numLocations();
    if (distance_.empty() || distance_.size() != duration_.size())
        fail("travel profiles: need as many duration matrices as distance matrices (at least one), got ",
             distance_.size(), " distance and ", duration_.size(), " duration matrices");
    for (std::size_t profile = 0; profile != distance_.size(); ++profile)
    {
        auto const where = distance_.size() == 1 ? std::string() : " of profile " + std::to_string(profile);
        auto const &dist = distance_[profile];
        auto const &dur = duration_[profile];
        if (dist.size() != numLocs)
            fail("distance matrix", where, ": is ", dist.size(), "x", dist.size(), " but there are ", numLocs,
                 " locations (depots and clients)");
        if (dur.size() != numLocs)
            fail("duration matrix", where, ": is ", dur.size(), "x", dur.size(), " but there are ", numLocs,
                 " locations (depots and clients)");
        for (std::size_t i = 0; i != numLocs; ++i)
            for (std::size_t j = 0; j != numLocs; ++j)
            {
                if (dist(i, j) < 0 || dist(i, j) > kMaxValue)
                    fail("distance matrix", where, ": entry (", i, ", ", j, ") = ", dist(i, j),
                         " is negative or too large");
                if (dur(i, j) < 0 || dur(i, j) > kMaxValue)
                    fail("duration matrix", where, ": entry (", i, ", ", j, ") = ", dur(i, j),
                         " is negative or too large");
            }
    }

    for (auto const &type : vehicleTypes_)
    {
        auto const label = typeLabel(type.name);
        if (type.capacity.size() != dims)
            fail(label, ": capacity has ", type.capacity.size(), " values but there are ", dims, " dimensions");
        if (type.startDepot >= depots_.size())
            fail(label, ": start depot ", type.startDepot, " does not exist (", depots_.size(), " depots)");
        if (type.endDepot >= depots_.size())
            fail(label, ": end depot ", type.endDepot, " does not exist (", depots_.size(), " depots)");
        if (type.profile >= distance_.size())
            fail(label, ": travel profile ", type.profile, " does not exist (", distance_.size(), " profiles)");
        for (auto const depot : type.reloadDepots)
        {
            if (depot >= depots_.size())
                fail(label, ": reload depot ", depot, " does not exist (", depots_.size(), " depots)");
            if (depot >= kMaxReloadDepots)
                fail(label, ": reload depot ", depot, ": reloads are possible at the first ", kMaxReloadDepots,
                     " depots only");
        }
        for (auto const depot : {type.startDepot, type.endDepot})
        {
            auto const &window = depots_[depot].window;
            if (type.shift.late < window.early || type.shift.early > window.late)
                fail(label, ": shift [", type.shift.early, ", ", type.shift.late, "] does not overlap the opening hours [",
                     window.early, ", ", window.late, "] of depot '", depots_[depot].name, "'");
        }
    }

    for (auto const &period : periods_)
        if (!period.numAvailable.empty() && period.numAvailable.size() != vehicleTypes_.size())
            fail("period '", period.name, "': vehicle availability has ", period.numAvailable.size(),
                 " values but there are ", vehicleTypes_.size(), " vehicle types");

    std::uint64_t const allPeriods
        = periods_.size() == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << periods_.size()) - 1;
    for (auto const &client : clients_)
    {
        auto const label = clientLabel(client.name);
        if (client.pickup.size() != dims)
            fail(label, ": pickup has ", client.pickup.size(), " values but there are ", dims, " dimensions");
        if (!client.delivery.empty() && client.delivery.size() != dims)
            fail(label, ": delivery has ", client.delivery.size(), " values but there are ", dims, " dimensions");
        if (client.frequency > periods_.size())
            fail(label, ": frequency ", client.frequency, " exceeds the ", periods_.size(), " periods");
        for (std::size_t k = 0; k != client.patternPickups.size(); ++k)
        {
            auto const &perPeriod = client.patternPickups[k];
            if (perPeriod.size() != periods_.size())
                fail(label, ": pattern pickups of pattern ", k, " have ", perPeriod.size(), " periods, but there are ",
                     periods_.size());
            for (std::size_t p = 0; p != perPeriod.size(); ++p)
                if ((client.patterns[k] >> p & 1U) != 0 && perPeriod[p].size() != dims)
                    fail(label, ": pattern pickups of pattern ", k, " in period ", p, " have ", perPeriod[p].size(),
                         " values but there are ", dims, " dimensions");
        }
        if (client.periodTimeWindows.size() > periods_.size())
            fail(label, ": period time windows are given for ", client.periodTimeWindows.size(), " periods, but there are ",
                 periods_.size());
        for (auto const pattern : client.patterns)
            if ((pattern & ~allPeriods) != 0)
                fail(label, ": pattern ", pattern, " uses a period beyond the ", periods_.size(), " periods");
    }
}

void ProblemData::indexAccessRestrictions()
{
    reloadMask_.assign(vehicleTypes_.size(), 0);
    for (std::size_t t = 0; t != vehicleTypes_.size(); ++t)
        for (auto const depot : vehicleTypes_[t].reloadDepots)  // validated: depot < kMaxReloadDepots
            reloadMask_[t] |= std::uint64_t{1} << depot;
    hasReloads_ = std::any_of(reloadMask_.begin(), reloadMask_.end(), [](std::uint64_t mask) { return mask != 0; });

    forbiddenTypes_.assign(numLocations(), 0);
    accessBit_.assign(vehicleTypes_.size(), kNoAccessBit);
    std::unordered_map<std::string, std::size_t> locationOf;
    for (std::size_t idx = 0; idx != clients_.size(); ++idx)
        if (!locationOf.emplace(clients_[idx].name, idx + depots_.size()).second)
            fail(clientLabel(clients_[idx].name), ": the name is used by more than one client");

    std::size_t restricted = 0;
    for (std::size_t t = 0; t != vehicleTypes_.size(); ++t)
    {
        auto const &type = vehicleTypes_[t];
        if (type.forbiddenClients.empty())
            continue;
        auto const label = typeLabel(type.name);
        if (restricted == kMaxRestrictedTypes)
            fail(label, ": at most ", kMaxRestrictedTypes, " vehicle types may have forbidden clients");
        accessBit_[t] = restricted++;
        for (auto const &name : type.forbiddenClients)
        {
            auto const it = locationOf.find(name);
            if (it == locationOf.end())
                fail(label, ": forbidden client '", name, "' does not exist");
            forbiddenTypes_[it->second] |= std::uint64_t{1} << accessBit_[t];
        }
    }

    auto const dims = dimensions_.size();
    for (std::size_t idx = 0; idx != clients_.size(); ++idx)
    {
        auto const &client = clients_[idx];
        auto const loc = idx + depots_.size();
        bool allowed = false;
        bool fits = false;
        for (std::size_t t = 0; t != vehicleTypes_.size(); ++t)
        {
            if (!mayServe(t, loc))
                continue;
            allowed = true;
            auto const &type = vehicleTypes_[t];
            bool typeFits = true;
            for (std::size_t d = 0; d != dims; ++d)
            {
                auto const del = client.delivery.empty() ? 0 : client.delivery[d];
                typeFits = typeFits && client.pickup[d] <= type.capacity[d] && del <= type.capacity[d];
            }
            fits = fits || typeFits;
        }
        if (!allowed)
            fail(clientLabel(client.name), ": every vehicle type lists it as a forbidden client");
        // With pattern pickups, `pickup` need not fit: some pattern must have every visit fit some type.
        auto const amountFits = [&](std::vector<Load> const &amounts) {
            for (std::size_t t = 0; t != vehicleTypes_.size(); ++t)
            {
                if (!mayServe(t, loc))
                    continue;
                bool ok = true;
                for (std::size_t d = 0; d != dims && ok; ++d)
                {
                    auto const del = client.delivery.empty() ? 0 : client.delivery[d];
                    ok = amounts[d] <= vehicleTypes_[t].capacity[d] && del <= vehicleTypes_[t].capacity[d];
                }
                if (ok)
                    return true;
            }
            return false;
        };
        for (std::size_t k = 0; k != client.patternPickups.size() && !fits; ++k)
        {
            bool all = true;
            for (std::size_t p = 0; p != periods_.size() && all; ++p)
                if ((client.patterns[k] >> p & 1U) != 0)
                    all = amountFits(client.patternPickups[k][p]);
            fits = all;
        }
        if (!fits)
            fail(clientLabel(client.name), ": its load exceeds the capacity of every vehicle type",
                 forbiddenTypes_[loc] != 0 ? " allowed to serve it" : "");
    }
}

ProblemData ProblemData::withVehicleTypes(std::vector<VehicleType> vehicleTypes) const
{
    return {name_, dimensions_, depots_, clients_, std::move(vehicleTypes), periods_, distance_, duration_, scaling_};
}

std::size_t ProblemData::numAvailable(std::size_t period, std::size_t vehicleType) const
{
    auto const &avail = periods_[period].numAvailable;
    return avail.empty() ? vehicleTypes_[vehicleType].numAvailable : avail[vehicleType];
}
void ProblemData::checkCostRange() const
{
    // Costs are exact 64-bit integers. Bound the cost of a whole plan -- every visit on a route of its
    // own (at most one route per visit, each of two arcs; waiting at most until the latest time anything
    // opens: a client window on any period, a plant, a shift, a release) -- per vehicle type, and refuse
    // data whose plans could come near overflow (penalties for infeasible plans need room above it too).
    long double n = 0, service = 0, latestOpen = 0;  // n: visits over the horizon
    auto const opens = [&](Duration early) { latestOpen = std::max(latestOpen, static_cast<long double>(early)); };
    for (auto const &client : clients_)
    {
        n += static_cast<long double>(client.frequency);
        service += static_cast<long double>(client.frequency) * static_cast<long double>(client.serviceDuration);
        opens(client.releaseTime);
        for (auto const &window : client.timeWindows)
            opens(window.early);
        for (auto const &windows : client.periodTimeWindows)
            for (auto const &window : windows)
                opens(window.early);
    }
    Duration reloadService = 0;  // a trip has a client, so a plan has at most n reload stops
    Duration unload = 0;
    for (auto const &depot : depots_)
    {
        opens(depot.window.early);
        reloadService = std::max(reloadService, depot.serviceDuration);
        unload = std::max(unload, depot.unloadDuration);
    }
    Duration breaks = 0;
    for (auto const &type : vehicleTypes_)
    {
        opens(type.shift.early);
        breaks = std::max(breaks, type.breakDuration);
    }
    service += n * static_cast<long double>(reloadService + breaks);
    // Waiting at a plant's gate for a free dock: at most every other truck's dock time of the day.
    if (hasDocks_)
        service += n * static_cast<long double>(reloadService + unload);

    std::vector<Distance> maxArc(distance_.size(), 0);  // per travel profile
    std::vector<Duration> maxTravel(duration_.size(), 0);
    for (std::size_t profile = 0; profile != distance_.size(); ++profile)
        for (std::size_t i = 0; i != distance_[profile].size(); ++i)
            for (std::size_t j = 0; j != distance_[profile].size(); ++j)
            {
                maxArc[profile] = std::max(maxArc[profile], distance_[profile](i, j));
                maxTravel[profile] = std::max(maxTravel[profile], duration_[profile](i, j));
            }

    for (auto const &type : vehicleTypes_)
    {
        long double const distance = 2 * n * static_cast<long double>(maxArc[type.profile]);
        long double const duration
            = 2 * n * static_cast<long double>(maxTravel[type.profile]) + service + n * latestOpen;
        long double lateness = 0;  // soft windows: each visit late by at most maxLateness, or the whole day
        for (auto const &client : clients_)
            lateness += static_cast<long double>(client.frequency) * static_cast<long double>(client.lateCost)
                        * std::min(static_cast<long double>(client.maxLateness), duration + latestOpen);
        long double const bound = lateness + n * static_cast<long double>(type.fixedCost)
                                  + static_cast<long double>(type.unitDistanceCost) * distance
                                  + static_cast<long double>(type.unitDurationCost) * duration;
        if (bound > static_cast<long double>(kMaxPlanCost))
            fail(typeLabel(type.name), ": with these costs per unit and these distances and times a plan could cost up "
                 "to ", static_cast<double>(bound), ", beyond the ", static_cast<double>(kMaxPlanCost),
                 " the solver computes exactly: use coarser units (scale costs, distances or times down)");
    }
}
}  // namespace milkrun
