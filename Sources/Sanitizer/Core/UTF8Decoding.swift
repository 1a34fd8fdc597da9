/// Strict UTF-8 decoding helpers shared by the TOML reader, the pattern rules and the masks.
enum UTF8Decoding {
    /// The length of the valid UTF-8 sequence at `i`, or 0 when the byte there does not start one (overlong forms,
    /// surrogates, values past U+10FFFF and truncated sequences are all invalid).
    @inline(__always)
    static func sequenceLength(_ bytes: some RandomAccessCollection<UInt8>, at offset: Int) -> Int {
        let start = bytes.index(bytes.startIndex, offsetBy: offset)
        let b0 = bytes[start]
        if b0 < 0x80 { return 1 }
        let available = bytes.count - offset
        func continuation(_ k: Int) -> UInt8? {
            guard k < available else { return nil }
            let b = bytes[bytes.index(start, offsetBy: k)]
            return b & 0xC0 == 0x80 ? b : nil
        }
        switch b0 {
        case 0xC2...0xDF:
            return continuation(1) != nil ? 2 : 0
        case 0xE0...0xEF:
            guard let b1 = continuation(1), continuation(2) != nil else { return 0 }
            if b0 == 0xE0 && b1 < 0xA0 { return 0 }  // overlong
            if b0 == 0xED && b1 >= 0xA0 { return 0 }  // surrogate
            return 3
        case 0xF0...0xF4:
            guard let b1 = continuation(1), continuation(2) != nil, continuation(3) != nil else { return 0 }
            if b0 == 0xF0 && b1 < 0x90 { return 0 }  // overlong
            if b0 == 0xF4 && b1 >= 0x90 { return 0 }  // past U+10FFFF
            return 4
        default:
            return 0
        }
    }
}
