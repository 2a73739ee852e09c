// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// Shell building blocks shared by the VM-level guest scripts (bootstrap, wiring, shares): the
// helper functions they define and small Script additions built on them.

#include "render/script.hpp"

#include <string>
#include <string_view>

namespace jrun::render::detail {

// Return the sh functions the VM scripts call (jrun_die, jrun_pend/due/done, jrun_sysrc,
// jrun_sysrc_add, jrun_setline, jrun_block, jrun_retry, jrun_fetch, jrun_unbound_apply).
// Each returns 0 or stops the script, so it is called as a plain command under `set -e`.
[[nodiscard]] std::string_view vm_helpers();

// Return a here-document writing `content` verbatim to the sh word `dest`.
[[nodiscard]] std::string heredoc_to(std::string_view dest, std::string_view content);

// Append: make the marker block `marker` of guest file `path` equal to `block` (markers
// included; empty removes the block), marking handler `pending` (may be empty) when it changed.
void add_block(Script& script,
               std::string_view path,
               std::string_view marker,
               std::string_view block,
               std::string_view pending);

// Append: make `line` the only `key=` line of guest file `path`.
void add_setline(Script& script, std::string_view path, std::string_view line);

// Append: write `content` to guest file `path` only when the file is absent, then mark
// handler `pending` (may be empty).
void add_create_file(Script& script,
                     std::string_view path,
                     std::string_view content,
                     std::string_view pending = {});

// Append: create /var/unbound/conf.d/jrun-peers.conf when absent, taking over the peers block
// that the Python implementation kept inside jrun.conf (reference-behaviour.md §6.6).
void add_peers_file(Script& script);

// Return the guest path of a pending-handler marker directory (for tests and docs).
[[nodiscard]] std::string pending_dir();

} // namespace jrun::render::detail
