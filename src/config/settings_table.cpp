// SPDX-License-Identifier: BSD-2-Clause
#include "config/detail/settings_table.hpp"

#include "config/setting_values.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace jrun::config::detail {

namespace {

Status invalid(std::string why, std::string hint = {}) {
    return Error{ErrorKind::config, {}, std::move(why), std::move(hint)};
}

// Copy a parse result into a member, or pass its error on.
template <class T, class U> Status store(Result<T> parsed, U& member) {
    if (!parsed) {
        return parsed.error();
    }
    member = std::move(*parsed);
    return {};
}

template <std::string Settings::*Member>
Status set_path(Settings& s, std::string_view value, const HostFacts& host) {
    return store(resolve_path(value, host.home_dir, host.cwd), s.*Member);
}

// An empty value clears an optional path (back to "none" or "probe").
template <std::string Settings::*Member>
Status set_optional_path(Settings& s, std::string_view value, const HostFacts& host) {
    if (trim(value).empty()) {
        (s.*Member).clear();
        return {};
    }
    return set_path<Member>(s, value, host);
}

template <std::uint16_t Settings::*Member>
Status set_port(Settings& s, std::string_view value, const HostFacts& /*host*/) {
    return store(parse_port(value), s.*Member);
}

template <bool Settings::*Member>
Status set_bool(Settings& s, std::string_view value, const HostFacts& /*host*/) {
    return store(parse_bool(value), s.*Member);
}

// Rationale: the same bounds as `vm { memory; disk; }` in a base config, so that a value is
// accepted or refused the same way wherever it is written.
Status set_memory(Settings& s, std::string_view value, const HostFacts& /*host*/) {
    constexpr std::uint64_t k_mib = 1ULL << 20;
    const auto size = parse_size(value);
    if (size && (*size < 128 * k_mib || *size > (1ULL << 40) || *size % k_mib != 0)) {
        return invalid("expected a whole number of MiB from 128M to 1T");
    }
    return store(size, s.qemu_memory);
}

Status set_disk(Settings& s, std::string_view value, const HostFacts& /*host*/) {
    const auto size = parse_size(value);
    if (size && *size < (1ULL << 30)) {
        return invalid("expected at least 1G");
    }
    return store(size, s.qemu_disk_size);
}

template <std::string Settings::*Member> std::string show_string(const Settings& s) {
    return s.*Member;
}

template <std::uint16_t Settings::*Member> std::string show_port(const Settings& s) {
    return std::to_string(s.*Member);
}

template <bool Settings::*Member> std::string show_bool(const Settings& s) {
    return s.*Member ? "true" : "false";
}

template <std::uint64_t Settings::*Member> std::string show_size(const Settings& s) {
    return format_size(s.*Member);
}

Status set_vm_host(Settings& s, std::string_view value, const HostFacts& /*host*/) {
    const std::string_view word = trim(value);
    if (!is_ipv4(word) && !is_valid_hostname(word)) {
        return invalid("expected an IPv4 address or a host name");
    }
    s.vm_host = std::string(word);
    return {};
}

Status set_interpreter(Settings& s, std::string_view value, const HostFacts& /*host*/) {
    const std::string_view word = trim(value);
    const bool plain = std::all_of(word.begin(), word.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0
               || std::string_view("._/+-").find(c) != std::string_view::npos;
    });
    if (word.empty() || !plain) {
        return invalid("expected an interpreter name or path such as python3.13");
    }
    s.vm_python_interpreter = std::string(word);
    return {};
}

Status set_ssh_user(Settings& s, std::string_view value, const HostFacts& /*host*/) {
    const std::string_view word = trim(value);
    if (!is_valid_user_name(word)) {
        return invalid("expected a user name (lower-case letters, digits, '_' and '-', "
                       "starting with a letter or '_', at most 32 characters)");
    }
    s.ssh_user = std::string(word);
    return {};
}

Status set_ssh_key(Settings& s, std::string_view value, const HostFacts& host) {
    const std::string_view word = trim(value);
    if (word.find('/') == std::string_view::npos && !word.empty() && word != "~") {
        s.ssh_key = std::string(word);
        return {};
    }
    if (!starts_with(word, "/") && !starts_with(word, "~/")) {
        return invalid("expected a file name inside JRUN_SSH_DIR or an absolute path");
    }
    return set_path<&Settings::ssh_key>(s, word, host);
}

Status set_version(Settings& s, std::string_view value, const HostFacts& /*host*/) {
    return store(parse_bsd_version(value), s.bsd_version);
}

Status set_tag(Settings& s, std::string_view value, const HostFacts& /*host*/) {
    return store(parse_release_tag(value), s.bsd_release_tag);
}

Status set_arch(Settings& s, std::string_view value, const HostFacts& /*host*/) {
    return store(parse_arch(value), s.bsd_arch);
}

Status set_image(Settings& s, std::string_view value, const HostFacts& host) {
    const std::string_view word = trim(value);
    if (word.empty()) {
        s.image.clear();
        return {};
    }
    if (word.find("://") == std::string_view::npos) {
        return set_path<&Settings::image>(s, word, host);
    }
    const auto url = parse_http_url(word);
    if (!url) {
        return invalid("expected a local path or an http:// or https:// URL");
    }
    s.image = *url;
    return {};
}

Status set_cpus(Settings& s, std::string_view value, const HostFacts& host) {
    std::string word(trim(value));
    std::transform(word.begin(), word.end(), word.begin(), [](char c) {
        return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    });
    s.qemu_cpus_auto = word == "auto";
    if (s.qemu_cpus_auto) {
        s.qemu_cpus = auto_qemu_cpus(host.cpu_count);
        return {};
    }
    const auto cpus = parse_count(word, 1, 256);
    if (!cpus) {
        return invalid("expected auto or a whole number 1..256");
    }
    s.qemu_cpus = *cpus;
    return {};
}

std::string show_cpus(const Settings& s) {
    const std::string count = std::to_string(s.qemu_cpus);
    return s.qemu_cpus_auto ? "auto (" + count + ")" : count;
}

Status set_accel(Settings& s, std::string_view value, const HostFacts& /*host*/) {
    return store(parse_accel(value), s.qemu_accel);
}

Status set_peer_uri(Settings& s, std::string_view value, const HostFacts& /*host*/) {
    const std::string_view word = trim(value);
    if (!is_ipv4(word) && !is_valid_hostname(word)) {
        return invalid("expected a host name or IPv4 address such as relay.jail.run");
    }
    s.relay_peer_uri = std::string(word);
    return {};
}

Status set_pubkey(Settings& s, std::string_view value, const HostFacts& /*host*/) {
    std::string word(trim(value));
    const bool hex = std::all_of(word.begin(), word.end(), [](char c) {
        return std::isxdigit(static_cast<unsigned char>(c)) != 0;
    });
    if (!word.empty() && (word.size() != 64 || !hex)) {
        return invalid("expected 64 hexadecimal digits (an ed25519 public key)");
    }
    std::transform(word.begin(), word.end(), word.begin(), [](char c) {
        return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    });
    s.relay_pubkey = std::move(word);
    return {};
}

template <std::string Settings::*Member>
Status set_url(Settings& s, std::string_view value, const HostFacts& /*host*/) {
    return store(parse_http_url(value), s.*Member);
}

// Rationale: besides http(s), a hub may be a local directory tree (file:///srv/hub), which makes
// offline mirrors and tests possible.
Status set_hub_url(Settings& s, std::string_view value, const HostFacts& /*host*/) {
    std::string_view word = trim(value);
    if (!word.starts_with("file:///")) {
        return store(parse_http_url(word), s.hub_url);
    }
    const bool plain = std::none_of(word.begin(), word.end(), [](char c) {
        return std::iscntrl(static_cast<unsigned char>(c)) != 0 || c == ' ' || c == '?' || c == '#';
    });
    if (!plain || word.find("/../") != std::string_view::npos || word.ends_with("/..")) {
        return invalid("expected an http://, https:// or file:/// URL");
    }
    while (word.size() > 8 && word.ends_with("/")) {
        word.remove_suffix(1);
    }
    s.hub_url = std::string(word);
    return {};
}

Status set_ansible_playbook(Settings& s, std::string_view value, const HostFacts& host) {
    const std::string_view word = trim(value);
    if (word.find('/') == std::string_view::npos) {
        const bool plain = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) != 0
                   || std::string_view("._+-").find(c) != std::string_view::npos;
        });
        if (!plain) {
            return invalid("expected a program name such as ansible-playbook or a path");
        }
        s.ansible_playbook = std::string(word);
        return {};
    }
    return set_path<&Settings::ansible_playbook>(s, word, host);
}

Status set_jobs(Settings& s, std::string_view value, const HostFacts& /*host*/) {
    return store(parse_count(value, 1, 64), s.jobs);
}

std::string show_jobs(const Settings& s) {
    return std::to_string(s.jobs);
}

Status set_target(Settings& s, std::string_view value, const HostFacts& /*host*/) {
    return store(parse_target(value), s.target);
}

std::string show_target(const Settings& s) {
    return s.target ? format_target(*s.target) : std::string();
}

std::string show_arch(const Settings& s) {
    return to_string(s.bsd_arch);
}

std::string show_accel(const Settings& s) {
    return to_string(s.qemu_accel);
}

using S = Settings;

const std::array k_specs{
    SettingSpec{{"JRUN_HOME", "~/.jrun", "where all state of this instance lives"},
                &set_path<&S::home>,
                &show_string<&S::home>},
    SettingSpec{{"JRUN_ENV_FILE", "$JRUN_HOME/.env", "env file read for JRUN_* settings"},
                &set_path<&S::env_file>,
                &show_string<&S::env_file>},
    SettingSpec{{"JRUN_SSH_DIR", "$JRUN_HOME/ssh", "SSH key pair and known_hosts"},
                &set_path<&S::ssh_dir>,
                &show_string<&S::ssh_dir>},
    SettingSpec{{"JRUN_LOG_DIR", "$JRUN_HOME/logs", "QEMU, serial console and exec logs"},
                &set_path<&S::log_dir>,
                &show_string<&S::log_dir>},
    SettingSpec{{"JRUN_DISK_DIR", "$JRUN_HOME/disks", "VM image, disk and firmware variables"},
                &set_path<&S::disk_dir>,
                &show_string<&S::disk_dir>},
    SettingSpec{{"JRUN_CLOUD_DIR", "$JRUN_HOME/cloud-init", "cloud-init seed files and ISO"},
                &set_path<&S::cloud_dir>,
                &show_string<&S::cloud_dir>},
    SettingSpec{{"JRUN_PLAYBOOK_CACHE_DIR", "$JRUN_HOME/playbooks", "cache of hub/URL playbooks"},
                &set_path<&S::playbook_cache_dir>,
                &show_string<&S::playbook_cache_dir>},
    SettingSpec{{"JRUN_PID_FILE", "$JRUN_HOME/vm.pid", "QEMU's pid file"},
                &set_path<&S::pid_file>,
                &show_string<&S::pid_file>},
    SettingSpec{{"JRUN_STATE_FILE", "$JRUN_HOME/state.json", "recorded state (lock: same + .lock)"},
                &set_path<&S::state_file>,
                &show_string<&S::state_file>},
    SettingSpec{{"JRUN_LOG_FILE", "(none)", "debug log file; empty means no debug log"},
                &set_optional_path<&S::log_file>,
                &show_string<&S::log_file>},
    SettingSpec{{"JRUN_VM_HOST", "127.0.0.1", "host address of forwards and of the VM's SSH"},
                &set_vm_host,
                &show_string<&S::vm_host>},
    SettingSpec{{"JRUN_VM_PYTHON_INTERPRETER", "python3.13", "Python for Ansible in VM and jails"},
                &set_interpreter,
                &show_string<&S::vm_python_interpreter>},
    SettingSpec{{"JRUN_SSH_PORT", "2222", "host port forwarded to the VM's SSH"},
                &set_port<&S::ssh_port>,
                &show_port<&S::ssh_port>},
    SettingSpec{{"JRUN_SSH_USER", "admin", "user created in the VM and used over SSH"},
                &set_ssh_user,
                &show_string<&S::ssh_user>},
    SettingSpec{{"JRUN_SSH_KEY", "id_ed25519", "private key: a name in JRUN_SSH_DIR or a path"},
                &set_ssh_key,
                &show_string<&S::ssh_key>},
    SettingSpec{{"JRUN_BSD_VERSION", "15.0", "FreeBSD version of the VM and its jails"},
                &set_version,
                &show_string<&S::bsd_version>},
    SettingSpec{{"JRUN_BSD_RELEASE_TAG", "RELEASE", "RELEASE, RCn, BETAn or ALPHAn"},
                &set_tag,
                &show_string<&S::bsd_release_tag>},
    SettingSpec{{"JRUN_BSD_ARCH", "host's (aarch64 on arm64, else amd64)", "amd64 or aarch64"},
                &set_arch,
                &show_arch},
    SettingSpec{{"JRUN_IMAGE", "(FreeBSD mirror)", "VM image: a local path or an http(s) URL"},
                &set_image,
                &show_string<&S::image>},
    SettingSpec{{"JRUN_QEMU_MEMORY", "4096M", "VM memory (K/M/G/T, powers of 1024)"},
                &set_memory,
                &show_size<&S::qemu_memory>},
    SettingSpec{{"JRUN_QEMU_DISK_SIZE", "20G", "VM disk size the image is grown to"},
                &set_disk,
                &show_size<&S::qemu_disk_size>},
    SettingSpec{{"JRUN_QEMU_CPUS", "auto", "VM CPUs: auto or 1..256"}, &set_cpus, &show_cpus},
    SettingSpec{{"JRUN_QEMU_BIOS", "(probed)", "UEFI firmware code file"},
                &set_optional_path<&S::qemu_bios>,
                &show_string<&S::qemu_bios>},
    SettingSpec{
        {"JRUN_QEMU_ACCEL", "auto", "accelerator: auto, kvm, hvf or tcg"}, &set_accel, &show_accel},
    SettingSpec{{"JRUN_MESH_NETWORK", "true", "Yggdrasil mesh on the VM and jails"},
                &set_bool<&S::mesh_network>,
                &show_bool<&S::mesh_network>},
    SettingSpec{{"JRUN_RELAY_PEER_URI", "relay.jail.run", "public Yggdrasil peer of the VM"},
                &set_peer_uri,
                &show_string<&S::relay_peer_uri>},
    SettingSpec{{"JRUN_RELAY_PEER_PORT", "37100", "port of that Yggdrasil peer"},
                &set_port<&S::relay_peer_port>,
                &show_port<&S::relay_peer_port>},
    SettingSpec{{"JRUN_RELAY_PUBKEY", "(none)", "pinned public key of that peer (64 hex digits)"},
                &set_pubkey,
                &show_string<&S::relay_pubkey>},
    SettingSpec{{"JRUN_RELAY_URL", "https://relay.jail.run", "pairing relay for 'jrun pair'"},
                &set_url<&S::relay_url>,
                &show_string<&S::relay_url>},
    SettingSpec{{"JRUN_HUB_URL",
                 "https://github.com/hyphatech/jailrun-hub",
                 "where hub://NAME/VERSION playbooks come from"},
                &set_hub_url,
                &show_string<&S::hub_url>},
    SettingSpec{{"JRUN_JOBS", "host CPUs, 1..8", "jails deployed in parallel (1..64)"},
                &set_jobs,
                &show_jobs},
    SettingSpec{{"JRUN_TARGET", "(the local VM)", "ssh://USER@HOST[:PORT] of a FreeBSD host"},
                &set_target,
                &show_target},
    SettingSpec{{"JRUN_DEBUG", "false", "stream full Ansible output"},
                &set_bool<&S::debug>,
                &show_bool<&S::debug>},
    SettingSpec{
        {"JRUN_ANSIBLE_PLAYBOOK", "ansible-playbook", "ansible-playbook to run: a name or path"},
        &set_ansible_playbook,
        &show_string<&S::ansible_playbook>},
};

} // namespace

std::span<const SettingSpec> setting_specs() {
    return k_specs;
}

const SettingSpec* find_setting(std::string_view name) {
    const auto* it = std::find_if(k_specs.begin(), k_specs.end(), [&](const SettingSpec& spec) {
        return spec.info.name == name;
    });
    return it == k_specs.end() ? nullptr : &*it;
}

Settings default_settings(const std::string& home, const HostFacts& host) {
    Settings s;
    s.home = home;
    s.env_file = home + "/.env";
    s.ssh_dir = home + "/ssh";
    s.log_dir = home + "/logs";
    s.disk_dir = home + "/disks";
    s.cloud_dir = home + "/cloud-init";
    s.playbook_cache_dir = home + "/playbooks";
    s.pid_file = home + "/vm.pid";
    s.state_file = home + "/state.json";
    s.bsd_arch = arch_for_machine(host.machine);
    s.qemu_cpus = auto_qemu_cpus(host.cpu_count);
    s.qemu_cpus_auto = true;
    s.jobs = default_jobs(host.cpu_count);
    return s;
}

} // namespace jrun::config::detail
