package dev.pitstop.dialect.mysql;

import dev.pitstop.spi.LockSql;
import dev.pitstop.spi.Sql;

/** {@code GET_LOCK} names are server-wide (at most 64 characters), so the name carries the database. */
final class MySqlLockSql implements LockSql {

    @Override
    public Sql tryAcquire(String lockName) {
        return Sql.of("SELECT GET_LOCK(?, 0)", name(lockName));
    }

    @Override
    public Sql release(String lockName) {
        return Sql.of("SELECT RELEASE_LOCK(?)", name(lockName));
    }

    @Override
    public Sql holders(String lockName) {
        return Sql.of("SELECT CONCAT('connection ', p.id, ' (', p.user, '@', p.host, ', connected ', p.time, ' s, ', "
                + "COALESCE(p.command, ''), ')') FROM information_schema.processlist p WHERE p.id = IS_USED_LOCK(?)",
                name(lockName));
    }

    static String name(String lockName) {
        return lockName.length() <= 64 ? lockName : lockName.substring(0, 64);
    }
}
