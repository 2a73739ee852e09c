// SPDX-License-Identifier: BSD-2-Clause
#include "hostile_run.hpp"

#include "support/support.hpp"
#include "sys/real_process_runner.hpp"

#include <algorithm>
#include <fstream>

namespace jrun::test::hostile {

void write_recorder(const std::filesystem::path& path, const std::filesystem::path& out) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << "#!/bin/sh\n{ printf '%s\\0' \"$PWD\"; for a; do printf '%s\\0' \"$a\"; "
                           "done; } >'"
                        << out.string() << "'\n";
    std::filesystem::permissions(path, std::filesystem::perms::owner_all);
}

std::vector<std::string> recorded_words(const std::filesystem::path& out) {
    const auto text = read_file(out);
    std::vector<std::string> words;
    std::string current;
    for (const char c : text) {
        if (c == '\0') {
            words.push_back(current);
            current.clear();
        } else {
            current += c;
        }
    }
    return words;
}

std::optional<std::string> sh_command_string(std::span<const std::string> args) {
    bool command_option = false;
    std::size_t i = 0;
    for (; i < args.size(); ++i) {
        const std::string& word = args[i];
        if (word == "--" || word == "-") {
            ++i;
            break;
        }
        if (word.size() < 2 || (word[0] != '-' && word[0] != '+')) {
            break;
        }
        command_option = command_option || (word[0] == '-' && word.find('c') != std::string::npos);
        if (word.find('o') != std::string::npos) {
            ++i; // -o NAME takes the next word
        }
    }
    if (!command_option || i + 1 != args.size()) {
        return std::nullopt;
    }
    return args[i];
}

std::optional<EnvCall> env_call(const std::vector<std::string>& words) {
    const auto env = std::find(words.begin(), words.end(), "/usr/bin/env");
    if (env == words.end()) {
        return std::nullopt;
    }
    EnvCall call;
    auto it = env + 1;
    for (; it != words.end() && it->find('=') != std::string::npos; ++it) {
        call.assignments.push_back(*it);
    }
    call.command.assign(it, words.end());
    return call;
}

std::vector<std::string> pwned_files(const std::vector<std::filesystem::path>& roots) {
    std::vector<std::string> found;
    for (const auto& root : roots) {
        std::error_code error;
        const auto options = std::filesystem::directory_options::skip_permission_denied;
        for (auto it = std::filesystem::recursive_directory_iterator(root, options, error);
             !error && it != std::filesystem::recursive_directory_iterator();
             it.increment(error)) {
            if (it->path().filename() == "pwned") {
                found.push_back(it->path().string());
            }
            if (it->is_symlink()) {
                it.disable_recursion_pending();
            }
        }
    }
    return found;
}

std::string syntax_errors(const std::string& script) {
    auto command = sys::Command({"/bin/sh", "-n"});
    command.set_stdin(script);
    sys::RealProcessRunner runner;
    const auto done = runner.run(command);
    if (!done.ok()) {
        return "cannot run sh -n";
    }
    return done.value().success() ? std::string() : "sh -n failed: " + done.value().err;
}

} // namespace jrun::test::hostile
