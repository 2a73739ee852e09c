// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// The VM's QEMU wiring (forwards, 9p shares) that a base config asks for, and what changes
// between two wirings (pure).

#include "model/config.hpp"
#include "model/recorded.hpp"

#include <vector>

namespace jrun::vm {

// Return the forwards of `base` as QEMU forwards (host port -> VM port), sorted.
[[nodiscard]] std::vector<model::VmForward> base_forwards(const model::Base* base);
// Return the shares of `base`'s mounts (tag: model::share_tag_for), sorted.
[[nodiscard]] std::vector<model::VmShare> base_shares(const model::Base* base);

// Return `current` with the wiring of `old_base` replaced by that of `new_base`; what the jails
// need (every other forward and share) stays.
[[nodiscard]] model::RecordedVm
rewire_base(model::RecordedVm current, const model::Base* old_base, const model::Base* new_base);

// What turns one wiring into another.
struct WiringChange {
    std::vector<model::VmForward> add_forwards;
    std::vector<model::VmForward> remove_forwards;
    std::vector<model::VmShare> add_shares; // need a VM restart (QEMU cannot add 9p live)
    std::vector<model::VmShare> remove_shares;
    [[nodiscard]] bool empty() const {
        return add_forwards.empty() && remove_forwards.empty() && add_shares.empty()
               && remove_shares.empty();
    }
};

// Return what differs between `from` and `to` (both sorted).
[[nodiscard]] WiringChange diff_wiring(const model::RecordedVm& from, const model::RecordedVm& to);

} // namespace jrun::vm
