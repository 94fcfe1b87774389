#ifndef MILKRUN_BINDINGS_H
#define MILKRUN_BINDINGS_H

#include <pybind11/pybind11.h>

namespace milkrun::bindings
{
void bindCore(pybind11::module_ &m);
void bindAlns(pybind11::module_ &m);
void bindSearch(pybind11::module_ &m);
}  // namespace milkrun::bindings

#endif
