/**
 * The compatibility checker: will the previous application version keep working against the schema as each
 * statement leaves it? DESIGN.md section 5.
 *
 * <p>Offline, the schema is not introspected but replayed from the migration files themselves
 * ({@link dev.pitstop.internal.check.SchemaReplay} over the parser's
 * {@link dev.pitstop.internal.parse.SchemaEdit}s), so {@code pitstop check} needs no database. Each rule is one
 * class in {@code rules} with a stable id; {@link dev.pitstop.internal.check.Rules} fixes their order. The checker
 * knows the plan: what the planner makes safe on its own (deferred drops, renames kept in sync, online index
 * builds and rebuilds) is accepted and reported as information, and a statement the planner cannot run is
 * refused as raw SQL rather than guessed at. JSqlParser stays in {@code internal.parse}.
 */
package dev.pitstop.internal.check;
