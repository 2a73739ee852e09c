// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// Helpers of the hostile-string suite that run things: recording stubs, sh's reading of its
// own arguments, and the search for evidence that a payload ran.

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace jrun::test::hostile {

// Write an executable sh script at `path` that records its working directory and then each of
// its arguments, NUL-terminated, into `out`.
void write_recorder(const std::filesystem::path& path, const std::filesystem::path& out);

// Return the NUL-terminated words that a recorder wrote into `out`.
std::vector<std::string> recorded_words(const std::filesystem::path& out);

// Return the command string that POSIX sh runs when started with arguments `args` (after
// `sh` itself): the first operand after `-c` and the options (`--` or `-` ends them; a word
// starting with `-` or `+` is an option cluster). Nullopt without `-c`, without an operand or
// with operands after it. Rationale: `sh -c -rf` reads `-rf` as options, not as the command.
std::optional<std::string> sh_command_string(std::span<const std::string> args);

// Return the words after `/usr/bin/env` in `words` split into its NAME=VALUE assignments and
// the command that follows them (env(1) takes every leading word with a '=' as one).
struct EnvCall {
    std::vector<std::string> assignments;
    std::vector<std::string> command;
};
std::optional<EnvCall> env_call(const std::vector<std::string>& words);

// Return the paths of files named `pwned` under `roots` (each searched recursively).
std::vector<std::string> pwned_files(const std::vector<std::filesystem::path>& roots);

// Return the output of `/bin/sh -n` on `script` (empty when the syntax is fine).
std::string syntax_errors(const std::string& script);

} // namespace jrun::test::hostile
