/**
 * Throttling and remote control of a running migration, in the manner of gh-ost's throttler and its
 * interactive commands.
 *
 * <p>The chunked loops (the table copy of both dialects, the chunked data change) and the cut-over know
 * one hook, {@link dev.pitstop.internal.throttle.ChunkGate}: asked before each chunk, it returns when the
 * chunk may run, with the chunk time to aim for, or throws
 * {@link dev.pitstop.internal.throttle.ThrottleStop}. The run's gate
 * ({@link dev.pitstop.internal.throttle.Gate}) reads pitstop_control and the configured signals on the work
 * connection between chunks (so no thread of its own, and no signal older than one chunk), and the
 * {@link dev.pitstop.internal.throttle.Throttler} decides: pure, with an injected clock.
 *
 * <p>Why fail closed: a lag or load the copy cannot read might be high; copying on would be the one
 * wrong answer. Why every pause is bounded by maxPause: a run nobody watches must not hold the migration
 * lock, and the sync triggers' cost, forever. Why a critical stop drops the rebuild's sync trigger and
 * shadow: that trigger is the load Pitstop adds to every application write; without it the shadow misses
 * writes, so the next run builds it again and copies from the start instead of trusting it.
 */
package dev.pitstop.internal.throttle;
