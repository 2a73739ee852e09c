// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include <cstdint>
#include <string_view>

namespace jrun::model {

// The transport protocol of a port forward. Kept in its own header so that ports (interfaces
// implemented in sys/) can name it without pulling in the whole config model.
enum class Proto : std::uint8_t { tcp, udp };

// Return "tcp" or "udp".
constexpr std::string_view to_string(Proto proto) {
    return proto == Proto::tcp ? "tcp" : "udp";
}

} // namespace jrun::model
