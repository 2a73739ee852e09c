// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include <filesystem>
#include <string>

namespace jrun::test {

// Return the repository root (for examples/ and tests/data/).
std::filesystem::path source_dir();

// Return the contents of `path`; fail the current test when it cannot be read.
std::string read_file(const std::filesystem::path& path);

// Compare `actual` with the golden file tests/data/golden/`name`. With JRUN_UPDATE_GOLDEN=1 the
// golden file is (re)written instead.
void expect_golden(const std::string& name, const std::string& actual);

// A temporary directory removed at destruction unless the test failed (then its path is printed).
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }
    // Write `text` to `relative` (parents created) and return the full path.
    std::filesystem::path write(const std::string& relative, const std::string& text) const;

private:
    std::filesystem::path m_path;
};

} // namespace jrun::test
