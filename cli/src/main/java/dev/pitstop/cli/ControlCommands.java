package dev.pitstop.cli;

import dev.pitstop.ControlResult;
import dev.pitstop.ErrorCode;
import dev.pitstop.Pitstop;
import dev.pitstop.PitstopException;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The commands that steer a running migration from any machine by writing pitstop_control: {@code pause},
 * {@code resume}, {@code postpone-cutover}, {@code unpostpone}, {@code set chunk-time}. They take no lock and
 * need no migration files; the run reads the table before every chunk and before its cut-over.
 */
final class ControlCommands {
    private ControlCommands() {
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause the copy of a running migration "
            + "before its next chunk (the sync triggers keep syncing); it stays paused, also for later runs, until "
            + "resume, at most --max-pause.")
    static final class Pause extends PitstopCommand {
        @Override
        int run(Pitstop pitstop, PrintWriter out) {
            ControlResult r = pitstop.pause();
            out.println("Paused migrations on " + r.database() + ": the copy waits before its next chunk. Run "
                    + "'pitstop resume' to go on.");
            return 0;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Let a paused copy go on.")
    static final class Resume extends PitstopCommand {
        @Override
        int run(Pitstop pitstop, PrintWriter out) {
            ControlResult r = pitstop.resume();
            out.println("Resumed migrations on " + r.database() + ": the copy goes on at its next check.");
            return 0;
        }
    }

    @Command(name = "postpone-cutover", mixinStandardHelpOptions = true, description = "Hold the cut-over of rebuilt "
            + "tables: the copy and verification finish, then the cut-over waits (the sync triggers keep the new "
            + "table in sync) until unpostpone, at most --max-pause.")
    static final class PostponeCutOver extends PitstopCommand {
        @Override
        int run(Pitstop pitstop, PrintWriter out) {
            ControlResult r = pitstop.postponeCutOver();
            out.println("Postponed the cut-over on " + r.database() + ". Run 'pitstop unpostpone' to let it go ahead.");
            return 0;
        }
    }

    @Command(name = "unpostpone", mixinStandardHelpOptions = true, description = "Let a postponed cut-over go ahead.")
    static final class Unpostpone extends PitstopCommand {
        @Override
        int run(Pitstop pitstop, PrintWriter out) {
            ControlResult r = pitstop.unpostponeCutOver();
            out.println("The cut-over on " + r.database() + " may go ahead.");
            return 0;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Change a setting of the running "
            + "migration: 'set chunk-time 200ms' from its next chunk; 'set chunk-time default' goes back to --chunk-time.")
    static final class Set extends PitstopCommand {
        @Parameters(index = "0", paramLabel = "<setting>", description = "chunk-time")
        String setting;

        @Parameters(index = "1", paramLabel = "<value>", description = "a duration such as 200ms or 1s, or default")
        String value;

        @Override
        int run(Pitstop pitstop, PrintWriter out) {
            if (!"chunk-time".equals(setting)) {
                throw new PitstopException(ErrorCode.INVALID_CONFIG, "unknown setting '" + setting + "': 'pitstop set' "
                        + "changes chunk-time");
            }
            Duration chunkTime = "default".equals(value) ? null : Settings.duration("chunk-time", value, null);
            ControlResult r = pitstop.chunkTime(chunkTime);
            out.println(r.value() == null ? "The chunk time on " + r.database() + " is the configured one again."
                    : "The chunk time on " + r.database() + " is " + r.value() + " from the next chunk.");
            return 0;
        }
    }
}
