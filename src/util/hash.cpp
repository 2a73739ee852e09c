// SPDX-License-Identifier: BSD-2-Clause
#include "util/hash.hpp"

#include <openssl/evp.h>

#include <array>
#include <stdexcept>

namespace jrun {

namespace {

EVP_MD_CTX* ctx_of(void* p) {
    return static_cast<EVP_MD_CTX*>(p);
}

std::string to_hex(const unsigned char* bytes, unsigned int size) {
    static constexpr std::string_view k_digits = "0123456789abcdef";
    std::string out;
    out.reserve(static_cast<std::size_t>(size) * 2U);
    for (unsigned int i = 0; i < size; ++i) {
        out += k_digits[bytes[i] >> 4U];
        out += k_digits[bytes[i] & 0x0fU];
    }
    return out;
}

} // namespace

Hasher::Hasher(Algorithm algorithm)
    : m_context(EVP_MD_CTX_new()) {
    const EVP_MD* md = algorithm == Algorithm::sha256 ? EVP_sha256() : EVP_sha512();
    if (m_context == nullptr || EVP_DigestInit_ex(ctx_of(m_context), md, nullptr) != 1) {
        throw std::runtime_error("OpenSSL digest initialisation failed");
    }
}

Hasher::~Hasher() {
    EVP_MD_CTX_free(ctx_of(m_context));
}

void Hasher::update(std::string_view data) {
    EVP_DigestUpdate(ctx_of(m_context), data.data(), data.size());
}

std::string Hasher::finish_hex() {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    EVP_DigestFinal_ex(ctx_of(m_context), digest.data(), &size);
    return to_hex(digest.data(), size);
}

std::string sha256_hex(std::string_view data) {
    Hasher hasher(Hasher::Algorithm::sha256);
    hasher.update(data);
    return hasher.finish_hex();
}

} // namespace jrun
