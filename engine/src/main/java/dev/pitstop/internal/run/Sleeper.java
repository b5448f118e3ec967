package dev.pitstop.internal.run;

import java.time.Duration;

/** Waiting, injected so tests never sleep for real. */
@FunctionalInterface
public interface Sleeper {
    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
