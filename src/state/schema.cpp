// SPDX-License-Identifier: BSD-2-Clause
#include "state/schema.hpp"

#include <algorithm>

namespace jrun::state {

namespace {

Error envelope_error(std::string why, std::string hint = {}) {
    return Error{ErrorKind::io, {}, std::move(why), std::move(hint)};
}

const Migration* find_migration(const Schema& schema, int from) {
    const auto it = std::find_if(schema.migrations.begin(),
                                 schema.migrations.end(),
                                 [from](const Migration& m) { return m.from == from; });
    return it == schema.migrations.end() ? nullptr : &*it;
}

} // namespace

Schema current_schema() {
    return Schema{k_state_version, {}};
}

Result<Envelope> open_envelope(nlohmann::ordered_json document) {
    if (!document.is_object()) {
        return envelope_error("it is not a JSON object");
    }
    const auto version = document.find("version");
    if (version == document.end() || !version->is_number_integer() || version->get<long>() < 1
        || version->get<long>() > 1'000'000) {
        return envelope_error("it has no valid 'version' (a positive integer)");
    }
    Envelope envelope;
    envelope.version = version->get<int>();
    if (const auto writer = document.find("writer");
        writer != document.end() && writer->is_string()) {
        envelope.writer = writer->get<std::string>();
    }
    document.erase("version");
    document.erase("writer");
    envelope.body = std::move(document);
    return envelope;
}

Result<nlohmann::ordered_json> migrate(Envelope envelope, const Schema& schema) {
    if (envelope.version > schema.version) {
        const auto by = envelope.writer.empty() ? std::string("a newer jrun") : envelope.writer;
        return envelope_error("it has version " + std::to_string(envelope.version) + " (written by "
                                  + by + "); this jrun reads versions up to "
                                  + std::to_string(schema.version),
                              "upgrade jrun; the file was left as it is");
    }
    auto body = std::move(envelope.body);
    for (int version = envelope.version; version < schema.version; ++version) {
        const auto* migration = find_migration(schema, version);
        if (migration == nullptr) {
            return envelope_error("no migration from version " + std::to_string(version) + " to "
                                  + std::to_string(version + 1));
        }
        auto upgraded = migration->apply(std::move(body));
        if (!upgraded) {
            return envelope_error("upgrading it from version " + std::to_string(version)
                                  + " failed: " + upgraded.error().why);
        }
        body = std::move(*upgraded);
    }
    return body;
}

} // namespace jrun::state
