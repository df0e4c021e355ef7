// swift-tools-version: 6.0
// handoff: two-phase, signed handoffs of tasks kept as Markdown files in a git repository.
import PackageDescription

let package = Package(
    name: "handoff",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "handoff", targets: ["handoff"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.0"..<"4.0.0"),
    ],
    targets: [
        // libgit2 as Debian ships it, found by pkg-config.
        .systemLibrary(
            name: "CLibGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"]), .brew(["libgit2"])]
        ),
        // zlib (Debian's zlib1g-dev, which libgit2-dev depends on), for reading git objects
        // without initialising libgit2.
        .systemLibrary(
            name: "CZlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // libdeflate (Debian's libdeflate-dev), for inflating pack entries, whose size git records:
        // whole-buffer inflation takes about half of zlib's time on objects of a few hundred bytes.
        .systemLibrary(
            name: "CDeflate",
            pkgConfig: "libdeflate",
            providers: [.apt(["libdeflate-dev"]), .brew(["libdeflate"])]
        ),
        // libsodium (Debian's libsodium-dev), for checking Ed25519 signatures: its verification
        // takes about 0.6 of the instructions of BoringSSL's, and verify checks one per commit.
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"]), .brew(["libsodium"])]
        ),
        // Ed25519 checks for signers seen many times: per-key tables of multiples, whose "valid"
        // is final (libsodium decides what they refuse), checked against libsodium by the tests
        // and the `ed25519` fuzz target.
        .target(name: "CEd25519"),
        // Searching and comparing bytes in place without traps (memchr, memcmp over buffers
        // that may be empty), for the hot loops of git's readers and the task scanner.
        .target(name: "ByteRanges"),
        // A thin, safe Swift layer over libgit2: owned handles, checked calls, Swift values out;
        // the one reader of git's formats.
        .target(
            name: "GitKit",
            dependencies: ["ByteRanges", "CLibGit2", "CZlib", "CDeflate", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // posix_spawn's GNU extensions (a session of its own, descriptors closed), which Swift's
        // Glibc module does not declare.
        .target(name: "CSpawn"),
        // Runs outside programs (git, ssh-keygen, gpg, the editor, sendmail, curl): the one
        // place a process starts.
        .target(name: "ProgramRunner", dependencies: ["CSpawn"]),
        // SSH and OpenPGP signatures: SSHSIG signing and checking, allowed_signers, keys; no git.
        .target(
            name: "HandoffSigning",
            dependencies: ["CSodium", "CEd25519", "ProgramRunner", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // What handoff knows without git: tasks and their YAML, the workflow, briefs, the
        // operations and their rules, the vocabulary of actions, trailers and fields.
        .target(
            name: "HandoffModel",
            dependencies: ["ByteRanges", "HandoffSigning", "Yams"],
            exclude: ["Embedded/templates/ci"],
            resources: [
                .embedInCode("Embedded/templates/task.md"),
                .embedInCode("Embedded/templates/brief.md"),
                .embedInCode("Embedded/templates/config.yml"),
                .embedInCode("Embedded/templates/workflows/sales-onboarding-support.yml"),
                .embedInCode("Embedded/templates/workflows/oncall.yml"),
                .embedInCode("Embedded/templates/workflows/ipass.yml"),
                .embedInCode("Embedded/templates/workflows/sbar.yml"),
                .embedInCode("Embedded/templates/workflows/code-review.yml"),
            ]
        ),
        // The model kept in git: signed commits and their journal, snapshots and caches,
        // verification, history, sync, merges and the hooks.
        .target(
            name: "HandoffStore",
            dependencies: ["HandoffModel", "HandoffSigning", "GitKit", "ProgramRunner", .product(name: "Crypto", package: "swift-crypto")],
            resources: [
                .embedInCode("Embedded/hooks/pre-commit"),
                .embedInCode("Embedded/hooks/commit-msg"),
                .embedInCode("Embedded/hooks/post-merge"),
                .embedInCode("Embedded/hooks/pre-receive"),
                .embedInCode("Embedded/hooks/post-receive"),
            ]
        ),
        // Tells people what landed: who hears of which handoff, the server's outbox, email
        // through sendmail, webhooks through curl, reminders and escalation.
        .target(
            name: "HandoffNotify",
            dependencies: ["HandoffStore", "HandoffModel", "GitKit", "ProgramRunner", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The commands the CLI calls (and re-exports of the modules below), reports, doctor,
        // import and the demo.
        .target(
            name: "HandoffCore",
            dependencies: ["HandoffNotify", "HandoffStore", "HandoffModel", "HandoffSigning", "GitKit"]
        ),
        // The subcommands, their rendering and exit codes, on swift-argument-parser.
        .target(
            name: "HandoffCLI",
            dependencies: [
                "HandoffCore",
                "ProgramRunner",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The `handoff` executable: hands the process's arguments to HandoffCLI.
        .executableTarget(
            name: "handoff",
            dependencies: ["HandoffCLI"]
        ),
        // The benchmark: builds reference repositories and compares handoff with plain git.
        .executableTarget(
            name: "handoff-bench",
            dependencies: ["HandoffCore", "GitKit"]
        ),
        // The differential check of GitKit's commit and tree readers against git itself.
        .target(name: "GitDifferential", dependencies: ["GitKit"]),
        // Fuzz targets for the parsers, for GitKit's readers against git and for the Ed25519
        // tables against libsodium: libFuzzer when scripts/fuzz builds it with
        // -sanitize=fuzzer -DHANDOFF_LIBFUZZER, else a seeded mutation fuzzer.
        .executableTarget(
            name: "handoff-fuzz",
            dependencies: ["HandoffCore", "TestSupport", "Yams", "GitDifferential"]
        ),
        // Temporary repositories, keys and isolated git for the tests; Ed25519 forgeries for the
        // tests and the fuzz target; loopback SMTP and webhook servers (Crypto checks webhook HMACs).
        .target(
            name: "TestSupport",
            dependencies: ["HandoffCore", "GitKit", .product(name: "Crypto", package: "swift-crypto")],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "GitKitTests", dependencies: ["GitKit", "TestSupport", "GitDifferential"]),
        .testTarget(name: "HandoffCoreTests", dependencies: ["HandoffCore", "HandoffModel", "HandoffNotify", "HandoffSigning", "HandoffStore", "TestSupport"]),
        .testTarget(name: "HandoffCLITests", dependencies: ["HandoffCLI", "HandoffModel", "HandoffSigning", "HandoffStore", "TestSupport"]),
    ]
)
