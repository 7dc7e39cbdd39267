import Glibc
import Synchronization

/// Where a log handler sends finished lines: standard error, or a test's collector.
public struct LogOutput: Sendable {
    private let sink: @Sendable ([UInt8]) -> Void

    /// An output that hands each finished line (newline included) to `sink`.
    public init(_ sink: @escaping @Sendable ([UInt8]) -> Void) {
        self.sink = sink
    }

    /// Sends one finished line.
    public func write(_ line: [UInt8]) {
        sink(line)
    }

    /// Standard error, one `write(2)` per line.
    public static let standardError = LogOutput { line in StandardErrorLines.write(line) }
}

/// Whole-line writes to standard error that never interleave with another thread's.
enum StandardErrorLines {
    /// Held across a line's writes: a line normally goes out in one `write(2)`, but a signal or a
    /// full pipe can cut it short, and the rest must follow before another thread's line starts.
    private static let lock = Mutex<Void>(())

    static func write(_ line: [UInt8]) {
        lock.withLock { _ in
            line.withUnsafeBytes { bytes in
                guard let base = bytes.baseAddress else { return }
                var offset = 0
                while offset < bytes.count {
                    let written = Glibc.write(STDERR_FILENO, base + offset, bytes.count - offset)
                    if written > 0 {
                        offset += written
                    } else if written < 0 && errno == EINTR {
                        continue
                    } else {
                        return  // Standard error is gone (closed, EPIPE): nowhere left to say so.
                    }
                }
            }
        }
    }
}
