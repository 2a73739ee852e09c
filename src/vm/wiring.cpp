// SPDX-License-Identifier: BSD-2-Clause
#include "vm/wiring.hpp"

#include <algorithm>
#include <iterator>

namespace jrun::vm {

namespace {

template <class T> std::vector<T> minus(const std::vector<T>& a, const std::vector<T>& b) {
    std::vector<T> out;
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
    return out;
}

template <class T> std::vector<T> sorted_union(const std::vector<T>& a, const std::vector<T>& b) {
    std::vector<T> out;
    std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
    return out;
}

template <class T> void sort_unique(std::vector<T>& items) {
    std::sort(items.begin(), items.end());
    items.erase(std::unique(items.begin(), items.end()), items.end());
}

} // namespace

std::vector<model::VmForward> base_forwards(const model::Base* base) {
    std::vector<model::VmForward> out;
    if (base != nullptr) {
        for (const auto& forward : base->forwards) {
            out.push_back({forward.proto, forward.host_port, forward.target_port});
        }
    }
    sort_unique(out);
    return out;
}

std::vector<model::VmShare> base_shares(const model::Base* base) {
    std::vector<model::VmShare> out;
    if (base != nullptr) {
        for (const auto& mount : base->mounts) {
            out.push_back({mount.host, model::share_tag_for(mount.host)});
        }
    }
    sort_unique(out);
    return out;
}

model::RecordedVm
rewire_base(model::RecordedVm current, const model::Base* old_base, const model::Base* new_base) {
    sort_unique(current.forwards);
    sort_unique(current.shares);
    current.forwards =
        sorted_union(minus(current.forwards, base_forwards(old_base)), base_forwards(new_base));
    current.shares =
        sorted_union(minus(current.shares, base_shares(old_base)), base_shares(new_base));
    return current;
}

WiringChange diff_wiring(const model::RecordedVm& from, const model::RecordedVm& to) {
    return {minus(to.forwards, from.forwards),
            minus(from.forwards, to.forwards),
            minus(to.shares, from.shares),
            minus(from.shares, to.shares)};
}

} // namespace jrun::vm
