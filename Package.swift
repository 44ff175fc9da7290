// swift-tools-version:6.0
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "opmodel",
    products: [
        .executable(name: "opmodel", targets: ["opmodel"]),
        .library(name: "OpModelKit", targets: ["OpModelKit"]),
    ],
    targets: [
        .executableTarget(
            name: "opmodel",
            dependencies: ["OpModelCLI"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "OpModelCLI",
            dependencies: ["OpModelKit"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "OpModelKit",
            swiftSettings: strictSettings,
            plugins: ["EmbedResourcesPlugin"]
        ),
        .executableTarget(
            name: "EmbedResources",
            swiftSettings: strictSettings
        ),
        .plugin(
            name: "EmbedResourcesPlugin",
            capability: .buildTool(),
            dependencies: ["EmbedResources"]
        ),
        .target(
            name: "OpModelTestSupport",
            dependencies: ["OpModelKit"],
            path: "Tests/OpModelTestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "OpModelKitTests",
            dependencies: ["OpModelKit", "OpModelTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "OpModelCLITests",
            dependencies: ["OpModelCLI", "OpModelKit", "OpModelTestSupport", "opmodel"],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
