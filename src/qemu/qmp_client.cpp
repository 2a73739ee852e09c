// SPDX-License-Identifier: BSD-2-Clause
#include "qemu/qmp_client.hpp"

#include "sys/process_runner.hpp"
#include "util/strings.hpp"

#include <algorithm>

namespace jrun::qemu {

namespace {

using nlohmann::json;

// Rationale: a QMP message is one line; the largest real ones (query-commands,
// query-qmp-schema) are a few hundred KiB. A peer that sends megabytes without a newline is
// not QEMU.
constexpr std::size_t k_max_message = 16U << 20U;
constexpr std::size_t k_quote_limit = 200;
// Reads of what is pending when looking for end of file after a failed write.
constexpr int k_max_eof_probes = 64;

// Return the string at `key` of `object`, or "" when it is missing or not a string.
std::string string_field(const json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t integer_field(const json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

std::string quote(std::string_view text) {
    if (text.size() > k_quote_limit) {
        return "'" + std::string(text.substr(0, k_quote_limit)) + "...'";
    }
    return "'" + std::string(text) + "'";
}

QmpEvent parse_event(const json& message) {
    QmpEvent event;
    event.name = string_field(message, "event");
    if (const auto data = message.find("data"); data != message.end()) {
        event.data = *data;
    }
    if (const auto stamp = message.find("timestamp");
        stamp != message.end() && stamp->is_object()) {
        event.seconds = integer_field(*stamp, "seconds");
        event.microseconds = integer_field(*stamp, "microseconds");
    }
    return event;
}

Error remote_error(std::string_view command, const json& error) {
    const json& body = error.is_object() ? error : json::object();
    std::string why = string_field(body, "desc");
    if (why.empty()) {
        why = "QEMU gave no description";
    }
    if (const auto cls = string_field(body, "class"); !cls.empty()) {
        why += " (" + cls + ")";
    }
    return Error{ErrorKind::remote, "QMP command '" + std::string(command) + "' failed", why, {}};
}

Result<QmpGreeting> parse_greeting(const json& message) {
    const auto qmp = message.find("QMP");
    if (qmp == message.end() || !qmp->is_object()) {
        return Error{ErrorKind::protocol,
                     "bad QMP greeting",
                     "expected {\"QMP\": ...}, got " + quote(message.dump()),
                     "is this socket QEMU's QMP monitor?"};
    }
    QmpGreeting greeting;
    const json version = qmp->value("version", json::object());
    const json numbers = version.is_object() ? version.value("qemu", json::object()) : json();
    if (numbers.is_object()) {
        greeting.major = static_cast<int>(integer_field(numbers, "major"));
        greeting.minor = static_cast<int>(integer_field(numbers, "minor"));
        greeting.micro = static_cast<int>(integer_field(numbers, "micro"));
    }
    if (version.is_object()) {
        greeting.package = trim(string_field(version, "package"));
    }
    for (const auto& capability : qmp->value("capabilities", json::array())) {
        if (capability.is_string()) {
            greeting.capabilities.push_back(capability.get<std::string>());
        }
    }
    return greeting;
}

Error closed_error(const std::string& what) {
    return Error{ErrorKind::remote, "no " + what, "QEMU closed the QMP connection", {}};
}

} // namespace

QmpClient::QmpClient(sys::Stream& stream, sys::Clock& clock, QmpOptions options)
    : m_stream(stream),
      m_clock(clock),
      m_options(options) {}

bool QmpClient::notice_eof() {
    for (int i = 0; i < k_max_eof_probes && !m_eof; ++i) {
        auto got = m_stream.read(std::chrono::milliseconds(0));
        if (!got || (got->bytes.empty() && !got->eof)) {
            break;
        }
        m_input += got->bytes;
        m_eof = got->eof;
    }
    return m_eof;
}

QmpClient::Wait QmpClient::start_wait(std::chrono::milliseconds limit, std::string what) const {
    return Wait{m_clock.now() + limit, limit, std::move(what)};
}

Status QmpClient::fill(const Wait& wait) {
    if (m_options.signals != nullptr && m_options.signals->interrupted()) {
        return Error{ErrorKind::interrupted, "no " + wait.what, "interrupted by a signal", {}};
    }
    const auto left = wait.deadline - m_clock.now();
    if (left <= std::chrono::steady_clock::duration::zero()) {
        return Error{ErrorKind::timeout,
                     "no " + wait.what,
                     "nothing arrived within " + sys::describe_duration(wait.limit),
                     {}};
    }
    auto got = m_stream.read(std::chrono::ceil<std::chrono::milliseconds>(left));
    if (!got) {
        return got.error();
    }
    m_input += got->bytes;
    m_eof = m_eof || got->eof;
    if (m_input.size() > k_max_message && m_input.find('\n') == std::string::npos) {
        return Error{ErrorKind::protocol, "bad " + wait.what, "a message longer than 16 MiB", {}};
    }
    return {};
}

Result<json> QmpClient::next_message(const Wait& wait) {
    for (;;) {
        if (const auto newline = m_input.find('\n'); newline != std::string::npos) {
            const std::string line(trim(std::string_view(m_input).substr(0, newline)));
            m_input.erase(0, newline + 1);
            if (line.empty()) {
                continue;
            }
            json message = json::parse(line, nullptr, false);
            if (message.is_discarded() || !message.is_object()) {
                return Error{
                    ErrorKind::protocol, "bad " + wait.what, "not QMP: " + quote(line), {}};
            }
            return message;
        }
        if (m_eof) {
            return closed_error(wait.what);
        }
        if (auto st = fill(wait); !st) {
            return st.error();
        }
    }
}

void QmpClient::buffer_event(const json& message) {
    m_events.push_back(parse_event(message));
    while (m_events.size() > m_options.max_buffered_events) {
        m_events.pop_front();
    }
}

Result<QmpGreeting> QmpClient::handshake() {
    auto message = next_message(start_wait(m_options.timeout, "QMP greeting"));
    if (!message) {
        return message.error();
    }
    auto greeting = parse_greeting(*message);
    if (!greeting) {
        return greeting;
    }
    if (auto done = execute("qmp_capabilities"); !done) {
        return done.error();
    }
    return greeting;
}

Result<json> QmpClient::execute(std::string_view command, const json& arguments) {
    return execute(command, arguments, m_options.timeout);
}

Result<json> QmpClient::execute(std::string_view command,
                                const json& arguments,
                                std::chrono::milliseconds limit) {
    const std::string what = "reply to QMP command '" + std::string(command) + "'";
    if (m_eof) {
        return closed_error(what);
    }
    const std::uint64_t id = m_next_id++;
    json request = {{"execute", command}, {"id", id}};
    if (!arguments.is_null()) {
        request["arguments"] = arguments;
    }
    std::string line;
    try {
        line = request.dump() + "\n";
    } catch (const json::exception&) {
        return Error{ErrorKind::config,
                     "cannot send QMP command '" + std::string(command) + "'",
                     "an argument is not valid UTF-8",
                     {}};
    }
    auto wait = start_wait(limit, what);
    if (auto st = m_stream.write(line, limit); !st) {
        // Rationale: a write fails (EPIPE) when QEMU has closed the socket, which only a read
        // can tell for sure; then report the closed connection, not the symptom.
        return notice_eof() ? closed_error(what) : st.error();
    }
    return await_reply(command, id, wait);
}

Result<json> QmpClient::await_reply(std::string_view command, std::uint64_t id, const Wait& wait) {
    for (;;) {
        auto message = next_message(wait);
        if (!message) {
            return message.error();
        }
        if (message->contains("event")) {
            buffer_event(*message);
            continue;
        }
        const bool is_reply = message->contains("return") || message->contains("error");
        if (!is_reply) {
            return Error{
                ErrorKind::protocol, "bad " + wait.what, "not QMP: " + quote(message->dump()), {}};
        }
        // Rationale: QEMU cannot echo the id of a request it failed to parse, so an error
        // without an id answers the one outstanding command; other ids are late replies to
        // commands that timed out before, and are skipped.
        const auto echoed = message->find("id");
        const bool ours = echoed == message->end() ? message->contains("error") : *echoed == id;
        if (!ours) {
            continue;
        }
        if (const auto error = message->find("error"); error != message->end()) {
            return remote_error(command, *error);
        }
        return (*message)["return"];
    }
}

Result<QmpEvent> QmpClient::wait_for_event(std::string_view name, std::chrono::milliseconds limit) {
    const auto buffered = std::find_if(
        m_events.begin(), m_events.end(), [&](const QmpEvent& e) { return e.name == name; });
    if (buffered != m_events.end()) {
        QmpEvent event = std::move(*buffered);
        m_events.erase(buffered);
        return event;
    }
    const auto wait = start_wait(limit, "QMP event '" + std::string(name) + "'");
    for (;;) {
        auto message = next_message(wait);
        if (!message) {
            return message.error();
        }
        if (!message->contains("event")) {
            continue; // a late reply to a command that timed out
        }
        if (string_field(*message, "event") == name) {
            return parse_event(*message);
        }
        buffer_event(*message);
    }
}

std::vector<QmpEvent> QmpClient::take_events() {
    std::vector<QmpEvent> events(std::make_move_iterator(m_events.begin()),
                                 std::make_move_iterator(m_events.end()));
    m_events.clear();
    return events;
}

} // namespace jrun::qemu
