import ByteRanges
import Yams

/// Reads the frontmatter most task files have — `key: value` lines, one block mapping of
/// `key: value` lines (the offer) and flow lists of words (labels) — without the YAML parser,
/// building the same nodes Yams would with the basic resolver. Parsing a task with Yams costs
/// about 50 µs; at 100,000 tasks that is seconds for a cold `list` or a full `verify`.
///
/// It accepts only lines whose meaning is beyond doubt and gives up (nil) on anything else:
/// comments, block scalars, escapes, anchors, tags, nested flow collections, empty values,
/// duplicate keys, control or line-break characters. The caller then asks Yams, so the answer
/// and every error message stay Yams'.
enum SimpleFrontmatter {

    /// The frontmatter mapping of `lines`, or nil when they need the real parser.
    static func mapping(_ lines: [YAMLLines.Line]) -> Node.Mapping? {
        // Every node gets its own tag, as Yams gives it under the basic resolver: a `Tag` records
        // its resolved name in place, so nodes cannot share one. `Constructor.default` is
        // rebuilt on each access, so it is fetched once per file.
        let tag = NodeTags(constructor: .default)
        var pairs = [(Node, Node)]()
        var keys = Set<String>()
        var index = 0
        while index < lines.count {
            let text = lines[index].text
            index += 1
            if text.isEmpty { continue }
            guard let (key, rest) = keyAndRest(text[...], indent: 0), keys.insert(key).inserted else { return nil }
            let value: Node
            if rest.isEmpty {
                var nested = [(Node, Node)]()
                var nestedKeys = Set<String>()
                var indent: Int?
                while index < lines.count, lines[index].text.first == " " {
                    let line = lines[index].text[...]
                    let spaces = line.prefix { $0 == " " }.count
                    guard indent == nil || indent == spaces, let (nestedKey, nestedRest) = keyAndRest(line.dropFirst(spaces), indent: spaces),
                        nestedKeys.insert(nestedKey).inserted, let scalar = scalar(nestedRest, inFlow: false, tag: tag)
                    else { return nil }
                    indent = spaces
                    nested.append((plain(nestedKey, tag: tag), scalar))
                    index += 1
                }
                guard !nested.isEmpty else { return nil }
                value = .mapping(Node.Mapping(nested, tag.fresh, .block))
            } else if rest.first == "[" {
                guard let list = flowList(rest, tag: tag) else { return nil }
                value = list
            } else {
                guard let scalar = scalar(rest, inFlow: false, tag: tag) else { return nil }
                value = scalar
            }
            pairs.append((plain(key, tag: tag), value))
        }
        return Node.Mapping(pairs, tag.fresh, .block)
    }

    /// `key: rest` or `key:` (rest empty) with a key of letters, digits, `_` and `-`.
    private static func keyAndRest(_ line: Substring, indent: Int) -> (String, Substring)? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let key = line[..<colon]
        guard let first = key.unicodeScalars.first, first != "-", key.unicodeScalars.allSatisfy(isKeyScalar) else { return nil }
        let after = line[line.index(after: colon)...]
        if after.isEmpty { return (String(key), after) }
        guard after.first == " " else { return nil }
        let rest = after.dropFirst()
        guard !rest.isEmpty, rest.first != " " else { return nil }
        return (String(key), rest)
    }

    /// A plain, single-quoted or double-quoted scalar with nothing to interpret.
    private static func scalar(_ text: Substring, inFlow: Bool, tag: NodeTags) -> Node? {
        guard let first = text.first, let last = text.last else { return nil }
        if first == "\"" || first == "'" {
            guard text.count >= 2, last == first else { return nil }
            let inner = text.dropFirst().dropLast()
            guard inner.unicodeScalars.allSatisfy({ isPrintable($0) && $0 != "\\" && $0 != "\"" && $0 != "'" }) else { return nil }
            return .scalar(Node.Scalar(String(inner), tag.fresh, first == "\"" ? .doubleQuoted : .singleQuoted))
        }
        guard isPlain(text, inFlow: inFlow) else { return nil }
        return plain(String(text), tag: tag)
    }

    /// `[a, b, "c d"]`: plain or quoted items separated by `, `.
    private static func flowList(_ text: Substring, tag: NodeTags) -> Node? {
        guard text.last == "]" else { return nil }
        let inner = text.dropFirst().dropLast()
        var items = [Node]()
        if !inner.isEmpty {
            for item in inner.split(separator: ",", omittingEmptySubsequences: false) {
                let trimmed = item.drop { $0 == " " }
                guard trimmed.count == item.count - (item.first == " " ? 1 : 0), trimmed.last != " ",
                    let node = scalar(trimmed, inFlow: true, tag: tag)
                else { return nil }
                items.append(node)
            }
        }
        return .sequence(Node.Sequence(items, tag.fresh, .flow))
    }

    private static func plain(_ text: String, tag: NodeTags) -> Node {
        .scalar(Node.Scalar(text, tag.fresh, .plain))
    }

    /// A plain scalar YAML reads as exactly its text: a letter or digit first, no `: `, ` #`,
    /// trailing `:` or space, and in a flow list none of `,[]{}`.
    private static func isPlain(_ text: Substring, inFlow: Bool) -> Bool {
        guard let first = text.unicodeScalars.first, first.properties.isAlphabetic || ("0"..."9").contains(first),
            text.last != " ", text.last != ":"
        else { return false }
        var previous: Unicode.Scalar = "x"
        for scalar in text.unicodeScalars {
            guard isPrintable(scalar) else { return false }
            if scalar == "#" && previous == " " { return false }
            if previous == ":" && scalar == " " { return false }
            if inFlow && (scalar == "," || scalar == "[" || scalar == "]" || scalar == "{" || scalar == "}") { return false }
            previous = scalar
        }
        return true
    }

    /// Printable and not a line break to YAML: ASCII from space to `~`, or U+00A0 and above
    /// except the line and paragraph separators and the byte-order mark.
    /// The byte scanner of `list` (`TaskSummaryScanner`) uses the same test, so both readers
    /// accept the same characters.
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0x7E: return true
        case 0xA0...0x2027, 0x202A...0xD7FF, 0xE000...0xFEFE, 0xFF00...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    private static func isKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
    }
}

/// Makes the tags Yams' parser gives nodes under the basic resolver.
private struct NodeTags {
    let constructor: Constructor

    /// A new implicit tag for one node.
    var fresh: Tag { Tag(.implicit, .basic, constructor) }
}
