// The modules below the commands, re-exported: `import HandoffCore` gives the CLI (and
// anything else built on the commands) tasks, operations, signing and the store's types.
@_exported import GitKit
@_exported import HandoffModel
@_exported import HandoffSigning
@_exported import HandoffStore
@_exported import HandoffNotify
