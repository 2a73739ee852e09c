// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// One QMP connection to the running VM: the stream and the client that talks over it.

#include "qemu/qmp_client.hpp"
#include "vm/ports.hpp"

#include <memory>
#include <string>

namespace jrun::vm {

class QmpSession {
public:
    // Connect to `socket_path` and complete the handshake. Fails with `io` when nobody listens
    // (no VM), else like QmpClient::handshake.
    [[nodiscard]] static Result<std::unique_ptr<QmpSession>> open(const QmpConnector& connect,
                                                                  sys::Clock& clock,
                                                                  const std::string& socket_path,
                                                                  qemu::QmpOptions options = {});

    [[nodiscard]] qemu::QmpClient& qmp() { return m_client; }

    QmpSession(std::unique_ptr<sys::Stream> stream, sys::Clock& clock, qemu::QmpOptions options);

private:
    std::unique_ptr<sys::Stream> m_stream;
    qemu::QmpClient m_client;
};

} // namespace jrun::vm
