/// A byte range of the input to replace, with what replaces it and why.
struct Redaction: Sendable {
    var range: Range<Int>
    var replacement: [UInt8]
    var rule: String
    var kind: FindingKind
    var action: MaskAction
    /// Which of two overlapping redactions wins: the more specific detector has the higher priority.
    var priority: Priority
    var path: String?

    enum Priority: Int, Sendable, Comparable {
        /// A rule found by a pattern alone.
        case pattern = 10
        /// Personal data found by its shape (an email, an IP, a card number).
        case shape = 20
        /// A value masked because of the key, header or flag it belongs to: the whole value, whatever shapes it
        /// holds.
        case context = 30
        /// A token whose prefix or checksum names its kind exactly.
        case exact = 40
        /// A structure rewritten as a whole (a JWT, a Basic credential, a private key block).
        case structure = 50

        static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    }
}

/// The redactions found in one buffer: kept sorted and free of overlaps, then applied in one pass.
struct RedactionSet: Sendable {
    private(set) var items: [Redaction] = []

    var isEmpty: Bool { items.isEmpty }

    mutating func insert(_ redaction: Redaction) {
        guard !redaction.range.isEmpty else { return }
        items.append(redaction)
    }

    /// Drops the redactions added since `count`: a parse that failed half-way takes back what it added.
    mutating func truncate(to count: Int) {
        items.removeSubrange(count...)
    }

    /// Gives the redactions from `index` on the structural path they were found at.
    mutating func setPath(_ path: String, from index: Int) {
        for i in index..<items.count where items[i].path == nil { items[i].path = path }
    }

    /// Settles overlaps in place (see ``resolved(in:masks:)``).
    mutating func resolve(in input: UnsafeBufferPointer<UInt8>, masks: MaskFactory) {
        items = resolved(in: input, masks: masks)
    }

    /// Sorts the redactions and settles overlaps.
    ///
    /// Where one redaction contains another, the one of higher priority wins (the larger on a tie). Where two
    /// overlap without containment, both are dropped for one redaction over their union, so that no byte
    /// either of them meant to hide survives.
    func resolved(in input: UnsafeBufferPointer<UInt8>, masks: MaskFactory) -> [Redaction] {
        let sorted = items.sorted {
            $0.range.lowerBound != $1.range.lowerBound
                ? $0.range.lowerBound < $1.range.lowerBound : $0.range.upperBound > $1.range.upperBound
        }
        var result: [Redaction] = []
        result.reserveCapacity(sorted.count)
        // A union grown by partial overlaps gets its mask once, when it stops growing, with the more specific
        // findings inside it since it last grew spliced in: a mask made at every step would take time quadratic
        // in a run of overlapping findings (emails written back to back).
        var growing = false
        var splices: [Redaction] = []
        func finishUnion() {
            guard growing else { return }
            var union = result[result.count - 1]
            union.replacement = masks.token(Array(input[union.range]), kind: union.kind)
            for inner in splices { union = union.splicing(inner) }
            result[result.count - 1] = union
            growing = false
            splices.removeAll(keepingCapacity: true)
        }
        for next in sorted {
            guard let last = result.last, next.range.lowerBound < last.range.upperBound else {
                finishUnion()
                result.append(next)
                continue
            }
            if next.range.upperBound <= last.range.upperBound {
                // `next` lies inside `last`.
                if next.priority > last.priority && next.range != last.range {
                    // A more specific finding inside a broader one: keep the broader one's coverage but let the
                    // specific one decide what the inner part becomes.
                    if growing { splices.append(next) } else { result[result.count - 1] = last.splicing(next) }
                } else if next.priority > last.priority
                    || (next.priority == last.priority && next.range == last.range
                        && next.path?.hasPrefix("$") == true && last.path?.hasPrefix("$") != true)
                {
                    // The more specific finding wins; on a tie, the one that knows its JSON path.
                    result[result.count - 1] = next
                    growing = false
                    splices.removeAll(keepingCapacity: true)
                }
                continue
            }
            // Partial overlap: mask the union (what was spliced into the smaller one is masked with it).
            let winner = next.priority > last.priority ? next : last
            result[result.count - 1] = Redaction(
                range: last.range.lowerBound..<next.range.upperBound, replacement: [], rule: winner.rule,
                kind: winner.kind, action: .pseudonymized, priority: winner.priority, path: winner.path)
            growing = true
            splices.removeAll(keepingCapacity: true)
        }
        finishUnion()
        // A value re-detected in already sanitized text masks to itself: that is no finding.
        return result.filter { !$0.replacement.elementsEqual(input[$0.range]) }
    }
}

extension Redaction {
    /// This redaction with `inner`'s replacement put in place of the part of it that `inner` covers.
    ///
    /// Both replacements keep their ranges' lengths in the common case; when they don't, the inner one is
    /// dropped in favour of the outer one, which already hides everything.
    fileprivate func splicing(_ inner: Redaction) -> Redaction {
        guard replacement.count == range.count else { return self }
        var copy = self
        let start = inner.range.lowerBound - range.lowerBound
        copy.replacement.replaceSubrange(start..<start + inner.range.count, with: inner.replacement)
        return copy
    }
}
