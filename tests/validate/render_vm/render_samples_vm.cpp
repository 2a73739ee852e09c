// SPDX-License-Identifier: BSD-2-Clause
// Write every VM-level artifact jrun renders (guest scripts and configuration files) for a
// plain and a hostile sample into DIR, for Debian's validators (tests/validate/CMakeLists.txt):
// scripts/*.sh for shellcheck and sh -n, unbound/ for unbound-checkconf. The unbound files are
// written twice: as rendered (etc/) and with their absolute paths moved under DIR (root/), so
// that unbound-checkconf can follow the includes on this machine.
#include "render/files_vm.hpp"
#include "render/guest.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

namespace {

using namespace jrun::render;
namespace fs = std::filesystem;

void write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

// Return `text` with every "/var/unbound" replaced by `root` + "/var/unbound".
std::string rebase(std::string text, const std::string& root) {
    const std::string from = "/var/unbound";
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
        text.replace(at, from.size(), root + from);
        at += root.size() + from.size();
    }
    return text;
}

const std::string k_hostile = "x'; touch /tmp/pwned; echo \"$(id)\" `id` \\\n$HOME *";

void write_scripts(const fs::path& dir) {
    const BootstrapSpec spec{
        "15.0-RELEASE", "https://download.freebsd.org/releases/amd64/amd64/15.0-RELEASE", "0"};
    const BootstrapSpec hostile{"15.0-RELEASE", "https://example.org/" + k_hostile, k_hostile};
    write(dir / "bootstrap.sh", bootstrap_script(spec));
    write(dir / "bootstrap-hostile.sh", bootstrap_script(hostile));
    write(dir / "release.sh", release_script(spec));
    write(dir / "release-invalid.sh", release_script({k_hostile, k_hostile, "0"}));
    write(dir / "probe.sh", probe_script());
    const std::vector<AnchorRule> rules{{jrun::model::Proto::tcp, 8080, "10.17.89.10", 80},
                                        {jrun::model::Proto::udp, 5353, "10.17.89.11", 53}};
    const std::vector<DnsRecord> records{{"web", "10.17.89.10"}, {"db", "10.17.89.11"}};
    write(dir / "wiring.sh", wiring_script(rules, records));
    write(dir / "wiring-empty.sh", wiring_script({}, {}));
    write(dir / "wiring-hostile.sh",
          wiring_script({{jrun::model::Proto::tcp, 80, k_hostile, 80}}, {{k_hostile, k_hostile}}));
    write(dir / "shares.sh",
          shares_script({{"jrun_0123456789", "/srv/data"}, {"jrun_abcdef0123", ""}}));
    write(dir / "shares-none.sh", shares_script({}));
    write(dir / "shares-hostile.sh", shares_script({{"jrun_0123456789", "/srv/" + k_hostile}}));
    write(dir / "shares-invalid.sh", shares_script({{k_hostile, "/srv/x"}}));
}

void write_unbound(const fs::path& dir) {
    const std::vector<DnsRecord> records{
        {"web", "10.17.89.10"}, {"db", "10.17.89.11"}, {k_hostile, "10.17.89.12"}};
    const std::vector<PeerRecord> peers{{"api.k3x9q", "200:1234:5678::1"}, {k_hostile, "x"}};
    const std::string root = fs::absolute(dir / "root").string();
    write(dir / "etc/unbound.conf", render_unbound_conf());
    write(dir / "etc/jrun.conf", render_unbound_jrun_conf(records));
    write(dir / "etc/jrun-empty.conf", render_unbound_jrun_conf({}));
    write(dir / "etc/jrun-peers.conf", render_unbound_peers_conf(peers));
    write(dir / "root/var/unbound/unbound.conf", rebase(render_unbound_conf(), root));
    write(dir / "root/var/unbound/conf.d/jrun.conf", render_unbound_jrun_conf(records));
    write(dir / "root/var/unbound/conf.d/jrun-peers.conf", render_unbound_peers_conf(peers));
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: render_samples_vm DIR\n";
        return 64;
    }
    const fs::path dir = argv[1];
    write_scripts(dir / "scripts");
    write_unbound(dir / "unbound");
    write(dir / "pf/pf.conf", render_vm_pf_conf());
    write(dir / "pf/jrun-forwards.conf",
          render_forwards_anchor({{jrun::model::Proto::tcp, 8080, "10.17.89.10", 80}}));
    return 0;
}
