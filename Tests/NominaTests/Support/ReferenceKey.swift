/// A slow, obvious reference for the key of pure-ASCII input, written independently of
/// the normaliser's byte loop: lowercase; delete control characters other than white
/// space; split on everything that is not a letter or a digit; then join a one-letter
/// token to the one before it when that one is also one letter (or a joined
/// initialism) and exactly "." stands between them.
enum ReferenceKey {
    static func asciiKey(_ input: String) -> String {
        precondition(input.utf8.allSatisfy { $0 < 0x80 })
        var tokens: [(text: String, separatorBefore: String)] = []
        var separator = ""
        var inToken = false
        for byte in input.utf8 {
            let isWhitespace = byte == 0x20 || (0x09...0x0D).contains(byte)
            if (byte < 0x20 && !isWhitespace) || byte == 0x7F { continue }
            let character = Character(Unicode.Scalar(byte))
            if character.isLetter || character.isNumber {
                if !inToken {
                    tokens.append((text: "", separatorBefore: separator))
                    separator = ""
                    inToken = true
                }
                tokens[tokens.count - 1].text += character.lowercased()
            } else {
                inToken = false
                separator.append(character)
            }
        }
        var result: [String] = []
        var previousIsInitial = false
        for token in tokens {
            if token.text.count == 1, token.separatorBefore == ".", previousIsInitial, !result.isEmpty {
                result[result.count - 1] += token.text
            } else {
                result.append(token.text)
                previousIsInitial = token.text.count == 1
            }
        }
        return result.joined(separator: " ")
    }
}
