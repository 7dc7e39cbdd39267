import Glibc
import PaylinkCLI
import Testing

@Suite struct OutputFileTests {
    @Test func writesEverythingAcrossBufferFlushes() throws {
        let path = "/tmp/paylink-output-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).txt"
        defer { unlink(path) }
        let line = String(repeating: "x", count: 999) + "\n"
        do {
            let file = try OutputFile(path: path)
            for _ in 0..<200 { file.write(line) }
            try file.finish()
        }
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_size == 200_000)
    }

    @Test func refusesAPathItCannotCreate() {
        #expect(throws: OutputFile.WriteError.self) { try OutputFile(path: "/nonexistent-dir/out.csv") }
    }
}
