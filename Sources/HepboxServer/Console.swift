import Foundation

/// Unbuffered lines on stdout/stderr (scripts wait for the "listening" line).
public enum Console {
    public static func line(_ text: String) { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }
    public static func error(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }
}
