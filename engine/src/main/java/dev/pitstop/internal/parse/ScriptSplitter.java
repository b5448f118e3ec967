package dev.pitstop.internal.parse;

import dev.pitstop.spi.ParserFlavor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a script into statements at top-level semicolons. JSqlParser cannot do this job: it fails the
 * whole script on one bad statement and loses its text and line. The splitter knows quotes ('...',
 * "...", MySQL backticks and backslash escapes), comments (--, #, nested /* *&#47;), PostgreSQL
 * dollar quoting and MySQL BEGIN...END bodies of triggers and routines written without DELIMITER.
 */
public final class ScriptSplitter {
    private final ParserFlavor flavor;

    public ScriptSplitter(ParserFlavor flavor) {
        this.flavor = flavor;
    }

    public List<SourceStatement> split(String script) {
        List<SourceStatement> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        StringBuilder comments = new StringBuilder();
        int line = 1;
        int startLine = -1;
        int blockDepth = 0;
        int i = 0;
        int n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            int end;
            if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-' || flavor == ParserFlavor.MYSQL && c == '#') {
                end = indexOrEnd(script, "\n", i);
                if (startLine < 0) {
                    comments.append(script, i, end).append('\n');
                } else {
                    current.append(script, i, end);
                }
            } else if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
                end = blockCommentEnd(script, i);
                (startLine < 0 ? comments : current).append(script, i, end);
            } else if (c == '\'' || c == '"' || c == '`' && flavor == ParserFlavor.MYSQL) {
                end = quoteEnd(script, i, c);
                startLine = startLine < 0 ? line : startLine;
                current.append(script, i, end);
            } else if (c == '$' && flavor == ParserFlavor.POSTGRES && dollarTag(script, i) != null) {
                String tag = dollarTag(script, i);
                int close = script.indexOf(tag, i + tag.length());
                end = close < 0 ? n : close + tag.length();
                startLine = startLine < 0 ? line : startLine;
                current.append(script, i, end);
            } else if (c == ';' && blockDepth == 0) {
                end = i + 1;
                if (startLine >= 0) {
                    out.add(new SourceStatement(current.toString().strip(), startLine, comments.toString()));
                }
                current.setLength(0);
                comments.setLength(0);
                startLine = -1;
            } else if (Character.isLetter(c) && (i == 0 || !isWordChar(script.charAt(i - 1)))) {
                end = i;
                while (end < n && isWordChar(script.charAt(end))) {
                    end++;
                }
                String word = script.substring(i, end).toUpperCase(Locale.ROOT);
                startLine = startLine < 0 ? line : startLine;
                current.append(script, i, end);
                blockDepth = trackBlocks(word, script, end, current, blockDepth);
            } else {
                end = i + 1;
                if (!Character.isWhitespace(c) && startLine < 0) {
                    startLine = line;
                }
                if (startLine >= 0) {
                    current.append(c);
                }
            }
            for (int k = i; k < end; k++) {
                if (script.charAt(k) == '\n') {
                    line++;
                }
            }
            i = end;
        }
        if (startLine >= 0 && !current.toString().isBlank()) {
            out.add(new SourceStatement(current.toString().strip(), startLine, comments.toString()));
        }
        return out;
    }

    /**
     * MySQL compound statements: BEGIN opens a block inside CREATE TRIGGER/PROCEDURE/FUNCTION/EVENT, and
     * inside a block CASE opens one too (a CASE expression ends with END, a CASE statement with END CASE);
     * END closes the innermost, except END IF / LOOP / WHILE / REPEAT, whose openers are not counted.
     */
    private int trackBlocks(String word, String script, int after, StringBuilder current, int depth) {
        if (flavor != ParserFlavor.MYSQL) {
            return depth;
        }
        if (word.equals("BEGIN") && (depth > 0 || isRoutine(current.toString()))) {
            return depth + 1;
        }
        if (word.equals("CASE") && depth > 0 && !current.toString().toUpperCase(Locale.ROOT).matches("(?s).*\\bEND\\s+CASE$")) {
            return depth + 1;
        }
        if (word.equals("END") && depth > 0 && !List.of("IF", "LOOP", "WHILE", "REPEAT").contains(nextWord(script, after))) {
            return depth - 1;
        }
        return depth;
    }

    private static boolean isRoutine(String soFar) {
        String s = soFar.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ").trim();
        return s.matches("(?s)CREATE (OR REPLACE )?(DEFINER ?= ?\\S+ )?(AGGREGATE )?(TRIGGER|PROCEDURE|FUNCTION|EVENT)\\b.*");
    }

    private static String nextWord(String s, int from) {
        int i = from;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        int j = i;
        while (j < s.length() && isWordChar(s.charAt(j))) {
            j++;
        }
        return s.substring(i, j).toUpperCase(Locale.ROOT);
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private static int indexOrEnd(String s, String what, int from) {
        int k = s.indexOf(what, from);
        return k < 0 ? s.length() : k;
    }

    private static int blockCommentEnd(String s, int from) {
        int depth = 0;
        int i = from;
        while (i < s.length() - 1) {
            if (s.charAt(i) == '/' && s.charAt(i + 1) == '*') {
                depth++;
                i += 2;
            } else if (s.charAt(i) == '*' && s.charAt(i + 1) == '/') {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return s.length();
    }

    private int quoteEnd(String s, int from, char quote) {
        boolean backslashEscapes = flavor == ParserFlavor.MYSQL ? quote != '`' : quote == '\'' && isEscapeString(s, from);
        int i = from + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && backslashEscapes) {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return s.length();
    }

    /** PostgreSQL E'...' strings: the quote follows a lone E. */
    private static boolean isEscapeString(String s, int quote) {
        return quote > 0 && (s.charAt(quote - 1) == 'E' || s.charAt(quote - 1) == 'e')
                && (quote == 1 || !isWordChar(s.charAt(quote - 2)));
    }

    /** The $tag$ starting at i, or null when this $ is not the start of dollar quoting. */
    private static String dollarTag(String s, int i) {
        if (i > 0 && isWordChar(s.charAt(i - 1))) {
            return null;
        }
        int j = i + 1;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
            j++;
        }
        if (j < s.length() && s.charAt(j) == '$' && (j == i + 1 || !Character.isDigit(s.charAt(i + 1)))) {
            return s.substring(i, j + 1);
        }
        return null;
    }
}
