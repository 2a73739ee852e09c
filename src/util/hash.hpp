// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include <string>
#include <string_view>

namespace jrun {

// Return the SHA-256 of `data` as 64 lower-case hex digits.
std::string sha256_hex(std::string_view data);

// Incremental SHA-256 / SHA-512 for streams (image downloads, playbook trees).
class Hasher {
public:
    enum class Algorithm { sha256, sha512 };
    explicit Hasher(Algorithm algorithm);
    ~Hasher();
    Hasher(const Hasher&) = delete;
    Hasher& operator=(const Hasher&) = delete;

    void update(std::string_view data);
    // Return the digest as lower-case hex; the hasher cannot be updated afterwards.
    std::string finish_hex();

private:
    void* m_context; // EVP_MD_CTX*, kept opaque so OpenSSL headers stay out of ours
};

} // namespace jrun
