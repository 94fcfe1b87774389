#include "bindings.h"

#include "alns/Alns.h"

#include <pybind11/stl.h>

namespace py = pybind11;

namespace milkrun::bindings
{
void bindSearch(py::module_ &m)
{
    // The search pieces on their own: to improve a given plan, and for microbenchmarks of the hot paths.
    m.def("local_search", &alns::improve, py::arg("data"), py::arg("solution"), py::arg("params"),
          py::arg("cost_evaluator"), py::arg("seed") = 0, py::call_guard<py::gil_scoped_release>(),
          "One local search to convergence from the plan, every route examined, under the given penalties.");
    m.def("destroy_repair", &alns::destroyRepair, py::arg("data"), py::arg("solution"), py::arg("params"),
          py::arg("cost_evaluator"), py::arg("destroy"), py::arg("repair"), py::arg("num_remove"),
          py::arg("seed") = 0, py::call_guard<py::gil_scoped_release>(),
          "One destroy (removing num_remove clients) and repair of the plan, by operator name.");
    m.def("count_improving_moves", &alns::countImprovingMoves, py::arg("data"), py::arg("solution"),
          py::arg("params"), py::arg("cost_evaluator"), py::call_guard<py::gil_scoped_release>(),
          "Evaluates every local-search operator once on every (client, neighbour) pair; returns how many "
          "evaluations found an improving move.");
}
}  // namespace milkrun::bindings
