#include "bindings.h"

namespace milkrun::bindings
{
void bindAlns(pybind11::module_ &) {}
}  // namespace milkrun::bindings
