// SPDX-License-Identifier: BSD-2-Clause
#include "model/recorded.hpp"
#include "util/hash.hpp"

namespace jrun::model {

std::string private_name_for(std::string_view name) {
    return "j" + sha256_hex(name).substr(0, 12);
}

std::string share_tag_for(std::string_view host) {
    return "jrun_" + sha256_hex(host).substr(0, 10);
}

} // namespace jrun::model
