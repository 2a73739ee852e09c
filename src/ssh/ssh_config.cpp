// SPDX-License-Identifier: BSD-2-Clause
#include "ssh/ssh_config.hpp"

#include "util/strings.hpp"

#include <algorithm>

namespace jrun::ssh {

namespace {

// ssh names the control socket `<dir>/%C` (a 40-digit hash) and binds it first as
// `<that>.<16 random characters>` before renaming it (mux.c), so the directory gets what is left.
constexpr std::size_t k_control_name = 1 + 40 + 17;
constexpr std::string_view k_jump_target = "[%h]:%p";

bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
           || c == '_' || c == '-';
}

bool valid_user(std::string_view user) {
    return !user.empty() && user.front() != '-'
           && std::all_of(user.begin(), user.end(), is_word_char);
}

bool valid_host(std::string_view host) {
    const auto ok = [](char c) {
        return is_word_char(c) || c == ':' || c == '%';
    };
    return !host.empty() && host.front() != '-' && std::all_of(host.begin(), host.end(), ok);
}

Error config_error(std::string what, std::string why, std::string hint = {}) {
    return Error{ErrorKind::config, std::move(what), std::move(why), std::move(hint)};
}

Status check_endpoint(const SshEndpoint& endpoint, std::string_view role) {
    const auto what = "unusable SSH " + std::string(role);
    if (!valid_user(endpoint.user)) {
        return config_error(what,
                            "user " + shell_quote(endpoint.user) + " is not a plain name",
                            "use letters, digits, '.', '_' and '-'");
    }
    if (!valid_host(endpoint.host)) {
        return config_error(what,
                            "host " + shell_quote(endpoint.host) + " is not a host name or address",
                            "use a DNS name or an IP address without brackets");
    }
    if (endpoint.port == 0) {
        return config_error(what, "port 0 is not a port");
    }
    return {};
}

Status check_path(const std::filesystem::path& path, std::string_view role) {
    const auto text = path.string();
    const auto bad = [](char c) {
        return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    };
    if (!path.is_absolute() || std::any_of(text.begin(), text.end(), bad)) {
        return config_error("unusable SSH " + std::string(role) + " " + shell_quote(text),
                            "it must be an absolute path without '\"', '\\' or control characters");
    }
    return {};
}

Status check_control_dir(const std::filesystem::path& dir) {
    if (auto st = check_path(dir, "control directory"); !st) {
        return st;
    }
    const auto length = dir.string().size() + k_control_name;
    if (length > k_max_socket_path) {
        return config_error(
            "SSH control directory " + shell_quote(dir.string()) + " is too long",
            "its sockets would be " + std::to_string(length) + " bytes long; Unix sockets allow "
                + std::to_string(k_max_socket_path),
            "use a directory of at most " + std::to_string(k_max_socket_path - k_control_name)
                + " bytes (e.g. set JRUN_HOME to a shorter path)");
    }
    return {};
}

// Return `text` with `%` doubled: ssh expands %-tokens in paths and in ProxyCommand.
std::string escape_percent(std::string_view text) {
    std::string escaped;
    for (const char c : text) {
        escaped += c;
        if (c == '%') {
            escaped += '%';
        }
    }
    return escaped;
}

// Return a path (then `suffix`, already escaped) as an ssh_config value: %-escaped,
// double-quoted when ssh would split it.
std::string path_value(const std::filesystem::path& path, std::string_view suffix = {}) {
    auto value = escape_percent(path.string()) + std::string(suffix);
    if (value.find_first_of(" \t'") != std::string::npos) {
        return '"' + value + '"';
    }
    return value;
}

void add_option(std::vector<std::string>& words, std::string_view name, std::string_view value) {
    words.emplace_back("-o");
    words.push_back(std::string(name) + "=" + std::string(value));
}

// The options for one hop: `master` lets this connection own the control socket; a jump hop only
// uses a master that already exists (ControlMaster=no), never starts one.
std::vector<std::string>
hop_options(const SshConfig& config, const SshEndpoint& endpoint, bool master) {
    std::vector<std::string> words;
    add_option(words, "BatchMode", "yes");
    add_option(words, "ConnectTimeout", std::to_string(config.connect_timeout.count()));
    add_option(words, "LogLevel", "ERROR");
    add_option(words, "ControlMaster", master ? "auto" : "no");
    add_option(words, "ControlPath", path_value(config.control_dir, "/%C"));
    if (master) {
        add_option(words, "ControlPersist", std::to_string(config.control_persist.count()) + "s");
    }
    add_option(words, "UserKnownHostsFile", path_value(config.known_hosts));
    add_option(words, "GlobalKnownHostsFile", "/dev/null");
    add_option(words, "StrictHostKeyChecking", endpoint.pinned ? "yes" : "accept-new");
    add_option(words, "HashKnownHosts", "no");
    if (config.identity_file) {
        add_option(words, "IdentitiesOnly", "yes");
    }
    return words;
}

// Return `-p PORT -l USER` (and `-F none`, `-i KEY`) around `options` for one hop.
std::vector<std::string>
hop_argv(const SshConfig& config, const SshEndpoint& endpoint, std::vector<std::string> options) {
    std::vector<std::string> argv{"ssh"};
    if (!config.read_user_config) {
        argv.insert(argv.end(), {"-F", "none"});
    }
    argv.insert(argv.end(), options.begin(), options.end());
    if (config.identity_file) {
        argv.insert(argv.end(), {"-i", escape_percent(config.identity_file->string())});
    }
    argv.insert(argv.end(), {"-p", std::to_string(endpoint.port), "-l", endpoint.user});
    return argv;
}

// Rationale: `-J`/ProxyJump applies none of the command line's options to the jump host (see
// ssh_config(5)): it would read ~/.ssh/known_hosts, prompt, use other keys. A ProxyCommand runs
// an ssh with exactly jrun's options, and reuses a master to the jump host when one is up.
std::string proxy_command(const SshConfig& config) {
    auto argv = hop_argv(config, *config.jump, hop_options(config, *config.jump, false));
    argv.insert(argv.end(), {"-W", std::string(k_jump_target), "--", config.jump->host});
    std::string command;
    for (const auto& word : argv) {
        command += command.empty() ? "" : " ";
        command += word == k_jump_target ? shell_quote(word) : escape_percent(shell_quote(word));
    }
    return command;
}

} // namespace

Status check_ssh_config(const SshConfig& config) {
    if (auto st = check_endpoint(config.target, "host"); !st) {
        return st;
    }
    if (config.jump) {
        if (auto st = check_endpoint(*config.jump, "jump host"); !st) {
            return st;
        }
    }
    if (config.identity_file) {
        if (auto st = check_path(*config.identity_file, "identity file"); !st) {
            return st;
        }
    }
    if (auto st = check_path(config.known_hosts, "known_hosts file"); !st) {
        return st;
    }
    return check_control_dir(config.control_dir);
}

Result<std::vector<std::string>> ssh_options(const SshConfig& config) {
    if (auto st = check_ssh_config(config); !st) {
        return st.error();
    }
    auto words = hop_options(config, config.target, true);
    if (config.jump) {
        add_option(words, "ProxyCommand", proxy_command(config));
    }
    return words;
}

Result<std::vector<std::string>> ssh_argv(const SshConfig& config, const SshCall& call) {
    auto options = ssh_options(config);
    if (!options) {
        return options.error();
    }
    auto argv = hop_argv(config, config.target, std::move(*options));
    argv.insert(argv.end(), call.flags.begin(), call.flags.end());
    argv.insert(argv.end(), {"--", config.target.host});
    if (!call.remote_command.empty()) {
        argv.push_back(call.remote_command);
    }
    return argv;
}

bool uses_doas(const SshConfig& config) {
    return config.become && config.target.user != "root";
}

std::string remote_command(const SshConfig& config, std::span<const std::string> argv) {
    auto line = shell_join(argv);
    return uses_doas(config) ? "doas " + line : line;
}

std::string describe_endpoint(const SshEndpoint& endpoint) {
    const bool ipv6 = endpoint.host.find(':') != std::string::npos;
    const auto host = ipv6 ? "[" + endpoint.host + "]" : endpoint.host;
    return endpoint.user + "@" + host + ":" + std::to_string(endpoint.port);
}

std::string known_hosts_name(const SshEndpoint& endpoint) {
    if (endpoint.port == 22) {
        return endpoint.host;
    }
    return "[" + endpoint.host + "]:" + std::to_string(endpoint.port);
}

} // namespace jrun::ssh
