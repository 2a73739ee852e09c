// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// The checked model as JSON, with each element's "line:col", for golden files of valid configs.

#include "model/config.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace jrun::test {

using Json = nlohmann::ordered_json;

inline std::string at(const model::Origin& origin) {
    return std::to_string(origin.location.line) + ":" + std::to_string(origin.location.column);
}

inline Json ms(std::chrono::milliseconds d) {
    return d.count();
}

inline Json to_json(const model::SetupStep& s) {
    Json out{{"label", s.label}, {"at", at(s.origin)}, {"type", s.type}};
    if (!s.file.empty()) {
        out["file"] = s.file;
    } else {
        out["url"] = s.url;
    }
    out["vars"] = s.vars;
    return out;
}

inline Json to_json(const model::Exec& e) {
    Json env = Json::array();
    for (const auto& var : e.env) {
        env.push_back(Json{{"name", var.name}, {"value", var.value}, {"at", at(var.origin)}});
    }
    Json out{
        {"label", e.label}, {"at", at(e.origin)}, {"cmd", e.cmd}, {"dir", e.dir}, {"env", env}};
    if (e.user) {
        out["user"] = *e.user;
    }
    if (const auto& h = e.healthcheck) {
        out["healthcheck"] = Json{{"at", at(h->origin)},
                                  {"test", h->test},
                                  {"interval_ms", ms(h->interval)},
                                  {"timeout_ms", ms(h->timeout)},
                                  {"retries", h->retries},
                                  {"start_period_ms", ms(h->start_period)}};
    }
    return out;
}

inline Json to_json(const model::Jail& j) {
    Json out{{"name", j.name}, {"at", at(j.origin)}, {"release", j.release}};
    out["ip"] = j.ip ? Json(*j.ip) : Json(nullptr);
    out["base"] = j.base ? Json(*j.base) : Json(nullptr);
    out["depends"] = j.depends;
    out["mounts"] = Json::array();
    for (const auto& m : j.mounts) {
        out["mounts"].push_back(Json{{"label", m.label},
                                     {"at", at(m.origin)},
                                     {"host", m.host},
                                     {"jail", m.jail},
                                     {"readonly", m.readonly}});
    }
    out["forwards"] = Json::array();
    for (const auto& f : j.forwards) {
        out["forwards"].push_back(Json{{"label", f.label},
                                       {"at", at(f.origin)},
                                       {"proto", model::to_string(f.proto)},
                                       {"host", f.host_port},
                                       {"jail", f.jail_port}});
    }
    out["execs"] = Json::array();
    for (const auto& e : j.execs) {
        out["execs"].push_back(to_json(e));
    }
    out["setup"] = Json::array();
    for (const auto& s : j.setup) {
        out["setup"].push_back(to_json(s));
    }
    return out;
}

inline Json to_json(const model::Base& b) {
    Json out{{"at", at(b.origin)}, {"setup", Json::array()}, {"mounts", Json::array()}};
    for (const auto& s : b.setup) {
        out["setup"].push_back(to_json(s));
    }
    for (const auto& m : b.mounts) {
        out["mounts"].push_back(
            Json{{"label", m.label}, {"at", at(m.origin)}, {"host", m.host}, {"target", m.target}});
    }
    out["forwards"] = Json::array();
    for (const auto& f : b.forwards) {
        out["forwards"].push_back(Json{{"label", f.label},
                                       {"at", at(f.origin)},
                                       {"proto", model::to_string(f.proto)},
                                       {"host", f.host_port},
                                       {"target", f.target_port}});
    }
    const auto optional = [](const auto& v) {
        return v ? Json(*v) : Json(nullptr);
    };
    out["vm"] = Json{{"cpus", optional(b.vm.cpus)},
                     {"memory_bytes", optional(b.vm.memory_bytes)},
                     {"disk_bytes", optional(b.vm.disk_bytes)}};
    return out;
}

inline Json to_json(const model::Config& c) {
    Json out{{"path", c.path}, {"jails", Json::array()}};
    for (const auto& j : c.jails) {
        out["jails"].push_back(to_json(j));
    }
    out["base"] = c.base ? to_json(*c.base) : Json(nullptr);
    return out;
}

} // namespace jrun::test
