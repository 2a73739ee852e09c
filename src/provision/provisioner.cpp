// SPDX-License-Identifier: BSD-2-Clause
#include "provision/provisioner.hpp"

namespace jrun::provision {

SetupTarget SetupTarget::vm(SshConnection ssh, std::string python) {
    return SetupTarget{Kind::vm, {}, {}, std::move(ssh), std::move(python)};
}

SetupTarget SetupTarget::in_jail(std::string name,
                                 std::string private_name,
                                 SshConnection ssh,
                                 std::string python) {
    return SetupTarget{
        Kind::jail, std::move(name), std::move(private_name), std::move(ssh), std::move(python)};
}

std::string SetupTarget::describe() const {
    return kind == Kind::jail ? "jail '" + jail + "'" : std::string("the VM");
}

} // namespace jrun::provision
