package dev.pitstop.internal.parse;

/**
 * One statement cut out of a script, exactly as written (without the terminating semicolon).
 *
 * @param text the statement text, comments inside it kept
 * @param line 1-based line of its first character in the file
 * @param leadingComments the comment lines directly before it (for {@code -- pitstop:} annotations)
 */
public record SourceStatement(String text, int line, String leadingComments) {
}
