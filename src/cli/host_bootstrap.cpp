// SPDX-License-Identifier: BSD-2-Clause
#include "cli/host_bootstrap.hpp"

#include "cli/guest_step.hpp"
#include "util/strings.hpp"

#include <ostream>
#include <set>

namespace jrun::cli {

namespace {

constexpr std::string_view k_mirror = "https://download.freebsd.org/releases";

// FreeBSD names each release directory <machine>/<machine_arch>: amd64/amd64, arm64/aarch64.
std::string arch_path(Arch arch) {
    return arch == Arch::aarch64 ? "arm64/aarch64" : "amd64/amd64";
}

// "15.0-RELEASE" -> "0".
std::string version_minor(const std::string& release) {
    const auto dot = release.find('.');
    const auto dash = release.find('-');
    if (dot == std::string::npos || dash == std::string::npos || dash < dot) {
        return "0";
    }
    return release.substr(dot + 1, dash - dot - 1);
}

} // namespace

render::BootstrapSpec bootstrap_spec(const Settings& settings, const std::string& release) {
    return {release,
            std::string(k_mirror) + "/" + arch_path(settings.bsd_arch) + "/" + release,
            version_minor(release)};
}

Status prepare_host(Context& ctx,
                    GuestSession& session,
                    const model::Config& config,
                    plan::LiveSnapshot& live) {
    const auto& settings = session.effective();
    const std::string default_release = settings.bsd_version + "-" + settings.bsd_release_tag;
    if (!live.bootstrapped) {
        const auto spec = bootstrap_spec(settings, default_release);
        if (auto done = run_guest_step(ctx,
                                       *session.remote,
                                       "host",
                                       "prepare the host for jails",
                                       render::bootstrap_script(spec));
            !done.ok()) {
            return done;
        }
        live.bootstrapped = true;
        live.releases.insert(default_release);
    }
    std::set<std::string> needed;
    for (const auto& jail : config.jails) {
        needed.insert(jail.release);
    }
    for (const auto& release : needed) {
        if (live.releases.contains(release)) {
            continue;
        }
        if (auto done = run_guest_step(ctx,
                                       *session.remote,
                                       "host",
                                       "fetch FreeBSD " + release,
                                       render::release_script(bootstrap_spec(settings, release)));
            !done.ok()) {
            return done;
        }
        live.releases.insert(release);
    }
    return {};
}

} // namespace jrun::cli
