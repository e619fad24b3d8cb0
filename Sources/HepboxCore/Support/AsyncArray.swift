/// An array as an async sequence (uploads of bytes that are already in memory, e.g. an empty file).
public struct AsyncArraySequence<Element: Sendable>: AsyncSequence, Sendable {
    let elements: [Element]
    public struct AsyncIterator: AsyncIteratorProtocol {
        var iterator: IndexingIterator<[Element]>
        public mutating func next() async -> Element? { iterator.next() }
    }
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(iterator: elements.makeIterator()) }
}

extension Array where Element: Sendable {
    public var async: AsyncArraySequence<Element> { AsyncArraySequence(elements: self) }
}
