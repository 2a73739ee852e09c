// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// The NoCloud seed ISO (volume label `cidata`) holding `user-data` and `meta-data`.

#include "sys/file_system.hpp"
#include "sys/process_runner.hpp"

#include <string>
#include <vector>

namespace jrun::cloudinit {

// The ISO 9660 tools jrun can use, in order of preference (all take mkisofs options).
enum class IsoTool { genisoimage, mkisofs, xorriso };

// Return the argv that builds `iso` with volume label `cidata`, Joliet and Rock Ridge, from the
// files `inputs` (placed at the root under their own names).
[[nodiscard]] std::vector<std::string>
iso_argv(IsoTool tool, const std::string& iso, const std::vector<std::string>& inputs);

// Return the first ISO tool that runs (`<tool> -version`). Fails with `process` naming the
// Debian package to install when none does.
[[nodiscard]] Result<IsoTool> probe_iso_tool(sys::ProcessRunner& runner);

// Write `user-data` and `meta-data` into `dir` (absolute, created when missing) and build the
// ISO `iso` from them (built as `<iso>.part`, then renamed). Fails with `process` when the tool
// fails, `io`.
[[nodiscard]] Status build_seed_iso(sys::ProcessRunner& runner,
                                    sys::FileSystem& files,
                                    const std::string& dir,
                                    const std::string& user_data,
                                    const std::string& meta_data,
                                    const std::string& iso);

} // namespace jrun::cloudinit
