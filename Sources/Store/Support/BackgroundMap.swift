import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// `map` over every core, for work that shares nothing, at a lower priority than the rest of the process.
///
/// The import's writer is the side that keeps it waiting: at normal priority it gets a whole core whenever it has
/// a batch to write, and the map's threads take whatever the processor has left, rather than slowing the writer by
/// a third each time all three want a core.
enum BackgroundMap {
    /// Items a worker takes at a time: few enough that the workers finish together, enough that taking them costs
    /// nothing.
    static let chunk = 16

    static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @escaping @Sendable (T) -> R) -> [R] {
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, max(1, items.count / chunk))
        var results = [R?](repeating: nil, count: items.count)
        let next = Counter()
        let done = DispatchGroup()
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let output = buffer
            // Workers take the next chunk until none is left, so one that gets less of the processor takes fewer,
            // rather than keeping the others waiting at the end. No two write the same element.
            for _ in 0..<workers {
                done.enter()
                Thread.detachNewThread {
                    defer { done.leave() }
                    Self.lowerThisThreadsPriority()
                    while true {
                        let start = next.take(chunk)
                        guard start < items.count else { return }
                        for index in start..<min(start + chunk, items.count) {
                            output[index] = transform(items[index])
                        }
                    }
                }
            }
            done.wait()
        }
        return results.compactMap { $0 }
    }

    /// The next free index, shared by the workers.
    private final class Counter: Sendable {
        private let next = Atomic(0)
        func take(_ count: Int) -> Int { next.wrappingAdd(count, ordering: .relaxed).oldValue }
    }

    /// Makes the calling thread yield to the process's other threads: a nice value of 10 on Linux, where it is a
    /// thread's own and `0` names the calling thread; the utility class elsewhere.
    private static func lowerThisThreadsPriority() {
        #if canImport(Glibc)
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
        #else
            Thread.current.qualityOfService = .utility
        #endif
    }
}
