#include "bindings.h"

#include "alns/Alns.h"

#include <pybind11/stl.h>

#include <optional>

namespace py = pybind11;

namespace milkrun::bindings
{
void bindAlns(py::module_ &m)
{
    using alns::AlnsParams;
    py::class_<AlnsParams>(m, "AlnsParams", "Parameters of the ALNS: operators with initial weights, destroy size, "
                                            "adaptive weights, acceptance and penalties.")
        .def(py::init<>())
        .def_readwrite("destroy_operators", &AlnsParams::destroyOperators, "List of (name, initial weight).")
        .def_readwrite("repair_operators", &AlnsParams::repairOperators, "List of (name, initial weight).")
        .def_readwrite("local_search_operators", &AlnsParams::localSearchOperators)
        .def_readwrite("num_neighbours", &AlnsParams::numNeighbours)
        .def_readwrite("weight_wait", &AlnsParams::weightWait)
        .def_readwrite("weight_time_warp", &AlnsParams::weightTimeWarp)
        .def_readwrite("min_remove", &AlnsParams::minRemove)
        .def_readwrite("max_remove", &AlnsParams::maxRemove)
        .def_readwrite("min_remove_share", &AlnsParams::minRemoveShare)
        .def_readwrite("max_remove_share", &AlnsParams::maxRemoveShare)
        .def_readwrite("max_remove_fraction", &AlnsParams::maxRemoveFraction)
        .def_readwrite("worst_randomness", &AlnsParams::worstRandomness)
        .def_readwrite("related_randomness", &AlnsParams::relatedRandomness)
        .def_readwrite("max_string_length", &AlnsParams::maxStringLength)
        .def_readwrite("split_rate", &AlnsParams::splitRate)
        .def_readwrite("split_depth", &AlnsParams::splitDepth)
        .def_readwrite("blink_rate", &AlnsParams::blinkRate)
        .def_readwrite("scores", &AlnsParams::scores, "Scores for new best, better, accepted, rejected.")
        .def_readwrite("reaction_factor", &AlnsParams::reactionFactor)
        .def_readwrite("segment_length", &AlnsParams::segmentLength)
        .def_readwrite("min_weight", &AlnsParams::minWeight)
        .def_readwrite("acceptance", &AlnsParams::acceptance, "'simulated_annealing' or 'record_to_record'.")
        .def_readwrite("start_temperature", &AlnsParams::startTemperature)
        .def_readwrite("temperature_clients", &AlnsParams::temperatureClients)
        .def_readwrite("end_temperature", &AlnsParams::endTemperature)
        .def_readwrite("start_threshold", &AlnsParams::startThreshold)
        .def_readwrite("end_threshold", &AlnsParams::endThreshold)
        .def_readwrite("target_feasible", &AlnsParams::targetFeasible)
        .def_readwrite("penalty_increase", &AlnsParams::penaltyIncrease)
        .def_readwrite("penalty_decrease", &AlnsParams::penaltyDecrease)
        .def_readwrite("penalty_update_frequency", &AlnsParams::penaltyUpdateFrequency)
        .def_readwrite("repair_probability", &AlnsParams::repairProbability)
        .def_readwrite("repair_booster", &AlnsParams::repairBooster)
        .def_readwrite("pattern_change_rate", &AlnsParams::patternChangeRate)
        .def_readwrite("cross_day_rate", &AlnsParams::crossDayRate)
        .def_readwrite("pattern_improvement", &AlnsParams::patternImprovement)
        .def("validate", &AlnsParams::validate, "Raises ValueError naming the first bad field.");

    py::class_<alns::AlnsResult>(m, "AlnsResult", "Raw outcome of the C++ search; milkrun.solve wraps it in a Result.")
        .def_readonly("best", &alns::AlnsResult::best)
        .def_readonly("iterations", &alns::AlnsResult::iterations)
        .def_readonly("runtime", &alns::AlnsResult::runtime)
        .def_property_readonly("history",
                               [](alns::AlnsResult const &r) {
                                   std::vector<std::tuple<double, std::size_t, Cost>> points;
                                   for (auto const &p : r.history)
                                       points.emplace_back(p.time, p.iteration, p.cost);
                                   return points;
                               })
        .def_property_readonly("operator_stats", [](alns::AlnsResult const &r) {
            py::list stats;
            for (auto const &s : r.operatorStats)
            {
                py::dict d;
                d["family"] = s.family;
                d["name"] = s.name;
                d["weight"] = s.weight;
                d["selected"] = s.selected;
                d["best"] = s.best;
                d["better"] = s.better;
                d["accepted"] = s.accepted;
                stats.append(d);
            }
            return stats;
        });

    m.def("available_destroy_operators", &alns::availableDestroyOperators);
    m.def("available_repair_operators", &alns::availableRepairOperators);
    m.def("available_local_search_operators", &alns::availableLocalSearchOperators);
    m.def("available_acceptance_criteria", &alns::availableAcceptanceCriteria);
    py::class_<alns::SolveControl>(m, "SolveControl",
                                   "Shared with a running solve: request a stop from another thread, read its progress.")
        .def(py::init<>())
        .def("request_stop", [](alns::SolveControl &c) { c.stop.store(true); },
             "Ask the search to stop at its next iteration; it returns its best plan so far.")
        .def_property_readonly("stop_requested", [](alns::SolveControl const &c) { return c.stop.load(); })
        .def_property_readonly("iterations", [](alns::SolveControl const &c) { return c.iterations.load(); },
                               "Iterations done so far, summed over every search run with this control.")
        .def_property_readonly(
            "best_cost",
            [](alns::SolveControl const &c) -> std::optional<Cost> {
                auto const cost = c.bestCost.load();
                return cost < 0 ? std::nullopt : std::optional<Cost>(cost);
            },
            "Integer cost of the running search's best feasible plan; None before it has one.")
        .def(
            "report",
            [](alns::SolveControl &c, std::size_t iterations, std::optional<Cost> bestCost) {
                c.iterations.fetch_add(iterations);
                if (bestCost)
                    c.bestCost.store(*bestCost);
            },
            py::arg("iterations") = 0, py::arg("best_cost") = py::none(),
            "Add iterations and set the best cost: for a search run in parts (sub-problems) that reports the "
            "whole plan's progress here.");

    m.def(
        "solve",
        [](ProblemData const &data, AlnsParams params, std::uint64_t seed, double timeLimit, std::size_t maxIterations,
           std::optional<Solution> const &initial, bool stopWhenFeasible, alns::SolveControl *control) {
            // params is a copy: another thread may change the Python object while the GIL is released.
            return alns::solve(data, params, seed, timeLimit, maxIterations, initial ? &*initial : nullptr,
                               stopWhenFeasible, control);
        },
        py::arg("data"), py::arg("params"), py::arg("seed"), py::arg("time_limit"), py::arg("max_iterations"),
        py::arg("initial") = py::none(), py::arg("stop_when_feasible") = false, py::arg("control") = py::none(),
        py::call_guard<py::gil_scoped_release>(),
        "Run the ALNS; releases the GIL. Raises ValueError for bad parameters or unsupported data.");
}
}  // namespace milkrun::bindings
