// SPDX-License-Identifier: BSD-2-Clause
#include "cli/status_vm.hpp"

#include <gtest/gtest.h>

namespace jrun::cli {
namespace {

VmStatus running_vm() {
    VmStatus status;
    status.running = true;
    status.run_state = "running";
    status.pid = 4242;
    status.ssh_host = "127.0.0.1";
    status.ssh_port = 2222;
    status.forwards = {{model::Proto::tcp, 8080, 8000}, {model::Proto::udp, 5353, 53}};
    return status;
}

TEST(StatusVm, RunningVmShowsPidSshAndForwards) {
    EXPECT_EQ(render_vm_status(running_vm()),
              "vm: running (pid 4242), ssh 127.0.0.1:2222, forwards 8080->8000/tcp 5353->53/udp");
}

TEST(StatusVm, RunningVmWithoutForwardsOrPidFileSaysSo) {
    auto status = running_vm();
    status.pid.reset();
    status.forwards.clear();
    status.run_state = "paused";
    EXPECT_EQ(render_vm_status(status), "vm: paused, ssh 127.0.0.1:2222, forwards -");
}

TEST(StatusVm, StoppedVmPointsAtStart) {
    EXPECT_EQ(render_vm_status(VmStatus{}), "vm: stopped ('jrun start' boots it)");
    EXPECT_EQ(vm_status_json(VmStatus{}).dump(), R"({"running":false})");
}

TEST(StatusVm, JsonCarriesTheSameFacts) {
    EXPECT_EQ(vm_status_json(running_vm()).dump(),
              R"({"running":true,"state":"running","pid":4242,"ssh":"127.0.0.1:2222",)"
              R"("forwards":["8080->8000/tcp","5353->53/udp"]})");
}

} // namespace
} // namespace jrun::cli
