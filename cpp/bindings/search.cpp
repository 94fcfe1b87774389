#include "bindings.h"

#include "alns/Alns.h"

#include <pybind11/stl.h>

namespace py = pybind11;

namespace milkrun::bindings
{
void bindSearch(py::module_ &m)
{
    using alns::SearchPieces;
    py::class_<SearchPieces>(m, "SearchPieces",
                             "The search pieces on their own for one instance (segment tables and granular "
                             "neighbourhoods built once): to improve given plans, and for microbenchmarks.")
        .def(py::init<ProblemData const &, alns::AlnsParams>(), py::arg("data"), py::arg("params"),
             py::keep_alive<1, 2>())
        .def("local_search", &SearchPieces::improve, py::arg("solution"), py::arg("cost_evaluator"),
             py::arg("seed") = 0, py::call_guard<py::gil_scoped_release>(),
             "One local search to convergence from the plan, every route examined, under the given penalties.")
        .def("destroy_repair", &SearchPieces::destroyRepair, py::arg("solution"), py::arg("cost_evaluator"),
             py::arg("destroy"), py::arg("repair"), py::arg("num_remove"), py::arg("seed") = 0,
             py::arg("local_search") = false, py::call_guard<py::gil_scoped_release>(),
             "One destroy (removing num_remove clients) and repair of the plan, by operator name; with "
             "local_search, followed by the local search around the removed and inserted clients (one ALNS "
             "iteration without acceptance).")
        .def("count_improving_moves", &SearchPieces::countImprovingMoves, py::arg("solution"),
             py::arg("cost_evaluator"), py::call_guard<py::gil_scoped_release>(),
             "Evaluates every local-search operator once on every (client, neighbour) pair; returns how many "
             "evaluations found an improving move.");
}
}  // namespace milkrun::bindings
