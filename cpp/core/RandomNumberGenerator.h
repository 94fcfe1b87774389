#ifndef MILKRUN_RANDOMNUMBERGENERATOR_H
#define MILKRUN_RANDOMNUMBERGENERATOR_H

#include <cstdint>
#include <limits>
#include <utility>

namespace milkrun
{
// xoshiro256** seeded by splitmix64: fast, and identical on every platform, so that a seed reproduces a
// run exactly (std::uniform_*_distribution is implementation-defined and is therefore not used).
class RandomNumberGenerator
{
    std::uint64_t state_[4];

    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

public:
    using result_type = std::uint64_t;

    explicit RandomNumberGenerator(std::uint64_t seed)
    {
        for (auto &word : state_)
        {
            seed += 0x9e3779b97f4a7c15ULL;
            std::uint64_t z = seed;
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
            word = z ^ (z >> 31);
        }
    }

    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

    result_type operator()()
    {
        auto const result = rotl(state_[1] * 5, 7) * 9;
        auto const t = state_[1] << 17;
        state_[2] ^= state_[0];
        state_[3] ^= state_[1];
        state_[1] ^= state_[2];
        state_[0] ^= state_[3];
        state_[2] ^= t;
        state_[3] = rotl(state_[3], 45);
        return result;
    }

    // Uniform integer in [0, bound); bound > 0.
    std::uint64_t randint(std::uint64_t bound) { return (*this)() % bound; }

    // Uniform double in [0, 1).
    double rand() { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }

    template <typename It> void shuffle(It first, It last)
    {
        for (auto n = last - first; n > 1; --n)
        {
            auto const j = static_cast<decltype(n)>(randint(static_cast<std::uint64_t>(n)));
            std::swap(first[n - 1], first[j]);
        }
    }
};
}  // namespace milkrun

#endif
