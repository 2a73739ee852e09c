// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "hub/fetch.hpp"

#include <map>
#include <string>
#include <vector>

namespace jrun::test {

// A hub::Fetch serving `files` by URL (a missing URL answers HTTP 404) and recording every
// request, so that tests can assert that none was made.
class FakeFetch final : public hub::Fetch {
public:
    [[nodiscard]] Result<std::string> get(const std::string& url) override {
        requests.push_back(url);
        const auto it = files.find(url);
        if (it == files.end()) {
            return Error{ErrorKind::protocol, "GET " + url, "HTTP 404", {}};
        }
        return it->second;
    }

    std::map<std::string, std::string> files;
    std::vector<std::string> requests;
};

} // namespace jrun::test
