// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// The checker behind config::check: reads each section into the model, collecting diagnostics,
// then runs the cross-checks (references, cycles, addresses, ports) over the whole config.

#include "config/check.hpp"
#include "config/detail/reader.hpp"
#include "model/config.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace jrun::config::detail {

// A host port someone wants: the SSH port, a base forward or a jail forward.
struct PortClaim {
    model::Proto proto = model::Proto::tcp;
    std::uint16_t port = 0;
    std::string_view label; // of the forward (views into the document); empty for SSH
    std::string_view jail;  // the forward's jail; empty for the base
    Location location;      // of the `host` value; none for the SSH port
};

// Return who claims a port: "forward 'http' of jail 'web'", "forward 'ssh' of base".
std::string claimant(const PortClaim& claim);

// A dependency edge as written: `depends ["db"]` or `base { name = "db"; }`.
struct JailRef {
    std::string target;
    Location location;
    bool is_base = false;
};

// Where the cross-referencing parts of one jail were written.
struct JailRefs {
    std::vector<JailRef> refs; // base first, then depends in order
    Location ip;
};

// The host-side and guest-side ends of a forward, before it is typed as jail or base forward.
struct PortPair {
    model::Proto proto = model::Proto::tcp;
    std::uint16_t host = 0;
    std::uint16_t target = 0;
    Location host_location;
};

class Checker {
public:
    Checker(const CheckContext& context, Reader& reader);
    // Return the model of `root`, or nullopt when an error was reported.
    std::optional<model::Config> run(const ucl::Value& root);

private:
    // jail.cpp
    void read_jails(const ucl::Value& section);
    model::Jail read_jail(const Entry& entry);
    void read_jail_keys(const ucl::Value& body, const Scope& scope, model::Jail& jail);
    void read_release(const ucl::Value& body, const Scope& scope, model::Jail& jail);
    void read_ip(const ucl::Value& body, const Scope& scope, model::Jail& jail);
    void read_jail_base(const ucl::Value& body, const Scope& scope, model::Jail& jail);
    void read_depends(const ucl::Value& body, const Scope& scope, model::Jail& jail);
    void read_depend(const ucl::Value& value, const Scope& scope, model::Jail& jail);

    // forwards.cpp
    std::vector<model::Forward> read_forwards(const ucl::Value& section, const Scope& owner);
    std::vector<model::BaseForward> read_base_forwards(const ucl::Value& section,
                                                       const Scope& owner);
    std::optional<PortPair>
    read_port_pair(const ucl::Value& body, const Scope& scope, std::string_view target_key);
    std::optional<model::Proto> read_proto(const ucl::Value& body, const Scope& scope);

    // mounts.cpp
    std::vector<model::Mount> read_mounts(const ucl::Value& section, const Scope& owner);
    std::vector<model::BaseMount> read_base_mounts(const ucl::Value& section, const Scope& owner);
    std::optional<std::string>
    read_host_dir(const ucl::Value& body, const Scope& scope, std::string_view key);
    std::optional<std::string>
    read_guest_path(const ucl::Value& value, const Scope& scope, std::string_view key);
    std::optional<std::string> resolve_host_path(const ucl::Value& value,
                                                 const std::string& written,
                                                 const Scope& scope,
                                                 std::string_view key);

    // execs.cpp
    std::vector<model::Exec> read_execs(const ucl::Value& section, const Scope& owner);
    std::optional<model::Exec> read_exec(const Entry& entry, const Scope& scope);
    std::vector<model::EnvVar> read_env(const ucl::Value& value, const Scope& scope);
    std::optional<model::Healthcheck> read_healthcheck(const ucl::Value& value, const Scope& scope);
    void
    read_healthcheck_times(const ucl::Value& body, const Scope& scope, model::Healthcheck& check);

    // setup.cpp
    std::vector<model::SetupStep> read_setup(const ucl::Value& section, const Scope& owner);
    std::optional<model::SetupStep> read_step(const Entry& entry, const Scope& scope);
    bool read_step_source(const ucl::Value& body, const Scope& scope, model::SetupStep& step);
    std::optional<std::string> read_playbook_file(const ucl::Value& value, const Scope& scope);
    std::optional<std::string> read_playbook_url(const ucl::Value& value, const Scope& scope);
    std::optional<nlohmann::ordered_json> read_vars(const ucl::Value& value, const Scope& scope);

    // base.cpp
    void read_base(const ucl::Value& value);
    model::VmOverrides read_vm(const ucl::Value& value, const Scope& base);

    // cross.cpp
    void check_references();
    void report_reference(const std::string& jail,
                          const JailRef& ref,
                          std::span<const std::string_view> names);
    void check_cycles();
    void check_ips();
    void check_ports();
    void report_cycle(const std::vector<std::size_t>& path, const JailRef& closing);
    void report_port_conflict(const PortClaim& claim, const PortClaim& first);
    void probe_port(const PortClaim& claim);

    const CheckContext& m_context;
    Reader& m_reader;
    std::vector<model::Jail> m_jails;
    std::vector<JailRefs> m_refs; // parallel to m_jails
    std::optional<model::Base> m_base;
    std::vector<PortClaim> m_claims; // SSH, base forwards, jail forwards, in that order
    std::unordered_map<std::string_view, std::size_t> m_index; // jail name -> m_jails index
};

} // namespace jrun::config::detail
