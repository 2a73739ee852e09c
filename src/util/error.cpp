// SPDX-License-Identifier: BSD-2-Clause
#include "util/error.hpp"

namespace jrun {

int exit_code_for(ErrorKind kind) {
    switch (kind) {
    case ErrorKind::usage:
    case ErrorKind::config:
        return 2;
    case ErrorKind::interrupted:
        return 130;
    default:
        return 1;
    }
}

const char* to_string(ErrorKind kind) {
    switch (kind) {
    case ErrorKind::usage:
        return "usage";
    case ErrorKind::config:
        return "config";
    case ErrorKind::io:
        return "io";
    case ErrorKind::process:
        return "process";
    case ErrorKind::timeout:
        return "timeout";
    case ErrorKind::protocol:
        return "protocol";
    case ErrorKind::remote:
        return "remote";
    case ErrorKind::interrupted:
        return "interrupted";
    case ErrorKind::internal:
        return "internal";
    }
    return "internal";
}

} // namespace jrun
