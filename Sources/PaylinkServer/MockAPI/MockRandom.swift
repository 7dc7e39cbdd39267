/// Fast pseudo-random generator (xoshiro256**) for fault draws, IDs and fake signatures.
///
/// The stand-in draws several random values per request, so it must not pay for a system call each
/// time the way `SystemRandomNumberGenerator` does on Linux; a fixed seed also makes fault tests
/// repeatable. Not for anything secret: the stand-in has no secrets to protect.
struct MockRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Creates a generator whose whole sequence follows from `seed`.
    /// - Parameter seed: any value; it is spread over the state with SplitMix64 so that 0 works too.
    init(seed: UInt64) {
        var mix = seed
        func next() -> UInt64 {
            mix &+= 0x9E37_79B9_7F4A_7C15
            var z = mix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = next()
        s1 = next()
        s2 = next()
        s3 = next()
    }

    mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// A uniform draw in `0..<1`, used to compare against a fault share.
    mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}
