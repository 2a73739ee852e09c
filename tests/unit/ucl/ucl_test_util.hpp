// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "ucl/parser.hpp"
#include "ucl/value.hpp"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace jrun::ucl::test {

// Return `value` as compact JSON-like text for assertions: implicit arrays print as `<a, b>`,
// times as `12.5s`, strings always quoted.
std::string compact(const Value& value);

// Parse `text` and return compact(root); fail the test (returning "") on a parse error.
std::string parsed(const std::string& text, const ParseOptions& options = {});

// Parse `text`, expect exactly one error and return it as "line:col: message".
std::string parse_error(const std::string& text, const ParseOptions& options = {});

// An in-memory IncludeSource: files by path; glob supports '*' and '?' in the last segment.
class MemoryIncludes : public IncludeSource {
public:
    void add(std::string path, std::string text) { m_files[std::move(path)] = std::move(text); }
    std::optional<std::string> read(const std::string& path) override;
    std::vector<std::string> glob(const std::string& pattern) override;
    [[nodiscard]] const std::vector<std::string>& reads() const { return m_reads; }

private:
    std::map<std::string, std::string> m_files;
    std::vector<std::string> m_reads;
};

} // namespace jrun::ucl::test
