/// International bank account numbers.
extension ShapeScanner {
    /// Called at an uppercase ASCII letter at a word start: an IBAN (compact or in groups of 4 separated by single
    /// spaces), valid by Checksums.ibanValid.
    ///
    /// The country's registered length decides where the IBAN ends, so a following word is never taken in
    /// (`GB33 BUKB 2020 1555 5555 55 AND` stops before `AND`); a compact IBAN must end where its characters do.
    static func iban(in text: UnsafeBufferPointer<UInt8>, at start: Int, end: Int) -> ShapeMatch? {
        guard start >= 0, start + 5 <= end, end <= text.count else { return nil }
        if start > 0 && (ASCII.isAlnum(text[start - 1]) || text[start - 1] == underscore) { return nil }
        guard ASCII.isDigit(text[start + 2]), ASCII.isDigit(text[start + 3]),
            let length = Checksums.ibanLength(country: text[start], text[start + 1])
        else { return nil }
        var i = start + 4
        var count = 4
        if ASCII.isAlnum(text[i]) {
            while i < end, count < length, ASCII.isAlnum(text[i]) {
                i += 1
                count += 1
            }
            guard count == length, i == end || !(ASCII.isAlnum(text[i]) || text[i] == underscore) else { return nil }
        } else if text[i] == ASCII.space {
            while count < length {
                guard i + 1 < end, text[i] == ASCII.space, ASCII.isAlnum(text[i + 1]) else { return nil }
                i += 1
                let groupLength = min(4, length - count)
                let groupStart = i
                while i < end, i - groupStart < groupLength, ASCII.isAlnum(text[i]) { i += 1 }
                guard i - groupStart == groupLength else { return nil }
                count += groupLength
                // A group has at most four characters: more means the grouping, or the IBAN, is something else.
                if i < end && (ASCII.isAlnum(text[i]) || text[i] == underscore) { return nil }
            }
        } else {
            return nil
        }
        guard Checksums.ibanValid(text[start..<i]) else { return nil }
        return ShapeMatch(range: start..<i, kind: .iban, rule: "iban")
    }
}
