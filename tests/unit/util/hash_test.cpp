// SPDX-License-Identifier: BSD-2-Clause
#include "util/hash.hpp"

#include <gtest/gtest.h>

namespace jrun {

TEST(Sha256, MatchesKnownVectors) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Hasher, Sha512StreamsInPieces) {
    Hasher hasher(Hasher::Algorithm::sha512);
    hasher.update("a");
    hasher.update("bc");
    EXPECT_EQ(hasher.finish_hex(),
              "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
              "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
}

} // namespace jrun
