// SPDX-License-Identifier: BSD-2-Clause
#include "fakes/fake_clock.hpp"
#include "fakes/fake_signals.hpp"
#include "fakes/scripted_stream.hpp"
#include "qemu/qmp_client.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>

namespace jrun::qemu {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// QEMU 7.2's greeting, as this machine's qemu-system-x86_64 sends it.
constexpr const char* k_greeting =
    R"({"QMP": {"version": {"qemu": {"micro": 22, "minor": 2, "major": 7}, )"
    R"("package": "Debian 1:7.2+dfsg-7+deb12u18+b3"}, "capabilities": ["oob"]}})"
    "\r\n";

std::string line(const std::string& text) {
    return text + "\r\n";
}

class QmpClientTest : public ::testing::Test {
protected:
    test::FakeClock clock;
    test::ScriptedStream stream{clock};
    QmpClient qmp{stream, clock};

    // Script the greeting and the reply to qmp_capabilities (id 1), and shake hands.
    void connect() {
        stream.feed(k_greeting).after_writes(1).feed(line(R"({"return": {}, "id": 1})"));
        ASSERT_TRUE(qmp.handshake().ok());
    }
};

TEST_F(QmpClientTest, HandshakeReadsTheGreetingAndNegotiatesCapabilities) {
    stream.feed(k_greeting).after_writes(1).feed(line(R"({"return": {}, "id": 1})"));
    auto greeting = qmp.handshake();
    ASSERT_TRUE(greeting.ok()) << greeting.error().why;
    EXPECT_EQ(greeting->major, 7);
    EXPECT_EQ(greeting->minor, 2);
    EXPECT_EQ(greeting->micro, 22);
    EXPECT_EQ(greeting->package, "Debian 1:7.2+dfsg-7+deb12u18+b3");
    EXPECT_THAT(greeting->capabilities, ElementsAre("oob"));
    ASSERT_EQ(stream.written_lines().size(), 1U);
    EXPECT_EQ(json::parse(stream.written_lines()[0]),
              json::parse(R"({"execute": "qmp_capabilities", "id": 1})"));
}

TEST_F(QmpClientTest, HandshakeRejectsAPeerThatIsNotQmp) {
    stream.feed("SSH-2.0-OpenSSH_9.2\r\n");
    auto greeting = qmp.handshake();
    ASSERT_FALSE(greeting.ok());
    EXPECT_EQ(greeting.error().kind, ErrorKind::protocol);
    EXPECT_EQ(greeting.error().what, "bad QMP greeting");
    EXPECT_THAT(greeting.error().why, HasSubstr("SSH-2.0"));
}

TEST_F(QmpClientTest, HandshakeRejectsJsonWithoutTheQmpKey) {
    stream.feed(line(R"({"hello": 1})"));
    auto greeting = qmp.handshake();
    ASSERT_FALSE(greeting.ok());
    EXPECT_EQ(greeting.error().kind, ErrorKind::protocol);
    EXPECT_THAT(greeting.error().hint, HasSubstr("QMP monitor"));
}

TEST_F(QmpClientTest, HandshakeTimesOutWhenNothingArrives) {
    auto greeting = qmp.handshake();
    ASSERT_FALSE(greeting.ok());
    EXPECT_EQ(greeting.error().kind, ErrorKind::timeout);
    EXPECT_EQ(greeting.error().what, "no QMP greeting");
    EXPECT_EQ(greeting.error().why, "nothing arrived within 10 s");
}

TEST_F(QmpClientTest, ExecuteSendsArgumentsWithAnIdAndReturnsTheResult) {
    connect();
    stream.after_writes(2).feed(line(R"({"return": {"status": "running"}, "id": 2})"));
    auto reply = qmp.execute("query-status", json{{"verbose", true}});
    ASSERT_TRUE(reply.ok());
    EXPECT_EQ((*reply)["status"], "running");
    EXPECT_EQ(
        json::parse(stream.written_lines().at(1)),
        json::parse(R"({"execute": "query-status", "arguments": {"verbose": true}, "id": 2})"));
}

TEST_F(QmpClientTest, ReassemblesAReplySplitAcrossReads) {
    connect();
    stream.after_writes(2)
        .feed(R"({"return": {"sta)")
        .delay(50ms)
        .feed("tus\": 1}, \"id\": 2}\r\n");
    auto reply = qmp.execute("query-status");
    ASSERT_TRUE(reply.ok());
    EXPECT_EQ((*reply)["status"], 1);
}

TEST_F(QmpClientTest, BuffersAnEventThatArrivesBeforeTheReply) {
    // QEMU 7.2 sends SHUTDOWN before quit's return (seen on this machine).
    connect();
    stream.after_writes(2)
        .feed(line(R"({"timestamp": {"seconds": 1795954558, "microseconds": 164451}, )"
                   R"("event": "SHUTDOWN", "data": {"guest": false, "reason": "host-qmp-quit"}})"))
        .feed(line(R"({"return": {}, "id": 2})"))
        .eof();
    ASSERT_TRUE(qmp.execute("quit").ok());
    auto event = qmp.wait_for_event("SHUTDOWN", 1s);
    ASSERT_TRUE(event.ok());
    EXPECT_EQ(event->data["reason"], "host-qmp-quit");
    EXPECT_EQ(event->seconds, 1795954558);
    EXPECT_EQ(event->microseconds, 164451);
}

TEST_F(QmpClientTest, MatchesRepliesByIdAndSkipsALateReplyToAnEarlierCommand) {
    connect();
    // query-status (id 2) times out; its reply arrives while id 3 waits.
    auto first = qmp.execute("query-status", nullptr, 100ms);
    ASSERT_FALSE(first.ok());
    EXPECT_EQ(first.error().kind, ErrorKind::timeout);
    stream.after_writes(3)
        .feed(line(R"({"return": {"status": "late"}, "id": 2})"))
        .feed(line(R"({"return": {"status": "fresh"}, "id": 3})"));
    auto second = qmp.execute("query-status");
    ASSERT_TRUE(second.ok());
    EXPECT_EQ((*second)["status"], "fresh");
}

TEST_F(QmpClientTest, SlowReplyWithinTheLimitSucceeds) {
    connect();
    stream.after_writes(2).delay(9s).feed(line(R"({"return": {}, "id": 2})"));
    const auto before = clock.now();
    ASSERT_TRUE(qmp.execute("system_powerdown").ok());
    EXPECT_EQ(clock.now() - before, 9s);
}

TEST_F(QmpClientTest, SlowReplyPastTheLimitTimesOut) {
    connect();
    stream.after_writes(2).delay(11s).feed(line(R"({"return": {}, "id": 2})"));
    const auto before = clock.now();
    auto reply = qmp.execute("system_powerdown");
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.error().kind, ErrorKind::timeout);
    EXPECT_EQ(reply.error().what, "no reply to QMP command 'system_powerdown'");
    EXPECT_EQ(clock.now() - before, 10s);
}

TEST_F(QmpClientTest, RemoteErrorCarriesQemusDescriptionAndClass) {
    connect();
    stream.after_writes(2).feed(line(
        R"({"error": {"class": "GenericError", "desc": "Bus 'pcie.0' does not support hotplugging"}, "id": 2})"));
    auto reply = qmp.execute("device_add", json{{"driver", "virtio-9p-pci"}});
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.error().kind, ErrorKind::remote);
    EXPECT_EQ(reply.error().what, "QMP command 'device_add' failed");
    EXPECT_EQ(reply.error().why, "Bus 'pcie.0' does not support hotplugging (GenericError)");
}

TEST_F(QmpClientTest, ErrorWithoutIdAnswersTheOutstandingCommand) {
    connect();
    stream.after_writes(2).feed(line(
        R"({"error": {"class": "GenericError", "desc": "JSON parse error, invalid literal"}})"));
    auto reply = qmp.execute("query-status");
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.error().kind, ErrorKind::remote);
    EXPECT_THAT(reply.error().why, HasSubstr("JSON parse error"));
}

TEST_F(QmpClientTest, EndOfFileBeforeTheReplyIsRemoteAndMarksTheClientClosed) {
    connect();
    stream.after_writes(2).eof();
    auto reply = qmp.execute("query-status");
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.error().kind, ErrorKind::remote);
    EXPECT_EQ(reply.error().why, "QEMU closed the QMP connection");
    EXPECT_TRUE(qmp.closed());
    // Nothing more is sent on a closed connection.
    EXPECT_FALSE(qmp.execute("query-status").ok());
    EXPECT_EQ(stream.written_lines().size(), 2U);
}

TEST_F(QmpClientTest, GarbageInsteadOfAReplyIsAProtocolError) {
    connect();
    stream.after_writes(2).feed("{\"return\": \xff oops\r\n");
    auto reply = qmp.execute("query-status");
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.error().kind, ErrorKind::protocol);
    EXPECT_EQ(reply.error().what, "bad reply to QMP command 'query-status'");
}

TEST_F(QmpClientTest, JsonThatIsNeitherReplyNorEventIsAProtocolError) {
    connect();
    stream.after_writes(2).feed(line(R"({"id": 2})"));
    auto reply = qmp.execute("query-status");
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.error().kind, ErrorKind::protocol);
}

TEST_F(QmpClientTest, StreamErrorsPassThrough) {
    connect();
    stream.fail_writes(Error{ErrorKind::io, "cannot write to a socket", "Broken pipe", {}});
    auto reply = qmp.execute("query-status");
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.error().kind, ErrorKind::io);
    EXPECT_EQ(reply.error().why, "Broken pipe");
}

TEST_F(QmpClientTest, WriteFailureAfterQemuClosedReportsTheClosedConnection) {
    connect();
    stream.feed(line(R"({"event": "SHUTDOWN"})")).eof();
    stream.fail_writes(Error{ErrorKind::io, "cannot write to a socket", "Broken pipe", {}});
    auto reply = qmp.execute("query-status");
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.error().kind, ErrorKind::remote);
    EXPECT_EQ(reply.error().why, "QEMU closed the QMP connection");
    EXPECT_TRUE(qmp.closed());
    EXPECT_TRUE(qmp.wait_for_event("SHUTDOWN", 1s).ok()) << "what came before the end is kept";
}

TEST_F(QmpClientTest, ReadErrorsPassThrough) {
    connect();
    stream.after_writes(2).fail_read(
        Error{ErrorKind::io, "cannot read", "Bad file descriptor", {}});
    EXPECT_EQ(qmp.execute("query-status").error().why, "Bad file descriptor");
}

TEST_F(QmpClientTest, InvalidUtf8ArgumentIsRefusedBeforeSending) {
    connect();
    auto reply = qmp.execute("human-monitor-command", json{{"command-line", "info \xff"}});
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.error().kind, ErrorKind::config);
    EXPECT_EQ(stream.written_lines().size(), 1U);
}

TEST_F(QmpClientTest, WaitForEventKeepsOtherEventsBuffered) {
    connect();
    stream.feed(line(R"({"event": "RTC_CHANGE", "data": {"offset": 1}})"))
        .delay(2s)
        .feed(line(R"({"event": "POWERDOWN"})"));
    auto event = qmp.wait_for_event("POWERDOWN", 5s);
    ASSERT_TRUE(event.ok());
    EXPECT_EQ(event->name, "POWERDOWN");
    auto rest = qmp.take_events();
    ASSERT_EQ(rest.size(), 1U);
    EXPECT_EQ(rest[0].name, "RTC_CHANGE");
    EXPECT_EQ(rest[0].data["offset"], 1);
    EXPECT_TRUE(qmp.take_events().empty());
}

TEST_F(QmpClientTest, WaitForEventTimesOutNamingTheEvent) {
    connect();
    stream.delay(30s).feed(line(R"({"event": "SHUTDOWN"})"));
    auto event = qmp.wait_for_event("SHUTDOWN", 20s);
    ASSERT_FALSE(event.ok());
    EXPECT_EQ(event.error().kind, ErrorKind::timeout);
    EXPECT_EQ(event.error().what, "no QMP event 'SHUTDOWN'");
    EXPECT_EQ(event.error().why, "nothing arrived within 20 s");
}

TEST_F(QmpClientTest, WaitForEventReportsEndOfFile) {
    connect();
    stream.feed(line(R"({"event": "STOP"})")).eof();
    auto event = qmp.wait_for_event("SHUTDOWN", 20s);
    ASSERT_FALSE(event.ok());
    EXPECT_EQ(event.error().kind, ErrorKind::remote);
    EXPECT_EQ(qmp.take_events().size(), 1U) << "the STOP seen on the way stays buffered";
}

TEST_F(QmpClientTest, DropsTheOldestEventsBeyondTheBufferLimit) {
    QmpOptions options;
    options.max_buffered_events = 2;
    QmpClient small{stream, clock, options};
    stream.feed(k_greeting).after_writes(1).feed(line(R"({"return": {}, "id": 1})"));
    ASSERT_TRUE(small.handshake().ok());
    stream.after_writes(2)
        .feed(line(R"({"event": "A"})") + line(R"({"event": "B"})") + line(R"({"event": "C"})"))
        .feed(line(R"({"return": {}, "id": 2})"));
    ASSERT_TRUE(small.execute("query-status").ok());
    auto events = small.take_events();
    ASSERT_EQ(events.size(), 2U);
    EXPECT_EQ(events[0].name, "B");
    EXPECT_EQ(events[1].name, "C");
}

TEST_F(QmpClientTest, StopsWaitingWhenInterrupted) {
    test::FakeSignals signals;
    QmpOptions options;
    options.signals = &signals;
    QmpClient interruptible{stream, clock, options};
    signals.raise(SIGINT);
    auto greeting = interruptible.handshake();
    ASSERT_FALSE(greeting.ok());
    EXPECT_EQ(greeting.error().kind, ErrorKind::interrupted);
}

} // namespace
} // namespace jrun::qemu
