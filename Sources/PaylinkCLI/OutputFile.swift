import Glibc

/// Where a command writes its output: a file it creates (or truncates), or standard output.
/// Writes are buffered here and go out in 64 KiB pieces.
public final class OutputFile {
    public struct WriteError: Error, CustomStringConvertible {
        public let description: String
    }

    private let descriptor: Int32
    private let path: String
    private var buffer: [UInt8] = []
    private var failure: WriteError?

    /// Opens `path` for writing, or standard output when `path` is nil.
    public init(path: String?) throws(WriteError) {
        guard let path else {
            descriptor = STDOUT_FILENO
            self.path = "standard output"
            return
        }
        let opened = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard opened >= 0 else {
            throw WriteError(description: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        descriptor = opened
        self.path = path
    }

    deinit {
        if descriptor != STDOUT_FILENO { close(descriptor) }
    }

    public func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 65_536 { flush() }
    }

    /// Writes out what is buffered; throws if any write failed (a full disk, say).
    public func finish() throws(WriteError) {
        flush()
        if let failure { throw failure }
    }

    private func flush() {
        var offset = 0
        while offset < buffer.count, failure == nil {
            let written = buffer[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                failure = WriteError(description: "cannot write \(path): \(String(cString: strerror(errno)))")
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
