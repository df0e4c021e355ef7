import Foundation
import Testing

/// The project's rule "no force unwraps", checked over every Swift file in Sources/: no
/// `try!`, no `as!`, no postfix `!` (a force unwrap, or an implicitly unwrapped optional type)
/// in code. Comments and the text of string literals are left out; the code inside a string's
/// interpolation is checked. `!=`, `!==` and prefix `!` (`!flag`) are not force unwraps.
@Suite struct SourceRulesTests {
    private static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources")

    @Test("no Swift file in Sources/ force-unwraps, uses try! or as!, or declares an implicitly unwrapped optional")
    func noForceUnwraps() throws {
        guard let walker = FileManager.default.enumerator(at: Self.sources, includingPropertiesForKeys: nil) else {
            Issue.record("cannot list \(Self.sources.path)")
            return
        }
        var files = 0
        var found = [String]()
        for case let url as URL in walker where url.pathExtension == "swift" {
            files += 1
            let source = try String(contentsOf: url, encoding: .utf8)
            let relative = String(url.path.dropFirst(Self.sources.deletingLastPathComponent().path.count + 1))
            for finding in ForceUnwrapScanner.findings(in: source) {
                found.append("\(relative):\(finding.line): \(finding.kind): \(finding.text)")
            }
        }
        #expect(files > 100, "Sources/ was found and read")
        #expect(found.isEmpty, "\(found.count) found:\n\(found.joined(separator: "\n"))")
    }

    @Test("the scanner flags force unwraps in code, interpolations included", arguments: [
        ("let x = y!", "force unwrap"),
        ("foo()!.bar", "force unwrap"),
        ("a[0]!", "force unwrap"),
        ("let x = try! f()", "try!"),
        ("let x = y as! Int", "as!"),
        ("var name: String!", "force unwrap"),
        ("let s = \"value \\(x!)\"", "force unwrap"),
        ("let s = #\"value \\#(x!) \\(notCode!)\"#", "force unwrap"),
        ("let s = \"\"\"\n  text \\(a!.b)\n  \"\"\"", "force unwrap"),
        ("/* a! */ b!", "force unwrap"),
    ])
    func flags(source: String, kind: String) {
        let findings = ForceUnwrapScanner.findings(in: source)
        #expect(findings.map(\.kind) == [kind], "\(findings)")
    }

    @Test("the scanner leaves alone what is not a force unwrap", arguments: [
        "if a != b {}",
        "if a!=b {}",
        "if a !== b {}",
        "if !flag {}",
        "guard !(a && b) else {}",
        "let s = \"Stop!\"",
        "let s = \"say \\\"hi!\\\" (x)!\"",
        "let s = #\"raw \"quoted\"! \\(notInterpolated!)\"#",
        "let s = \"\"\"\n  Done!\n  \"\"\"",
        "// a comment saying x!",
        "/// doc: `value!`",
        "/* outer /* nested! */ still comment! */",
        "let s = \"\\(f(\"inner!\"))\"",
        "#if !os(macOS)\n#endif",
    ])
    func ignores(source: String) {
        #expect(ForceUnwrapScanner.findings(in: source).isEmpty, "\(ForceUnwrapScanner.findings(in: source))")
    }

    @Test("findings name the line they are on")
    func lineNumbers() {
        let findings = ForceUnwrapScanner.findings(in: "let a = 1\n/* one\n two! */\nlet s = \"\"\"\nthree!\n\"\"\"\nlet b = c!\n")
        #expect(findings.map(\.line) == [7])
    }
}

/// Finds `try!`, `as!` and postfix `!` in Swift code, reading past comments and string text.
enum ForceUnwrapScanner {
    struct Finding: CustomStringConvertible {
        let line: Int
        let kind: String
        let text: String
        var description: String { "\(line): \(kind): \(text)" }
    }

    static func findings(in source: String) -> [Finding] {
        let code = codeOnly(Array(source.utf8))
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        var found = [Finding]()
        var line = 1
        for index in code.indices {
            let byte = code[index]
            if byte == UInt8(ascii: "\n") { line += 1 }
            guard byte == UInt8(ascii: "!"), index > 0, isOperand(code[index - 1]) else { continue }
            if index + 1 < code.count, code[index + 1] == UInt8(ascii: "=") { continue }
            let kind =
                if word(before: index, in: code) == "try" { "try!" }
                else if word(before: index, in: code) == "as" { "as!" }
                else { "force unwrap" }
            let text = line - 1 < lines.count ? lines[line - 1].trimmingCharacters(in: .whitespaces) : ""
            found.append(Finding(line: line, kind: kind, text: text))
        }
        return found
    }

    /// A byte that ends an operand: what a postfix `!` follows.
    private static func isOperand(_ byte: UInt8) -> Bool {
        isIdentifier(byte) || byte == UInt8(ascii: ")") || byte == UInt8(ascii: "]")
    }

    private static func isIdentifier(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_") || byte >= 0x80
    }

    private static func word(before end: Int, in code: [UInt8]) -> String {
        var start = end
        while start > 0, isIdentifier(code[start - 1]) { start -= 1 }
        return String(decoding: code[start..<end], as: UTF8.self)
    }

    /// Where the scanner is: in code (inside `depth` unclosed parentheses of an interpolation
    /// when nested in a string), or in a string literal's text.
    private enum Context {
        case code(interpolation: Bool, depth: Int)
        case string(hashes: Int, multiline: Bool)
    }

    /// `bytes` with every comment and every string literal's text (not its interpolations)
    /// turned into spaces; newlines stay, so lines keep their numbers.
    static func codeOnly(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        var stack: [Context] = [.code(interpolation: false, depth: 0)]
        var index = 0
        func blank(_ range: Range<Int>) {
            for position in range where out[position] != UInt8(ascii: "\n") { out[position] = UInt8(ascii: " ") }
        }
        func at(_ position: Int, _ text: String) -> Bool {
            let text = Array(text.utf8)
            return position + text.count <= bytes.count && Array(bytes[position..<position + text.count]) == text
        }
        while index < bytes.count, let context = stack.last {
            switch context {
            case .code(let interpolation, let depth):
                if at(index, "//") {
                    var end = index
                    while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
                    blank(index..<end)
                    index = end
                } else if at(index, "/*") {
                    var end = index
                    var nesting = 0
                    repeat {
                        if at(end, "/*") { nesting += 1; end += 2 }
                        else if at(end, "*/") { nesting -= 1; end += 2 }
                        else { end += 1 }
                    } while nesting > 0 && end < bytes.count
                    blank(index..<end)
                    index = end
                } else if bytes[index] == UInt8(ascii: "#") || bytes[index] == UInt8(ascii: "\"") {
                    var quote = index
                    while quote < bytes.count, bytes[quote] == UInt8(ascii: "#") { quote += 1 }
                    guard quote < bytes.count, bytes[quote] == UInt8(ascii: "\"") else {
                        index = quote  // `#if`, `#filePath`, …: code
                        continue
                    }
                    let multiline = at(quote, "\"\"\"")
                    let end = quote + (multiline ? 3 : 1)
                    blank(index..<end)
                    stack.append(.string(hashes: quote - index, multiline: multiline))
                    index = end
                } else if interpolation && bytes[index] == UInt8(ascii: "(") {
                    stack[stack.count - 1] = .code(interpolation: true, depth: depth + 1)
                    index += 1
                } else if interpolation && bytes[index] == UInt8(ascii: ")") {
                    if depth == 0 {
                        stack.removeLast()
                        blank(index..<index + 1)
                    } else {
                        stack[stack.count - 1] = .code(interpolation: true, depth: depth - 1)
                    }
                    index += 1
                } else {
                    index += 1
                }
            case .string(let hashes, let multiline):
                let delimiter = String(repeating: "#", count: hashes)
                if at(index, "\\" + delimiter) {
                    let next = index + 1 + hashes
                    if next < bytes.count, bytes[next] == UInt8(ascii: "(") {
                        blank(index..<next + 1)
                        stack.append(.code(interpolation: true, depth: 0))
                        index = next + 1
                    } else {
                        blank(index..<min(bytes.count, next + 1))
                        index = next + 1
                    }
                } else if at(index, (multiline ? "\"\"\"" : "\"") + delimiter) {
                    let end = index + (multiline ? 3 : 1) + hashes
                    blank(index..<end)
                    stack.removeLast()
                    index = end
                } else {
                    blank(index..<index + 1)
                    index += 1
                }
            }
        }
        return out
    }
}
