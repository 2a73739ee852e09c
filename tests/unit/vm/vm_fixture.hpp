// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// Fakes for the VM lifecycle's ports: scripted QMP connections, a scripted SSH probe.

#include "fakes/fake_clock.hpp"
#include "fakes/fake_process_runner.hpp"
#include "fakes/memory_file_system.hpp"
#include "fakes/scripted_stream.hpp"
#include "vm/ports.hpp"

#include <nlohmann/json.hpp>

#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace jrun::vm::test_support {

inline constexpr const char* k_greeting =
    R"({"QMP": {"version": {"qemu": {"micro": 22, "minor": 2, "major": 7}, "package": ""}, )"
    R"("capabilities": ["oob"]}})"
    "\r\n";

// A Stream that forwards to a ScriptedStream the test keeps (so it can look at what was sent).
class BorrowedStream final : public sys::Stream {
public:
    explicit BorrowedStream(test::ScriptedStream& stream)
        : m_stream(stream) {}
    [[nodiscard]] Result<sys::StreamRead> read(std::chrono::milliseconds limit) override {
        return m_stream.read(limit);
    }
    [[nodiscard]] Status write(std::string_view bytes, std::chrono::milliseconds limit) override {
        return m_stream.write(bytes, limit);
    }

private:
    test::ScriptedStream& m_stream;
};

// An SshProbe answering from scripts (the last answer repeats), or from rules when set (a
// guest whose sshd and keys appear at given times on a fake clock).
class ScriptedSshProbe final : public SshProbe {
public:
    std::deque<bool> banners{true};
    std::deque<bool> logins{true};
    std::function<bool()> banner_rule;
    std::function<bool()> login_rule;
    int banner_calls = 0;
    int login_calls = 0;

    [[nodiscard]] bool banner(const std::string& /*host*/,
                              std::uint16_t /*port*/,
                              std::chrono::milliseconds /*limit*/) override {
        ++banner_calls;
        return banner_rule ? banner_rule() : next(banners);
    }
    [[nodiscard]] bool login() override {
        ++login_calls;
        return login_rule ? login_rule() : next(logins);
    }

private:
    static bool next(std::deque<bool>& answers) {
        bool answer = answers.front();
        if (answers.size() > 1) {
            answers.pop_front();
        }
        return answer;
    }
};

// Ports over fakes. Each QMP connection takes the next scripted stream; when none is left,
// connecting fails with `io` (nobody listens: QEMU is not running).
struct FakeVm {
    test::FakeClock clock;
    test::FakeProcessRunner runner;
    test::MemoryFileSystem fs;
    ScriptedSshProbe ssh;
    std::deque<std::unique_ptr<test::ScriptedStream>> streams;
    std::vector<test::ScriptedStream*> used; // connections handed out, in order
    std::vector<std::pair<int, int>> kills;  // (pid, signal), signal 0 (existence) left out
    bool pid_alive = false;                  // what kill(pid, 0) says
    std::vector<std::string> said;
    std::string busy_reason; // returned for every port check when not empty
    VmPorts ports{
        runner,
        fs,
        clock,
        [this](const std::string& path) { return connect(path); },
        ssh,
        [this](model::Proto, std::uint16_t) { return busy_reason; },
        [this](int pid, int signal_number) {
            if (signal_number == 0) {
                return pid_alive ? Status{} : Status{Error{ErrorKind::process, "gone", {}, {}}};
            }
            kills.emplace_back(pid, signal_number);
            pid_alive = false;
            return Status{};
        },
        [this](std::string_view line) { said.emplace_back(line); },
        nullptr};

    // Script one more QMP connection that completes the handshake; return it to script more.
    test::ScriptedStream& accept_connection() {
        streams.push_back(std::make_unique<test::ScriptedStream>(clock));
        auto& stream = *streams.back();
        stream.feed(k_greeting).after_writes(1).feed("{\"return\": {}, \"id\": 1}\r\n");
        return stream;
    }
    // Script the reply `value` to the command with `id` on `stream`.
    static void reply(test::ScriptedStream& stream, std::size_t id, const nlohmann::json& value) {
        stream.after_writes(id).feed(nlohmann::json{{"return", value}, {"id", id}}.dump() + "\r\n");
    }
    static nlohmann::json running() {
        return {{"status", "running"}, {"singlestep", false}, {"running", true}};
    }

private:
    std::deque<std::unique_ptr<test::ScriptedStream>> m_kept;

    Result<std::unique_ptr<sys::Stream>> connect(const std::string& path) {
        if (streams.empty()) {
            return Error{ErrorKind::io, "cannot connect to '" + path + "'", "refused", {}};
        }
        m_kept.push_back(std::move(streams.front()));
        streams.pop_front();
        used.push_back(m_kept.back().get());
        return std::unique_ptr<sys::Stream>(std::make_unique<BorrowedStream>(*m_kept.back()));
    }
};

} // namespace jrun::vm::test_support
