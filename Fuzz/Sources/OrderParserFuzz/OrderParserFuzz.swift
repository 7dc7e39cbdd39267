// libFuzzer entry point for `OrderParser.parse`: `scripts/fuzz.sh` builds and runs it.
// Not main.swift: with `-sanitize=fuzzer` libFuzzer supplies `main` and calls this per input.
import Glibc

/// Feeds one input to the parser and aborts, so libFuzzer saves the input, when a property breaks.
@_cdecl("LLVMFuzzerTestOneInput")
public func orderParserFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let element = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    if let violation = OrderInvariants.violation(for: element) {
        var line = "OrderParserFuzz: invariant broken: \(violation)\n"
        // write(2) rather than `stderr`, a C global that Swift 6 refuses as shared mutable state.
        line.withUTF8 { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
        abort()
    }
    return 0
}
