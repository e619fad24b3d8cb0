/// Languages the highlighter knows; anything else is shown as plain escaped text.
enum SourceLanguage: String, Sendable {
    case python, c, cpp, swift, shell, json, yaml, javascript, plain
}

/// How one language is split into tokens: enough to colour keywords, strings, comments and numbers, not a parser.
struct LexRules: Sendable {
    var keywords: Set<String> = []
    var lineComments: [String] = []
    var blockComment: (open: String, close: String)?
    /// Single-character string delimiters; such strings end at the line's end.
    var quotes: Set<UInt8> = []
    /// Delimiters of strings that may span lines (`"""`), each closed by itself.
    var longStrings: [String] = []
    /// `#` starts a comment only at the start of a word (shell `$#`, YAML `a#b` are not comments).
    var commentNeedsSpace = false
    /// Lines starting with `#` are preprocessor directives (C, C++).
    var preprocessor = false

    static func rules(for language: SourceLanguage) -> LexRules {
        let dq = UInt8(ascii: "\""), sq = UInt8(ascii: "'"), bq = UInt8(ascii: "`")
        switch language {
        case .python:
            return LexRules(keywords: pythonKeywords, lineComments: ["#"], quotes: [dq, sq],
                            longStrings: ["\"\"\"", "'''"])
        case .c:
            return LexRules(keywords: cKeywords, lineComments: ["//"], blockComment: ("/*", "*/"), quotes: [dq, sq],
                            preprocessor: true)
        case .cpp:
            return LexRules(keywords: cKeywords.union(cppKeywords), lineComments: ["//"], blockComment: ("/*", "*/"),
                            quotes: [dq, sq], preprocessor: true)
        case .swift:
            return LexRules(keywords: swiftKeywords, lineComments: ["//"], blockComment: ("/*", "*/"), quotes: [dq],
                            longStrings: ["\"\"\""])
        case .shell:
            return LexRules(keywords: shellKeywords, lineComments: ["#"], quotes: [dq, sq, bq], commentNeedsSpace: true)
        case .json:
            return LexRules(keywords: ["true", "false", "null"], quotes: [dq])
        case .yaml:
            return LexRules(keywords: ["true", "false", "null", "yes", "no", "on", "off", "True", "False", "Null"],
                            lineComments: ["#"], quotes: [dq, sq], commentNeedsSpace: true)
        case .javascript:
            return LexRules(keywords: javascriptKeywords, lineComments: ["//"], blockComment: ("/*", "*/"),
                            quotes: [dq, sq, bq])
        case .plain:
            return LexRules()
        }
    }

    private static let pythonKeywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "match",
        "case", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "self",
    ]
    private static let cKeywords: Set<String> = [
        "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum", "extern",
        "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return", "short", "signed",
        "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void", "volatile", "while", "bool",
        "true", "false", "NULL", "size_t",
    ]
    private static let cppKeywords: Set<String> = [
        "class", "namespace", "template", "typename", "public", "private", "protected", "virtual", "override",
        "final", "new", "delete", "this", "using", "try", "catch", "throw", "nullptr", "constexpr", "auto",
        "decltype", "noexcept", "operator", "friend", "mutable", "explicit", "static_cast", "dynamic_cast",
        "reinterpret_cast", "const_cast", "std",
    ]
    private static let swiftKeywords: Set<String> = [
        "actor", "any", "as", "associatedtype", "async", "await", "break", "case", "catch", "class", "continue",
        "default", "defer", "deinit", "do", "else", "enum", "extension", "fallthrough", "false", "fileprivate",
        "final", "for", "func", "guard", "if", "import", "in", "init", "inout", "internal", "is", "let", "nil",
        "nonisolated", "open", "operator", "override", "private", "protocol", "public", "repeat", "rethrows",
        "return", "self", "Self", "some", "static", "struct", "subscript", "super", "switch", "throw", "throws",
        "true", "try", "typealias", "var", "where", "while",
    ]
    private static let shellKeywords: Set<String> = [
        "if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac", "in", "function",
        "return", "exit", "local", "export", "readonly", "set", "unset", "shift", "source", "echo", "cd", "trap",
    ]
    private static let javascriptKeywords: Set<String> = [
        "async", "await", "break", "case", "catch", "class", "const", "continue", "default", "delete", "do", "else",
        "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof", "let", "new",
        "null", "return", "static", "super", "switch", "this", "throw", "true", "try", "typeof", "undefined", "var",
        "void", "while", "yield", "interface", "type",
    ]
}
