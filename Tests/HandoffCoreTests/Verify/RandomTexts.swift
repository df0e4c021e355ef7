/// Random texts joined from pieces chosen to trip a byte reading up (carriage returns, marks
/// that join the character before them, separators), for comparing it with the character
/// reading it must agree with.
enum RandomTexts {
    /// `count` texts, the n-th joined from 1 + n % `longest` pieces drawn from `pieces`.
    static func make(_ count: Int, from pieces: [String], longest: Int) -> [String] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { round in (0..<(1 + round % longest)).map { _ in pieces.randomElement(using: &generator)! }.joined() }
    }
}
