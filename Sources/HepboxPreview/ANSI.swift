/// Removes terminal escape sequences (colours in IPython tracebacks) so they do not show up as garbage.
enum ANSI {
    static func strip(_ text: String) -> String {
        guard text.utf8.contains(0x1B) else { return text }
        var out: [UInt8] = []
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == 0x1B else { out.append(bytes[index]); index += 1; continue }
            index += 1
            guard index < bytes.count else { break }
            switch bytes[index] {
            case UInt8(ascii: "["):  // CSI: parameters, then one final byte in 0x40...0x7E
                index += 1
                while index < bytes.count, !(0x40...0x7E).contains(bytes[index]) { index += 1 }
                index += 1
            case UInt8(ascii: "]"):  // OSC: up to BEL or ESC \
                index += 1
                while index < bytes.count, bytes[index] != 0x07, bytes[index] != 0x1B { index += 1 }
                if index < bytes.count, bytes[index] == 0x1B { index += 1 }
                index += 1
            default:  // a two-byte sequence
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
