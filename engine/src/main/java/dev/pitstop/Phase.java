package dev.pitstop;

/** The three phases every migration is split into; see DESIGN.md §2. */
public enum Phase {
    /** Additive, backward-compatible changes, safe while the previous application version runs. */
    EXPAND,
    /** Chunked, throttled, resumable copies that end in a verified cut-over. */
    BACKFILL,
    /** Destructive changes, once no instance of the previous application version is live. */
    CONTRACT
}
