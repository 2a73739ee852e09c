// SPDX-License-Identifier: BSD-2-Clause
#include "state/recorded_json.hpp"

#include <gtest/gtest.h>

namespace jrun::state {

namespace {

model::Recorded sample() {
    model::Jail spec;
    spec.name = "app";
    spec.release = "15.0-RELEASE";
    spec.ip = "10.17.89.20";
    spec.base = "python";
    spec.depends = {"db"};
    spec.mounts.push_back({"src", "/home/u/app", "/srv/app", true, {}});
    spec.forwards.push_back({"http", model::Proto::udp, 8080, 8000, {}});
    model::Exec exec;
    exec.label = "web";
    exec.cmd = "uvicorn 'app:app' \"$(x)\"";
    exec.dir = "/srv/app";
    exec.env.push_back({"PORT", "8000", {}});
    exec.user = "www";
    exec.healthcheck = model::Healthcheck{"fetch -qo /dev/null http://127.0.0.1:8000",
                                          std::chrono::milliseconds(1500),
                                          std::chrono::milliseconds(10000),
                                          5,
                                          std::chrono::milliseconds(30000),
                                          {}};
    spec.execs.push_back(exec);
    model::SetupStep step;
    step.label = "pg";
    step.url = "hub://postgres/16@v1.1.0";
    step.vars = {{"PORT", 5432}, {"PACKAGES", {"a", "b"}}, {"DEBUG", true}};
    spec.setup.push_back(step);

    model::Recorded recorded;
    recorded.jails.emplace("app", model::RecordedJail{spec, "jabc", "10.17.89.20", {{"pg", "h1"}}});
    model::Base base;
    base.mounts.push_back({"m", "/data", "/mnt/data", {}});
    base.forwards.push_back({"f", model::Proto::tcp, 2200, 22, {}});
    base.vm.cpus = 4;
    base.vm.memory_bytes = 4096ULL << 20U;
    recorded.base = base;
    recorded.base_setup_hashes = {{"desk", "h2"}};
    recorded.vm.ssh_port = 2222;
    recorded.vm.forwards.push_back({model::Proto::tcp, 8080, 8080});
    recorded.vm.shares.push_back({"/home/u/app", "jrun_0123456789"});
    recorded.host_keys.push_back({"[127.0.0.1]:2222", "ssh-ed25519", "AAAAC3NzaC1lZDI1NTE5AAAAI"});
    recorded.peers.push_back(
        {"81-zephyr", "init", "2026-11-29T10:00:00Z", {{"db", "200:1234::1"}}});
    return recorded;
}

} // namespace

TEST(RecordedJson, RoundTripsEveryField) {
    const auto recorded = sample();
    const auto text = to_json(recorded).dump();
    const auto back = from_json(nlohmann::ordered_json::parse(text));
    ASSERT_TRUE(back.ok()) << back.error().why;
    EXPECT_EQ(*back, recorded);
    EXPECT_EQ(back->jails.at("app").spec.name, "app");
}

TEST(RecordedJson, RoundTripsEmptyState) {
    const auto back = from_json(nlohmann::ordered_json::parse(to_json({}).dump()));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, model::Recorded{});
}

TEST(RecordedJson, NamesThePathOfAWrongType) {
    auto doc = nlohmann::ordered_json::parse(to_json(sample()).dump());
    doc["jails"]["app"]["spec"]["forwards"][0]["host"] = "eighty";
    const auto back = from_json(doc);
    ASSERT_FALSE(back.ok());
    EXPECT_EQ(back.error().why, "jails.app.spec.forwards[0].host: expected an integer 1..65535");
}

TEST(RecordedJson, NamesAMissingMember) {
    auto doc = nlohmann::ordered_json::parse(to_json(sample()).dump());
    doc["vm"].erase("shares");
    const auto back = from_json(doc);
    ASSERT_FALSE(back.ok());
    EXPECT_EQ(back.error().why, "vm: missing 'shares'");
}

} // namespace jrun::state
