// SPDX-License-Identifier: BSD-2-Clause
#include "cli/guest_session.hpp"

#include "cli/state_io.hpp"
#include "render/guest.hpp"
#include "state/recorded_json.hpp"

namespace jrun::cli {

std::unique_ptr<GuestSession> open_offline_session(Context& ctx, bool changing) {
    auto settings = load_effective_settings(ctx);
    if (!settings) {
        return nullptr;
    }
    auto session = std::make_unique<GuestSession>();
    session->settings = std::move(*settings);
    session->host = read_host_facts(ctx.env);
    session->store = std::make_unique<state::StateStore>(
        open_state_store(session->fs, session->effective(), session->host.home_dir));
    if (changing) {
        auto lock = session->store->lock();
        if (!lock.ok()) {
            print_error(ctx, lock.error());
            return nullptr;
        }
        session->lock = std::move(*lock);
    }
    auto recorded = load_recorded(ctx, *session->store);
    if (!recorded) {
        return nullptr;
    }
    session->recorded = std::move(*recorded);
    return session;
}

std::unique_ptr<GuestSession> open_session(Context& ctx, bool changing) {
    auto session = open_offline_session(ctx, changing);
    if (!session) {
        return nullptr;
    }
    return attach_remote(ctx, *session) ? std::move(session) : nullptr;
}

bool attach_remote(Context& ctx, GuestSession& session) {
    auto remote = connect_remote(session);
    if (!remote.ok()) {
        print_error(ctx, remote.error());
        return false;
    }
    session.remote = std::move(*remote);
    return true;
}

Result<provision::SshConnection> ansible_connection(const ssh::SshConfig& config) {
    auto options = ssh::ssh_options(config);
    if (!options.ok()) {
        return options.error();
    }
    provision::SshConnection connection;
    connection.host = config.target.host;
    connection.port = config.target.port;
    connection.user = config.target.user;
    connection.identity_file = config.identity_file ? config.identity_file->string() : "";
    connection.known_hosts_file = config.known_hosts.string();
    connection.ssh_options = std::move(*options);
    return connection;
}

Result<plan::LiveSnapshot> probe_guest(GuestSession& session) {
    auto result = session.remote->run_script(render::probe_script());
    if (!result.ok()) {
        return result.error();
    }
    if (!result->success()) {
        return Error{ErrorKind::remote,
                     "cannot probe " + session.remote->describe(),
                     result->err.empty() ? "exit status " + std::to_string(result->exit_code)
                                         : result->err,
                     "is it a FreeBSD host? (JRUN_TARGET)"};
    }
    return render::parse_probe(result->out);
}

Status save_recorded(GuestSession& session, const model::Recorded& recorded) {
    return session.store->save(state::to_json(recorded));
}

} // namespace jrun::cli
