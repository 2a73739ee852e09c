// SPDX-License-Identifier: BSD-2-Clause
#include "support/support.hpp"
#include "sys/unix_stream.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/socket.h>
#include <sys/un.h>

#include <array>
#include <cstring>
#include <utility>

namespace jrun::sys {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

// Two connected sockets: the stream under test and the peer's raw end.
class UnixStreamTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::array<int, 2> fds{-1, -1};
        ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds.data()), 0);
        stream = std::make_unique<UnixStream>(Fd(fds[0]));
        peer = Fd(fds[1]);
    }

    std::unique_ptr<UnixStream> stream;
    Fd peer;
};

TEST_F(UnixStreamTest, ReadsWhatThePeerWrote) {
    ASSERT_EQ(::write(peer.get(), "hello\n", 6), 6);
    auto got = stream->read(1s);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->bytes, "hello\n");
    EXPECT_FALSE(got->eof);
}

TEST_F(UnixStreamTest, ReturnsNothingWhenTheLimitPasses) {
    auto got = stream->read(20ms);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->bytes, "");
    EXPECT_FALSE(got->eof);
}

TEST_F(UnixStreamTest, ReportsEndOfFileWhenThePeerCloses) {
    peer.reset();
    auto got = stream->read(1s);
    ASSERT_TRUE(got.ok());
    EXPECT_TRUE(got->eof);
}

TEST_F(UnixStreamTest, WritesAllBytes) {
    ASSERT_TRUE(stream->write("{\"execute\": \"quit\"}\n", 1s).ok());
    std::array<char, 64> buffer{};
    ASSERT_EQ(::read(peer.get(), buffer.data(), buffer.size()), 20);
    EXPECT_STREQ(buffer.data(), "{\"execute\": \"quit\"}\n");
}

TEST_F(UnixStreamTest, WritingToAClosedPeerFailsWithIoInsteadOfSigpipe) {
    peer.reset();
    auto st = stream->write("x", 1s);
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().kind, ErrorKind::io);
}

TEST_F(UnixStreamTest, WriteTimesOutWhenThePeerStopsReading) {
    const std::string big(8 << 20, 'x'); // far more than a socket buffer holds
    auto st = stream->write(big, 50ms);
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().kind, ErrorKind::timeout);
}

TEST(ConnectUnix, TalksToAListeningSocket) {
    test::TempDir dir;
    const auto path = (dir.path() / "qmp.sock").string();
    Fd listener(::socket(AF_UNIX, SOCK_STREAM, 0));
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
    ASSERT_EQ(::bind(listener.get(), reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ASSERT_EQ(::listen(listener.get(), 1), 0);

    auto stream = connect_unix(path);
    ASSERT_TRUE(stream.ok()) << stream.error().why;
    Fd server(::accept(listener.get(), nullptr, nullptr));
    ASSERT_TRUE(server.valid());
    ASSERT_EQ(::write(server.get(), "{}\n", 3), 3);
    EXPECT_EQ((*stream)->read(1s)->bytes, "{}\n");
}

TEST(ConnectUnix, FailsWithIoWhenNobodyListens) {
    test::TempDir dir;
    auto stream = connect_unix(dir.path() / "missing.sock");
    ASSERT_FALSE(stream.ok());
    EXPECT_EQ(stream.error().kind, ErrorKind::io);
    EXPECT_THAT(stream.error().what, HasSubstr("missing.sock"));
}

TEST(ConnectUnix, RejectsAPathLongerThanSunPath) {
    auto stream = connect_unix("/tmp/" + std::string(120, 'x'));
    ASSERT_FALSE(stream.ok());
    EXPECT_EQ(stream.error().why, "the socket path is too long");
}

} // namespace
} // namespace jrun::sys
