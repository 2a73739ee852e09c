// SPDX-License-Identifier: BSD-2-Clause
#include "cli/vm_restart.hpp"

#include "image/blob_files.hpp"
#include "net/curl_http_client.hpp"
#include "sys/unix_stream.hpp"
#include "vm/lifecycle.hpp"
#include "vm/real_ports.hpp"

#include <ostream>

namespace jrun::cli {

Status restart_vm_with_share(Context& ctx, GuestSession& session, const model::VmShare& share) {
    const auto& settings = session.effective();
    auto login = vm::vm_login_argv(settings);
    if (!login) {
        return login.error();
    }
    // Rationale: the session's runner, files, clock and signals, not a VmRuntime: a second
    // sys::RealSignals may not exist beside the session's.
    vm::RealSshProbe probe(session.runner, std::move(*login));
    net::CurlHttpClient http(&session.signals);
    image::RealBlobFiles blobs;
    vm::VmPorts ports{session.runner,
                      session.fs,
                      session.clock,
                      [](const std::string& path) { return sys::connect_unix(path); },
                      probe,
                      vm::real_port_check(session.runner, settings.vm_host),
                      &vm::kill_process,
                      [&ctx](std::string_view line) { ctx.err << "> " << line << '\n'; },
                      &session.signals};
    vm::StartOptions options;
    options.extra_shares = {share};
    model::Recorded recorded = session.recorded;
    auto outcome = vm::start_vm(ports, {http, blobs}, settings, recorded, options);
    if (!outcome) {
        return outcome.error();
    }
    ctx.err << "> The VM runs again with the share; its jails restart at boot\n";
    return {};
}

} // namespace jrun::cli
