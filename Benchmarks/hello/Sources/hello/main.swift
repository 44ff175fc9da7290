import Foundation

// Touch Foundation so that it is linked and loaded, as it is in opmodel.
let name = ProcessInfo.processInfo.arguments.count > 1 ? ProcessInfo.processInfo.arguments[1] : "world"
print("hello, \(name)")
