package dev.pitstop.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** URL surgery without any database: database swap, credentials, masking, MySQL defaults. */
class JdbcUrlsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "jdbc:postgresql://127.0.0.1:5432/postgres | jdbc:postgresql://127.0.0.1:5432/pitstop_it_x",
        "jdbc:postgresql://db.example:5432/admin?sslmode=require&ApplicationName=it | jdbc:postgresql://db.example:5432/pitstop_it_x?sslmode=require&ApplicationName=it",
        "jdbc:postgresql://h1:5432,h2:5433/postgres?targetServerType=primary | jdbc:postgresql://h1:5432,h2:5433/pitstop_it_x?targetServerType=primary",
        "jdbc:postgresql://localhost/ | jdbc:postgresql://localhost/pitstop_it_x",
        "jdbc:postgresql://localhost | jdbc:postgresql://localhost/pitstop_it_x",
        "jdbc:postgresql://[::1]:5432/postgres | jdbc:postgresql://[::1]:5432/pitstop_it_x",
        "jdbc:postgresql:postgres?ssl=false | jdbc:postgresql:pitstop_it_x?ssl=false",
        "jdbc:mysql://127.0.0.1:3306/ | jdbc:mysql://127.0.0.1:3306/pitstop_it_x",
        "jdbc:mysql://127.0.0.1:3306 | jdbc:mysql://127.0.0.1:3306/pitstop_it_x",
        "jdbc:mysql://127.0.0.1:3306/mysql?useSSL=false&allowPublicKeyRetrieval=true | jdbc:mysql://127.0.0.1:3306/pitstop_it_x?useSSL=false&allowPublicKeyRetrieval=true",
        "jdbc:mysql://127.0.0.1:3306/?sslMode=DISABLED | jdbc:mysql://127.0.0.1:3306/pitstop_it_x?sslMode=DISABLED",
        "jdbc:mysql:loadbalance://h1:3306,h2:3306/app?loadBalanceStrategy=random | jdbc:mysql:loadbalance://h1:3306,h2:3306/pitstop_it_x?loadBalanceStrategy=random",
    })
    void replacesTheDatabaseAndKeepsTheQuery(String url, String expected) {
        assertThat(JdbcUrls.withDatabase(url, "pitstop_it_x")).isEqualTo(expected);
    }

    @Test
    void readsTheDatabase() {
        assertThat(JdbcUrls.database("jdbc:postgresql://h:5432/admin?x=1")).isEqualTo("admin");
        assertThat(JdbcUrls.database("jdbc:mysql://h:3306/")).isEmpty();
        assertThat(JdbcUrls.database("jdbc:mysql://h:3306")).isEmpty();
        assertThat(JdbcUrls.database("jdbc:postgresql:admin")).isEqualTo("admin");
    }

    @Test
    void splitTakesCredentialsOutOfTheQuery() {
        JdbcUrls.Credentials postgres = JdbcUrls.split(
                "jdbc:postgresql://h:5432/postgres?user=admin&password=s%40cret&sslmode=require&sslpassword=key");
        assertThat(postgres.url()).isEqualTo("jdbc:postgresql://h:5432/postgres?sslmode=require");
        assertThat(postgres.user()).isEqualTo("admin");
        assertThat(postgres.password()).isEqualTo("s@cret");
        assertThat(postgres.secrets()).isEqualTo(Map.of("sslpassword", "key"));

        JdbcUrls.Credentials mysql = JdbcUrls.split("jdbc:mysql://h:3306/app?User=root&Password=&useSSL=false");
        assertThat(mysql.url()).isEqualTo("jdbc:mysql://h:3306/app?useSSL=false");
        assertThat(mysql.user()).isEqualTo("root");
        assertThat(mysql.password()).isEmpty();
    }

    @Test
    void splitTakesCredentialsOutOfTheAuthority() {
        JdbcUrls.Credentials mysql = JdbcUrls.split("jdbc:mysql://sandy:se%3Acret@h:3306/app?useSSL=false");
        assertThat(mysql.url()).isEqualTo("jdbc:mysql://h:3306/app?useSSL=false");
        assertThat(mysql.user()).isEqualTo("sandy");
        assertThat(mysql.password()).isEqualTo("se:cret");
        assertThat(JdbcUrls.withDatabase(mysql.url(), "other")).isEqualTo("jdbc:mysql://h:3306/other?useSSL=false");
    }

    @Test
    void splitWithoutCredentialsKeepsTheUrl() {
        JdbcUrls.Credentials none = JdbcUrls.split("jdbc:postgresql://h:5432/postgres");
        assertThat(none.url()).isEqualTo("jdbc:postgresql://h:5432/postgres");
        assertThat(none.user()).isNull();
        assertThat(none.password()).isNull();
    }

    @Test
    void masksPasswordsForLogs() {
        assertThat(JdbcUrls.mask("jdbc:postgresql://h/db?user=u&password=secret&sslpassword=k&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=u&password=****&sslpassword=****&ssl=true")
                .doesNotContain("secret");
        assertThat(JdbcUrls.mask("jdbc:mysql://sandy:secret@h:3306/db")).isEqualTo("jdbc:mysql://sandy:****@h:3306/db");
        assertThat(JdbcUrls.mask("not a url password=secret")).doesNotContain("secret");
    }

    @Test
    void addsParametersOnlyWhenAbsent() {
        assertThat(Server.withMysqlDefaults("jdbc:mysql://127.0.0.1:3306/"))
                .isEqualTo("jdbc:mysql://127.0.0.1:3306/?allowPublicKeyRetrieval=true&useSSL=false");
        assertThat(Server.withMysqlDefaults("jdbc:mysql://h:3306/db?useSSL=true"))
                .isEqualTo("jdbc:mysql://h:3306/db?useSSL=true&allowPublicKeyRetrieval=true");
        assertThat(Server.withMysqlDefaults("jdbc:mysql://h:3306/db?allowPublicKeyRetrieval=false&sslMode=REQUIRED"))
                .isEqualTo("jdbc:mysql://h:3306/db?allowPublicKeyRetrieval=false&sslMode=REQUIRED");
    }

    @Test
    void describesServerVersions() {
        assertThat(Server.product(DatabaseKind.POSTGRES, "15.20 (Debian 15.20-0+deb12u1)")).isEqualTo("PostgreSQL 15.20");
        assertThat(Server.product(DatabaseKind.MYSQL, "10.11.19-MariaDB-0+deb12u1")).isEqualTo("MariaDB 10.11.19");
        assertThat(Server.product(DatabaseKind.MYSQL, "8.4.3")).isEqualTo("MySQL 8.4.3");
    }

    @Test
    void hostAndPort() {
        assertThat(JdbcUrls.hostAndPort("jdbc:postgresql://127.0.0.1:5432/postgres?x=1")).isEqualTo("127.0.0.1:5432");
        assertThat(JdbcUrls.hostAndPort("jdbc:mysql://u:p@h:3306/")).isEqualTo("h:3306");
        assertThat(JdbcUrls.hostAndPort("jdbc:postgresql:db")).isEqualTo("localhost");
    }

    @Test
    void rejectsNonJdbcUrls() {
        assertThatThrownBy(() -> JdbcUrls.withDatabase("postgres://h/db", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void databaseNamesAreShortLowercaseAndUnique() {
        String first = DatabaseAdmin.newName();
        String second = DatabaseAdmin.newName();
        assertThat(first).matches("pitstop_it_[0-9a-f]{6}_[0-9]+").hasSizeLessThanOrEqualTo(40);
        assertThat(second).isNotEqualTo(first).startsWith(first.substring(0, first.lastIndexOf('_') + 1));
    }
}
