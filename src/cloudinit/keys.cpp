// SPDX-License-Identifier: BSD-2-Clause
#include "cloudinit/keys.hpp"

#include "util/strings.hpp"

namespace jrun::cloudinit {

namespace {

constexpr auto k_keygen_timeout = std::chrono::seconds(30);

Result<sys::Completed> run_checked(sys::ProcessRunner& runner, sys::Command command) {
    command.set_timeout(k_keygen_timeout);
    return sys::require_success(command, runner.run(command));
}

Status generate(sys::ProcessRunner& runner,
                sys::FileSystem& files,
                const std::string& path,
                const std::string& comment) {
    for (const auto& stale : {path, path + ".pub"}) {
        if (auto removed = files.remove(stale); !removed) {
            return removed;
        }
    }
    auto made = run_checked(runner, sys::Command(keygen_argv(path, comment)));
    return made ? Status() : Status(made.error());
}

Result<std::string>
derive_public(sys::ProcessRunner& runner, sys::FileSystem& files, const std::string& path) {
    auto derived = run_checked(runner, sys::Command({"ssh-keygen", "-y", "-f", path}));
    if (!derived) {
        return derived.error();
    }
    auto line = std::string(trim(derived->out)) + "\n";
    if (auto written = files.write_file_atomic(path + ".pub", line, 0644); !written) {
        return written.error();
    }
    return std::string(trim(line));
}

} // namespace

std::vector<std::string> keygen_argv(const std::string& path, const std::string& comment) {
    return {"ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", path};
}

Result<std::string> ensure_key_pair(sys::ProcessRunner& runner,
                                    sys::FileSystem& files,
                                    const std::string& path,
                                    const std::string& comment) {
    if (!files.exists(path)) {
        if (auto made = generate(runner, files, path, comment); !made) {
            return made.error();
        }
    } else if (!files.exists(path + ".pub")) {
        return derive_public(runner, files, path);
    }
    auto public_key = files.read_file(path + ".pub");
    if (!public_key) {
        return public_key.error();
    }
    return std::string(trim(*public_key));
}

Result<HostKey>
generate_host_key(sys::ProcessRunner& runner, sys::FileSystem& files, const std::string& path) {
    if (auto made = generate(runner, files, path, "jrun-vm-host"); !made) {
        return made.error();
    }
    return read_host_key(files, path);
}

Result<HostKey> read_host_key(sys::FileSystem& files, const std::string& path) {
    auto private_key = files.read_file(path);
    auto public_key = private_key ? files.read_file(path + ".pub") : private_key;
    if (!public_key) {
        return public_key.error();
    }
    return HostKey{*private_key, std::string(trim(*public_key))};
}

} // namespace jrun::cloudinit
