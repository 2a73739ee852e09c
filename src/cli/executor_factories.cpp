// SPDX-License-Identifier: BSD-2-Clause
#include "cli/executor_ports.hpp"
#include "cli/vm_restart.hpp"
#include "hub/http_fetch.hpp"
#include "hub/playbook_cache.hpp"
#include "net/curl_http_client.hpp"
#include "provision/ansible_provisioner.hpp"
#include "sys/signals.hpp"
#include "sys/unix_stream.hpp"
#include "vm/paths.hpp"
#include "vm/qmp_vm_wiring.hpp"

namespace jrun::cli {

std::unique_ptr<apply::VmWiring> make_vm_wiring(Context& ctx, GuestSession& session) {
    const auto& settings = session.effective();
    if (settings.target) {
        return std::make_unique<apply::NoVmWiring>();
    }
    // A new 9p share needs a VM restart (ARCHITECTURE.md "9p hot-plug"), announced before it
    // happens; the executor asks for shares before anything else, so nothing is half done.
    return std::make_unique<vm::QmpVmWiring>(
        [](const std::string& path) { return sys::connect_unix(path); },
        session.clock,
        vm::vm_paths(settings).qmp_socket,
        settings.vm_host,
        [&ctx, &session](const model::VmShare& share) {
            return restart_vm_with_share(ctx, session, share);
        });
}

namespace {

// The executor's SetupRunner over Ansible: playbooks reach a jail through the host's SSH
// settings and jexec (ARCHITECTURE.md "Reaching jails"); hub:// and URL playbooks come from
// the verified cache.
class AnsibleSetupRunner final : public apply::SetupRunner {
public:
    explicit AnsibleSetupRunner(GuestSession& session)
        : m_session(session),
          m_http(&session.signals),
          m_fetch(m_http),
          m_hub(m_fetch,
                session.fs,
                session.effective().playbook_cache_dir,
                session.effective().hub_url),
          m_provisioner(session.runner,
                        session.fs,
                        m_clock,
                        &m_hub,
                        provision::ansible_options(session.effective())) {}

    [[nodiscard]] Status run(const render::JailWork& work,
                             const model::SetupStep& step,
                             const std::function<void(std::string_view)>& progress) override {
        auto connection = ansible_connection(ssh_config_for(m_session));
        if (!connection.ok()) {
            return connection.error();
        }
        const auto target = provision::SetupTarget::in_jail(
            work.name, work.private_name, *connection, m_session.effective().vm_python_interpreter);
        return m_provisioner.run_setup(target, step, [&](const provision::Progress& report) {
            if (report.kind == provision::Progress::Kind::task) {
                progress("  task " + report.text);
            } else {
                progress(report.text);
            }
        });
    }

private:
    GuestSession& m_session;
    sys::RealClock m_clock;
    net::CurlHttpClient m_http;
    hub::HttpFetch m_fetch;
    hub::PlaybookCache m_hub;
    provision::AnsibleProvisioner m_provisioner;
};

} // namespace

std::unique_ptr<apply::SetupRunner> make_setup_runner(Context& /*ctx*/, GuestSession& session) {
    return std::make_unique<AnsibleSetupRunner>(session);
}

} // namespace jrun::cli
