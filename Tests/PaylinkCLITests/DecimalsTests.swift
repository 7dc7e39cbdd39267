import PaylinkCLI
import Testing

@Suite struct DecimalsTests {
    @Test(arguments: [
        (0.0, 0, "0"), (2.5, 0, "3"), (1234.4, 0, "1234"), (0.126, 2, "0.13"), (3.0, 2, "3.00"),
        (-1.25, 1, "-1.3"), (-0.004, 2, "0.00"), (1e-9, 3, "0.000"), (12.05, 1, "12.1"),
    ])
    func formats(value: Double, places: Int, expected: String) {
        #expect(Decimals.format(value, places: places) == expected)
    }

    @Test func notFinite() {
        #expect(Decimals.format(.infinity, places: 2) == "inf")
        #expect(Decimals.format(.nan, places: 2) == "nan")
    }
}
