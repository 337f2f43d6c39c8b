/// Decodes the status word `waitpid` fills in (the `WIFEXITED`/`WEXITSTATUS`/`WTERMSIG` macros, which Swift
/// cannot import).
public enum WaitStatus {
    /// The process's end as an `InstanceStatus`, or `nil` when the word reports a stop or continue.
    public static func decode(_ status: Int32) -> InstanceStatus? {
        let low = status & 0x7f
        if low == 0 { return .exited(code: (status >> 8) & 0xff) }
        if low != 0x7f { return .signalled(signal: low) }
        return nil
    }
}
