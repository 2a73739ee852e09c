// SPDX-License-Identifier: BSD-2-Clause
#include "hostile_config.hpp"

#include "config/values.hpp"
#include "support/hostile_strings.hpp"
#include "sys/host_probe.hpp"
#include "ucl/parser.hpp"

#include <fstream>

namespace jrun::test::hostile {

namespace {

// The real file system for paths; every port free (forwards are not what this suite tests).
class DirProbe final : public config::HostProbe {
public:
    [[nodiscard]] config::PathKind path_kind(const std::string& path) const override {
        return m_real.path_kind(path);
    }
    [[nodiscard]] config::PortStatus port_status(model::Proto /*proto*/,
                                                 std::uint16_t /*port*/) const override {
        return config::PortStatus::free;
    }

private:
    sys::RealHostProbe m_real;
};

std::string normal(const std::string& path) {
    auto out = std::filesystem::path(path).lexically_normal().string();
    while (out.size() > 1 && out.back() == '/') {
        out.pop_back();
    }
    return out;
}

// Return `object[key]`, or null when `object` is not an object or has no `key`.
nlohmann::ordered_json member(const nlohmann::ordered_json& object, const std::string& key) {
    if (!object.is_object() || !object.contains(key)) {
        return nullptr;
    }
    return object.at(key);
}

std::string first_key(const nlohmann::ordered_json& object) {
    return object.is_object() && !object.empty() ? object.begin().key() : std::string("<none>");
}

std::string var_text(const nlohmann::ordered_json& value) {
    return value.is_string() ? value.get<std::string>() : "<not a string: " + value.dump() + ">";
}

const model::Exec& exec_of(const model::Jail& jail) {
    static const model::Exec none;
    return jail.execs.empty() ? none : jail.execs.front();
}

const nlohmann::ordered_json& vars_of(const model::Jail& jail) {
    static const nlohmann::ordered_json none = nlohmann::ordered_json::object();
    return jail.setup.empty() ? none : jail.setup.front().vars;
}

bool accepts_text(const std::string& payload) {
    return is_text(payload);
}

// Vars take any UTF-8 text, but not Ansible's reserved keys (only keys are tested with them).
bool accepts_utf8(const std::string& payload) {
    return is_utf8(payload) && payload != "__ansible_unsafe";
}

bool accepts_nothing(const std::string& /*payload*/) {
    return false;
}

using Setter =
    std::function<std::string(JailFields&, const Workspace&, std::size_t, const std::string&)>;

// A setter that writes the payload into `member` as is and expects it back unchanged.
Setter plain(std::string JailFields::*member) {
    return [member](JailFields& f, const Workspace&, std::size_t, const std::string& p) {
        f.*member = p;
        return p;
    };
}

// A setter for a guest path: `prefix` + payload, expected lexically normal.
Setter guest_path(std::string JailFields::*member, std::string prefix) {
    return [member, prefix](JailFields& f, const Workspace&, std::size_t, const std::string& p) {
        f.*member = prefix + p;
        return prefix.empty() ? p : normal(prefix + p);
    };
}

// A setter for a vars fragment made of `before` + the payload as a UCL string + `after`.
Setter vars(std::string before, std::string after) {
    return [before, after](JailFields& f, const Workspace&, std::size_t, const std::string& p) {
        f.vars = before + ucl_string(p) + after;
        return p;
    };
}

// Rationale: one table of every field keeps the suite's coverage readable in one place; each
// entry is a setter, a getter and the rule a rejection names.
std::vector<Field> make_fields() {
    const auto label = [](const char* kind, std::string JailFields::*member, auto get) {
        return Field{std::string(kind) + "_label",
                     plain(member),
                     get,
                     std::string(kind) + " label",
                     accepts_nothing};
    };
    return {
        {"jail_name",
         plain(&JailFields::name),
         [](const model::Jail& j) { return j.name; },
         "hostname",
         accepts_nothing},
        {"cmd",
         plain(&JailFields::cmd),
         [](const model::Jail& j) { return exec_of(j).cmd; },
         "'cmd'",
         [](const std::string& p) {
             return is_text(p) && p.find_first_not_of(" \t\r\n") != std::string::npos;
         }},
        {"dir",
         guest_path(&JailFields::dir, ""),
         [](const model::Jail& j) { return exec_of(j).dir; },
         "'dir'",
         accepts_nothing},
        {"dir_under_srv",
         guest_path(&JailFields::dir, "/srv/"),
         [](const model::Jail& j) { return exec_of(j).dir; },
         "'dir'",
         accepts_nothing},
        {"env_value",
         plain(&JailFields::env_value),
         [](const model::Jail& j) {
             return exec_of(j).env.empty() ? "<none>" : exec_of(j).env.front().value;
         },
         "'PORT'",
         accepts_text},
        {"env_name",
         plain(&JailFields::env_name),
         [](const model::Jail& j) {
             return exec_of(j).env.empty() ? "<none>" : exec_of(j).env.front().name;
         },
         "environment variable name",
         accepts_nothing},
        {"user",
         plain(&JailFields::user),
         [](const model::Jail& j) { return exec_of(j).user.value_or("<none>"); },
         "'user'",
         accepts_nothing},
        {"healthcheck_test",
         plain(&JailFields::test),
         [](const model::Jail& j) {
             return exec_of(j).healthcheck ? exec_of(j).healthcheck->test : "<none>";
         },
         "'test'",
         accepts_text},
        {"mount_jail",
         guest_path(&JailFields::mount_jail, ""),
         [](const model::Jail& j) { return j.mounts.empty() ? "<none>" : j.mounts[0].jail; },
         "'jail'",
         accepts_nothing},
        {"mount_jail_under_mnt",
         guest_path(&JailFields::mount_jail, "/mnt/"),
         [](const model::Jail& j) { return j.mounts.empty() ? "<none>" : j.mounts[0].jail; },
         "'jail'",
         accepts_nothing},
        {"mount_host",
         [](JailFields& f, const Workspace& w, std::size_t i, const std::string& p) {
             f.mount_host = w.host_dir(i, p);
             return normal(f.mount_host);
         },
         [](const model::Jail& j) { return j.mounts.empty() ? "<none>" : j.mounts[0].host; },
         "'host'",
         accepts_nothing},
        {"var_value",
         vars("greeting = ", ";"),
         [](const model::Jail& j) { return var_text(member(vars_of(j), "greeting")); },
         "vars of setup",
         accepts_utf8,
         true},
        {"var_key",
         [](JailFields& f, const Workspace&, std::size_t, const std::string& p) {
             f.vars = ucl_string(p) + " = \"x\";";
             return p;
         },
         [](const model::Jail& j) { return first_key(vars_of(j)); },
         "vars of setup",
         accepts_nothing},
        {"var_nested_key",
         [](JailFields& f, const Workspace&, std::size_t, const std::string& p) {
             f.vars = "conf { " + ucl_string(p) + " = \"x\"; }";
             return p;
         },
         [](const model::Jail& j) { return first_key(member(vars_of(j), "conf")); },
         "vars of setup",
         accepts_utf8,
         true},
        {"var_in_list",
         vars("list = [\"a\", ", "];"),
         [](const model::Jail& j) {
             const auto list = member(vars_of(j), "list");
             return list.is_array() && list.size() == 2 ? var_text(list[1]) : "<not a list of two>";
         },
         "vars of setup",
         accepts_utf8,
         true},
        {"var_in_object",
         vars("conf { deep { value = ", "; } }"),
         [](const model::Jail& j) {
             return var_text(member(member(member(vars_of(j), "conf"), "deep"), "value"));
         },
         "vars of setup",
         accepts_utf8,
         true},
        label("forward",
              &JailFields::forward_label,
              [](const model::Jail& j) { return j.forwards.empty() ? "" : j.forwards[0].label; }),
        label("mount",
              &JailFields::mount_label,
              [](const model::Jail& j) { return j.mounts.empty() ? "" : j.mounts[0].label; }),
        label(
            "exec", &JailFields::exec_label, [](const model::Jail& j) { return exec_of(j).label; }),
        label("setup",
              &JailFields::setup_label,
              [](const model::Jail& j) { return j.setup.empty() ? "" : j.setup[0].label; }),
    };
}

} // namespace

const std::vector<std::string>& payloads() {
    static const std::vector<std::string> all = hostile_strings();
    return all;
}

std::string payload_name(const ::testing::TestParamInfo<std::size_t>& info) {
    const auto& payload = payloads().at(info.param);
    std::string name = (info.param < 10 ? "p0" : "p") + std::to_string(info.param) + "_";
    for (const char c : payload.substr(0, 40)) {
        const bool alnum =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (alnum && name.size() < 20) {
            name += c;
        }
    }
    return name;
}

std::string ucl_string(std::string_view text) {
    static constexpr std::string_view k_hex = "0123456789abcdef";
    std::string out = "\"";
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20 || u == 0x7f) {
            out += "\\u00";
            out += k_hex[u >> 4U];
            out += k_hex[u & 0xfU];
        } else {
            out += c;
        }
    }
    return out + "\"";
}

bool is_utf8(std::string_view text) {
    return config::is_utf8(text);
}

bool is_text(std::string_view text) {
    return is_utf8(text) && text.find('\0') == std::string_view::npos;
}

Workspace::Workspace() {
    std::filesystem::create_directories(path() / "share");
    (void)m_dir.write("play.yml", "- hosts: all\n  tasks: []\n");
}

std::string Workspace::config_text(const JailFields& f) const {
    const auto q = ucl_string;
    const std::string host = f.mount_host.empty() ? (path() / "share").string() : f.mount_host;
    return "jail {\n  " + q(f.name) + " {\n    ip = \"10.17.89.12\";\n" + "    mount { "
           + q(f.mount_label) + " { host = " + q(host) + "; jail = " + q(f.mount_jail) + "; } }\n"
           + "    forward { " + q(f.forward_label) + " { host = 18080; jail = 80; } }\n"
           + "    exec { " + q(f.exec_label) + " {\n      cmd = " + q(f.cmd)
           + ";\n      dir = " + q(f.dir) + ";\n      user = " + q(f.user) + ";\n      env { "
           + q(f.env_name) + " = " + q(f.env_value) + "; }\n      healthcheck { test = " + q(f.test)
           + "; interval = \"2s\"; }\n    } }\n" + "    setup { " + q(f.setup_label) + " { file = "
           + q((path() / "play.yml").string()) + "; vars { " + f.vars + " } } }\n  }\n}\n";
}

Checked Workspace::check(const JailFields& fields) const {
    Checked out;
    const auto file = (path() / "stack.ucl").string();
    auto parsed = ucl::parse(file, config_text(fields), ucl::ParseOptions{});
    const auto keep = [&out](const std::vector<Diagnostic>& diagnostics) {
        for (const auto& d : diagnostics) {
            out.all += d.message + "\n";
            if (d.severity == Severity::error) {
                out.errors.push_back(d.message);
            }
        }
    };
    keep(parsed.errors);
    if (!parsed.document) {
        return out;
    }
    const DirProbe probe;
    config::CheckContext context;
    context.config_path = file;
    context.config_dir = path().string();
    context.cwd = path().string();
    context.home = (path() / "home").string();
    context.probe = &probe;
    auto result = config::check(parsed.document->root, context, parsed.sources);
    keep(result.diagnostics);
    out.config = std::move(result.config);
    return out;
}

std::string Workspace::host_dir(std::size_t index, const std::string& payload) const {
    const std::string dir = (path() / "hosts" / std::to_string(index)).string() + "/" + payload;
    std::error_code ignored;
    if (payload.find("..") == std::string::npos && payload.find('\0') == std::string::npos) {
        std::filesystem::create_directories(dir, ignored);
    }
    return dir;
}

const std::vector<Field>& fields() {
    static const std::vector<Field> all = make_fields();
    return all;
}

} // namespace jrun::test::hostile
