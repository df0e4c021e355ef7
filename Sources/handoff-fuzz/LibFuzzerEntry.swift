#if HANDOFF_LIBFUZZER
import Foundation

// Built by scripts/fuzz with -sanitize=fuzzer: libFuzzer drives the target named by the
// HANDOFF_FUZZ_TARGET environment variable. SwiftPM links an executable's entry point as
// `<module>_main`, so that is the symbol defined here; libFuzzer's own `main` is not used.

@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

nonisolated(unsafe) private var selectedTarget = FuzzTarget.frontmatter

@_cdecl("handoff_fuzz_main")
func libFuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    let name = ProcessInfo.processInfo.environment["HANDOFF_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        FileHandle.standardError.write(Data("set HANDOFF_FUZZ_TARGET to one of: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
        return 2
    }
    selectedTarget = target
    var count = argc
    var vector = argv
    return runDriver(&count, &vector) { data, size in
        selectedTarget.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
        return 0
    }
}
#endif
