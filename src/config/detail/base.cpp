// SPDX-License-Identifier: BSD-2-Clause
// The top-level `base { setup; mount; forward; vm { cpus; memory; disk; } }`.
#include "config/detail/checker.hpp"

#include <array>

namespace jrun::config::detail {

namespace {

constexpr std::array<std::string_view, 4> k_base_keys{"setup", "mount", "forward", "vm"};
constexpr std::array<std::string_view, 3> k_vm_keys{"cpus", "memory", "disk"};
constexpr std::uint64_t k_mib = 1024ULL * 1024ULL;
constexpr std::uint64_t k_gib = 1024ULL * k_mib;

} // namespace

void Checker::read_base(const ucl::Value& value) {
    const ucl::Value* base = &value;
    if (value.is_array() && value.implicit() && !value.elements().empty()) {
        for (std::size_t i = 1; i < value.elements().size(); ++i) {
            m_reader.error(value.elements()[i].location(),
                           "a config may have only one top-level 'base'");
        }
        if (value.elements().size() > 1) {
            m_reader.note(value.elements()[0].location(), "the first 'base' is here");
        }
        base = value.elements().data();
    }
    if (!base->is_object()) {
        type_error(m_reader, *base, "base", Scope(), "a section like base { setup { ... } }");
        return;
    }
    const Scope scope("base", "", nullptr);
    check_keys(m_reader, *base, k_base_keys, scope);
    model::Base out;
    out.origin.location = base->location();
    if (const ucl::Value* v = base->find("setup")) {
        out.setup = read_setup(*v, scope);
    }
    if (const ucl::Value* v = base->find("mount")) {
        out.mounts = read_base_mounts(*v, scope);
    }
    if (const ucl::Value* v = base->find("forward")) {
        out.forwards = read_base_forwards(*v, scope);
    }
    if (const ucl::Value* v = single(m_reader, *base, "vm", scope)) {
        out.vm = read_vm(*v, scope);
    }
    m_base = std::move(out);
}

model::VmOverrides Checker::read_vm(const ucl::Value& value, const Scope& base) {
    model::VmOverrides vm;
    vm.origin.location = value.location();
    if (!value.is_object()) {
        type_error(m_reader, value, "vm", base, "a section like vm { cpus = 2; memory = 4G; }");
        return vm;
    }
    const Scope scope("vm", "", &base);
    check_keys(m_reader, value, k_vm_keys, scope);
    if (const ucl::Value* cpus = single(m_reader, value, "cpus", scope)) {
        const auto n = integer_field(m_reader, *cpus, "cpus", scope);
        if (n && (*n < 1 || *n > 256)) {
            type_error(m_reader, *cpus, "cpus", scope, "a whole number from 1 to 256");
        } else if (n) {
            vm.cpus = static_cast<int>(*n);
        }
    }
    if (const ucl::Value* memory = single(m_reader, value, "memory", scope)) {
        const auto bytes = size_field(m_reader, *memory, "memory", scope);
        if (bytes && (*bytes < 128 * k_mib || *bytes % k_mib != 0 || *bytes > 1024 * k_gib)) {
            type_error(m_reader, *memory, "memory", scope, "a whole number of MiB from 128M to 1T");
        } else if (bytes) {
            vm.memory_bytes = bytes;
        }
    }
    if (const ucl::Value* disk = single(m_reader, value, "disk", scope)) {
        const auto bytes = size_field(m_reader, *disk, "disk", scope);
        if (bytes && *bytes < k_gib) {
            type_error(m_reader, *disk, "disk", scope, "a size of at least 1G");
        } else if (bytes) {
            vm.disk_bytes = bytes;
        }
    }
    return vm;
}

} // namespace jrun::config::detail
