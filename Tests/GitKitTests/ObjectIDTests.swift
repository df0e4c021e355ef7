@testable import GitKit
import Testing

@Suite struct ObjectIDTests {
    @Test("hex round trips through bytes, and uppercase reads as lowercase")
    func roundTrip() throws {
        let hex = "0123456789abcdef00ff10e0d1c2b3a4958677fe"
        let id = try #require(ObjectID(hex: hex))
        #expect(id.hex == hex)
        #expect(id.description == hex)
        var appended = Array("x".utf8)
        id.appendHex(to: &appended)
        #expect(appended == Array(("x" + hex).utf8))
        #expect(id.short == "0123456")
        #expect(id.bytes.count == 20)
        #expect(id.bytes.first == 0x01 && id.bytes.last == 0xfe)
        #expect(ObjectID(bytes: id.bytes) == id)
        #expect(ObjectID(hex: hex.uppercased()) == id)
        #expect(ObjectID(id.gitOid) == id)
        #expect(ObjectID.zero.hex == String(repeating: "0", count: 40))
    }

    @Test("every byte value survives the trip", arguments: [UInt8(0), 9, 10, 15, 16, 127, 128, 200, 255])
    func everyByte(byte: UInt8) throws {
        let id = try #require(ObjectID(bytes: [UInt8](repeating: byte, count: 20)))
        #expect(ObjectID(hex: id.hex) == id)
    }

    @Test("bad hex is rejected", arguments: [
        "", "0123", String(repeating: "a", count: 39), String(repeating: "a", count: 41),
        "g123456789abcdef00ff10e0d1c2b3a4958677fe", "0123456789abcdef00ff10e0d1c2b3a4958677f ",
        " 123456789abcdef00ff10e0d1c2b3a4958677fe", "0x23456789abcdef00ff10e0d1c2b3a4958677fe",
        "0123456789abcdef00ff10e0d1c2b3a4958677\u{e9}",
    ])
    func badHex(text: String) {
        #expect(ObjectID(hex: text) == nil)
    }

    @Test("only 20 raw bytes make an id")
    func badBytes() {
        #expect(ObjectID(bytes: []) == nil)
        #expect(ObjectID(bytes: [UInt8](repeating: 1, count: 19)) == nil)
        #expect(ObjectID(bytes: [UInt8](repeating: 1, count: 21)) == nil)
    }

    @Test("ids order by their bytes")
    func ordering() throws {
        let low = try #require(ObjectID(hex: "00" + String(repeating: "f", count: 38)))
        let high = try #require(ObjectID(hex: "01" + String(repeating: "0", count: 38)))
        #expect(low < high)
        #expect(!(high < low))
    }
}
