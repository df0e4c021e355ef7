import HandoffCLI

HandoffCommand.runAsProcess()
