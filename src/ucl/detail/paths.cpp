// SPDX-License-Identifier: BSD-2-Clause
#include "ucl/detail/paths.hpp"

#include <vector>

namespace jrun::ucl::detail {

std::string normalize_path(std::string_view path) {
    const bool absolute = !path.empty() && path.front() == '/';
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (start <= path.size()) {
        auto end = path.find('/', start);
        if (end == std::string_view::npos) {
            end = path.size();
        }
        const auto part = path.substr(start, end - start);
        if (part == "..") {
            if (!parts.empty() && parts.back() != "..") {
                parts.pop_back();
            } else if (!absolute) {
                parts.push_back(part);
            }
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        start = end + 1;
    }
    std::string out = absolute ? "/" : "";
    for (std::size_t i = 0; i < parts.size(); ++i) {
        out += i == 0 ? "" : "/";
        out += parts[i];
    }
    return out.empty() ? "." : out;
}

std::string parent_directory(std::string_view path) {
    const std::string normal = normalize_path(path);
    const auto slash = normal.rfind('/');
    if (slash == std::string::npos) {
        return ".";
    }
    return slash == 0 ? "/" : normal.substr(0, slash);
}

std::string join_path(std::string_view directory, std::string_view path) {
    if (!path.empty() && path.front() == '/') {
        return normalize_path(path);
    }
    std::string joined(directory.empty() ? "." : directory);
    joined += '/';
    joined += path;
    return normalize_path(joined);
}

VariableList file_variables(std::string_view path, const ParseOptions& options) {
    const std::string full = options.working_directory.empty()
                                 ? normalize_path(path)
                                 : join_path(options.working_directory, path);
    const std::string directory = parent_directory(full);
    VariableList variables{{"FILENAME", full}, {"CURDIR", directory}, {"CONFDIR", directory}};
    for (const auto& [name, value] : options.variables) {
        if (name != "FILENAME" && name != "CURDIR" && name != "CONFDIR") {
            variables.emplace_back(name, value);
        }
    }
    return variables;
}

} // namespace jrun::ucl::detail
