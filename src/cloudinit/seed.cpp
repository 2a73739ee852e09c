// SPDX-License-Identifier: BSD-2-Clause
#include "cloudinit/seed.hpp"

#include "cloudinit/detail/checks.hpp"
#include "util/hash.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <cctype>

namespace jrun::cloudinit {

namespace {

using detail::check_account_name;

// Collect YAML lines; the first failed quote sticks and is reported by text().
class Yaml {
public:
    void line(std::string_view text) {
        m_text.append(text);
        m_text.push_back('\n');
    }
    // Append `<indent><prefix>"value"`.
    void quoted(std::string_view prefix, std::string_view value, std::string_view field) {
        auto quoted_value = yaml_quote(value, field);
        if (!quoted_value) {
            if (m_error.what.empty()) {
                m_error = quoted_value.error();
            }
            return;
        }
        line(std::string(prefix) + *quoted_value);
    }
    // Append a literal block (`|`) whose lines are indented by `indent` spaces.
    void block(std::string_view text, std::size_t indent) {
        for (const auto& piece : split(trim(text), '\n')) {
            line(std::string(indent, ' ') + piece);
        }
    }
    [[nodiscard]] Result<std::string> text() const {
        if (!m_error.what.empty()) {
            return m_error;
        }
        return m_text;
    }

private:
    std::string m_text;
    Error m_error;
};

Status check_spec(const SeedSpec& spec) {
    for (auto status : {check_account_name(spec.user, "user"),
                        check_account_name(spec.group, "group"),
                        detail::check_hostname(spec.hostname),
                        detail::check_plain_path(spec.shell, "shell"),
                        detail::check_private_key(spec.host_key.private_key)}) {
        if (!status) {
            return status;
        }
    }
    for (const auto& package : spec.packages) {
        if (auto status = detail::check_package(package); !status) {
            return status;
        }
    }
    auto user_key = detail::parse_public_key(spec.authorized_key, "authorized key");
    auto host_key = detail::parse_public_key(spec.host_key.public_key, "host public key");
    if (!user_key || !host_key) {
        return !user_key ? user_key.error() : host_key.error();
    }
    if (host_key->type != "ssh-ed25519") {
        return Error{
            ErrorKind::config, "render the cloud-init seed", "the host key must be ed25519", ""};
    }
    return {};
}

void render_user(Yaml& yaml, const SeedSpec& spec) {
    yaml.line("users:");
    yaml.quoted("  - name: ", spec.user, "user");
    yaml.quoted("    groups: ", spec.group, "group");
    yaml.quoted("    shell: ", spec.shell, "shell");
    yaml.line("    lock_passwd: true");
    yaml.line("    ssh_authorized_keys:");
    yaml.quoted("      - ", trim(spec.authorized_key), "authorized key");
}

void render_host_key(Yaml& yaml, const SeedSpec& spec) {
    // Rationale: cloud-init deletes the image's host keys and installs this one; nuageinit
    // writes it to /etc/ssh before sshd first starts. Either way jrun knows the key in advance.
    yaml.line("ssh_deletekeys: true");
    yaml.line("ssh_genkeytypes: []");
    yaml.line("ssh_keys:");
    yaml.line("  ed25519_private: |");
    yaml.block(spec.host_key.private_key, 4);
    yaml.quoted("  ed25519_public: ", trim(spec.host_key.public_key), "host public key");
}

void render_files(Yaml& yaml, const SeedSpec& spec) {
    yaml.line("write_files:");
    // Rationale: appended before sshd first starts, so no restart races jrun's first login.
    yaml.line("  - path: \"/etc/ssh/sshd_config\"");
    yaml.line("    append: true");
    yaml.line("    content: |");
    yaml.block("PermitRootLogin no\nPrintMotd no\nPrintLastLog no", 6);
    yaml.line("  - path: \"/usr/local/etc/doas.conf\"");
    yaml.line("    content: |");
    yaml.block("permit nopass :" + spec.group, 6);
    yaml.line("    permissions: \"0400\"");
    yaml.quoted("    owner: ", "root:" + spec.group, "group");
    yaml.line("    defer: true");
}

void render_commands(Yaml& yaml, const SeedSpec& spec) {
    auto hushlogin = "/home/" + spec.user + "/.hushlogin";
    yaml.line("runcmd:");
    yaml.line("  - \": > /etc/motd\"");
    yaml.line("  - \": > /etc/motd.template\"");
    yaml.quoted("  - ", "touch " + shell_quote(hushlogin), "user");
    yaml.quoted("  - ", "chown " + shell_quote(spec.user) + " " + shell_quote(hushlogin), "user");
}

} // namespace

Result<std::string> yaml_quote(std::string_view text, std::string_view field) {
    for (char c : text) {
        if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            return Error{ErrorKind::config,
                         "render the cloud-init seed",
                         std::string(field) + " holds a quote, backslash or control character",
                         ""};
        }
    }
    return "\"" + std::string(text) + "\"";
}

Result<std::string> render_meta_data(const SeedSpec& spec) {
    if (auto status = detail::check_hostname(spec.hostname); !status) {
        return status.error();
    }
    Yaml yaml;
    yaml.quoted("instance-id: ", spec.instance_id, "instance id");
    yaml.quoted("local-hostname: ", spec.hostname, "hostname");
    return yaml.text();
}

Result<std::string> render_user_data(const SeedSpec& spec) {
    if (auto status = check_spec(spec); !status) {
        return status.error();
    }
    Yaml yaml;
    yaml.line("#cloud-config");
    yaml.line("disable_root: true");
    yaml.line("ssh_pwauth: false");
    render_user(yaml, spec);
    yaml.line("packages:");
    for (const auto& package : spec.packages) {
        yaml.quoted("  - ", package, "package");
    }
    render_host_key(yaml, spec);
    render_files(yaml, spec);
    render_commands(yaml, spec);
    return yaml.text();
}

Result<std::string> python_package(std::string_view interpreter) {
    auto minor = interpreter.substr(std::min<std::size_t>(interpreter.size(), 8));
    bool ok =
        starts_with(interpreter, "python3.") && !minor.empty() && minor.size() <= 2
        && std::all_of(minor.begin(), minor.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!ok) {
        return Error{ErrorKind::config,
                     "choose the Python package for the VM",
                     "'" + std::string(interpreter) + "' is not like python3.13",
                     "set JRUN_VM_PYTHON_INTERPRETER to python3.N"};
    }
    return "python3" + std::string(minor);
}

std::string instance_id_for(std::string_view host_public_key) {
    return "jrun-" + sha256_hex(trim(host_public_key)).substr(0, 16);
}

Result<std::string>
known_hosts_line(std::string_view host, std::uint16_t port, std::string_view public_key) {
    auto key = detail::parse_public_key(public_key, "host public key");
    if (!key) {
        return key.error();
    }
    bool host_ok = !host.empty() && std::all_of(host.begin(), host.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' || c == ':';
    });
    if (!host_ok) {
        return Error{
            ErrorKind::config, "pin the VM host key", "bad host '" + std::string(host) + "'", ""};
    }
    auto name =
        port == 22 ? std::string(host) : "[" + std::string(host) + "]:" + std::to_string(port);
    return name + " " + key->type + " " + key->blob;
}

} // namespace jrun::cloudinit
