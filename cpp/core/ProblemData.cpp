#include "ProblemData.h"

#include <bit>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace milkrun
{
namespace
{
template <typename... Parts> [[noreturn]] void fail(Parts const &...parts)
{
    std::ostringstream out;
    (out << ... << parts);
    throw std::invalid_argument(out.str());
}

void checkWindow(TimeWindow const &window, char const *what, std::string const &owner)
{
    if (window.early < 0 || window.late > kMaxValue)
        fail(owner, ": ", what, " [", window.early, ", ", window.late, "] is outside [0, ", kMaxValue, "]");
    if (window.early > window.late)
        fail(owner, ": ", what, " [", window.early, ", ", window.late, "] closes before it opens");
}

void checkCoordinates(double x, double y, std::string const &owner)
{
    if (!std::isfinite(x) || !std::isfinite(y))
        fail(owner, ": coordinates (", x, ", ", y, ") are not finite");
}

std::string clientLabel(std::string const &name) { return "client '" + name + "'"; }
std::string typeLabel(std::string const &name) { return "vehicle type '" + name + "'"; }
}  // namespace

Depot::Depot(std::string name, double x, double y, TimeWindow window)
    : name(std::move(name)), x(x), y(y), window(window)
{
    std::string const label = "depot '" + this->name + "'";
    checkCoordinates(x, y, label);
    checkWindow(window, "time window", label);
}

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

VehicleType::VehicleType(std::string name,
                         std::vector<Load> capacity,
                         std::size_t numAvailable,
                         Cost fixedCost,
                         Cost unitDistanceCost,
                         Cost unitDurationCost,
                         std::size_t startDepot,
                         std::size_t endDepot,
                         TimeWindow shift,
                         Duration maxDuration)
    : name(std::move(name)),
      capacity(std::move(capacity)),
      numAvailable(numAvailable),
      fixedCost(fixedCost),
      unitDistanceCost(unitDistanceCost),
      unitDurationCost(unitDurationCost),
      startDepot(startDepot),
      endDepot(endDepot),
      shift(shift),
      maxDuration(maxDuration)
{
    auto const label = typeLabel(this->name);
    for (auto const cap : this->capacity)
        if (cap <= 0 || cap > kMaxValue)
            fail(label, ": capacity ", cap, " must be positive (and at most ", kMaxValue, ")");
    if (fixedCost < 0 || fixedCost > kMaxValue)
        fail(label, ": fixed cost ", fixedCost, " is negative or too large");
    if (unitDistanceCost < 0 || unitDistanceCost > (1 << 20))
        fail(label, ": unit distance cost ", unitDistanceCost, " is negative or too large");
    if (unitDurationCost < 0 || unitDurationCost > (1 << 20))
        fail(label, ": unit duration cost ", unitDurationCost, " is negative or too large");
    checkWindow(shift, "shift", label);
    if (maxDuration < 0 || maxDuration > kMaxValue)
        fail(label, ": maximum duration ", maxDuration, " is negative or too large");
}

Period::Period(std::string name, std::vector<std::size_t> numAvailable)
    : name(std::move(name)), numAvailable(std::move(numAvailable))
{
}

ProblemData::ProblemData(std::string name,
                         std::vector<std::string> dimensions,
                         std::vector<Depot> depots,
                         std::vector<Client> clients,
                         std::vector<VehicleType> vehicleTypes,
                         std::vector<Period> periods,
                         Matrix<Distance> distance,
                         Matrix<Duration> duration,
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
    if (!(scaling_.distance > 0) || !(scaling_.duration > 0) || !(scaling_.cost > 0))
        fail("scaling: factors must be positive, got distance=", scaling_.distance,
             " duration=", scaling_.duration, " cost=", scaling_.cost);

    auto const numLocs = numLocations();
    if (distance_.size() != numLocs)
        fail("distance matrix: is ", distance_.size(), "x", distance_.size(), " but there are ", numLocs,
             " locations (depots and clients)");
    if (duration_.size() != numLocs)
        fail("duration matrix: is ", duration_.size(), "x", duration_.size(), " but there are ", numLocs,
             " locations (depots and clients)");
    for (std::size_t i = 0; i != numLocs; ++i)
        for (std::size_t j = 0; j != numLocs; ++j)
        {
            if (distance_(i, j) < 0 || distance_(i, j) > kMaxValue)
                fail("distance matrix: entry (", i, ", ", j, ") = ", distance_(i, j), " is negative or too large");
            if (duration_(i, j) < 0 || duration_(i, j) > kMaxValue)
                fail("duration matrix: entry (", i, ", ", j, ") = ", duration_(i, j), " is negative or too large");
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
        for (auto const pattern : client.patterns)
            if ((pattern & ~allPeriods) != 0)
                fail(label, ": pattern ", pattern, " uses a period beyond the ", periods_.size(), " periods");

        bool fits = false;
        for (auto const &type : vehicleTypes_)
        {
            bool typeFits = true;
            for (std::size_t d = 0; d != dims; ++d)
            {
                auto const del = client.delivery.empty() ? 0 : client.delivery[d];
                typeFits = typeFits && client.pickup[d] <= type.capacity[d] && del <= type.capacity[d];
            }
            fits = fits || typeFits;
        }
        if (!fits)
            fail(label, ": its load exceeds the capacity of every vehicle type");
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
}  // namespace milkrun
