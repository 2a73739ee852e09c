// SPDX-License-Identifier: BSD-2-Clause
#include "ucl_test_util.hpp"

#include <fnmatch.h>

#include <array>
#include <cstdio>

namespace jrun::ucl::test {

namespace {

std::string number_text(double d) {
    std::array<char, 64> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "%.17g", d);
    return buffer.data();
}

} // namespace

std::string compact(const Value& value) {
    switch (value.type()) {
    case Type::null:
        return "null";
    case Type::boolean:
        return value.as_bool() ? "true" : "false";
    case Type::integer:
        return std::to_string(value.as_int());
    case Type::floating:
        return number_text(value.as_double()) + "f";
    case Type::time:
        return number_text(value.as_double()) + "s";
    case Type::string:
        return "\"" + value.as_string() + "\"";
    case Type::array: {
        std::string out = value.implicit() ? "<" : "[";
        for (std::size_t i = 0; i < value.elements().size(); ++i) {
            out += (i == 0 ? "" : ", ") + compact(value.elements()[i]);
        }
        return out + (value.implicit() ? ">" : "]");
    }
    case Type::object: {
        std::string out = "{";
        for (std::size_t i = 0; i < value.members().size(); ++i) {
            const auto& member = value.members()[i];
            out += (i == 0 ? "" : ", ") + member.key + ": " + compact(member.value);
        }
        return out + "}";
    }
    }
    return "?";
}

std::string parsed(const std::string& text, const ParseOptions& options) {
    const auto result = parse("test.ucl", text, options);
    if (!result.document) {
        ADD_FAILURE() << "parse failed: "
                      << (result.errors.empty() ? "?" : render_diagnostic(result.errors[0]));
        return "";
    }
    return compact(result.document->root);
}

std::string parse_error(const std::string& text, const ParseOptions& options) {
    const auto result = parse("test.ucl", text, options);
    if (result.document || result.errors.size() != 1) {
        ADD_FAILURE() << "expected one error, got "
                      << (result.document ? compact(result.document->root) : "errors");
        return "";
    }
    const auto& error = result.errors[0];
    return std::to_string(error.location.line) + ":" + std::to_string(error.location.column) + ": "
           + error.message;
}

std::optional<std::string> MemoryIncludes::read(const std::string& path) {
    m_reads.push_back(path);
    const auto it = m_files.find(path);
    if (it == m_files.end()) {
        return std::nullopt;
    }
    return it->second;
}

std::vector<std::string> MemoryIncludes::glob(const std::string& pattern) {
    std::vector<std::string> out;
    for (const auto& entry : m_files) {
        if (fnmatch(pattern.c_str(), entry.first.c_str(), FNM_PATHNAME) == 0) {
            out.push_back(entry.first);
        }
    }
    return out;
}

} // namespace jrun::ucl::test
