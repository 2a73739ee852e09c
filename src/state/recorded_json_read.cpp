// SPDX-License-Identifier: BSD-2-Clause
// Reading the state schema: every access names its JSON path, so a hand-edited or damaged
// state file gets an error that says exactly where it is wrong.
#include "state/recorded_json.hpp"

#include <limits>
#include <stdexcept>

namespace jrun::state {

using json = nlohmann::ordered_json;

namespace {

struct SchemaError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A JSON node and the path that led to it.
struct Node {
    const json& value;
    std::string path;

    [[noreturn]] void fail(const std::string& expected) const {
        throw SchemaError(path + ": expected " + expected);
    }
    [[nodiscard]] Node at(const std::string& key) const {
        if (!value.is_object()) {
            fail("an object");
        }
        const auto it = value.find(key);
        if (it == value.end()) {
            throw SchemaError(path + ": missing '" + key + "'");
        }
        return {*it, path.empty() ? key : path + "." + key};
    }
    [[nodiscard]] bool has(const std::string& key) const {
        return value.is_object() && value.contains(key) && !value.at(key).is_null();
    }
    [[nodiscard]] Node item(std::size_t i) const {
        return {value[i], path + "[" + std::to_string(i) + "]"};
    }
    [[nodiscard]] std::string str() const {
        if (!value.is_string()) {
            fail("a string");
        }
        return value.get<std::string>();
    }
    [[nodiscard]] long long integer(long long low, long long high) const {
        if (!value.is_number_integer() || value.get<long long>() < low
            || value.get<long long>() > high) {
            fail("an integer " + std::to_string(low) + ".." + std::to_string(high));
        }
        return value.get<long long>();
    }
    [[nodiscard]] bool boolean() const {
        if (!value.is_boolean()) {
            fail("true or false");
        }
        return value.get<bool>();
    }
    template <class F> void each(F&& f) const {
        if (!value.is_array()) {
            fail("an array");
        }
        for (std::size_t i = 0; i < value.size(); ++i) {
            f(item(i));
        }
    }
};

std::uint16_t port(const Node& n) {
    return static_cast<std::uint16_t>(n.integer(1, 65535));
}

model::Proto proto(const Node& n) {
    const auto s = n.str();
    if (s != "tcp" && s != "udp") {
        n.fail("'tcp' or 'udp'");
    }
    return s == "tcp" ? model::Proto::tcp : model::Proto::udp;
}

std::chrono::milliseconds millis(const Node& n) {
    return std::chrono::milliseconds(n.integer(0, std::numeric_limits<int>::max()));
}

std::vector<model::SetupStep> setup_steps(const Node& n) {
    std::vector<model::SetupStep> out;
    n.each([&](const Node& s) {
        model::SetupStep step;
        step.label = s.at("label").str();
        step.type = s.at("type").str();
        step.file = s.at("file").str();
        step.url = s.at("url").str();
        step.vars = s.at("vars").value;
        out.push_back(std::move(step));
    });
    return out;
}

model::Exec exec(const Node& n) {
    model::Exec e;
    e.label = n.at("label").str();
    e.cmd = n.at("cmd").str();
    e.dir = n.at("dir").str();
    n.at("env").each([&](const Node& v) {
        e.env.push_back({v.at("name").str(), v.at("value").str(), {}});
    });
    if (n.has("user")) {
        e.user = n.at("user").str();
    }
    if (n.has("healthcheck")) {
        const Node hc = n.at("healthcheck");
        e.healthcheck = model::Healthcheck{hc.at("test").str(),
                                           millis(hc.at("interval_ms")),
                                           millis(hc.at("timeout_ms")),
                                           static_cast<int>(hc.at("retries").integer(1, 1000000)),
                                           millis(hc.at("start_period_ms")),
                                           {}};
    }
    return e;
}

model::Jail spec(const std::string& name, const Node& n) {
    model::Jail j;
    j.name = name;
    j.release = n.at("release").str();
    if (n.has("ip")) {
        j.ip = n.at("ip").str();
    }
    if (n.has("base")) {
        j.base = n.at("base").str();
    }
    n.at("depends").each([&](const Node& d) { j.depends.push_back(d.str()); });
    n.at("mounts").each([&](const Node& m) {
        j.mounts.push_back({m.at("label").str(),
                            m.at("host").str(),
                            m.at("jail").str(),
                            m.at("readonly").boolean(),
                            {}});
    });
    n.at("forwards").each([&](const Node& f) {
        j.forwards.push_back({f.at("label").str(),
                              proto(f.at("proto")),
                              port(f.at("host")),
                              port(f.at("jail")),
                              {}});
    });
    n.at("execs").each([&](const Node& e) { j.execs.push_back(exec(e)); });
    j.setup = setup_steps(n.at("setup"));
    return j;
}

std::map<std::string, std::string> string_map(const Node& n) {
    if (!n.value.is_object()) {
        n.fail("an object");
    }
    std::map<std::string, std::string> out;
    for (const auto& [key, value] : n.value.items()) {
        out.emplace(key, Node{value, n.path + "." + key}.str());
    }
    return out;
}

model::Base base(const Node& n) {
    model::Base b;
    b.setup = setup_steps(n.at("setup"));
    n.at("mounts").each([&](const Node& m) {
        b.mounts.push_back({m.at("label").str(), m.at("host").str(), m.at("target").str(), {}});
    });
    n.at("forwards").each([&](const Node& f) {
        b.forwards.push_back({f.at("label").str(),
                              proto(f.at("proto")),
                              port(f.at("host")),
                              port(f.at("target")),
                              {}});
    });
    const Node vm = n.at("vm");
    if (vm.has("cpus")) {
        b.vm.cpus = static_cast<int>(vm.at("cpus").integer(1, 256));
    }
    const auto max = std::numeric_limits<long long>::max();
    if (vm.has("memory_bytes")) {
        b.vm.memory_bytes = static_cast<std::uint64_t>(vm.at("memory_bytes").integer(1, max));
    }
    if (vm.has("disk_bytes")) {
        b.vm.disk_bytes = static_cast<std::uint64_t>(vm.at("disk_bytes").integer(1, max));
    }
    return b;
}

model::RecordedVm vm(const Node& n) {
    model::RecordedVm out;
    if (n.has("ssh_port")) {
        out.ssh_port = port(n.at("ssh_port"));
    }
    n.at("forwards").each([&](const Node& f) {
        out.forwards.push_back({proto(f.at("proto")), port(f.at("host")), port(f.at("guest"))});
    });
    n.at("shares").each([&](const Node& s) {
        out.shares.push_back({s.at("host").str(), s.at("tag").str()});
    });
    return out;
}

std::vector<model::Peer> peers(const Node& n) {
    std::vector<model::Peer> out;
    n.each([&](const Node& p) {
        model::Peer peer{p.at("alias").str(), p.at("direction").str(), p.at("paired_at").str(), {}};
        p.at("jails").each([&](const Node& j) {
            peer.jails.push_back({j.at("name").str(), j.at("address").str()});
        });
        out.push_back(std::move(peer));
    });
    return out;
}

model::Recorded recorded(const Node& root) {
    model::Recorded out;
    const Node jails = root.at("jails");
    if (!jails.value.is_object()) {
        jails.fail("an object");
    }
    for (const auto& [name, value] : jails.value.items()) {
        const Node j{value, "jails." + name};
        out.jails.emplace(name,
                          model::RecordedJail{spec(name, j.at("spec")),
                                              j.at("private_name").str(),
                                              j.at("ip").str(),
                                              string_map(j.at("setup_hashes"))});
    }
    if (root.has("base")) {
        out.base = base(root.at("base"));
    }
    out.base_setup_hashes = string_map(root.at("base_setup_hashes"));
    out.vm = vm(root.at("vm"));
    root.at("host_keys").each([&](const Node& k) {
        out.host_keys.push_back({k.at("host").str(), k.at("type").str(), k.at("key").str()});
    });
    out.peers = peers(root.at("peers"));
    return out;
}

} // namespace

Result<model::Recorded> from_json(const json& document) {
    if (document.is_object() && document.empty()) {
        return model::Recorded{}; // no state file yet
    }
    try {
        return recorded(Node{document, ""});
    } catch (const SchemaError& e) {
        return Error{ErrorKind::config, "state does not match its schema", e.what(), {}};
    }
}

} // namespace jrun::state
