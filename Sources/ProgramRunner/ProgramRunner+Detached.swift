import CSpawn
import Foundation

extension ProgramRunner {
    /// Starts `executable` (a path) with `arguments`, exactly `environment`, in `directory`, in a
    /// session of its own, with standard input, output and error on /dev/null and no other
    /// descriptor of this process open, and returns without waiting: what a git hook starts so
    /// that the work goes on after the hook (and the push that ran it) has returned. git waits
    /// for every process holding the hook's output open, so none may stay open.
    /// - Returns: the started process's id.
    /// - Throws: `Failure` when it cannot be started.
    @discardableResult
    public static func launchDetached(_ executable: String, _ arguments: [String], environment: [String: String], directory: String) throws(Failure) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        guard posix_spawn_file_actions_init(&actions) == 0, posix_spawnattr_init(&attributes) == 0 else {
            throw Failure(message: "cannot prepare to start \(executable)")
        }
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        guard cspawn_detached_actions(&actions, &attributes, directory) == 0 else {
            throw Failure(message: "cannot prepare to start \(executable) in \(directory)")
        }
        let argv = ([executable] + arguments).map { strdup($0) }
        let envp = environment.map { strdup($0.key + "=" + $0.value) }
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        var pid: pid_t = 0
        var arguments = argv + [nil]
        var variables = envp + [nil]
        let result = posix_spawn(&pid, executable, &actions, &attributes, &arguments, &variables)
        guard result == 0 else {
            throw Failure(message: "cannot run \(executable): \(String(cString: strerror(result)))")
        }
        return pid
    }
}
