// SPDX-License-Identifier: BSD-2-Clause
#include "image/disk.hpp"

#include "image/download.hpp"

namespace jrun::image {

namespace {

constexpr auto k_qemu_img_timeout = std::chrono::minutes(2);

Status run_qemu_img(sys::ProcessRunner& runner, std::vector<std::string> argv) {
    sys::Command command(std::move(argv));
    command.set_timeout(k_qemu_img_timeout);
    auto completed = sys::require_success(command, runner.run(command));
    if (!completed) {
        return completed.error();
    }
    return {};
}

Status check_absolute(const std::string& path) {
    if (path.empty() || path.front() != '/') {
        return Error{ErrorKind::config, "create the VM disk", "not an absolute path: " + path, ""};
    }
    return {};
}

} // namespace

std::vector<std::string> overlay_create_argv(const std::string& base, const std::string& disk) {
    return {"qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw", "-b", base, disk};
}

std::vector<std::string> overlay_resize_argv(const std::string& disk, std::uint64_t bytes) {
    return {"qemu-img", "resize", "-q", "-f", "qcow2", disk, std::to_string(bytes)};
}

Result<bool> ensure_overlay(sys::ProcessRunner& runner,
                            BlobFiles& files,
                            const std::string& base,
                            const std::string& disk,
                            std::uint64_t size_bytes) {
    for (const auto& path : {base, disk}) {
        if (auto absolute = check_absolute(path); !absolute) {
            return absolute.error();
        }
    }
    auto existing = files.size(disk);
    auto base_size = files.size(base);
    if (!existing || !base_size) {
        return !existing ? existing.error() : base_size.error();
    }
    if (existing->has_value()) {
        return false;
    }
    if (!base_size->has_value()) {
        return Error{ErrorKind::io, "create the VM disk", "the base image is missing: " + base, ""};
    }
    auto part = part_path(disk).string();
    if (auto removed = files.remove(part); !removed) {
        return removed.error();
    }
    auto made = run_qemu_img(runner, overlay_create_argv(base, part));
    if (made && **base_size < size_bytes) {
        made = run_qemu_img(runner, overlay_resize_argv(part, size_bytes));
    }
    if (!made) {
        (void)files.remove(part); // the qemu-img failure is the error worth reporting
        return made.error();
    }
    auto renamed = files.rename(part, disk);
    return renamed ? Result<bool>(true) : Result<bool>(renamed.error());
}

} // namespace jrun::image
