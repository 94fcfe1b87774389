#include "bindings.h"

#include "core/CostEvaluator.h"
#include "core/ProblemData.h"
#include "core/Solution.h"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

namespace py = pybind11;

namespace milkrun::bindings
{
namespace
{
// Integer matrix from any numeric array. Floating-point input must hold whole numbers within range;
// anything else is an error naming the matrix, the entry and its value, never a silent truncation.
template <typename T> Matrix<T> toMatrix(py::array const &input, char const *what)
{
    if (!input)  // numpy could not make an array of it (ragged nesting, strings, ...)
        throw std::invalid_argument(std::string(what) + ": not a numeric two-dimensional array");
    if (input.ndim() != 2 || input.shape(0) != input.shape(1))
        throw std::invalid_argument(std::string(what) + ": must be a square two-dimensional array");
    auto const size = static_cast<std::size_t>(input.shape(0));
    if (py::isinstance<py::array_t<double>>(input) || input.dtype().kind() == 'f')
    {
        auto const values = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(input);
        if (!values)
            throw std::invalid_argument(std::string(what) + ": not a numeric array");
        std::vector<T> result(size * size);
        for (std::size_t idx = 0; idx != size * size; ++idx)
        {
            double const value = values.data()[idx];
            if (!std::isfinite(value) || value != std::floor(value) || std::abs(value) > static_cast<double>(kMaxValue))
                throw std::invalid_argument(std::string(what) + ": entry (" + std::to_string(idx / size) + ", "
                                            + std::to_string(idx % size) + ") = " + std::to_string(value)
                                            + " is not a whole number within range");
            result[idx] = static_cast<T>(value);
        }
        return Matrix<T>(result, size);
    }
    auto const kind = input.dtype().kind();
    if (kind != 'i' && kind != 'u' && kind != 'b')
        throw std::invalid_argument(std::string(what) + ": must hold integers, got dtype kind '"
                                    + std::string(1, kind) + "'");
    // 32-bit input (or smaller) is read as it is: no 64-bit copy of a large matrix on the way in.
    if (input.itemsize() < 4 || (input.itemsize() == 4 && kind == 'i'))
    {
        auto const values = py::array_t<std::int32_t, py::array::c_style | py::array::forcecast>::ensure(input);
        if (!values)
            throw std::invalid_argument(std::string(what) + ": not a numeric array");
        return Matrix<T>(values.data(), size);
    }
    auto const values = py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(input);
    if (!values)
        throw std::invalid_argument(std::string(what) + ": not a numeric array");
    return Matrix<T>(values.data(), size);
}

// One matrix per travel profile: a square 2-D array (one profile), a 3-D array (profile, row, column) or a
// list of square 2-D arrays.
template <typename T> std::vector<Matrix<T>> toMatrices(py::object const &input, char const *what)
{
    std::vector<py::array> parts;  // one 2-D array per profile
    if (py::isinstance<py::list>(input) || py::isinstance<py::tuple>(input))
    {
        for (auto const &item : input.cast<py::sequence>())  // a list of matrices, or a matrix as a list of rows?
            parts.push_back(py::array::ensure(item));
        bool const matrices = !parts.empty() && std::all_of(parts.begin(), parts.end(), [](py::array const &part) {
            return part && part.ndim() == 2;
        });
        if (!matrices)
            parts.clear();
    }
    if (parts.empty())
    {
        auto const arr = py::array::ensure(input);
        if (!arr || arr.ndim() != 3)
            return {toMatrix<T>(arr, what)};
        for (py::ssize_t profile = 0; profile != arr.shape(0); ++profile)
            parts.push_back(py::array::ensure(arr[py::int_(profile)]));
        if (parts.empty())
            throw std::invalid_argument(std::string(what) + ": no travel profile given");
    }
    std::vector<Matrix<T>> result;
    for (std::size_t profile = 0; profile != parts.size(); ++profile)
    {
        auto const label = std::string(what) + " of profile " + std::to_string(profile);
        result.push_back(toMatrix<T>(parts[profile], label.c_str()));
    }
    return result;
}

std::size_t checkProfile(ProblemData const &data, long long profile, char const *what)
{
    if (profile < 0 || static_cast<std::size_t>(profile) >= data.numProfiles())
        throw std::invalid_argument(std::string(what) + ": travel profile " + std::to_string(profile)
                                    + " does not exist (" + std::to_string(data.numProfiles()) + " profiles)");
    return static_cast<std::size_t>(profile);
}

// A count or index given from Python; negative values get a ValueError naming the field (pybind's
// own conversion to size_t would raise an opaque TypeError).
std::size_t toCount(long long value, std::string const &field)
{
    if (value < 0)
        throw std::invalid_argument(field + ": must not be negative, got " + std::to_string(value));
    return static_cast<std::size_t>(value);
}

std::vector<std::size_t> toCounts(std::vector<long long> const &values, std::string const &field)
{
    std::vector<std::size_t> result;
    for (auto const value : values)
        result.push_back(toCount(value, field));
    return result;
}

// A read-only view of a matrix's storage (32-bit or 64-bit integers), kept alive by `owner`: no copy.
template <typename T> py::array viewOf(Matrix<T> const &matrix, py::handle owner)
{
    auto const n = static_cast<py::ssize_t>(matrix.size());
    py::array view = matrix.isNarrow()
                         ? py::array(py::dtype::of<std::int32_t>(), {n, n}, {n * 4, py::ssize_t{4}},
                                     matrix.narrowData(), owner)
                         : py::array(py::dtype::of<T>(), {n, n},
                                     {n * static_cast<py::ssize_t>(sizeof(T)), static_cast<py::ssize_t>(sizeof(T))},
                                     matrix.wideData(), owner);
    py::detail::array_proxy(view.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
    return view;
}
}  // namespace

void bindCore(py::module_ &m)
{
    m.attr("MAX_VALUE") = kMaxValue;
    m.attr("MAX_DIMENSIONS") = kMaxDimensions;

    py::class_<TimeWindow>(m, "TimeWindow", "A time interval [early, late] in the instance's integer time units.")
        .def(py::init([](Duration early, Duration late) { return TimeWindow{early, late}; }),
             py::arg("early").noconvert() = 0, py::arg("late").noconvert() = kMaxValue)
        .def_readonly("early", &TimeWindow::early)
        .def_readonly("late", &TimeWindow::late)
        .def("__repr__", [](TimeWindow const &w) {
            return "TimeWindow(" + std::to_string(w.early) + ", " + std::to_string(w.late) + ")";
        })
        .def(py::pickle([](TimeWindow const &w) { return py::make_tuple(w.early, w.late); },
                        [](py::tuple const &t) { return TimeWindow{t[0].cast<Duration>(), t[1].cast<Duration>()}; }));

    py::class_<Depot>(m, "Depot", "The plant or a cross-dock, with its dock opening hours.")
        .def(py::init([](std::string name, double x, double y, TimeWindow window, Duration service, long long docks,
                         Duration unload) {
                 auto const label = "depot '" + name + "': docks";
                 return Depot(std::move(name), x, y, window, service, toCount(docks, label), unload);
             }),
             py::arg("name"), py::arg("x"), py::arg("y"), py::arg_v("window", TimeWindow{}, "TimeWindow()"),
             py::arg("service_duration").noconvert() = 0, py::arg("docks").noconvert() = 0,
             py::arg("unload_duration").noconvert() = 0)
        .def_readonly("name", &Depot::name)
        .def_readonly("x", &Depot::x)
        .def_readonly("y", &Depot::y)
        .def_readonly("window", &Depot::window)
        .def_readonly("service_duration", &Depot::serviceDuration,
                      "Duration of a reload stop here (unloading, and loading the next trip).")
        .def_readonly("docks", &Depot::docks,
                      "Trucks that can unload here at once (0: no limit); arrivals wait at the gate, first come "
                      "first served.")
        .def_readonly("unload_duration", &Depot::unloadDuration,
                      "How long a truck whose route ends here holds a dock (with docks > 0).");

    py::class_<Client>(m, "Client", "A supplier: pickup (and delivery) amounts per capacity dimension, service time, time windows.")
        .def(py::init([](std::string name, double x, double y, Duration service, std::vector<Load> pickup,
                         std::vector<Load> delivery, std::vector<TimeWindow> windows, Duration release,
                         long long frequency, std::vector<std::uint64_t> patterns,
                         std::vector<std::vector<TimeWindow>> periodWindows,
                         std::vector<std::vector<std::vector<Load>>> patternPickups, Cost lateCost,
                         Duration maxLateness, bool sameTruck, Duration arrivalSpread) {
                 auto const label = "client '" + name + "': frequency";
                 return Client(std::move(name), x, y, service, std::move(pickup), std::move(delivery),
                               std::move(windows), release, toCount(frequency, label), std::move(patterns),
                               std::move(periodWindows), std::move(patternPickups), lateCost, maxLateness,
                               sameTruck, arrivalSpread);
             }),
             py::arg("name"), py::arg("x"), py::arg("y"), py::arg("service_duration").noconvert(), py::arg("pickup").noconvert(),
             py::arg("delivery").noconvert() = std::vector<Load>{}, py::arg_v("time_windows", std::vector<TimeWindow>{TimeWindow{}}, "[TimeWindow()]"),
             py::arg("release_time").noconvert() = 0, py::arg("frequency").noconvert() = 1,
             py::arg("patterns").noconvert() = std::vector<std::uint64_t>{},
             py::arg("period_time_windows") = std::vector<std::vector<TimeWindow>>{},
             py::arg("pattern_pickups").noconvert() = std::vector<std::vector<std::vector<Load>>>{},
             py::arg("late_cost").noconvert() = 0, py::arg("max_lateness").noconvert() = kMaxValue,
             py::arg("same_truck") = false, py::arg("arrival_spread").noconvert() = kMaxValue)
        .def_readonly("same_truck", &Client::sameTruck,
                      "Consistency: served by the same truck (type and truck number) on all its visit days.")
        .def_readonly("arrival_spread", &Client::arrivalSpread,
                      "Consistency: its service starts on its visit days lie within this of each other.")
        .def_readonly("name", &Client::name)
        .def_readonly("x", &Client::x)
        .def_readonly("y", &Client::y)
        .def_readonly("service_duration", &Client::serviceDuration)
        .def_readonly("pickup", &Client::pickup)
        .def_readonly("delivery", &Client::delivery)
        .def_readonly("time_windows", &Client::timeWindows)
        .def_readonly("release_time", &Client::releaseTime)
        .def_readonly("frequency", &Client::frequency)
        .def_readonly("patterns", &Client::patterns)
        .def_readonly("period_time_windows", &Client::periodTimeWindows,
                      "Per period, the windows replacing time_windows on that period (an empty entry: none).")
        .def("windows", &Client::windows, py::arg("period"), "The time windows of a visit on `period`.")
        .def_readonly("pattern_pickups", &Client::patternPickups,
                      "Per allowed pattern, per period, the amount of a visit then (empty: pickup on every visit).")
        .def_readonly("late_cost", &Client::lateCost,
                      "Soft window: cost per time unit of service starting after the window's end (0: hard).")
        .def_readonly("max_lateness", &Client::maxLateness, "Soft window: how late service may start at most.")
        .def("pickup_for", &Client::pickupFor, py::arg("days"), py::arg("period"),
             "The amount of a visit on `period` when the client is visited on the day set `days`.");

    py::class_<VehicleType>(m, "VehicleType", "A truck type of the mixed fleet.")
        .def(py::init([](std::string name, std::vector<Load> capacity, long long numAvailable, Cost fixedCost,
                         Cost unitDistanceCost, Cost unitDurationCost, long long startDepot, long long endDepot,
                         TimeWindow shift, Duration maxDuration, std::vector<std::string> forbiddenClients,
                         long long profile, std::vector<long long> const &reloadDepots,
                         std::optional<long long> maxReloads, Duration breakDuration, TimeWindow breakWindow) {
                 auto const label = "vehicle type '" + name + "': ";
                 auto const reloads = maxReloads ? toCount(*maxReloads, label + "max_reloads")
                                                 : VehicleType::kUnlimitedReloads;
                 return VehicleType(std::move(name), std::move(capacity), toCount(numAvailable, label + "num_available"),
                                    fixedCost, unitDistanceCost, unitDurationCost,
                                    toCount(startDepot, label + "start_depot"), toCount(endDepot, label + "end_depot"),
                                    shift, maxDuration, std::move(forbiddenClients), toCount(profile, label + "profile"),
                                    toCounts(reloadDepots, label + "reload_depots"), reloads, breakDuration,
                                    breakWindow);
             }),
             // Integers only (no conversion): a Fraction, Decimal or numpy float would be truncated silently.
             py::arg("name"), py::arg("capacity").noconvert(), py::arg("num_available").noconvert() = 1,
             py::arg("fixed_cost").noconvert() = 0, py::arg("unit_distance_cost").noconvert() = 1,
             py::arg("unit_duration_cost").noconvert() = 0, py::arg("start_depot").noconvert() = 0,
             py::arg("end_depot").noconvert() = 0, py::arg_v("shift", TimeWindow{}, "TimeWindow()"),
             py::arg("max_duration").noconvert() = kMaxValue,
             py::arg("forbidden_clients") = std::vector<std::string>{}, py::arg("profile").noconvert() = 0,
             py::arg("reload_depots").noconvert() = std::vector<long long>{},
             py::arg("max_reloads").noconvert() = py::none(), py::arg("break_duration").noconvert() = 0,
             py::arg_v("break_window", TimeWindow{}, "TimeWindow()"))
        .def_readonly("break_duration", &VehicleType::breakDuration,
                      "Driver break: its length (0: none); taken from break_window.early on by a route on the road "
                      "then, starting by break_window.late.")
        .def_readonly("break_window", &VehicleType::breakWindow)
        .def_readonly("name", &VehicleType::name)
        .def_readonly("capacity", &VehicleType::capacity)
        .def_readonly("num_available", &VehicleType::numAvailable)
        .def_readonly("fixed_cost", &VehicleType::fixedCost)
        .def_readonly("unit_distance_cost", &VehicleType::unitDistanceCost)
        .def_readonly("unit_duration_cost", &VehicleType::unitDurationCost)
        .def_readonly("start_depot", &VehicleType::startDepot)
        .def_readonly("end_depot", &VehicleType::endDepot)
        .def_readonly("shift", &VehicleType::shift)
        .def_readonly("max_duration", &VehicleType::maxDuration)
        .def_readonly("forbidden_clients", &VehicleType::forbiddenClients,
                      "Names of the clients this type may not serve (access restrictions).")
        .def_readonly("profile", &VehicleType::profile,
                      "Travel profile: index of the distance and duration matrices this type drives on.")
        .def_readonly("reload_depots", &VehicleType::reloadDepots,
                      "Depots where its routes may stop to unload and start another trip (multi-trip).")
        .def_property_readonly(
            "max_reloads",
            [](VehicleType const &type) -> std::optional<std::size_t> {
                if (type.maxReloads == VehicleType::kUnlimitedReloads)
                    return std::nullopt;
                return type.maxReloads;
            },
            "Most reload stops per route (None: unlimited).");

    py::class_<Period>(m, "Period", "A day of the planning horizon, with the vehicles available per type.")
        .def(py::init([](std::string name, std::vector<long long> const &numAvailable) {
                 auto const label = "period '" + name + "': num_available";
                 return Period(std::move(name), toCounts(numAvailable, label));
             }),
             py::arg("name"),
             py::arg("num_available").noconvert() = std::vector<long long>{})
        .def_readonly("name", &Period::name)
        .def_readonly("num_available", &Period::numAvailable);

    py::class_<Scaling>(m, "Scaling", "Integer units per unit of the source data, chosen by the reader.")
        .def(py::init([](double distance, double duration, double cost) { return Scaling{distance, duration, cost}; }),
             py::arg("distance") = 1.0, py::arg("duration") = 1.0, py::arg("cost") = 1.0)
        .def_readonly("distance", &Scaling::distance)
        .def_readonly("duration", &Scaling::duration)
        .def_readonly("cost", &Scaling::cost);

    py::class_<ProblemData>(m, "ProblemData", "An immutable, validated milk-run instance.")
        .def(py::init([](std::string name, std::vector<std::string> dimensions, std::vector<Depot> depots,
                         std::vector<Client> clients, std::vector<VehicleType> vehicleTypes, std::vector<Period> periods,
                         py::object const &distance, py::object const &duration,
                         Scaling scaling) {
                 return ProblemData(std::move(name), std::move(dimensions), std::move(depots), std::move(clients),
                                    std::move(vehicleTypes), std::move(periods),
                                    toMatrices<Distance>(distance, "distance matrix"),
                                    toMatrices<Duration>(duration, "duration matrix"), scaling);
             }),
             py::arg("name"), py::arg("dimensions"), py::arg("depots"), py::arg("clients"), py::arg("vehicle_types"),
             py::arg("periods"), py::arg("distance"), py::arg("duration"), py::arg_v("scaling", Scaling{}, "Scaling()"))
        .def_property_readonly("name", &ProblemData::name)
        .def_property_readonly("dimensions", &ProblemData::dimensions)
        .def_property_readonly("depots", &ProblemData::depots)
        .def_property_readonly("clients", &ProblemData::clients)
        .def_property_readonly("vehicle_types", &ProblemData::vehicleTypes)
        .def_property_readonly("periods", &ProblemData::periods)
        .def_property_readonly("scaling", &ProblemData::scaling)
        .def_property_readonly("num_depots", &ProblemData::numDepots)
        .def_property_readonly("num_clients", &ProblemData::numClients)
        .def_property_readonly("num_locations", &ProblemData::numLocations)
        .def_property_readonly("num_vehicle_types", &ProblemData::numVehicleTypes)
        .def_property_readonly("num_periods", &ProblemData::numPeriods)
        .def_property_readonly("num_dimensions", &ProblemData::numDimensions)
        .def("with_vehicle_types", &ProblemData::withVehicleTypes, py::arg("vehicle_types"),
             "The same instance with another fleet.")
        .def_property_readonly("num_profiles", &ProblemData::numProfiles,
                               "Number of travel profiles (distance and duration matrix pairs).")
        .def(
            "distance_matrix",
            [](py::object const &self, long long profile) {
                auto const &d = self.cast<ProblemData const &>();
                return viewOf(d.distanceMatrix(checkProfile(d, profile, "distance_matrix")), self);
            },
            py::arg("profile") = 0,
            "The integer distance matrix of a travel profile (locations: depots first, then clients): a read-only "
            "view, no copy; int32 when every entry fits 32 bits, else int64 (use int64 arithmetic for sums).")
        .def(
            "duration_matrix",
            [](py::object const &self, long long profile) {
                auto const &d = self.cast<ProblemData const &>();
                return viewOf(d.durationMatrix(checkProfile(d, profile, "duration_matrix")), self);
            },
            py::arg("profile") = 0, "The integer duration matrix of a travel profile: a read-only view, as distance_matrix.")
        .def(
            "num_available",
            [](ProblemData const &d, std::size_t period, std::size_t type) {
                if (period >= d.numPeriods() || type >= d.numVehicleTypes())
                    throw std::invalid_argument("num_available: period " + std::to_string(period) + " or vehicle type "
                                                + std::to_string(type) + " does not exist");
                return d.numAvailable(period, type);
            },
            py::arg("period"), py::arg("vehicle_type"))
        .def(
            "may_serve",
            [](ProblemData const &d, std::size_t type, std::size_t loc) {
                if (type >= d.numVehicleTypes())
                    throw std::invalid_argument("may_serve: vehicle type " + std::to_string(type) + " does not exist ("
                                                + std::to_string(d.numVehicleTypes()) + " types)");
                if (loc < d.numDepots() || loc >= d.numLocations())
                    throw std::invalid_argument("may_serve: location " + std::to_string(loc)
                                                + " is not a client location");
                return d.mayServe(type, loc);
            },
            py::arg("vehicle_type"), py::arg("location"),
            "Whether the vehicle type may serve the client at this location (access restrictions).");

    py::class_<CostEvaluator>(m, "CostEvaluator", "Penalised cost: true cost plus penalties for excess load and time warp.")
        .def(py::init<std::vector<Cost> const &, Cost>(), py::arg("load_penalties"), py::arg("tw_penalty"))
        .def(
            "load_penalty",
            [](CostEvaluator const &ce, std::size_t dim) {
                if (dim >= kMaxDimensions)
                    throw std::invalid_argument("load_penalty: dimension " + std::to_string(dim) + " does not exist");
                return ce.loadPenalty(dim);
            },
            py::arg("dimension"))
        .def_property_readonly("tw_penalty", &CostEvaluator::twPenalty);

    py::class_<Solution::Route>(m, "SolutionRoute", "One route of a plan, with statistics computed at construction.")
        .def(py::init([](ProblemData const &data, std::vector<long long> const &visits, long long vehicleType,
                         long long period) {
                 return Solution::Route(data, toCounts(visits, "route: visits"), toCount(vehicleType, "route: vehicle_type"),
                                        toCount(period, "route: period"));
             }),
             py::arg("data"),
             py::arg("visits"), py::arg("vehicle_type") = 0, py::arg("period") = 0)
        .def_property_readonly("visits", &Solution::Route::visits)
        .def_property_readonly("vehicle_type", &Solution::Route::vehicleType)
        .def_property_readonly("period", &Solution::Route::period)
        .def_property_readonly("distance", &Solution::Route::distance)
        .def_property_readonly("duration", &Solution::Route::duration)
        .def_property_readonly("time_warp", &Solution::Route::timeWarp)
        .def_property_readonly("start_time", &Solution::Route::startTime)
        .def_property_readonly("service_duration", &Solution::Route::serviceDuration)
        .def_property_readonly("travel_duration", &Solution::Route::travelDuration)
        .def_property_readonly("max_load", &Solution::Route::maxLoad)
        .def_property_readonly("excess_load", &Solution::Route::excessLoad)
        .def_property_readonly("cost", &Solution::Route::cost)
        .def_property_readonly("access_violations", &Solution::Route::accessViolations)
        .def_property_readonly("num_reloads", &Solution::Route::numReloads,
                               "Reload stops: depot indices among the visits, each ending a trip.")
        .def_property_readonly("num_trips", &Solution::Route::numTrips)
        .def_property_readonly("lateness", &Solution::Route::lateness, "Lateness at soft windows, in all.")
        .def_property_readonly("lateness_cost", &Solution::Route::latenessCost, "Its cost (part of cost).")
        .def_property_readonly("gate_wait", &Solution::Route::gateWait,
                               "Waiting for a free dock at plants with limited docks, in all (in a Solution).")
        .def_property_readonly("service_starts", &Solution::Route::serviceStarts,
                               "Per visit, then the end depot: when service (at a plant: the dock) starts; "
                               "empty unless the data has docks, soft windows, driver breaks or consistency requirements.")
        .def_property_readonly("break_start", &Solution::Route::breakStart,
                               "When the driver's break starts (-1: none).")
        .def_property_readonly("truck", &Solution::Route::truck,
                               "Which truck of its vehicle type serves it on its period (numbered by a Solution).")
        .def_property_readonly("gate_waits", &Solution::Route::gateWaits,
                               "Per visit, then the end depot: the wait for a dock before it (as service_starts).")
        .def("is_feasible", &Solution::Route::isFeasible);

    py::class_<Solution>(m, "Solution", "An immutable plan: routes with period and vehicle type, and its statistics.")
        .def(py::init<ProblemData const &, std::vector<Solution::Route>>(), py::arg("data"), py::arg("routes"))
        .def_property_readonly("routes", &Solution::routes)
        .def_property_readonly("num_routes", &Solution::numRoutes)
        .def_property_readonly("unassigned", &Solution::unassigned)
        .def_property_readonly("distance", &Solution::distance)
        .def_property_readonly("duration", &Solution::duration)
        .def_property_readonly("time_warp", &Solution::timeWarp)
        .def_property_readonly("excess_load", &Solution::excessLoad)
        .def_property_readonly("access_violations", &Solution::accessViolations)
        .def_property_readonly("fixed_cost", &Solution::fixedCost)
        .def_property_readonly("distance_cost", &Solution::distanceCost)
        .def_property_readonly("duration_cost", &Solution::durationCost)
        .def_property_readonly("lateness", &Solution::lateness)
        .def_property_readonly("lateness_cost", &Solution::latenessCost)
        .def_property_readonly("gate_wait", &Solution::gateWait)
        .def_property_readonly("consistency_violations", &Solution::consistencyViolations,
                               "Visits of same-truck clients not on the truck serving most of their visits.")
        .def_property_readonly("spread_excess", &Solution::spreadExcess,
                               "Arrival spread beyond the clients' allowed spreads, summed.")
        .def_property_readonly("cost", &Solution::cost)
        .def("is_complete", &Solution::isComplete)
        .def("is_feasible", &Solution::isFeasible)
        .def("penalised_cost", &Solution::penalisedCost, py::arg("data"), py::arg("cost_evaluator"));
}
}  // namespace milkrun::bindings
