// SPDX-License-Identifier: BSD-2-Clause
#include "vm/qmp_session.hpp"

namespace jrun::vm {

QmpSession::QmpSession(std::unique_ptr<sys::Stream> stream,
                       sys::Clock& clock,
                       qemu::QmpOptions options)
    : m_stream(std::move(stream)),
      m_client(*m_stream, clock, options) {}

Result<std::unique_ptr<QmpSession>> QmpSession::open(const QmpConnector& connect,
                                                     sys::Clock& clock,
                                                     const std::string& socket_path,
                                                     qemu::QmpOptions options) {
    auto stream = connect(socket_path);
    if (!stream) {
        return stream.error();
    }
    auto session = std::make_unique<QmpSession>(std::move(*stream), clock, options);
    if (auto greeting = session->qmp().handshake(); !greeting) {
        return greeting.error();
    }
    return session;
}

} // namespace jrun::vm
