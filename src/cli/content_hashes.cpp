// SPDX-License-Identifier: BSD-2-Clause
#include "cli/content_hashes.hpp"

#include "util/hash.hpp"

#include <algorithm>

namespace jrun::cli {

namespace {

// Feed `dir` (recursively, sorted, names included) into `hasher`; depth-limited.
void hash_tree(sys::FileSystem& fs, const std::filesystem::path& dir, Hasher& hasher, int depth) {
    auto names = fs.list_dir(dir);
    if (!names || depth > 8) {
        return;
    }
    std::sort(names->begin(), names->end());
    for (const auto& name : *names) {
        const auto path = dir / name;
        const auto kind = fs.kind(path);
        if (!kind) {
            continue;
        }
        if (*kind == sys::FileKind::directory) {
            hasher.update("dir:" + name + "\n");
            hash_tree(fs, path, hasher, depth + 1);
        } else if (*kind == sys::FileKind::regular) {
            const auto text = fs.read_file(path);
            hasher.update("file:" + name + ":" + (text ? sha256_hex(*text) : "unreadable") + "\n");
        }
    }
}

std::string hash_playbook(sys::FileSystem& fs, const std::string& file) {
    const auto text = fs.read_file(file);
    if (!text) {
        return "unreadable";
    }
    Hasher hasher(Hasher::Algorithm::sha256);
    hasher.update(sha256_hex(*text));
    const auto dir = std::filesystem::path(file).parent_path();
    for (const char* sub : {"templates", "files"}) {
        hasher.update(std::string("\n") + sub + "\n");
        hash_tree(fs, dir / sub, hasher, 0);
    }
    return hasher.finish_hex();
}

void add_steps(sys::FileSystem& fs,
               const std::vector<model::SetupStep>& steps,
               plan::ContentHashes& out) {
    for (const auto& step : steps) {
        if (!step.file.empty() && !out.contains(step.file)) {
            out.emplace(step.file, hash_playbook(fs, step.file));
        }
    }
}

} // namespace

plan::ContentHashes hash_playbooks(sys::FileSystem& fs, const model::Config& config) {
    plan::ContentHashes out;
    for (const auto& jail : config.jails) {
        add_steps(fs, jail.setup, out);
    }
    if (config.base) {
        add_steps(fs, config.base->setup, out);
    }
    return out;
}

} // namespace jrun::cli
