#ifndef MILKRUN_MATRIX_H
#define MILKRUN_MATRIX_H

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace milkrun
{
// Dense row-major square matrix.
template <typename T> class Matrix
{
    std::size_t size_ = 0;
    std::vector<T> data_;

public:
    Matrix() = default;
    explicit Matrix(std::size_t size, T value = T{}) : size_(size), data_(size * size, value) {}
    Matrix(std::vector<T> data, std::size_t size) : size_(size), data_(std::move(data))
    {
        if (data_.size() != size * size)
            throw std::invalid_argument("matrix: expected " + std::to_string(size * size)
                                        + " entries, got " + std::to_string(data_.size()));
    }

    [[nodiscard]] T operator()(std::size_t row, std::size_t col) const { return data_[row * size_ + col]; }
    T &operator()(std::size_t row, std::size_t col) { return data_[row * size_ + col]; }
    [[nodiscard]] std::size_t size() const { return size_; }
    [[nodiscard]] std::vector<T> const &data() const { return data_; }
};
}  // namespace milkrun

#endif
