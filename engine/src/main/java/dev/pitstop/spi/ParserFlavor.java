package dev.pitstop.spi;

/** Which SQL grammar the engine's parser and script splitter follow for a dialect. */
public enum ParserFlavor {
    /** Dollar quoting, double-quoted identifiers, {@code E'...'} strings. */
    POSTGRES,
    /** Backtick identifiers, backslash escapes in strings, {@code #} comments, BEGIN...END bodies. */
    MYSQL
}
