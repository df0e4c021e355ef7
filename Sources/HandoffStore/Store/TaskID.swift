/// Task IDs: the workflow's prefix, a dash, and a random suffix that clones working offline will
/// not both mint (counters `max+1` collide; random suffixes practically never do).
public enum TaskID {
    /// Crockford's base-32 alphabet: no I, L, O or U to misread.
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    /// A fresh ID like `HO-7K3QX` that is not in `existing`.
    public static func generate(prefix: String, existing: Set<String>) -> String {
        var generator = SystemRandomNumberGenerator()
        while true {
            let suffix = String((0..<5).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] })
            let id = "\(prefix)-\(suffix)"
            if !existing.contains(id) { return id }
        }
    }

    /// True for IDs safe as file names: letters, digits and dashes, starting with a letter.
    public static func isValid(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, ("A"..."Z").contains(first) || ("a"..."z").contains(first),
            id.count <= 64
        else { return false }
        return id.unicodeScalars.allSatisfy { scalar in
            ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-"
        }
    }
}
