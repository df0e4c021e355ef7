/// Ed25519 signatures changed in ways a strict verifier must refuse.
enum Ed25519Malleation {
    /// The group order L = 2^252 + 27742317777372353535851937790883648493, little-endian.
    static let groupOrder: [UInt8] = [0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
                                      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10]

    /// `signature` (R then S) with S + L for S: it passes the curve equation, but RFC 8032
    /// requires S < L.
    static func withSPlusGroupOrder(_ signature: [UInt8]) -> [UInt8] {
        var malleated = signature
        var carry = 0
        for index in 0..<32 {
            let sum = Int(signature[32 + index]) + Int(groupOrder[index]) + carry
            malleated[32 + index] = UInt8(sum & 0xff)
            carry = sum >> 8
        }
        return malleated
    }
}
