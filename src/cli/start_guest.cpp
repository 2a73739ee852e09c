// SPDX-License-Identifier: BSD-2-Clause
#include "cli/start_guest.hpp"

#include "cli/content_hashes.hpp"
#include "cli/guest_session.hpp"
#include "cli/guest_step.hpp"
#include "cli/host_bootstrap.hpp"
#include "hub/http_fetch.hpp"
#include "hub/playbook_cache.hpp"
#include "net/curl_http_client.hpp"
#include "plan/plan.hpp"
#include "provision/ansible_provisioner.hpp"
#include "render/guest.hpp"
#include "render/script.hpp"
#include "ssh/ssh_remote.hpp"
#include "util/strings.hpp"
#include "vm/ssh_access.hpp"

#include <ostream>

namespace jrun::cli {

namespace {

Result<bool> is_freebsd(ssh::Remote& remote) {
    auto result = remote.run_script("uname -s\n");
    if (!result.ok()) {
        return result.error();
    }
    return trim(result->out) == "FreeBSD";
}

Status bootstrap(Context& ctx,
                 const Settings& settings,
                 ssh::Remote& remote,
                 const model::Recorded& recorded,
                 bool provision) {
    auto probed = remote.run_script(render::probe_script());
    if (!probed.ok()) {
        return probed.error();
    }
    const auto live = render::parse_probe(probed->out);
    if (!live.bootstrapped || provision) {
        const auto release = settings.bsd_version + "-" + settings.bsd_release_tag;
        if (auto done = run_guest_step(ctx,
                                       remote,
                                       "vm",
                                       "prepare the VM for jails",
                                       render::bootstrap_script(bootstrap_spec(settings, release)));
            !done.ok()) {
            return done;
        }
    }
    if (recorded.vm.shares.empty()) {
        return {};
    }
    return run_guest_step(ctx,
                          remote,
                          "vm",
                          "mount the shared directories",
                          render::shares_script(render::share_mounts(recorded.vm, recorded.base)));
}

Status run_base_setup(Context& ctx,
                      const Settings& settings,
                      StartGuestPorts& ports,
                      model::Recorded& recorded,
                      bool provision) {
    if (!recorded.base || recorded.base->setup.empty()) {
        return {};
    }
    auto connection = ansible_connection(vm::vm_ssh_config(settings));
    if (!connection.ok()) {
        return connection.error();
    }
    net::CurlHttpClient http(ports.signals);
    hub::HttpFetch fetch(http);
    hub::PlaybookCache hubs(fetch, ports.fs, settings.playbook_cache_dir, settings.hub_url);
    provision::AnsibleProvisioner provisioner(
        ports.runner, ports.fs, ports.clock, &hubs, provision::ansible_options(settings));
    model::Config config;
    config.base = recorded.base;
    const auto hashes = hash_playbooks(ports.fs, config);
    const auto target = provision::SetupTarget::vm(*connection, settings.vm_python_interpreter);
    for (const auto& step : recorded.base->setup) {
        const auto hash = plan::setup_hash(step, hashes);
        const auto it = recorded.base_setup_hashes.find(step.label);
        if (!provision && it != recorded.base_setup_hashes.end() && it->second == hash) {
            continue;
        }
        ctx.out << "  vm               | setup " << step.label << '\n' << std::flush;
        auto done = provisioner.run_setup(target, step, [&](const provision::Progress& p) {
            if (p.kind == provision::Progress::Kind::task) {
                ctx.out << "  vm               |   task " << p.text << '\n' << std::flush;
            }
        });
        if (!done.ok()) {
            return done;
        }
        recorded.base_setup_hashes[step.label] = hash;
        if (auto saved = ports.save(recorded); !saved.ok()) {
            return saved;
        }
    }
    return {};
}

} // namespace

Status prepare_vm_guest(Context& ctx,
                        const Settings& settings,
                        StartGuestPorts& ports,
                        model::Recorded& recorded,
                        bool provision) {
    auto remote = ssh::SshRemote::create(vm::vm_ssh_config(settings), ports.runner);
    if (!remote.ok()) {
        return remote.error();
    }
    auto freebsd = is_freebsd(**remote);
    if (!freebsd.ok()) {
        return freebsd.error();
    }
    if (*freebsd) {
        if (auto done = bootstrap(ctx, settings, **remote, recorded, provision); !done.ok()) {
            return done;
        }
    } else {
        print_warning(
            ctx,
            "the VM does not run FreeBSD: no jail bootstrap (JRUN_IMAGE points at another OS)");
    }
    return run_base_setup(ctx, settings, ports, recorded, provision);
}

} // namespace jrun::cli
