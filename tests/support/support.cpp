// SPDX-License-Identifier: BSD-2-Clause
#include "support/support.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

namespace jrun::test {

std::filesystem::path source_dir() {
    return JRUN_SOURCE_DIR;
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in.good()) << "cannot read " << path;
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

void expect_golden(const std::string& name, const std::string& actual) {
    const auto path = source_dir() / "tests" / "data" / "golden" / name;
    const char* update = std::getenv("JRUN_UPDATE_GOLDEN");
    if (update != nullptr && std::string(update) == "1") {
        std::filesystem::create_directories(path.parent_path());
        std::ofstream(path, std::ios::binary) << actual;
        return;
    }
    ASSERT_TRUE(std::filesystem::exists(path))
        << "missing golden file " << path << " (regenerate with JRUN_UPDATE_GOLDEN=1)";
    EXPECT_EQ(read_file(path), actual)
        << "golden file " << path << " differs (regenerate with JRUN_UPDATE_GOLDEN=1)";
}

TempDir::TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "jrun-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("mkdtemp failed");
    }
    m_path = pattern;
}

TempDir::~TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    if (info != nullptr && info->result() != nullptr && info->result()->Failed()) {
        std::cerr << "test failed: kept temp dir " << m_path << '\n';
        return;
    }
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
}

std::filesystem::path TempDir::write(const std::string& relative, const std::string& text) const {
    const auto full = m_path / relative;
    std::filesystem::create_directories(full.parent_path());
    std::ofstream(full, std::ios::binary) << text;
    return full;
}

} // namespace jrun::test
