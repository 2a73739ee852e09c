// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include <string>

namespace jrun {

// What went wrong, in terms a caller can branch on (retry on `timeout`, stop on `config`, ...).
enum class ErrorKind {
    usage,       // bad command line
    config,      // bad config file or settings
    io,          // local file system
    process,     // a local child process failed
    timeout,     // something took too long
    protocol,    // a peer spoke nonsense (QMP, HTTP, relay)
    remote,      // the guest or a remote host refused or failed
    interrupted, // SIGINT/SIGTERM
    internal,    // a bug in jrun
};

// One failure: `what` failed because of `why`; `hint` tells the user what to do about it.
struct Error {
    ErrorKind kind = ErrorKind::internal;
    std::string what;
    std::string why;
    std::string hint;
};

// Return the process exit code for `kind`: 2 for usage/config, 130 for interrupted, else 1.
int exit_code_for(ErrorKind kind);

// Return the canonical lower-case name of `kind` ("config", "timeout", ...).
const char* to_string(ErrorKind kind);

} // namespace jrun
