// SPDX-License-Identifier: BSD-2-Clause
// Labelled sections (`forward { http { ... } }`) in every shape libucl produces.
#include "config/detail/reader.hpp"
#include "config/values.hpp"

#include <algorithm>

namespace jrun::config::detail {

namespace {

class EntryCollector {
public:
    EntryCollector(Reader& reader, const SectionInfo& info)
        : m_reader(reader),
          m_info(info) {}

    void collect(const ucl::Value& section) {
        if (section.is_object()) {
            add_members(section);
        } else if (section.is_array()) {
            for (const auto& element : section.elements()) {
                add_element(element);
            }
        } else {
            m_reader.error(section.location(),
                           section_phrase() + " must be a section of named entries like " + shape()
                               + ", not " + describe(m_reader, section));
        }
    }

    std::vector<Entry> take() { return std::move(m_entries); }

private:
    std::string section_phrase() const { return subject(m_info.kind, *m_info.owner); }

    std::string shape() const { return std::string(m_info.kind) + " { LABEL { ... } }"; }

    void add_element(const ucl::Value& element) {
        if (element.is_object()) {
            add_members(element);
            return;
        }
        m_reader.error(element.location(),
                       "each entry of " + section_phrase() + " must be a named section like "
                           + shape() + ", not " + describe(m_reader, element));
    }

    void add_members(const ucl::Value& object) {
        for (const auto& member : object.members()) {
            const ucl::Value& value = member.value;
            if (!value.is_array() || !value.implicit() || value.elements().empty()) {
                add_body(member.key, member.key_location, value);
                continue;
            }
            add_body(member.key, member.key_location, value.elements().front());
            for (std::size_t i = 1; i < value.elements().size(); ++i) {
                add_body(member.key, value.elements()[i].location(), value.elements()[i]);
            }
        }
    }

    void add_body(std::string_view label, const Location& loc, const ucl::Value& body) {
        if (const Location* first = m_seen.add(label, loc)) {
            m_reader.error(loc, entry_scope(m_info, label).text() + " is defined twice");
            m_reader.note(*first, entry_scope(m_info, label).text() + " is first defined here");
            return;
        }
        if (!body.is_object()) {
            report_not_object(label, loc, body);
            return;
        }
        m_entries.push_back(Entry{label, loc, &body});
    }

    void report_not_object(std::string_view label, const Location& loc, const ucl::Value& body) {
        const auto& keys = m_info.body_keys;
        if (std::find(keys.begin(), keys.end(), label) == keys.end()) {
            m_reader.error(body.location(),
                           entry_scope(m_info, label).text() + " must be a section ({ ... }), not "
                               + describe(m_reader, body));
            return;
        }
        if (!m_reported_missing_label) {
            m_reported_missing_label = true;
            m_reader.error(loc,
                           section_phrase() + " needs a label for each entry, like "
                               + std::string(m_info.kind) + " { LABEL { " + std::string(label)
                               + " = ...; } }");
        }
    }

    Reader& m_reader;
    const SectionInfo& m_info;
    std::vector<Entry> m_entries;
    FirstSeen<Location> m_seen;
    bool m_reported_missing_label = false;
};

} // namespace

Scope entry_scope(const SectionInfo& info, std::string_view label) {
    return {info.kind, label, info.owner};
}

void check_label(Reader& reader, const Entry& entry, std::string_view kind) {
    if (!is_safe_label(entry.label)) {
        reader.error(entry.location,
                     std::string(kind) + " label " + quote(entry.label)
                         + " must be 1-64 letters, digits, '_' or '-', not starting with '-' "
                           "(it becomes a file and service name)");
    }
}

std::vector<Entry> entries(Reader& reader, const ucl::Value& section, const SectionInfo& info) {
    EntryCollector collector(reader, info);
    collector.collect(section);
    return collector.take();
}

} // namespace jrun::config::detail
