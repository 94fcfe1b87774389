#ifndef MILKRUN_MATRIX_H
#define MILKRUN_MATRIX_H

#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace milkrun
{
// Dense row-major square matrix of integers, stored in 32 bits when every value fits (half the memory:
// 10,000 locations take 400 MB instead of 800 MB per matrix), in T otherwise. Reads return T either way.
template <typename T> class Matrix
{
    std::size_t size_ = 0;
    std::vector<std::int32_t> narrow_;
    std::vector<T> wide_;  // non-empty only when some value does not fit 32 bits

    static bool fits(T value)
    {
        return value >= std::numeric_limits<std::int32_t>::min() && value <= std::numeric_limits<std::int32_t>::max();
    }

public:
    Matrix() = default;

    // From size * size values (any integer type convertible to T), copied once.
    template <typename V> Matrix(V const *values, std::size_t size) : size_(size)
    {
        std::size_t const count = size * size;
        narrow_.resize(count);
        for (std::size_t idx = 0; idx != count; ++idx)
        {
            auto const value = static_cast<T>(values[idx]);
            if (!fits(value))
            {
                narrow_.clear();
                narrow_.shrink_to_fit();
                wide_.assign(values, values + count);
                return;
            }
            narrow_[idx] = static_cast<std::int32_t>(value);
        }
    }

    Matrix(std::vector<T> const &data, std::size_t size) : Matrix(data.data(), size)
    {
        if (data.size() != size * size)
            throw std::invalid_argument("matrix: expected " + std::to_string(size * size) + " entries, got "
                                        + std::to_string(data.size()));
    }

    [[nodiscard]] T operator()(std::size_t row, std::size_t col) const
    {
        auto const idx = row * size_ + col;
        return wide_.empty() ? static_cast<T>(narrow_[idx]) : wide_[idx];
    }
    [[nodiscard]] std::size_t size() const { return size_; }

    // The storage, for read-only views: 32-bit values when isNarrow(), else T values.
    [[nodiscard]] bool isNarrow() const { return wide_.empty(); }
    [[nodiscard]] std::int32_t const *narrowData() const { return narrow_.data(); }
    [[nodiscard]] T const *wideData() const { return wide_.data(); }
};
}  // namespace milkrun

#endif
