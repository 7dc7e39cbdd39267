import Glibc

/// A one-line progress bar on standard error, drawn only when standard error is a terminal
/// (so logs and CI output stay clean).
public struct ProgressBar {
    public let total: Int
    public let label: String
    private let start = ContinuousClock.now
    private let enabled = isatty(STDERR_FILENO) == 1

    public init(total: Int, label: String) {
        self.total = total
        self.label = label
    }

    public func update(_ done: Int) {
        guard enabled else { return }
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 1
        let width = 30
        let filled = Int(fraction * Double(width))
        let elapsed = (ContinuousClock.now - start).inSeconds
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let percent = Decimals.format(fraction * 100, places: 0)
        let padding = String(repeating: " ", count: max(0, 3 - percent.count))
        StandardError.write("\r\(label) [\(bar)] \(done)/\(total) \(padding)\(percent)% \(Decimals.format(rate, places: 0))/s ETA \(Decimals.format(eta, places: 0))s ")
    }

    public func finish() {
        guard enabled else { return }
        StandardError.write("\n")
    }
}
