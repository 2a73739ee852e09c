// SPDX-License-Identifier: BSD-2-Clause
#include "provision/ansible_files.hpp"

#include "util/strings.hpp"

#include <algorithm>
#include <cctype>

namespace jrun::provision {

namespace {

Error bad_option(const std::string& option, const std::string& why) {
    return Error{ErrorKind::internal, "cannot use ssh option '" + option + "'", why, {}};
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](char c) {
        return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    });
    return out;
}

// Split "Name=value" or "Name value" into the lower-case name and the value.
std::pair<std::string, std::string> split_option(std::string_view option) {
    const auto sep = option.find_first_of("= ");
    if (sep == std::string_view::npos) {
        return {lower(option), {}};
    }
    return {lower(option.substr(0, sep)), std::string(trim(option.substr(sep + 1)))};
}

Status check_option(const std::string& option) {
    const auto [name, value] = split_option(option);
    if (name.empty() || value.empty()) {
        return bad_option(option, "expected NAME=VALUE");
    }
    if (name == "stricthostkeychecking" && (lower(value) == "no" || lower(value) == "off")) {
        return bad_option(option, "jrun never turns host key checking off");
    }
    return {};
}

bool has_option(const std::vector<std::string>& options, std::string_view name) {
    return std::any_of(options.begin(), options.end(), [&](const std::string& option) {
        return split_option(option).first == name;
    });
}

bool is_jail_name(std::string_view name) {
    return !name.empty() && name.size() <= 255 && std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
    });
}

// Wrap every string of `value` as {"__ansible_unsafe": s}; refuse Ansible's reserved keys.
Result<nlohmann::ordered_json> mark_unsafe(const nlohmann::ordered_json& value) {
    if (value.is_string()) {
        return nlohmann::ordered_json{{"__ansible_unsafe", value}};
    }
    if (!value.is_structured()) {
        return value;
    }
    nlohmann::ordered_json out =
        value.is_array() ? nlohmann::ordered_json::array() : nlohmann::ordered_json::object();
    for (const auto& [key, element] : value.items()) {
        if (key == "__ansible_unsafe" || key == "__ansible_vault") {
            return Error{ErrorKind::config,
                         "cannot pass vars to Ansible",
                         "the key '" + key + "' is reserved by Ansible",
                         "rename it"};
        }
        auto marked = mark_unsafe(element);
        if (!marked) {
            return marked.error();
        }
        if (value.is_array()) {
            out.push_back(std::move(*marked));
        } else {
            out[key] = std::move(*marked);
        }
    }
    return out;
}

std::string run_ssh_function(const SshConnection& ssh, const std::vector<std::string>& args) {
    std::string out = "run_ssh() {\n    exec " + shell_quote(ssh.ssh_program) + " \\\n";
    for (std::size_t i = 0; i + 1 < args.size(); i += 2) {
        out += "        " + args[i] + " " + shell_quote(args[i + 1]) + " \\\n";
    }
    return out + "        \"$@\"\n}\n";
}

// The part of the wrapper that replaces Ansible's remote command by `prefix 'COMMAND'`.
std::string jexec_body(const std::string& prefix) {
    return "for arg do\n"
           "    # Control commands (ssh -O check|stop) carry no remote command.\n"
           "    if [ \"$arg\" = -O ]; then run_ssh \"$@\"; fi\n"
           "done\n"
           "[ \"$#\" -ge 2 ] || run_ssh \"$@\"\n"
           "count=$#\n"
           "i=0\n"
           "remote=\n"
           "for arg do\n"
           "    i=$((i + 1))\n"
           "    if [ \"$i\" -eq 1 ]; then set --; fi\n"
           "    if [ \"$i\" -lt \"$count\" ]; then set -- \"$@\" \"$arg\"; else remote=$arg; fi\n"
           "done\n"
           "# Quote the command for the remote shell: ' becomes '\\''.\n"
           "quoted=\n"
           "rest=$remote\n"
           "while :; do\n"
           "    case $rest in\n"
           "    *\\'*)\n"
           "        quoted=$quoted${rest%%\\'*}\\'\\\\\\'\\'\n"
           "        rest=${rest#*\\'}\n"
           "        ;;\n"
           "    *)\n"
           "        quoted=$quoted$rest\n"
           "        break\n"
           "        ;;\n"
           "    esac\n"
           "done\n"
           "prefix="
           + shell_quote(prefix)
           + "\n"
             "run_ssh \"$@\" \"$prefix '$quoted'\"\n";
}

} // namespace

Result<std::vector<std::string>> normalize_ssh_options(const std::vector<std::string>& options) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < options.size(); ++i) {
        std::string option = options[i];
        if (option == "-o" && i + 1 < options.size()) {
            option = options[++i];
        } else if (option.starts_with("-o")) {
            option = std::string(trim(std::string_view(option).substr(2)));
        } else if (option.starts_with("-")) {
            return bad_option(option, "only -o NAME=VALUE options are accepted");
        }
        if (auto st = check_option(option); !st) {
            return st.error();
        }
        out.push_back(std::move(option));
    }
    return out;
}

Result<std::vector<std::string>> ssh_arguments(const SshConnection& ssh) {
    auto options = normalize_ssh_options(ssh.ssh_options);
    if (!options) {
        return options.error();
    }
    if (!has_option(*options, "stricthostkeychecking")) {
        options->push_back("StrictHostKeyChecking=yes");
    }
    options->push_back("BatchMode=yes");
    if (!ssh.identity_file.empty()) {
        options->push_back("IdentityFile=" + ssh.identity_file);
        options->push_back("IdentitiesOnly=yes");
    }
    if (!ssh.known_hosts_file.empty()) {
        options->push_back("UserKnownHostsFile=" + ssh.known_hosts_file);
    }
    options->push_back("User=" + ssh.user);
    options->push_back("Port=" + std::to_string(ssh.port));
    options->push_back("ControlPath=" + (ssh.control_path.empty() ? "none" : ssh.control_path));
    std::vector<std::string> args;
    for (auto& option : *options) {
        args.emplace_back("-o");
        args.push_back(std::move(option));
    }
    return args;
}

Result<std::string> render_ssh_wrapper(const SetupTarget& target) {
    auto args = ssh_arguments(target.ssh);
    if (!args) {
        return args.error();
    }
    const bool jail = target.kind == SetupTarget::Kind::jail;
    if (jail && !is_jail_name(target.private_name)) {
        return Error{ErrorKind::internal,
                     "cannot reach " + target.describe(),
                     "invalid jail name '" + target.private_name + "'",
                     {}};
    }
    std::string out = "#!/bin/sh\n# Generated by jrun for the setup steps of " + target.describe()
                      + ": Ansible's ssh, with jrun's\n# connection options first (ssh keeps the "
                        "first value of an option)";
    out +=
        jail ? " and every remote\n# command run inside the jail by jexec on the host.\n" : ".\n";
    out += "# Rewritten before every run; do not edit.\nset -eu\n";
    out += run_ssh_function(target.ssh, *args);
    if (!jail) {
        return out + "run_ssh \"$@\"\n";
    }
    const std::string doas = target.ssh.user == "root" ? "" : "doas ";
    return out + jexec_body(doas + "jexec " + shell_quote(target.private_name) + " /bin/sh -c");
}

std::string render_inventory(const SetupTarget& target, const std::string& wrapper) {
    const bool jail = target.kind == SetupTarget::Kind::jail;
    const auto unsafe = [](const std::string& s) {
        return nlohmann::ordered_json{{"__ansible_unsafe", s}};
    };
    nlohmann::ordered_json host;
    host["ansible_connection"] = "ssh";
    host["ansible_host"] = unsafe(target.ssh.host);
    host["ansible_port"] = target.ssh.port;
    host["ansible_user"] = unsafe(jail ? std::string("root") : target.ssh.user);
    host["ansible_ssh_executable"] = unsafe(wrapper);
    host["ansible_ssh_transfer_method"] = "piped";
    host["ansible_ssh_pipelining"] = true;
    host["ansible_python_interpreter"] = unsafe(target.python_interpreter);
    if (!jail) {
        host["ansible_become_method"] = "doas";
    }
    nlohmann::ordered_json inventory;
    inventory["all"]["hosts"]["localhost"] = std::move(host);
    return inventory.dump(2) + "\n";
}

Result<std::string> render_extra_vars(const nlohmann::ordered_json& vars) {
    auto marked = mark_unsafe(vars.is_null() ? nlohmann::ordered_json::object() : vars);
    if (!marked) {
        return marked.error();
    }
    return marked->dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

} // namespace jrun::provision
