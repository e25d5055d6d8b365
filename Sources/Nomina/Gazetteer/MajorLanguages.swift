/// The languages of most news, in order of speakers and weight in news: the generated
/// country file labels a spelling that several locales share with the first of them that
/// gives it, and the approximate stages of matching trust names in them.
enum MajorLanguages {
    static let tags = ["en", "zh", "es", "ar", "ru", "fr", "de", "pt", "ja", "hi", "it", "ko", "tr",
                       "fa", "uk", "pl", "nl", "az", "hy", "ka"]
}
