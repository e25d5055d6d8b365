/// A corpus that cannot be read: a file that cannot be opened or read, or a record over
/// the size limit. The description is one sentence for the user, naming the file (and line).
package struct CorpusError: Error, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}
