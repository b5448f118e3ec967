package dev.pitstop.internal.check;

import java.util.List;

/**
 * One compatibility rule: a stable id (what {@code -- pitstop:allow <id> <reason>} names and the README lists)
 * and a check of one statement against the schema before it. Rules compute and never throw for unsafe SQL:
 * the {@link Checker} collects every finding of every statement.
 */
public interface Rule {

    String id();

    /** The findings for one statement; empty when the rule has nothing to say. */
    List<Finding> check(StatementContext statement);
}
