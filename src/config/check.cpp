// SPDX-License-Identifier: BSD-2-Clause
#include "config/check.hpp"

#include "config/detail/checker.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <tuple>

namespace jrun::config {

namespace detail {

namespace {

constexpr std::array<std::string_view, 2> k_top_keys{"jail", "base"};

} // namespace

Checker::Checker(const CheckContext& context, Reader& reader)
    : m_context(context),
      m_reader(reader) {
    assert(context.probe != nullptr);
}

std::optional<model::Config> Checker::run(const ucl::Value& root) {
    if (!root.is_object()) {
        m_reader.error(root.location(),
                       "a config must be a list of sections like jail \"NAME\" { ... }, not "
                           + describe(m_reader, root));
        return std::nullopt;
    }
    check_keys(m_reader, root, k_top_keys, Scope());
    m_claims.push_back({model::Proto::tcp, m_context.ssh_port, {}, {}, {}});
    if (const ucl::Value* base = root.find("base")) {
        read_base(*base);
    }
    if (const ucl::Value* jails = root.find("jail")) {
        read_jails(*jails);
    }
    check_references();
    check_cycles();
    check_ips();
    check_ports();
    if (m_reader.has_errors()) {
        return std::nullopt;
    }
    model::Config config;
    config.jails = std::move(m_jails);
    config.base = std::move(m_base);
    config.path = m_context.config_path;
    return config;
}

} // namespace detail

bool CheckResult::has_errors() const {
    return std::any_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) {
        return d.severity == Severity::error;
    });
}

CheckResult check(const ucl::Value& root,
                  const CheckContext& context,
                  std::shared_ptr<const SourceSet> sources) {
    detail::Reader reader;
    detail::Checker checker(context, reader);
    CheckResult result;
    result.config = checker.run(root);
    if (result.config) {
        result.config->sources = std::move(sources);
    }
    result.diagnostics = reader.take();
    return result;
}

namespace {

// A diagnostic with the notes that follow it.
struct Group {
    std::size_t first = 0;
    std::size_t count = 0;
};

auto sort_key(const Diagnostic& d) {
    const std::string_view path =
        d.location.file != nullptr ? std::string_view(d.location.file->path) : std::string_view();
    return std::make_tuple(path, d.location.line, d.location.column);
}

} // namespace

std::vector<Diagnostic> sorted(std::vector<Diagnostic> diagnostics) {
    std::vector<Group> groups;
    for (std::size_t i = 0; i < diagnostics.size(); ++i) {
        if (diagnostics[i].severity == Severity::note && !groups.empty()) {
            ++groups.back().count;
        } else {
            groups.push_back({i, 1});
        }
    }
    std::stable_sort(groups.begin(), groups.end(), [&](const Group& a, const Group& b) {
        return sort_key(diagnostics[a.first]) < sort_key(diagnostics[b.first]);
    });
    std::vector<Diagnostic> out;
    out.reserve(diagnostics.size());
    for (const auto& group : groups) {
        for (std::size_t i = 0; i < group.count; ++i) {
            out.push_back(std::move(diagnostics[group.first + i]));
        }
    }
    return out;
}

} // namespace jrun::config
