// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// Make the host ready for jails before `up` deploys: the bootstrap (once per host, or again when
// this jrun's bootstrap is newer) and every release the config's jails need.

#include "cli/guest_session.hpp"
#include "model/config.hpp"
#include "render/guest.hpp"

namespace jrun::cli {

// Return the bootstrap settings for `release` (FreeBSD's download layout for the arch).
[[nodiscard]] render::BootstrapSpec bootstrap_spec(const Settings& settings,
                                                   const std::string& release);

// Bootstrap the host when `live` says it is not, and fetch the releases `config` needs that it
// lacks; `live` is updated. Progress goes to ctx.out.
[[nodiscard]] Status prepare_host(Context& ctx,
                                  GuestSession& session,
                                  const model::Config& config,
                                  plan::LiveSnapshot& live);

} // namespace jrun::cli
