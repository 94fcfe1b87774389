#ifndef MILKRUN_PROBLEMDATA_H
#define MILKRUN_PROBLEMDATA_H

#include "Client.h"
#include "Depot.h"
#include "Matrix.h"
#include "Measure.h"
#include "Period.h"
#include "TimeWindow.h"
#include "VehicleType.h"

#include <cstdint>
#include <string>
#include <vector>

namespace milkrun
{
// Integer units per unit of the source data, chosen by the reader (e.g. 10 for DIMACS distances).
struct Scaling
{
    double distance = 1;
    double duration = 1;
    double cost = 1;
};

// Immutable, validated problem instance. Every member is set once at construction; a change makes a
// new object. Construction throws std::invalid_argument naming the offending field and value.
class ProblemData
{
    std::string name_;
    std::vector<std::string> dimensions_;
    std::vector<Depot> depots_;
    std::vector<Client> clients_;
    std::vector<VehicleType> vehicleTypes_;
    std::vector<Period> periods_;
    std::vector<Matrix<Distance>> distance_;  // per travel profile
    std::vector<Matrix<Duration>> duration_;  // per travel profile
    Scaling scaling_;
    std::vector<std::uint64_t> forbiddenTypes_;  // per location: bit accessBit_[t] set if type t may not serve it
    std::vector<std::uint64_t> reloadMask_;       // per type: bit d if it may reload at depot d
    bool hasReloads_ = false;
    bool hasDocks_ = false;
    bool hasSoftWindows_ = false;
    bool hasBreaks_ = false;
    bool hasConsistency_ = false;
    std::vector<std::size_t> accessBit_;          // per type: its bit in those masks, kNoAccessBit if unrestricted

    void validate() const;
    void checkCostRange() const;
    void indexAccessRestrictions();  // fills forbiddenTypes_ and checks every client has a type that fits

public:
    // One distance and one duration matrix per travel profile (e.g. a van and a semi-trailer network; a
    // single pair for one profile); a vehicle type drives on the profile VehicleType::profile names.
    ProblemData(std::string name,
                std::vector<std::string> dimensions,
                std::vector<Depot> depots,
                std::vector<Client> clients,
                std::vector<VehicleType> vehicleTypes,
                std::vector<Period> periods,
                std::vector<Matrix<Distance>> distances,
                std::vector<Matrix<Duration>> durations,
                Scaling scaling);

    [[nodiscard]] std::string const &name() const { return name_; }
    [[nodiscard]] std::vector<std::string> const &dimensions() const { return dimensions_; }
    [[nodiscard]] std::size_t numDimensions() const { return dimensions_.size(); }
    [[nodiscard]] std::vector<Depot> const &depots() const { return depots_; }
    [[nodiscard]] std::vector<Client> const &clients() const { return clients_; }
    [[nodiscard]] std::vector<VehicleType> const &vehicleTypes() const { return vehicleTypes_; }
    [[nodiscard]] std::vector<Period> const &periods() const { return periods_; }
    [[nodiscard]] std::size_t numDepots() const { return depots_.size(); }
    [[nodiscard]] std::size_t numClients() const { return clients_.size(); }
    [[nodiscard]] std::size_t numLocations() const { return depots_.size() + clients_.size(); }
    [[nodiscard]] std::size_t numVehicleTypes() const { return vehicleTypes_.size(); }
    [[nodiscard]] std::size_t numPeriods() const { return periods_.size(); }
    [[nodiscard]] std::size_t numProfiles() const { return distance_.size(); }
    [[nodiscard]] Matrix<Distance> const &distanceMatrix(std::size_t profile = 0) const { return distance_[profile]; }
    [[nodiscard]] Matrix<Duration> const &durationMatrix(std::size_t profile = 0) const { return duration_[profile]; }
    [[nodiscard]] Scaling const &scaling() const { return scaling_; }

    // Client at location index loc (numDepots() <= loc < numLocations()).
    [[nodiscard]] Client const &location(std::size_t loc) const { return clients_[loc - depots_.size()]; }
    [[nodiscard]] bool isDepot(std::size_t loc) const { return loc < depots_.size(); }
    // Travel on `profile` (0: the first, and for instances with one profile the only one).
    [[nodiscard]] Distance dist(std::size_t from, std::size_t to, std::size_t profile = 0) const
    {
        return distance_[profile](from, to);
    }
    [[nodiscard]] Duration duration(std::size_t from, std::size_t to, std::size_t profile = 0) const
    {
        return duration_[profile](from, to);
    }

    static constexpr std::size_t kNoAccessBit = kMaxRestrictedTypes;
    // Reload stops are tracked in 64-bit masks over the depots.
    static constexpr std::size_t kMaxReloadDepots = 64;

    // Vehicle types that may not serve the client at location loc, as a bit mask over the types with
    // access restrictions (bit accessBit(t) for type t).
    [[nodiscard]] std::uint64_t forbiddenTypes(std::size_t loc) const { return forbiddenTypes_[loc]; }
    // The bit of a type in those masks; kNoAccessBit for a type without restrictions.
    [[nodiscard]] std::size_t accessBit(std::size_t vehicleType) const { return accessBit_[vehicleType]; }
    // Depots where the type may stop to reload, as a bit mask; whether any type may.
    [[nodiscard]] std::uint64_t reloadMask(std::size_t vehicleType) const { return reloadMask_[vehicleType]; }
    [[nodiscard]] bool hasReloads() const { return hasReloads_; }
    // Plants with a limited number of docks (which couple the routes of a day: Schedule.h).
    [[nodiscard]] bool hasDocks() const { return hasDocks_; }
    // Clients with a soft window (lateness priced, see Client::lateCost).
    [[nodiscard]] bool hasSoftWindows() const { return hasSoftWindows_; }
    // Whether a plan's cost is more than its routes' segment summaries tell (dock waits, lateness, breaks,
    // consistency over the days): the search
    // then scores candidate plans as whole Solutions.
    // Vehicle types with a driver break; clients with consistency requirements over their visit days.
    [[nodiscard]] bool hasBreaks() const { return hasBreaks_; }
    [[nodiscard]] bool hasConsistency() const { return hasConsistency_; }
    [[nodiscard]] bool hasTimingExtras() const { return hasDocks_ || hasSoftWindows_ || hasBreaks_ || hasConsistency_; }

    [[nodiscard]] bool mayServe(std::size_t vehicleType, std::size_t loc) const
    {
        auto const bit = accessBit_[vehicleType];
        return bit == kNoAccessBit || !((forbiddenTypes_[loc] >> bit) & 1U);
    }

    // The same instance with another fleet (validated like any new instance).
    [[nodiscard]] ProblemData withVehicleTypes(std::vector<VehicleType> vehicleTypes) const;

    // Vehicles of the given type available in the given period.
    [[nodiscard]] std::size_t numAvailable(std::size_t period, std::size_t vehicleType) const;
};
}  // namespace milkrun

#endif
