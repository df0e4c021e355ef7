/// Reads one allowed-signers line the way ssh-keygen's sshsig.c does.
enum AllowedSignersLineParser {
    /// The entry on `line`, nil for a blank or comment line.
    /// - Throws: `SigningError` "line N: ..." saying what is wrong.
    static func parse(_ line: String, number: Int) throws(SigningError) -> AllowedSigners.Entry? {
        var rest = Substring(line)
        skipBlanks(&rest)
        while let last = rest.last, isBlank(last) { rest.removeLast() }
        if rest.isEmpty || rest.hasPrefix("#") { return nil }
        func fail(_ what: String) -> SigningError { SigningError("line \(number): \(what)") }

        guard let principalField = try nextField(&rest, number: number) else {
            throw fail("expected principals, options and a public key")
        }
        let principals = principalField.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard !principals.contains(where: \.isEmpty) else {
            throw fail("the principals \"\(principalField)\" contain an empty pattern")
        }
        skipBlanks(&rest)
        var options = ParsedOptions()
        var key = publicKey(at: rest)
        if key == nil {
            if let word = rest.split(whereSeparator: isBlank).first, looksLikeKeyType(word) {
                throw fail("the \(word.prefix(40)) public key is malformed (bad base64, or its blob names another type)")
            }
            guard let optionText = try optionsField(&rest, number: number) else {
                throw fail("expected a public key (keytype base64) after the principals")
            }
            options = try parseOptions(optionText, number: number)
            skipBlanks(&rest)
            key = publicKey(at: rest)
        }
        guard let key else {
            let shown = rest.split(whereSeparator: isBlank).first.map { "\"\($0.prefix(40))\"" } ?? "nothing"
            throw fail("expected a public key (keytype base64) but found \(shown)")
        }
        return AllowedSigners.Entry(
            principals: principals,
            namespaces: options.namespaces,
            validAfter: options.validAfter,
            validBefore: options.validBefore,
            certAuthority: options.certAuthority,
            key: key,
            line: number
        )
    }

    /// What the options field said.
    private struct ParsedOptions {
        /// namespaces="..." split at commas.
        var namespaces: [String]?
        /// valid-after in unix seconds.
        var validAfter: Int64?
        /// valid-before in unix seconds.
        var validBefore: Int64?
        /// cert-authority was present.
        var certAuthority = false
    }

    /// The key at the start of `text` (`keytype base64 [comment]`), or nil.
    private static func publicKey(at text: Substring) -> SSHPublicKey? {
        let words = text.split(maxSplits: 2, whereSeparator: isBlank)
        guard words.count >= 2 else { return nil }
        return SSHPublicKey(type: String(words[0]), base64: String(words[1]))
    }

    /// The next field: a double-quoted string (quotes removed) or a run of non-blank characters.
    private static func nextField(_ rest: inout Substring, number: Int) throws(SigningError) -> String? {
        skipBlanks(&rest)
        guard let first = rest.first else { return nil }
        if first == "\"" {
            rest.removeFirst()
            guard let close = rest.firstIndex(of: "\"") else {
                throw SigningError("line \(number): the quoted principals have no closing quote")
            }
            let field = String(rest[..<close])
            rest = rest[rest.index(after: close)...]
            if let next = rest.first, !isBlank(next) {
                throw SigningError("line \(number): expected a space after the quoted principals")
            }
            return field
        }
        let end = rest.firstIndex(where: isBlank) ?? rest.endIndex
        let field = String(rest[..<end])
        rest = rest[end...]
        return field
    }

    /// The options field: characters up to the first blank outside double quotes.
    private static func optionsField(_ rest: inout Substring, number: Int) throws(SigningError) -> String? {
        var inQuotes = false
        var end = rest.startIndex
        while end < rest.endIndex {
            let character = rest[end]
            if character == "\"" { inQuotes.toggle() }
            if !inQuotes && isBlank(character) { break }
            end = rest.index(after: end)
        }
        guard !inQuotes else {
            throw SigningError("line \(number): an option value has no closing quote")
        }
        guard end > rest.startIndex else { return nil }
        let field = String(rest[..<end])
        rest = rest[end...]
        return field
    }

    /// Reads `name[="value"]` options separated by commas.
    private static func parseOptions(_ text: String, number: Int) throws(SigningError) -> ParsedOptions {
        var options = ParsedOptions()
        var rest = Substring(text)
        while !rest.isEmpty {
            let nameEnd = rest.firstIndex(where: { $0 == "=" || $0 == "," }) ?? rest.endIndex
            let name = rest[..<nameEnd].lowercased()
            rest = rest[nameEnd...]
            var value: String?
            if rest.first == "=" {
                rest.removeFirst()
                guard rest.first == "\"" else {
                    throw SigningError("line \(number): the value of option \(name) must be in double quotes")
                }
                rest.removeFirst()
                guard let close = rest.firstIndex(of: "\"") else {
                    throw SigningError("line \(number): the value of option \(name) has no closing quote")
                }
                value = String(rest[..<close])
                rest = rest[rest.index(after: close)...]
            }
            if !rest.isEmpty {
                guard rest.first == "," else {
                    throw SigningError("line \(number): expected a comma after option \(name)")
                }
                rest.removeFirst()
                guard !rest.isEmpty else {
                    throw SigningError("line \(number): the options end with a stray comma")
                }
            }
            try apply(name: name, value: value, to: &options, number: number)
        }
        if let after = options.validAfter, let before = options.validBefore, before <= after {
            throw SigningError("line \(number): valid-before is not later than valid-after")
        }
        return options
    }

    /// Records one option, rejecting unknown names, duplicates and bad values as ssh-keygen does.
    private static func apply(name: String, value: String?, to options: inout ParsedOptions, number: Int) throws(SigningError) {
        func fail(_ what: String) -> SigningError { SigningError("line \(number): \(what)") }
        switch name {
        case "cert-authority":
            guard value == nil else { throw fail("option cert-authority takes no value") }
            guard !options.certAuthority else { throw fail("option cert-authority appears twice") }
            options.certAuthority = true
        case "namespaces":
            guard let value else { throw fail("option namespaces needs a value, e.g. namespaces=\"git\"") }
            guard options.namespaces == nil else { throw fail("option namespaces appears twice") }
            let patterns = value.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard !patterns.contains(where: \.isEmpty) else { throw fail("namespaces=\"\(value)\" contains an empty name") }
            options.namespaces = patterns
        case "valid-after", "valid-before":
            guard let value else { throw fail("option \(name) needs a value, e.g. \(name)=\"20240131\"") }
            guard let time = AllowedSignersTime.parse(value) else {
                throw fail("\(name)=\"\(value)\" is not a time of the form YYYYMMDD[HHMM[SS]][Z]")
            }
            if name == "valid-after" {
                guard options.validAfter == nil else { throw fail("option valid-after appears twice") }
                options.validAfter = time
            } else {
                guard options.validBefore == nil else { throw fail("option valid-before appears twice") }
                options.validBefore = time
            }
        default:
            throw fail("unknown option \"\(name)\" (known: namespaces, valid-after, valid-before, cert-authority)")
        }
    }

    /// True for words that name an SSH key type rather than options.
    private static func looksLikeKeyType(_ word: Substring) -> Bool {
        !word.contains("=") && (word.hasPrefix("ssh-") || word.hasPrefix("ecdsa-") || word.hasPrefix("sk-") || word.hasSuffix("@openssh.com"))
    }

    /// Moves past spaces and tabs.
    private static func skipBlanks(_ text: inout Substring) {
        while let first = text.first, isBlank(first) { text.removeFirst() }
    }

    /// True for the separators ssh allows between fields.
    private static func isBlank(_ character: Character) -> Bool {
        character == " " || character == "\t" || character == "\r" || character == "\r\n"
    }
}
