#ifndef MILKRUN_PROBLEMDATA_H
#define MILKRUN_PROBLEMDATA_H

#include "Matrix.h"
#include "Measure.h"

#include <cstdint>
#include <string>
#include <vector>

namespace milkrun
{
struct TimeWindow
{
    Duration early = 0;
    Duration late = kMaxValue;
};

// The plant or a cross-dock. Locations are numbered depots first, then clients.
struct Depot
{
    std::string name;
    double x = 0;
    double y = 0;
    TimeWindow window;  // dock opening hours

    Depot(std::string name, double x, double y, TimeWindow window);
};

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

    Client(std::string name,
           double x,
           double y,
           Duration serviceDuration,
           std::vector<Load> pickup,
           std::vector<Load> delivery,
           std::vector<TimeWindow> timeWindows,
           Duration releaseTime,
           std::size_t frequency,
           std::vector<std::uint64_t> patterns);
};

// A truck type of the mixed fleet.
struct VehicleType
{
    std::string name;
    std::vector<Load> capacity;  // one per dimension
    std::size_t numAvailable = 1;  // per period
    Cost fixedCost = 0;            // per route used
    Cost unitDistanceCost = 1;
    Cost unitDurationCost = 0;
    std::size_t startDepot = 0;
    std::size_t endDepot = 0;
    TimeWindow shift;
    Duration maxDuration = kMaxValue;

    VehicleType(std::string name,
                std::vector<Load> capacity,
                std::size_t numAvailable,
                Cost fixedCost,
                Cost unitDistanceCost,
                Cost unitDurationCost,
                std::size_t startDepot,
                std::size_t endDepot,
                TimeWindow shift,
                Duration maxDuration);
};

// A day of the planning horizon.
struct Period
{
    std::string name;
    std::vector<std::size_t> numAvailable;  // per vehicle type; empty = each type's numAvailable

    Period(std::string name, std::vector<std::size_t> numAvailable);
};

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
    Matrix<Distance> distance_;
    Matrix<Duration> duration_;
    Scaling scaling_;

    void validate() const;

public:
    ProblemData(std::string name,
                std::vector<std::string> dimensions,
                std::vector<Depot> depots,
                std::vector<Client> clients,
                std::vector<VehicleType> vehicleTypes,
                std::vector<Period> periods,
                Matrix<Distance> distance,
                Matrix<Duration> duration,
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
    [[nodiscard]] Matrix<Distance> const &distanceMatrix() const { return distance_; }
    [[nodiscard]] Matrix<Duration> const &durationMatrix() const { return duration_; }
    [[nodiscard]] Scaling const &scaling() const { return scaling_; }

    // Client at location index loc (numDepots() <= loc < numLocations()).
    [[nodiscard]] Client const &location(std::size_t loc) const { return clients_[loc - depots_.size()]; }
    [[nodiscard]] bool isDepot(std::size_t loc) const { return loc < depots_.size(); }
    [[nodiscard]] Distance dist(std::size_t from, std::size_t to) const { return distance_(from, to); }
    [[nodiscard]] Duration duration(std::size_t from, std::size_t to) const { return duration_(from, to); }

    // The same instance with another fleet (validated like any new instance).
    [[nodiscard]] ProblemData withVehicleTypes(std::vector<VehicleType> vehicleTypes) const;

    // Vehicles of the given type available in the given period.
    [[nodiscard]] std::size_t numAvailable(std::size_t period, std::size_t vehicleType) const;
};
}  // namespace milkrun

#endif
