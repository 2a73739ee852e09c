// SPDX-License-Identifier: BSD-2-Clause
#include "cloudinit/iso.hpp"

#include <array>

namespace jrun::cloudinit {

namespace {

constexpr auto k_iso_timeout = std::chrono::seconds(60);
constexpr std::array k_tools = {IsoTool::genisoimage, IsoTool::mkisofs, IsoTool::xorriso};

std::string program(IsoTool tool) {
    switch (tool) {
    case IsoTool::mkisofs:
        return "mkisofs";
    case IsoTool::xorriso:
        return "xorriso";
    case IsoTool::genisoimage:
        break;
    }
    return "genisoimage";
}

Status write_inputs(sys::FileSystem& files,
                    const std::string& dir,
                    const std::string& user_data,
                    const std::string& meta_data) {
    if (auto made = files.create_directories(dir); !made) {
        return made;
    }
    if (auto written = files.write_file_atomic(dir + "/user-data", user_data, 0600); !written) {
        return written;
    }
    return files.write_file_atomic(dir + "/meta-data", meta_data, 0600);
}

} // namespace

std::vector<std::string>
iso_argv(IsoTool tool, const std::string& iso, const std::vector<std::string>& inputs) {
    std::vector<std::string> argv{program(tool)};
    if (tool == IsoTool::xorriso) {
        argv.insert(argv.end(), {"-as", "mkisofs"});
    }
    argv.insert(argv.end(), {"-quiet", "-output", iso, "-volid", "cidata", "-joliet", "-rock"});
    argv.insert(argv.end(), inputs.begin(), inputs.end());
    return argv;
}

Result<IsoTool> probe_iso_tool(sys::ProcessRunner& runner) {
    for (auto tool : k_tools) {
        sys::Command command({program(tool), "-version"});
        command.set_timeout(std::chrono::seconds(10));
        auto ran = runner.run(command);
        if (ran && ran->success()) {
            return tool;
        }
    }
    return Error{ErrorKind::process,
                 "build the cloud-init seed ISO",
                 "none of genisoimage, mkisofs, xorriso runs",
                 "install genisoimage (Debian: apt-get install genisoimage) or xorriso"};
}

Status build_seed_iso(sys::ProcessRunner& runner,
                      sys::FileSystem& files,
                      const std::string& dir,
                      const std::string& user_data,
                      const std::string& meta_data,
                      const std::string& iso) {
    if (dir.empty() || dir.front() != '/' || iso.empty() || iso.front() != '/') {
        return Error{
            ErrorKind::config, "build the cloud-init seed ISO", "paths must be absolute", ""};
    }
    if (auto written = write_inputs(files, dir, user_data, meta_data); !written) {
        return written;
    }
    auto tool = probe_iso_tool(runner);
    if (!tool) {
        return tool.error();
    }
    auto part = iso + ".part";
    sys::Command command(iso_argv(*tool, part, {dir + "/user-data", dir + "/meta-data"}));
    command.set_timeout(k_iso_timeout);
    auto built = sys::require_success(command, runner.run(command));
    if (!built) {
        (void)files.remove(part); // the tool's failure is the error worth reporting
        return built.error();
    }
    return files.rename(part, iso);
}

} // namespace jrun::cloudinit
