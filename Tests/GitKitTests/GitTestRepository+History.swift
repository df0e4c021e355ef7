import Foundation
@testable import GitKit
import Testing

extension GitTestRepository {
    /// A repository with history worth delta-compressing: files edited over several commits,
    /// folders, an executable and a symbolic link.
    static func withEditedHistory() throws -> GitTestRepository {
        let repo = try GitTestRepository()
        var body = (1...60).map { "line \($0) of a task body that is long enough to be worth a delta" }
        for round in 0..<8 {
            body[round * 7] = "edited in round \(round)"
            for month in ["2026-10", "2026-11"] {
                for task in 0..<4 {
                    try repo.write("---\nid: HO-\(task)\n---\n" + body.joined(separator: "\n") + "\n\(month) \(task)\n", to: "tasks/\(month)/HO-\(task).md")
                }
            }
            try repo.write("round \(round)\n", to: "notes.txt")
            _ = try repo.gitText(["add", "-A"])
            _ = try repo.gitText(["commit", "-q", "--no-gpg-sign", "-m", "round \(round)"])
        }
        try repo.write("#!/bin/sh\n", to: "tool.sh")
        _ = try repo.gitText(["add", "tool.sh"])
        _ = try repo.gitText(["update-index", "--chmod=+x", "tool.sh"])
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/link", withDestinationPath: "notes.txt")
        _ = try repo.gitText(["add", "link"])
        _ = try repo.gitText(["commit", "-q", "--no-gpg-sign", "-m", "tool and link"])
        return repo
    }

    /// Every object git lists, with its type.
    func listedObjects() throws -> [(id: ObjectID, type: String)] {
        let ids = try gitText(["rev-list", "--objects", "--all"]).split(separator: "\n").map { String($0.prefix(40)) }
        let types = try gitText(["cat-file", "--batch-check=%(objectname) %(objecttype)"], stdin: Array((ids.joined(separator: "\n") + "\n").utf8))
        return try types.split(separator: "\n").map { line in
            let parts = line.split(separator: " ")
            return (try #require(ObjectID(hex: String(parts[0]))), String(parts[1]))
        }
    }
}
