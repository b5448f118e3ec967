package dev.pitstop.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the annotated test class fresh databases: declare a {@link TestDatabases} parameter on the
 * constructor, a {@code @BeforeAll}/{@code @BeforeEach} method or a test method. The databases are
 * dropped after the class. {@code @Nested} classes share their enclosing class's databases.
 *
 * <p>Before the class runs, a server must be found for each kind in {@link #value()} (by default both);
 * when one is missing the class is skipped, or failed when the environment variable {@code CI=true}.
 * See {@link DatabasesExtension} for where servers come from.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(DatabasesExtension.class)
public @interface WithDatabases {

    /**
     * The kinds the class needs. Other kinds can still be asked for; their server is then looked
     * for on first use (and a missing one skips or fails just that test).
     */
    DatabaseKind[] value() default {DatabaseKind.POSTGRES, DatabaseKind.MYSQL};
}
