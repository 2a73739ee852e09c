// SPDX-License-Identifier: BSD-2-Clause
#include "sys/detail/spawn.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>

namespace jrun::sys::detail {

namespace {

// The spawn file actions, destroyed with the object.
class FileActions {
public:
    FileActions() { posix_spawn_file_actions_init(&m_actions); }
    ~FileActions() { posix_spawn_file_actions_destroy(&m_actions); }
    FileActions(const FileActions&) = delete;
    FileActions& operator=(const FileActions&) = delete;
    FileActions(FileActions&&) = delete;
    FileActions& operator=(FileActions&&) = delete;
    posix_spawn_file_actions_t* get() { return &m_actions; }

private:
    posix_spawn_file_actions_t m_actions{};
};

// The spawn attributes, destroyed with the object.
class Attributes {
public:
    Attributes() { posix_spawnattr_init(&m_attr); }
    ~Attributes() { posix_spawnattr_destroy(&m_attr); }
    Attributes(const Attributes&) = delete;
    Attributes& operator=(const Attributes&) = delete;
    Attributes(Attributes&&) = delete;
    Attributes& operator=(Attributes&&) = delete;
    posix_spawnattr_t* get() { return &m_attr; }

private:
    posix_spawnattr_t m_attr{};
};

// The descriptors for one standard stream: the child's end and (when piped) the parent's.
struct StreamEnds {
    Fd child;
    Fd parent;
};

Error cannot_run(const Command& command, std::string why) {
    return Error{
        ErrorKind::process, "cannot run '" + command.argv().front() + "'", std::move(why), {}};
}

Result<Fd> open_for_child(const std::filesystem::path& path, int flags) {
    const int fd = ::open(path.c_str(), flags | O_CLOEXEC, 0644);
    if (fd < 0) {
        return errno_error("cannot open '" + path.string() + "'", errno);
    }
    return Fd(fd);
}

Result<StreamEnds> prepare_stdin(const Command& command) {
    switch (command.stdin_mode()) {
    case Input::inherit:
        return StreamEnds{};
    case Input::null: {
        auto fd = open_for_child("/dev/null", O_RDONLY);
        if (!fd) {
            return fd.error();
        }
        return StreamEnds{std::move(*fd), {}};
    }
    case Input::bytes:
    case Input::pipe:
        break;
    }
    auto pipe = make_pipe();
    if (!pipe) {
        return pipe.error();
    }
    if (auto st = set_nonblocking(pipe->write.get()); !st) {
        return st.error();
    }
    return StreamEnds{std::move(pipe->read), std::move(pipe->write)};
}

Result<StreamEnds> prepare_output(const Output& target) {
    switch (target.mode) {
    case Output::Mode::inherit:
        return StreamEnds{};
    case Output::Mode::discard:
    case Output::Mode::file: {
        const bool discard = target.mode == Output::Mode::discard;
        const int flags = O_WRONLY | O_CREAT | (target.append ? O_APPEND : O_TRUNC);
        auto fd = open_for_child(discard ? "/dev/null" : target.path, flags);
        if (!fd) {
            return fd.error();
        }
        return StreamEnds{std::move(*fd), {}};
    }
    case Output::Mode::capture:
        break;
    }
    auto pipe = make_pipe();
    if (!pipe) {
        return pipe.error();
    }
    return StreamEnds{std::move(pipe->write), std::move(pipe->read)};
}

void configure_attributes(const Command& command, Attributes& attr) {
    short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
    sigset_t empty;
    sigemptyset(&empty);
    posix_spawnattr_setsigmask(attr.get(), &empty);
    // Rationale: jrun ignores SIGPIPE and handles SIGINT/SIGTERM/SIGHUP; the child must start
    // with the default actions (an ignored signal would stay ignored across exec).
    sigset_t defaults;
    sigemptyset(&defaults);
    for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT}) {
        sigaddset(&defaults, sig);
    }
    posix_spawnattr_setsigdefault(attr.get(), &defaults);
    if (!command.foreground()) {
        // Rationale (ninja): a child in its own group does not get the terminal's Ctrl-C, so
        // jrun decides when and how to stop it, and a timeout can kill its whole tree.
        flags = static_cast<short>(flags | POSIX_SPAWN_SETPGROUP);
        posix_spawnattr_setpgroup(attr.get(), 0);
    }
    posix_spawnattr_setflags(attr.get(), flags);
}

std::string describe_spawn_errno(const Command& command, int error_number) {
    const bool has_slash = command.argv().front().find('/') != std::string::npos;
    if (error_number == ENOENT) {
        return has_slash ? "no such file" : "program not found in PATH";
    }
    if (error_number == EACCES) {
        return "permission denied (not an executable file?)";
    }
    return std::strerror(error_number);
}

Status check_cwd(const Command& command) {
    if (!command.cwd()) {
        return {};
    }
    struct stat info {};
    if (::stat(command.cwd()->c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
        return cannot_run(command,
                          "working directory '" + command.cwd()->string()
                              + "' does not exist or is not a directory");
    }
    return {};
}

// Return pointers to the NUL-terminated strings in `words`, ending with a null pointer.
std::vector<char*> c_strings(std::vector<std::string>& words) {
    std::vector<char*> pointers;
    pointers.reserve(words.size() + 1);
    for (auto& word : words) {
        pointers.push_back(word.data());
    }
    pointers.push_back(nullptr);
    return pointers;
}

struct Streams {
    StreamEnds in;
    StreamEnds out;
    StreamEnds err;
};

Result<Streams> prepare_streams(const Command& command) {
    auto in = prepare_stdin(command);
    if (!in) {
        return in.error();
    }
    auto out = prepare_output(command.stdout_target());
    if (!out) {
        return out.error();
    }
    auto err = prepare_output(command.stderr_target());
    if (!err) {
        return err.error();
    }
    return Streams{std::move(*in), std::move(*out), std::move(*err)};
}

void add_redirections(const Command& command, Streams& streams, FileActions& actions) {
    const std::array<std::pair<const Fd*, int>, 3> targets{{
        {&streams.in.child, STDIN_FILENO},
        {&streams.out.child, STDOUT_FILENO},
        {&streams.err.child, STDERR_FILENO},
    }};
    for (const auto& [fd, target] : targets) {
        if (fd->valid()) {
            posix_spawn_file_actions_adddup2(actions.get(), fd->get(), target);
        }
    }
    if (command.cwd()) {
        posix_spawn_file_actions_addchdir_np(actions.get(), command.cwd()->c_str());
    }
}

} // namespace

Result<Spawned> spawn_process(const Command& command) {
    if (command.argv().empty()) {
        return Error{ErrorKind::internal, "cannot run a command", "its argv is empty", {}};
    }
    if (auto st = check_cwd(command); !st) {
        return st.error();
    }
    auto streams = prepare_streams(command);
    if (!streams) {
        return streams.error();
    }
    FileActions actions;
    add_redirections(command, *streams, actions);
    Attributes attr;
    configure_attributes(command, attr);
    auto argv = command.argv();
    auto env = command.environment(current_environment());
    const auto argv_ptrs = c_strings(argv);
    const auto env_ptrs = c_strings(env);
    const bool search = argv.front().find('/') == std::string::npos;
    pid_t pid = -1;
    const int rc =
        search
            ? ::posix_spawnp(
                &pid, argv_ptrs[0], actions.get(), attr.get(), argv_ptrs.data(), env_ptrs.data())
            : ::posix_spawn(
                &pid, argv_ptrs[0], actions.get(), attr.get(), argv_ptrs.data(), env_ptrs.data());
    if (rc != 0) {
        return cannot_run(command, describe_spawn_errno(command, rc));
    }
    const bool keep_stdin_open = command.stdin_mode() == Input::pipe;
    Pump pump(std::move(streams->in.parent),
              command.stdin_bytes(),
              !keep_stdin_open,
              std::move(streams->out.parent),
              std::move(streams->err.parent));
    return Spawned{UniquePid(pid, !command.foreground()), std::move(pump)};
}

} // namespace jrun::sys::detail
