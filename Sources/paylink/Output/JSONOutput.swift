import FoundationEssentials

/// Prints a command's `--json` document: one compact JSON value and a newline on stdout.
///
/// Output types are `Encodable` structs named `<Command>Output`, one per file beside this one;
/// their property names are the document's keys, so renaming one is a breaking change for
/// scripts. Keys come out sorted, so the text is stable from run to run.
enum JSONOutput {
    static func print(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        // Slashes stay as they are: payInfo holds URLs, and `https:\/\/` helps nobody.
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        Swift.print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
