package dev.pitstop.samples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pitstop.MigrateResult;
import dev.pitstop.Pitstop;
import dev.pitstop.PitstopException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * A plain Java application that migrates its database at startup with the Pitstop library, then
 * serves (here: prints how many products it sells). The migrations are on its classpath under
 * {@code db/migration}; the application's own pool is handed to Pitstop, which borrows connections and
 * never closes it.
 *
 * <pre>
 * java -cp ... dev.pitstop.samples.ShopApplication jdbc:postgresql://127.0.0.1:5432/shop postgres ""
 * </pre>
 */
public final class ShopApplication {

    private ShopApplication() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ShopApplication <jdbc-url> [user] [password]");
            System.exit(2);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[0]);
        config.setUsername(args.length > 1 ? args[1] : null);
        config.setPassword(args.length > 2 ? args[2] : null);
        config.setPoolName("shop");
        try (HikariDataSource pool = new HikariDataSource(config)) {
            System.exit(start(pool));
        }
    }

    /** Migrates, then serves; returns the process exit code. */
    static int start(DataSource dataSource) throws Exception {
        try {
            MigrateResult result = Pitstop.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            System.out.println("schema ready on " + result.database() + ": " + result.applied().size()
                    + " migration(s) applied at startup");
        } catch (PitstopException e) {
            System.err.println("not starting: " + e.getMessage());
            return e.exitCode();
        }
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM products")) {
            rs.next();
            System.out.println("serving " + rs.getLong(1) + " product(s)");
        }
        return 0;
    }
}
