import TurnoutCLI

TurnoutCommand.main()
