package dev.pitstop.internal.check;

import dev.pitstop.internal.check.rules.AddColumnNotNullWithoutDefault;
import dev.pitstop.internal.check.rules.DeferredDrop;
import dev.pitstop.internal.check.rules.DropSchema;
import dev.pitstop.internal.check.rules.EnumValueChange;
import dev.pitstop.internal.check.rules.IncompatibleTypeChange;
import dev.pitstop.internal.check.rules.NarrowingTypeChange;
import dev.pitstop.internal.check.rules.NotNullOnNulls;
import dev.pitstop.internal.check.rules.NotOnlineOnServer;
import dev.pitstop.internal.check.rules.OnlineIndexBuild;
import dev.pitstop.internal.check.rules.OnlinePrimaryKey;
import dev.pitstop.internal.check.rules.OnlineTypeChange;
import dev.pitstop.internal.check.rules.PreviousQueryFails;
import dev.pitstop.internal.check.rules.PrimaryKeyChange;
import dev.pitstop.internal.check.rules.RenameKeptInSync;
import dev.pitstop.internal.check.rules.SetNotNullWithoutFill;
import dev.pitstop.internal.check.rules.Truncate;
import dev.pitstop.internal.check.rules.UniqueOnDuplicates;
import dev.pitstop.internal.check.rules.UnreadDrop;
import dev.pitstop.internal.check.rules.UnplannedStatement;
import dev.pitstop.internal.check.rules.ValidatedNotNull;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every rule, in the order the {@link Checker} asks them. The order is explicit so that output is stable and
 * the most precise refusal comes first; README lists the same ids.
 */
public final class Rules {
    /** Rules that refuse: each is asked about every statement. */
    public static final List<Rule> REFUSING = List.of(
            new DropSchema(),
            new Truncate(),
            new IncompatibleTypeChange(),
            new NarrowingTypeChange(),
            new EnumValueChange(),
            new AddColumnNotNullWithoutDefault(),
            new SetNotNullWithoutFill(),
            new PrimaryKeyChange(),
            new PreviousQueryFails(),
            new UniqueOnDuplicates(),
            new NotNullOnNulls(),
            new NotOnlineOnServer());

    /** Asked only when no rule above found anything (refused or allowed by an override): one precise finding is enough. */
    public static final Rule FALLBACK = new UnplannedStatement();

    /** Information on what Pitstop runs instead; asked only for statements nothing refuses. */
    public static final List<Rule> INFORMING = List.of(
            new OnlineTypeChange(),
            new ValidatedNotNull(),
            new DeferredDrop(),
            new UnreadDrop(),
            new RenameKeptInSync(),
            new OnlineIndexBuild(),
            new OnlinePrimaryKey());

    /** Reported when an override has no reason: it does not apply. */
    public static final String OVERRIDE_WITHOUT_REASON = "override-without-reason";
    /** Reported (as a warning) when an override matches no refusal of its statement. */
    public static final String OVERRIDE_UNUSED = "override-unused";

    private Rules() {
    }

    /** The ids an override may name. */
    public static List<String> refusingIds() {
        return Stream.concat(REFUSING.stream(), Stream.of(FALLBACK)).map(Rule::id).toList();
    }
}
