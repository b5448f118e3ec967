package dev.pitstop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jdbc:postgresql://db:5432/app?user=app&password=s3cret&ssl=true | jdbc:postgresql://db:5432/app?user=app&password=***&ssl=true",
            "jdbc:postgresql://db/app?password=s3cret                       | jdbc:postgresql://db/app?password=***",
            "jdbc:mysql://db/app?PASSWORD=s3cret                            | jdbc:mysql://db/app?PASSWORD=***",
            "jdbc:mysql://db/app?pwd=s3cret&x=1                             | jdbc:mysql://db/app?pwd=***&x=1",
            "jdbc:mysql://db/app?passwd=s3cret                              | jdbc:mysql://db/app?passwd=***",
            "jdbc:sqlserver://db;user=app;password=s3cret;database=x        | jdbc:sqlserver://db;user=app;password=***;database=x"})
    void masksPasswordQueryParameters(String url, String masked) {
        assertThat(Secrets.maskUrl(url)).isEqualTo(masked);
    }

    @Test
    void masksThePasswordOfUserInfo() {
        assertThat(Secrets.maskUrl("jdbc:mysql://app:s3cret@db:3306/app")).isEqualTo("jdbc:mysql://app:***@db:3306/app");
    }

    @Test
    void masksUserInfoAndQueryPasswordTogether() {
        assertThat(Secrets.maskUrl("jdbc:postgresql://app:one@db/app?password=two"))
                .isEqualTo("jdbc:postgresql://app:***@db/app?password=***")
                .doesNotContain("one", "two");
    }

    @Test
    void leavesUrlsWithoutSecretsAlone() {
        assertThat(Secrets.maskUrl("jdbc:postgresql://db:5432/app?ssl=true")).isEqualTo("jdbc:postgresql://db:5432/app?ssl=true");
        assertThat(Secrets.maskUrl("jdbc:mysql://app@db/app")).isEqualTo("jdbc:mysql://app@db/app");
        assertThat(Secrets.maskUrl("jdbc:mysql://h1:3306,h2:3306/app")).isEqualTo("jdbc:mysql://h1:3306,h2:3306/app");
    }

    @Test
    void aNullUrlStaysNull() {
        assertThat(Secrets.maskUrl(null)).isNull();
    }

    @Test
    void scrubReplacesEveryOccurrenceOfTheSecret() {
        assertThat(Secrets.scrub("login with hunter2 failed (hunter2 expired)", "hunter2"))
                .isEqualTo("login with *** failed (*** expired)");
    }

    @Test
    void scrubWithoutASecretLeavesTheMessageAlone() {
        assertThat(Secrets.scrub("nothing to hide", null)).isEqualTo("nothing to hide");
        assertThat(Secrets.scrub("nothing to hide", "")).isEqualTo("nothing to hide");
        assertThat(Secrets.scrub(null, "hunter2")).isNull();
    }

    @Test
    void maskingAUrlInsideAMessageKeepsTheRestOfTheMessage() {
        String message = "cannot connect to jdbc:mysql://h/db?password=s3cret as app: Access denied; check it";

        assertThat(Secrets.maskUrl(message))
                .isEqualTo("cannot connect to jdbc:mysql://h/db?password=*** as app: Access denied; check it");
    }

    @Test
    void passwordsInAUrlAreFoundInTheQueryAndTheUserInfo() {
        assertThat(Secrets.passwordsIn("jdbc:postgresql://app:s3cret@h/db?user=x&password=other;pwd="))
                .containsExactlyInAnyOrder("s3cret", "other");
        assertThat(Secrets.passwordsIn(null)).isEmpty();
    }
}
