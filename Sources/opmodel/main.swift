import OpModelCLI

OpModelCLI.main()
