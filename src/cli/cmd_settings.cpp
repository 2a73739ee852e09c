// SPDX-License-Identifier: BSD-2-Clause
// `jrun config settings [--json]`: the effective settings and where each came from.
#include "cli/cli.hpp"
#include "cli/settings_io.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <ostream>

namespace jrun::cli {

namespace {

using Json = nlohmann::ordered_json;

const char* source_name(config::SettingSource source) {
    switch (source) {
    case config::SettingSource::environment:
        return "environment";
    case config::SettingSource::env_file:
        return "env_file";
    case config::SettingSource::default_value:
        break;
    }
    return "default";
}

std::string source_label(std::string_view name, const config::SettingOrigin& origin) {
    switch (origin.source) {
    case config::SettingSource::environment:
        return origin.spelling == name ? "environment" : "environment (" + origin.spelling + ")";
    case config::SettingSource::env_file:
        return "env file:" + std::to_string(origin.location.line);
    case config::SettingSource::default_value:
        break;
    }
    return "default";
}

// An empty value means the setting's default behaviour: show its description instead.
std::string display_value(const config::SettingInfo& info, const std::string& value) {
    return value.empty() ? std::string(info.default_text) : value;
}

struct Derived {
    std::string image;
    std::string image_checksum; // empty when JRUN_IMAGE names the image
    std::string ssh_key;
};

Derived derive(const Settings& settings) {
    const auto mirror = config::freebsd_image(settings);
    Derived out;
    out.image = settings.image.empty() ? mirror.url : settings.image;
    out.image_checksum = settings.image.empty() ? mirror.checksum_url : std::string();
    out.ssh_key = config::ssh_key_path(settings);
    return out;
}

void pad(std::ostream& out, std::size_t used, std::size_t width) {
    out << std::string(width > used ? width - used + 2 : 2, ' ');
}

void print_text(Context& ctx, const LoadedSettings& loaded) {
    const auto values = config::setting_values(*loaded.load.settings);
    const auto infos = config::setting_infos();
    std::vector<std::string> labels;
    std::size_t name_width = 0;
    std::size_t label_width = 0;
    for (const auto& [name, value] : values) {
        labels.push_back(source_label(name, loaded.load.origins.at(std::string(name))));
        name_width = std::max(name_width, name.size());
        label_width = std::max(label_width, labels.back().size());
    }
    ctx.out << "env file: " << loaded.env_file.path
            << (loaded.env_file_present ? "" : " (not present)") << "\n\n";
    for (std::size_t i = 0; i < values.size(); ++i) {
        ctx.out << values[i].first;
        pad(ctx.out, values[i].first.size(), name_width);
        ctx.out << labels[i];
        pad(ctx.out, labels[i].size(), label_width);
        ctx.out << display_value(infos[i], values[i].second) << '\n';
    }
    const Derived derived = derive(*loaded.load.settings);
    ctx.out << "\nderived:\n  image     " << derived.image << '\n';
    if (!derived.image_checksum.empty()) {
        ctx.out << "  checksum  " << derived.image_checksum << '\n';
    }
    ctx.out << "  ssh key   " << derived.ssh_key << '\n';
}

Json origin_json(const std::string& value, const config::SettingOrigin& origin) {
    Json item{{"value", value}, {"source", source_name(origin.source)}};
    if (origin.source != config::SettingSource::default_value) {
        item["variable"] = origin.spelling;
    }
    if (origin.source == config::SettingSource::env_file) {
        item["line"] = origin.location.line;
    }
    return item;
}

void print_json(Context& ctx, const LoadedSettings& loaded) {
    Json settings = Json::object();
    for (const auto& [name, value] : config::setting_values(*loaded.load.settings)) {
        const std::string key(name);
        settings[key] = origin_json(value, loaded.load.origins.at(key));
    }
    const Derived derived = derive(*loaded.load.settings);
    const Json doc{
        {"env_file", {{"path", loaded.env_file.path}, {"present", loaded.env_file_present}}},
        {"settings", settings},
        {"derived",
         {{"image", derived.image},
          {"image_checksum",
           derived.image_checksum.empty() ? Json(nullptr) : Json(derived.image_checksum)},
          {"ssh_key", derived.ssh_key}}},
    };
    ctx.out << doc.dump(2) << '\n';
}

} // namespace

int cmd_config_settings(Context& ctx) {
    bool json = false;
    for (std::size_t i = 1; i < ctx.args.size(); ++i) {
        if (ctx.args[i] != "--json") {
            print_error(ctx,
                        "unknown option '" + ctx.args[i] + "'",
                        "not an option of 'jrun config settings'",
                        "usage: jrun config settings [--json]");
            return 2;
        }
        json = true;
    }
    const auto loaded = load_effective_settings(ctx);
    if (!loaded) {
        return 2;
    }
    if (json) {
        print_json(ctx, *loaded);
    } else {
        print_text(ctx, *loaded);
    }
    return 0;
}

} // namespace jrun::cli
