package dev.pitstop;

/**
 * The one exception type Pitstop throws. Its message names the object concerned and the way out; its
 * {@link ErrorCode} decides the exit code of the front ends.
 */
public class PitstopException extends RuntimeException {
    private final ErrorCode code;

    public PitstopException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public PitstopException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public int exitCode() {
        return code.exitCode();
    }
}
