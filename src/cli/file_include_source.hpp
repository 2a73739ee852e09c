// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "ucl/parser.hpp"

#include <optional>
#include <string>
#include <vector>

namespace jrun::cli {

// The real file system behind UCL `.include`: reads files and expands globs with glob(3).
class FileIncludeSource : public ucl::IncludeSource {
public:
    std::optional<std::string> read(const std::string& path) override;
    std::vector<std::string> glob(const std::string& pattern) override;

    // Return the contents of `path`, or nullopt with the reason (strerror text) in `why`.
    static std::optional<std::string> read_file(const std::string& path, std::string& why);
};

} // namespace jrun::cli
