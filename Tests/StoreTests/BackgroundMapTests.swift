import Testing

@testable import Store

@Suite struct BackgroundMapTests {
    /// Every item is transformed once and lands in its own place, whether the items fill the workers' chunks exactly,
    /// leave a part of one, or are fewer than one.
    @Test(arguments: [0, 1, BackgroundMap.chunk - 1, BackgroundMap.chunk, BackgroundMap.chunk + 1, 2_001])
    func mapsEveryItemInOrder(_ count: Int) {
        let items = Array(0..<count)
        #expect(BackgroundMap.map(items) { $0 * 3 + 1 } == items.map { $0 * 3 + 1 })
    }
}
