import Foundation

/// How file systems that forgive differences in names compare them (HFS+ and APFS on macOS,
/// NTFS on Windows): a checkout there writes two names that compare equal to one file, so
/// `.GIT` is `.git` and `Tasks` is `tasks`. Shared by the tree reader (names git's fsck
/// flags) and handoff's path rules (names taken for its own folders).
public enum FileSystemName {
    /// `name` as such a file system compares it: without the code points HFS+ ignores (git's
    /// `is_hfs_dotgit` list), compatibility-normalised, case-folded, cut at an NTFS stream's
    /// `:`, without trailing dots and spaces.
    public static func folded(_ name: Substring) -> String {
        let visible = String(String.UnicodeScalarView(name.unicodeScalars.filter { !isIgnoredByHFS($0) }))
        var folded = visible.precomposedStringWithCompatibilityMapping.uppercased().lowercased()
        if let colon = folded.firstIndex(of: ":") { folded = String(folded[..<colon]) }
        while let last = folded.last, last == "." || last == " " { folded.removeLast() }
        return folded
    }

    /// True when such a file system could take `name` for `target` without it being `target`:
    /// equal once folded, or a Windows short name of it (`GIT~1`, `TASKS~1`, `HANDOF~1`).
    public static func isTaken(_ name: Substring, for target: String) -> Bool {
        guard name != target else { return false }
        return folded(name) == folded(target[...]) || isShortName(name, of: target)
    }

    /// `STEM~N` with a stem of at most six characters that starts `target` without its dots.
    private static func isShortName(_ name: Substring, of target: String) -> Bool {
        guard let tilde = name.firstIndex(of: "~"), tilde > name.startIndex, name.distance(from: name.startIndex, to: tilde) <= 6 else {
            return false
        }
        let digits = name[name.index(after: tilde)...]
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        return target.filter { $0 != "." }.uppercased().hasPrefix(name[..<tilde].uppercased())
    }

    private static func isIgnoredByHFS(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200C...0x200F, 0x202A...0x202E, 0x206A...0x206F, 0xFEFF: true
        default: false
        }
    }
}
