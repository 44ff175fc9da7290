import Testing

@testable import OpModelCLI
