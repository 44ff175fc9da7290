import Testing

@testable import OpModelKit

/// Where an installed opmodel looks for its questionnaires and templates.
@Suite("Resource folders of an installed opmodel")
struct ResourceLocatorTests {
    /// `scripts/install` puts the binary in `<prefix>/bin` and the resources in
    /// `<prefix>/share/opmodel`.
    @Test(arguments: [
        ("/usr/local/bin", "/usr/local/share/opmodel"),
        ("/home/dana/.local/bin", "/home/dana/.local/share/opmodel"),
        ("/opt/opmodel-0.2.0-linux-x86_64/bin", "/opt/opmodel-0.2.0-linux-x86_64/share/opmodel"),
        ("/bin", "/bin/../share/opmodel"),
        ("bin", "bin/../share/opmodel"),
        ("/usr/local/bin/..", "/usr/local/bin/../../share/opmodel"),
    ])
    func theShareFolderIsBesideTheBinFolder(executableDirectory: String, expected: String) {
        #expect(ResourceLocator.shareFolder(besideExecutableIn: executableDirectory) == expected)
    }

    @Test func theSearchOrderIsHomeExecutableShareThenTheCurrentFolder() {
        let folders = ResourceLocator.standardSearchFolders(
            home: "/srv/opmodel", executableDirectory: "/usr/local/bin", currentDirectory: "/work")
        #expect(folders == ["/srv/opmodel", "/usr/local/bin", "/usr/local/share/opmodel", "/work"])
        let none = ResourceLocator.standardSearchFolders(home: "", executableDirectory: nil, currentDirectory: "/w")
        #expect(none == ["/w"])
    }
}
