import Foundation
import PackagePlugin

/// Generates `EmbeddedResources.swift` for OpModelKit from the top-level `Questionnaires` and
/// `Templates` folders, so that an installed binary carries a copy of them and the top-level
/// files stay the only source.
@main
struct EmbedResourcesPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let root = context.package.directoryURL
        let folders = ["Questionnaires", "Templates"]
        var inputs: [URL] = []
        for folder in folders {
            inputs += Self.files(under: root.appendingPathComponent(folder))
        }
        inputs.sort { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedResources.swift")
        return [
            .buildCommand(
                displayName: "Embedding questionnaires and templates",
                executable: try context.tool(named: "EmbedResources").url,
                arguments: [root.path, output.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }

    /// Every regular file below `folder` whose name ends in `.json`, `.md` or `.html`, recursively.
    static func files(under folder: URL) -> [URL] {
        guard
            let enumerator = FileManager.default.enumerator(
                at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        else { return [] }
        var found: [URL] = []
        for case let url as URL in enumerator
        where ["json", "md", "html"].contains(url.pathExtension) {
            found.append(url)
        }
        return found
    }
}
