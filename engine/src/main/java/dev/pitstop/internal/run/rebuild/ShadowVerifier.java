package dev.pitstop.internal.run.rebuild;

import dev.pitstop.ErrorCode;
import dev.pitstop.PitstopException;
import dev.pitstop.internal.run.Handles;
import dev.pitstop.internal.run.Sleeper;
import dev.pitstop.spi.RebuildSpec;
import dev.pitstop.spi.RebuildSql;
import java.time.Duration;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares original and shadow before the cut-over: count and hash of every key range, each range in
 * one REPEATABLE READ snapshot. The sync trigger writes in the writer's own transaction, so the two
 * tables agree in any snapshot but for rows the copy resurrected whose delete was not reconciled yet;
 * a differing range is reconciled and compared again before it counts as a mismatch.
 */
final class ShadowVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(ShadowVerifier.class);
    private static final int RANGE = 10_000;
    /** Key values per compared span of an integer key. */
    private static final int SPAN = 20_000;
    private static final int ATTEMPTS = 6;

    /** One key range whose checksums differ. */
    record Mismatch(List<String> after, List<String> upto, Map<String, Object> original, Map<String, Object> shadow) {
        String describe() {
            return "key range (" + (after == null ? "start" : String.join(",", after)) + ", "
                    + (upto == null ? "end" : String.join(",", upto)) + "]: original " + original.get("n") + " rows hash "
                    + original.get("hash") + ", shadow " + shadow.get("n") + " rows hash " + shadow.get("hash");
        }
    }

    private final Handle handle;
    private final RebuildSql sql;
    private final RebuildSpec spec;
    private final Sleeper sleeper;
    private final ShadowCopy.Reconcile reconcile;

    ShadowVerifier(Handle handle, RebuildSql sql, RebuildSpec spec, Sleeper sleeper, ShadowCopy.Reconcile reconcile) {
        this.handle = handle;
        this.sql = sql;
        this.spec = spec;
        this.sleeper = sleeper;
        this.reconcile = reconcile;
    }

    void run() throws Exception {
        Handles.execute(handle, sql.analyze(spec.shadow()));
        List<Mismatch> mismatches = List.of();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            reconcile.run(spec);
            mismatches = compare();
            if (mismatches.isEmpty()) {
                LOG.info("{}: checksums of the original and the shadow agree", spec.table());
                return;
            }
            LOG.info("{}: {} key range(s) differ; reconciling and comparing again", spec.table(), mismatches.size());
            sleeper.sleep(Duration.ofMillis(200L * attempt));
        }
        throw new PitstopException(ErrorCode.EXECUTION_FAILED, "the shadow of " + spec.table() + " does not match the "
                + "original in " + mismatches.get(0).describe() + (mismatches.size() > 1 ? " (and " + (mismatches.size() - 1)
                + " more range(s))" : "") + ". The cut-over was not attempted and the original table is untouched; "
                + "run migrate again to compare once more, and report the range if it persists.");
    }

    /**
     * One short REPEATABLE READ transaction per key range: the trigger keeps both tables equal in every
     * snapshot, so ranges need not share one, and no snapshot is held for the whole table.
     */
    private List<Mismatch> compare() {
        List<Mismatch> out = new ArrayList<>();
        // an integer key is compared by spans of key values: no pass over each range to find its end
        Map<String, Object> span = sql.keySpan(spec).map(q -> Handles.query(handle, q).mapToMap().one()).orElse(null);
        long estimate = Handles.query(handle, sql.estimatedRows(spec.table())).mapTo(Long.class).findFirst().orElse(0L);
        BigInteger hi = span == null || span.get("hi") == null ? null : new BigInteger(span.get("hi").toString());
        BigInteger lo = hi == null ? null : new BigInteger(span.get("lo").toString());
        boolean spans = hi != null && ShadowCopy.dense(new ShadowCopy.KeySpan(lo, hi), estimate);
        List<String> after = null;
        while (true) {
            List<String> from = after;
            List<String> upto = handle.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
                // the first span is open below: a row only the shadow has may sort before the original's first key
                List<String> end = spans ? spanEnd(from == null ? lo.subtract(BigInteger.ONE).toString() : from.get(0), hi)
                        : Handles.query(h, sql.rangeEnd(spec, from, RANGE)).mapToMap().findFirst().map(ShadowVerifier::key)
                        .orElse(null);
                Map<String, Object> original = Handles.query(h, sql.checksumOriginal(spec, from, end)).mapToMap().one();
                Map<String, Object> shadow = Handles.query(h, sql.checksumShadow(spec, from, end)).mapToMap().one();
                if (!String.valueOf(original.get("n")).equals(String.valueOf(shadow.get("n")))
                        || !String.valueOf(original.get("hash")).equals(String.valueOf(shadow.get("hash")))) {
                    out.add(new Mismatch(from, end, original, shadow));
                }
                return end;
            });
            if (upto == null) {
                return out;
            }
            after = upto;
        }
    }

    /** The next span's last key, or null (open) once it would reach the largest key seen at the start. */
    private static List<String> spanEnd(String from, BigInteger hi) {
        BigInteger end = new BigInteger(from).add(BigInteger.valueOf(SPAN));
        return end.compareTo(hi) >= 0 ? null : List.of(end.toString());
    }

    private static List<String> key(Map<String, Object> row) {
        List<String> key = new ArrayList<>();
        for (int i = 1; row.containsKey("k" + i); i++) {
            key.add(String.valueOf(row.get("k" + i)));
        }
        return key;
    }
}
