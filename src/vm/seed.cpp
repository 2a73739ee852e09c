// SPDX-License-Identifier: BSD-2-Clause
#include "vm/seed.hpp"

#include "cloudinit/iso.hpp"
#include "cloudinit/keys.hpp"
#include "cloudinit/seed.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <filesystem>

namespace jrun::vm {

namespace {

Result<cloudinit::HostKey> ensure_host_key(VmPorts& ports, const VmPaths& paths) {
    if (ports.fs.exists(paths.host_key) && ports.fs.exists(paths.host_key + ".pub")) {
        return cloudinit::read_host_key(ports.fs, paths.host_key);
    }
    return cloudinit::generate_host_key(ports.runner, ports.fs, paths.host_key);
}

Result<cloudinit::SeedSpec>
seed_spec(VmPorts& ports, const Settings& settings, const VmPaths& paths) {
    for (const auto& dir : {settings.ssh_dir, paths.seed_dir}) {
        if (auto status = ports.fs.create_directories(dir); !status) {
            return status.error();
        }
    }
    auto user_key = cloudinit::ensure_key_pair(ports.runner, ports.fs, paths.user_key, "jrun");
    auto host_key =
        user_key ? ensure_host_key(ports, paths) : Result<cloudinit::HostKey>(user_key.error());
    auto python = cloudinit::python_package(settings.vm_python_interpreter);
    if (!host_key || !python) {
        return !host_key ? host_key.error() : python.error();
    }
    cloudinit::SeedSpec spec;
    spec.instance_id = cloudinit::instance_id_for(host_key->public_key);
    spec.user = settings.ssh_user;
    spec.authorized_key = *user_key;
    spec.packages = {"doas", *python};
    spec.host_key = std::move(*host_key);
    return spec;
}

// Return true when `path` holds exactly `text`.
bool holds(sys::FileSystem& fs, const std::string& path, const std::string& text) {
    auto current = fs.read_file(path);
    return current && *current == text;
}

// Return the pin of `public_key` ("ssh-ed25519 AAAA... comment").
model::HostKeyPin pin_for(std::string name, std::string_view public_key) {
    auto words = split(trim(public_key), ' ');
    return {std::move(name), words.empty() ? "" : words[0], words.size() > 1 ? words[1] : ""};
}

} // namespace

Result<Identity> prepare_identity(VmPorts& ports,
                                  const Settings& settings,
                                  const VmPaths& paths,
                                  std::uint16_t ssh_port) {
    auto spec = seed_spec(ports, settings, paths);
    if (!spec) {
        return spec.error();
    }
    auto user_data = cloudinit::render_user_data(*spec);
    auto meta_data = cloudinit::render_meta_data(*spec);
    if (!user_data || !meta_data) {
        return !user_data ? user_data.error() : meta_data.error();
    }
    Identity identity{
        pin_for(known_hosts_name(settings.vm_host, ssh_port), spec->host_key.public_key), false};
    const bool current = ports.fs.exists(paths.seed_iso)
                         && holds(ports.fs, paths.seed_dir + "/user-data", *user_data)
                         && holds(ports.fs, paths.seed_dir + "/meta-data", *meta_data);
    if (!current) {
        auto status = cloudinit::build_seed_iso(
            ports.runner, ports.fs, paths.seed_dir, *user_data, *meta_data, paths.seed_iso);
        if (!status) {
            return status.error();
        }
        identity.seed_rebuilt = true;
    }
    return identity;
}

void pin_host_key(std::vector<model::HostKeyPin>& pins, const model::HostKeyPin& pin) {
    auto it = std::find_if(
        pins.begin(), pins.end(), [&](const model::HostKeyPin& p) { return p.host == pin.host; });
    if (it == pins.end()) {
        pins.push_back(pin);
    } else {
        *it = pin;
    }
}

Status write_known_hosts(sys::FileSystem& fs,
                         const std::string& path,
                         const std::vector<model::HostKeyPin>& pins) {
    std::string text;
    for (const auto& pin : pins) {
        text += pin.host + " " + pin.type + " " + pin.key + "\n";
    }
    if (auto status = fs.create_directories(std::filesystem::path(path).parent_path()); !status) {
        return status;
    }
    return fs.write_file_atomic(path, text, 0600);
}

} // namespace jrun::vm
