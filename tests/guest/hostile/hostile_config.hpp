// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// The hostile-string suite's configs: one jail whose every field can be set to a payload,
// written as UCL text (each payload an escaped UCL string) and checked by config::check against
// a real temporary directory (mount sources, the playbook).

#include "config/check.hpp"
#include "model/config.hpp"
#include "support/support.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace jrun::test::hostile {

// Return the payloads of tests/support/hostile_strings.hpp.
const std::vector<std::string>& payloads();

// Return a readable gtest parameter name for payload `index`: "p07_touch_pwned".
std::string payload_name(const ::testing::TestParamInfo<std::size_t>& info);

// Return `text` as a double-quoted UCL string whose parsed value is `text` byte for byte.
// Rationale: ucl::json_quote replaces control characters (as libucl's emitter does); a
// \uXXXX escape keeps them.
std::string ucl_string(std::string_view text);

// The values of the one jail of a config, each as it is meant to arrive (not yet escaped);
// `vars` is a UCL fragment.
struct JailFields {
    std::string name = "web";
    std::string mount_label = "src";
    std::string mount_host; // default: the share directory of the Workspace
    std::string mount_jail = "/srv/app";
    std::string forward_label = "http";
    std::string exec_label = "app";
    std::string cmd = "sleep 1000";
    std::string dir = "/srv/app";
    std::string env_name = "PORT";
    std::string env_value = "8000";
    std::string user = "www";
    std::string test = "true";
    std::string setup_label = "deps";
    std::string vars = "greeting = \"hi\";";
};

// The outcome of checking a config text.
struct Checked {
    std::optional<model::Config> config;
    std::vector<std::string> errors; // parse or check errors
    std::string all;                 // every diagnostic, one a line, for failure messages
};

// A directory holding the config file, its share directory and its playbook.
class Workspace {
public:
    Workspace();
    [[nodiscard]] const std::filesystem::path& path() const { return m_dir.path(); }
    // Return `fields` as the text of a config file.
    [[nodiscard]] std::string config_text(const JailFields& fields) const;
    // Parse and check `fields`.
    [[nodiscard]] Checked check(const JailFields& fields) const;
    // Return a host directory whose last components are `payload` (created when the file
    // system allows it), as written in the config.
    [[nodiscard]] std::string host_dir(std::size_t index, const std::string& payload) const;

private:
    TempDir m_dir;
};

// One field of the suite: how a payload is put in, where it arrives in the model, and what a
// rejection must mention.
struct Field {
    std::string name;
    // Put `payload` into `fields`; return the model value it must arrive as.
    std::function<std::string(JailFields&, const Workspace&, std::size_t, const std::string&)> set;
    // Return the value that arrived in the model.
    std::function<std::string(const model::Jail&)> get;
    std::string rule;                                    // every rejection names this
    std::function<bool(const std::string&)> must_accept; // free text that must never be refused
    bool holds_nul = false; // a vars value: JSON carries NUL bytes, only UTF-8 is required
};

// Return every field of the suite.
const std::vector<Field>& fields();

// Return whether `text` is valid UTF-8 (what every value must be: the state file is JSON).
bool is_utf8(std::string_view text);
// Return whether `text` is valid UTF-8 without NUL bytes (what an argv word can carry).
bool is_text(std::string_view text);

} // namespace jrun::test::hostile
