// SPDX-License-Identifier: BSD-2-Clause
#include "image/decompress.hpp"

#include "image/download.hpp"

#include <lzma.h>

#include <cstdint>
#include <memory>
#include <string>

namespace jrun::image {

namespace {

constexpr std::size_t k_out_chunk = 1024 * 1024;

std::string lzma_reason(lzma_ret ret) {
    switch (ret) {
    case LZMA_FORMAT_ERROR:
        return "not an xz file";
    case LZMA_DATA_ERROR:
        return "corrupt xz data";
    case LZMA_BUF_ERROR:
        return "truncated xz file";
    case LZMA_MEM_ERROR:
        return "out of memory";
    case LZMA_OPTIONS_ERROR:
        return "unsupported xz options";
    default:
        return "liblzma error " + std::to_string(static_cast<int>(ret));
    }
}

// A liblzma stream decoder writing to an OutputFile.
class XzDecoder {
public:
    XzDecoder(OutputFile& out, std::string what)
        : m_out(out),
          m_what(std::move(what)),
          m_buffer(k_out_chunk, '\0') {}
    ~XzDecoder() { lzma_end(&m_stream); }
    XzDecoder(const XzDecoder&) = delete;
    XzDecoder& operator=(const XzDecoder&) = delete;
    XzDecoder(XzDecoder&&) = delete;
    XzDecoder& operator=(XzDecoder&&) = delete;

    [[nodiscard]] Status start() {
        return check(lzma_stream_decoder(&m_stream, UINT64_MAX, LZMA_CONCATENATED));
    }

    // Decode one chunk of input.
    [[nodiscard]] Status feed(std::string_view input) {
        // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): liblzma takes uint8_t
        m_stream.next_in = reinterpret_cast<const std::uint8_t*>(input.data());
        m_stream.avail_in = input.size();
        while (m_stream.avail_in > 0) {
            if (auto status = step(LZMA_RUN); !status) {
                return status;
            }
            if (m_ended) {
                return {};
            }
        }
        return {};
    }

    // Flush the decoder; fails when the input ended early.
    [[nodiscard]] Status finish() {
        while (!m_ended) {
            if (auto status = step(LZMA_FINISH); !status) {
                return status;
            }
        }
        return {};
    }

private:
    [[nodiscard]] Status step(lzma_action action) {
        // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): liblzma takes uint8_t
        m_stream.next_out = reinterpret_cast<std::uint8_t*>(m_buffer.data());
        m_stream.avail_out = m_buffer.size();
        lzma_ret ret = lzma_code(&m_stream, action);
        auto produced = m_buffer.size() - m_stream.avail_out;
        if (produced > 0) {
            if (auto written = m_out.write(std::string_view(m_buffer.data(), produced)); !written) {
                return written;
            }
        }
        if (ret == LZMA_STREAM_END) {
            m_ended = true;
            return {};
        }
        // Rationale: liblzma itself reports LZMA_BUF_ERROR when a call can make no progress
        // (input ended early), so LZMA_OK always means "call again".
        return check(ret);
    }

    [[nodiscard]] Status check(lzma_ret ret) const {
        if (ret == LZMA_OK) {
            return {};
        }
        return Error{ErrorKind::io, m_what, lzma_reason(ret), "remove the file and run again"};
    }

    OutputFile& m_out;
    std::string m_what;
    std::string m_buffer;
    lzma_stream m_stream = LZMA_STREAM_INIT;
    bool m_ended = false;
};

Status decode_into(BlobFiles& files,
                   const std::filesystem::path& xz,
                   OutputFile& out,
                   const net::ProgressFn& progress,
                   std::optional<std::uint64_t> total) {
    XzDecoder decoder(out, "decompress " + xz.string());
    if (auto started = decoder.start(); !started) {
        return started;
    }
    std::uint64_t consumed = 0;
    auto fed = files.read_chunks(xz, [&](std::string_view chunk) {
        consumed += chunk.size();
        auto status = decoder.feed(chunk);
        if (status && progress) {
            progress(consumed, total);
        }
        return status;
    });
    if (!fed) {
        return fed;
    }
    return decoder.finish();
}

} // namespace

Status decompress_xz(BlobFiles& files,
                     const std::filesystem::path& xz,
                     const std::filesystem::path& raw,
                     const net::ProgressFn& progress) {
    auto total = files.size(xz);
    if (!total) {
        return total.error();
    }
    auto part = part_path(raw);
    auto out = files.open_output(part, false, true);
    if (!out) {
        return out.error();
    }
    auto decoded = decode_into(files, xz, **out, progress, *total);
    auto closed = decoded ? (*out)->close() : decoded;
    if (!closed) {
        (*out).reset();
        auto removed = files.remove(part);
        (void)removed; // the decoding error is the one worth reporting
        return closed;
    }
    return files.rename(part, raw);
}

} // namespace jrun::image
