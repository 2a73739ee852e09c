// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "util/result.hpp"

#include <string>

namespace jrun::hub {

// Download small files by URL (http://, https:// or file://). The hub needs nothing more, so it
// depends on this port rather than on a full HTTP client.
class Fetch {
public:
    Fetch() = default;
    virtual ~Fetch() = default;
    Fetch(const Fetch&) = delete;
    Fetch& operator=(const Fetch&) = delete;
    Fetch(Fetch&&) = delete;
    Fetch& operator=(Fetch&&) = delete;

    // Return the whole body of `url`. Fail with `protocol` on an HTTP error status (why names
    // the status, e.g. "HTTP 404") and with `io` or `timeout` when the transfer fails; `what`
    // names the URL.
    [[nodiscard]] virtual Result<std::string> get(const std::string& url) = 0;
};

} // namespace jrun::hub
