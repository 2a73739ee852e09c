// SPDX-License-Identifier: BSD-2-Clause
#include "ucl/value.hpp"

#include <gtest/gtest.h>

namespace jrun::ucl {

TEST(Value, RepeatedKeyBecomesImplicitArray) {
    Value obj = Value::object();
    obj.insert("jail", {}, Value::string("a"));
    obj.insert("jail", {}, Value::string("b"));
    obj.insert("jail", {}, Value::string("c"));
    const Value* jail = obj.find("jail");
    ASSERT_NE(jail, nullptr);
    ASSERT_TRUE(jail->is_array());
    EXPECT_TRUE(jail->implicit());
    ASSERT_EQ(jail->elements().size(), 3U);
    EXPECT_EQ(jail->elements()[2].as_string(), "c");
    EXPECT_EQ(obj.members().size(), 1U);
}

TEST(Value, LargeObjectsKeepOrderAndLookups) {
    Value obj = Value::object();
    for (int i = 0; i < 100; ++i) {
        obj.insert("k" + std::to_string(i), {}, Value::integer(i));
    }
    EXPECT_EQ(obj.members()[42].key, "k42");
    ASSERT_NE(obj.find("k99"), nullptr);
    EXPECT_EQ(obj.find("k99")->as_int(), 99);
    EXPECT_TRUE(obj.erase("k0"));
    EXPECT_EQ(obj.find("k0"), nullptr);
    EXPECT_EQ(obj.find("k50")->as_int(), 50);
    const Value copy = obj;
    EXPECT_EQ(copy.find("k77")->as_int(), 77);
    EXPECT_EQ(copy, obj);
}

TEST(Value, EqualityDistinguishesIntegerAndFloat) {
    EXPECT_FALSE(Value::integer(1) == Value::floating(1.0));
    EXPECT_EQ(Value::time(1.5).as_double(), 1.5);
}

} // namespace jrun::ucl
