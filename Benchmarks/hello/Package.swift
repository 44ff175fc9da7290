// swift-tools-version:6.0
// The start-up baseline of Benchmarks/run: a Foundation "hello", built the way opmodel is
// (`swift build -c release`, Swift 6 mode, the same toolchain).
import PackageDescription

let package = Package(
    name: "hello",
    targets: [.executableTarget(name: "hello")],
    swiftLanguageModes: [.v6]
)
