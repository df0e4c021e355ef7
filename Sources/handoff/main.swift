import HandoffCLI

await HandoffCommand.main()
