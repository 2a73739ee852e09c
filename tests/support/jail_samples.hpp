// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// Sample jails for the tests of the per-jail guest scripts and files (unit goldens, validate
// tier, guest tier): an ordinary one, and one whose every free-text value is hostile.

#include "model/config.hpp"
#include "model/recorded.hpp"

#include <chrono>
#include <string>

namespace jrun::test {

// A string that would run `touch <marker>` if any shell, monit or jail.conf expanded it.
inline std::string hostile_text(const std::string& marker) {
    return "it's \"quoted\" $(touch " + marker + ") `touch " + marker + "` ${HOME} $HOME; touch "
           + marker + " && * ? [a] | & > /tmp/x \\ \\n\nsecond line\t☃ ünïcødé 'JRUN_EOF'";
}

// A jail "web" with two execs (one health-checked), two mounts (one read-only) and a setup step.
inline model::Jail sample_jail(const std::string& share_root = "/home/me") {
    model::Jail jail;
    jail.name = "web";
    jail.release = "15.0-RELEASE";
    jail.ip = "10.17.89.11";
    jail.mounts.push_back({"src", share_root + "/src", "/srv/app", false, {}});
    jail.mounts.push_back({"data", share_root + "/data", "/var/db/data", true, {}});
    model::Exec app;
    app.label = "app";
    app.cmd = "python3 -m http.server 8000";
    app.dir = "/srv/app";
    app.env.push_back({"PORT", "8000", {}});
    app.healthcheck = model::Healthcheck{"fetch -qo /dev/null http://127.0.0.1:8000/",
                                         std::chrono::seconds(15),
                                         std::chrono::seconds(3),
                                         4,
                                         std::chrono::seconds(20),
                                         {}};
    jail.execs.push_back(app);
    model::Exec worker;
    worker.label = "worker";
    worker.cmd = "sleep 1000";
    worker.user = "www";
    jail.execs.push_back(worker);
    model::SetupStep setup;
    setup.label = "deps";
    setup.file = "/home/me/deps.yml";
    jail.setup.push_back(setup);
    return jail;
}

// A jail whose exec cmd, env values, dir and healthcheck test are hostile (the config checks
// allow quotes, `$`, `;` and unicode in dir and jail paths; only blanks, control characters,
// backslashes and `..` are refused there).
inline model::Jail hostile_jail(const std::string& marker, const std::string& share_root) {
    model::Jail jail;
    jail.name = "evil";
    jail.release = "15.0-RELEASE";
    jail.ip = "10.17.89.12";
    const std::string odd_path = "/srv/it's\"$(touch_" + std::string("x") + ")`y`;*?☃";
    jail.mounts.push_back({"odd", share_root + "/odd dir", odd_path, false, {}});
    model::Exec exec;
    exec.label = "evil-1_x";
    exec.cmd = hostile_text(marker) + std::string(5000, 'z');
    exec.dir = odd_path;
    exec.env.push_back({"HOSTILE", hostile_text(marker), {}});
    exec.env.push_back({"EMPTY", "", {}});
    exec.healthcheck = model::Healthcheck{hostile_text(marker),
                                          std::chrono::milliseconds(1500),
                                          std::chrono::milliseconds(200),
                                          2,
                                          std::chrono::seconds(0),
                                          {}};
    jail.execs.push_back(exec);
    return jail;
}

// Return `jail` as recorded after a successful apply at `ip`.
inline model::RecordedJail
recorded_jail(const model::Jail& jail, const std::string& private_name, const std::string& ip) {
    return model::RecordedJail{jail, private_name, ip, {}};
}

} // namespace jrun::test
