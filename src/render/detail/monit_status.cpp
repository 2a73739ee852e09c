// SPDX-License-Identifier: BSD-2-Clause
#include "render/detail/monit_status.hpp"

#include "util/strings.hpp"

#include <algorithm>
#include <array>

namespace jrun::render::detail {

namespace {

constexpr std::array<std::string_view, 5> k_block_types{
    "Process", "Program", "System", "File", "Filesystem"};

// Parse a block header "Type 'name'"; false when `line` is not one.
bool parse_header(std::string_view line, MonitBlock& block) {
    const auto space = line.find(" '");
    if (space == std::string_view::npos || line.size() < space + 3 || line.back() != '\'') {
        return false;
    }
    const auto type = line.substr(0, space);
    if (std::find(k_block_types.begin(), k_block_types.end(), type) == k_block_types.end()) {
        return false;
    }
    block.type = std::string(type);
    block.name = std::string(line.substr(space + 2, line.size() - space - 3));
    return true;
}

// Add a field row "  key words   value" (key and value separated by at least two spaces).
void add_field(std::string_view line, MonitBlock& block) {
    const auto text = trim(line);
    const auto gap = text.find("  ");
    if (gap == std::string_view::npos) {
        return;
    }
    block.fields[std::string(text.substr(0, gap))] = std::string(trim(text.substr(gap)));
}

std::string field(const MonitBlock& block, const std::string& key) {
    const auto found = block.fields.find(key);
    return found == block.fields.end() ? std::string() : found->second;
}

const MonitBlock*
find_block(const std::vector<MonitBlock>& blocks, std::string_view type, std::string_view name) {
    for (const auto& block : blocks) {
        if (block.type == type && block.name == name) {
            return &block;
        }
    }
    return nullptr;
}

bool not_monitored(const MonitBlock& block) {
    return field(block, "monitoring status") == "Not monitored"
           || field(block, "status") == "Not monitored";
}

std::string health_state(const MonitBlock* check) {
    if (check == nullptr || not_monitored(*check)) {
        return "starting";
    }
    const auto status = field(*check, "status");
    if (status == "Status failed") {
        return "failing";
    }
    if (status != "Status ok") {
        return "starting"; // Initializing, Waiting: not run yet
    }
    const auto exit_value = field(*check, "last exit value");
    if (exit_value == "0") {
        return "passing";
    }
    return exit_value == "1" || exit_value.empty() ? "starting" : "failing";
}

} // namespace

std::vector<MonitBlock> parse_monit_status(const std::vector<std::string>& lines) {
    std::vector<MonitBlock> blocks;
    for (const auto& line : lines) {
        MonitBlock header;
        if (parse_header(line, header)) {
            blocks.push_back(std::move(header));
        } else if (!blocks.empty() && starts_with(line, " ")) {
            add_field(line, blocks.back());
        }
    }
    return blocks;
}

std::string
exec_state(const std::vector<MonitBlock>& blocks, std::string_view service, bool has_check) {
    const MonitBlock* process = find_block(blocks, "Process", service);
    if (process == nullptr || not_monitored(*process)) {
        return "stopped";
    }
    const auto status = field(*process, "status");
    if (status == "Initializing") {
        return "starting";
    }
    if (status != "OK" && status != "Running") {
        return "failing";
    }
    const std::string check = std::string(service) + ".health";
    const MonitBlock* program = find_block(blocks, "Program", check);
    return has_check || program != nullptr ? health_state(program) : "passing";
}

std::vector<ExecHealth> exec_states(const std::vector<MonitBlock>& blocks) {
    std::vector<ExecHealth> out;
    for (const auto& block : blocks) {
        if (block.type == "Process") {
            out.push_back({block.name, exec_state(blocks, block.name, false)});
        }
    }
    return out;
}

} // namespace jrun::render::detail
