#if canImport(Glibc)
import Glibc
#endif

/// Caps glibc's malloc arenas. glibc gives threads that contend on malloc arenas of their own (up to 8 per
/// core), and memory freed into one arena is not reused by the others: a server whose requests hop between
/// NIO event loops, the Swift cooperative pool and one thread per Redis connection keeps many arenas half
/// empty, and its resident size grows with the number of threads rather than with the data it holds.
///
/// `MALLOC_ARENA_MAX` in the environment wins (glibc reads it itself); otherwise `TURNOUT_MALLOC_ARENAS`
/// (default 2; 0 leaves glibc's default).
public enum MallocArenas {
    /// `M_ARENA_MAX` in glibc's malloc.h.
    static let arenaMaxParameter: Int32 = -8

    /// Applies the cap for this process; returns the cap set, or nil when none was.
    @discardableResult
    public static func apply(_ environment: [String: String]) -> Int? {
        #if canImport(Glibc)
        if environment["MALLOC_ARENA_MAX"] != nil { return nil }
        let cap = environment["TURNOUT_MALLOC_ARENAS"].flatMap { Int($0) } ?? 2
        // mallopt is not in Swift's Glibc module (malloc.h is not part of it): look it up by name.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard cap > 0, let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return nil }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        return mallopt(arenaMaxParameter, Int32(clamping: cap)) == 1 ? cap : nil
        #else
        return nil
        #endif
    }
}
