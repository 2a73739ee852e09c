// SPDX-License-Identifier: BSD-2-Clause
#include "fakes/scripted_stream.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace jrun::test {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;

TEST(ScriptedStream, DeliversChunksInOrderAndThenEndOfFile) {
    FakeClock clock;
    ScriptedStream stream(clock);
    stream.feed("a").feed("b").eof();
    EXPECT_EQ(stream.read(1s)->bytes, "a");
    EXPECT_EQ(stream.read(1s)->bytes, "b");
    EXPECT_TRUE(stream.read(1s)->eof);
    EXPECT_TRUE(stream.read(1s)->eof) << "end of file is sticky";
    EXPECT_TRUE(stream.finished());
}

TEST(ScriptedStream, DelaysAdvanceTheClockAcrossReads) {
    FakeClock clock;
    ScriptedStream stream(clock);
    stream.delay(3s).feed("late");
    const auto start = clock.now();
    auto first = stream.read(2s);
    EXPECT_EQ(first->bytes, "");
    EXPECT_EQ(clock.now() - start, 2s);
    EXPECT_EQ(stream.read(2s)->bytes, "late");
    EXPECT_EQ(clock.now() - start, 3s);
}

TEST(ScriptedStream, HoldsBytesUntilEnoughLinesAreWritten) {
    FakeClock clock;
    ScriptedStream stream(clock);
    stream.after_writes(1).feed("reply");
    EXPECT_EQ(stream.read(1s)->bytes, "") << "nothing before the request";
    ASSERT_TRUE(stream.write("request\n", 1s).ok());
    EXPECT_EQ(stream.read(1s)->bytes, "reply");
    EXPECT_THAT(stream.written_lines(), ElementsAre("request"));
}

TEST(ScriptedStream, EmptyScriptWaitsTheWholeLimit) {
    FakeClock clock;
    ScriptedStream stream(clock);
    const auto start = clock.now();
    EXPECT_EQ(stream.read(5s)->bytes, "");
    EXPECT_EQ(clock.now() - start, 5s);
}

TEST(ScriptedStream, InjectsReadAndWriteFailures) {
    FakeClock clock;
    ScriptedStream stream(clock);
    stream.fail_read(Error{ErrorKind::io, "read", "reset", {}});
    EXPECT_EQ(stream.read(1s).error().why, "reset");
    stream.fail_writes(Error{ErrorKind::io, "write", "pipe", {}});
    EXPECT_EQ(stream.write("x\n", 1s).error().why, "pipe");
    EXPECT_EQ(stream.written(), "");
}

} // namespace
} // namespace jrun::test
