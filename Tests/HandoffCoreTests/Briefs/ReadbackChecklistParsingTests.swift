@testable import HandoffModel
import Testing

/// What counts as an item of the brief, and as its acknowledgement in a read-back.
@Suite struct ReadbackChecklistParsingTests {
    static let brief = Brief(markdown: """
        ## Action list
        - Recheck potassium at 18:00
        * [ ] Call family   back
        1. Wean oxygen
        Not a bullet.
        ## Summary
        - Not listed: another section
        """)

    @Test("bullets of the named sections are the items, checkboxes dropped; other sections and plain lines are not")
    func items() {
        #expect(ReadbackChecklist.items(of: Self.brief, in: ["action list"]) == ["Recheck potassium at 18:00", "Call family   back", "Wean oxygen"])
        #expect(ReadbackChecklist.items(of: Self.brief, in: []).isEmpty)
    }

    @Test("an item is acknowledged when ticked or answered, compared without case or extra spaces", arguments: [
        ("- [x] Recheck potassium at 18:00\n- [X] call family back\n1. Wean oxygen: down to 2 l by morning", 0),
        ("- [ ] Recheck potassium at 18:00 — done at 18:05\n* Call family back → tonight\n- Wean oxygen - if saturation allows", 0),
        ("- [ ] Recheck potassium at 18:00\n- Call family back\n- [x] Wean oxygen", 2),
        ("Recheck potassium at 18:00, call family back, wean oxygen", 3),
        ("- [x] Recheck potassium", 3),
    ])
    func acknowledgements(readback: String, missing: Int) {
        let items = ReadbackChecklist.items(of: Self.brief, in: ["Action list"])
        #expect(ReadbackChecklist.unacknowledged(items, in: readback).count == missing)
    }
}
