package dev.pitstop.dialect.postgres;

import dev.pitstop.spi.LockSql;
import dev.pitstop.spi.Sql;

/**
 * Session-level advisory lock with two int keys: a constant for Pitstop and a hash of the lock name.
 * pg_locks shows it as classid = key 1, objid = key 2, objsubid = 2.
 */
final class PostgresLockSql implements LockSql {
    /** "PITS" in ASCII. */
    static final int PITSTOP_KEY = 0x50495453;

    @Override
    public Sql tryAcquire(String lockName) {
        return Sql.of("SELECT pg_try_advisory_lock(?, ?)", PITSTOP_KEY, key(lockName));
    }

    @Override
    public Sql release(String lockName) {
        return Sql.of("SELECT pg_advisory_unlock(?, ?)", PITSTOP_KEY, key(lockName));
    }

    @Override
    public Sql holders(String lockName) {
        return Sql.of("SELECT format('pid %s (%s, from %s, connected since %s, %s)', a.pid, "
                + "coalesce(nullif(a.application_name, ''), 'no application name'), "
                + "coalesce(host(a.client_addr), 'local socket'), date_trunc('second', a.backend_start), a.state) "
                + "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                + "WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = ? AND l.objid::bigint = ? "
                + "AND l.objsubid = 2 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
                (long) PITSTOP_KEY, (long) key(lockName));
    }

    static int key(String lockName) {
        return lockName.hashCode() & 0x7fffffff;
    }
}
