package dev.pitstop;

import java.util.List;

/** What {@code contract} did: the migrations whose contract phase ran, in order. */
public record ContractResult(String database, List<AppliedMigration> contracted) {
    public ContractResult {
        contracted = List.copyOf(contracted);
    }
}
