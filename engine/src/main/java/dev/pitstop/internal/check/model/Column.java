package dev.pitstop.internal.check.model;

/**
 * A column of the offline model.
 *
 * @param type null when unknown (the column was only seen being altered, never created)
 * @param writtenType the type as the migration wrote it, null when unknown
 * @param defaultExpression the DEFAULT as written, null when none
 * @param generatesValue the server fills it when an INSERT leaves it out (serial, AUTO_INCREMENT, identity)
 */
public record Column(String name, ColumnType type, String writtenType, boolean notNull, String defaultExpression,
                     boolean generatesValue) {

    /** A column known only by name: its type, nullability and default are unknown. */
    public static Column unknown(String name) {
        return new Column(name, null, null, false, null, false);
    }

    /** True when an INSERT that leaves the column out still gets a value other than NULL. */
    public boolean filledWhenLeftOut() {
        return generatesValue || defaultExpression != null && !defaultExpression.strip().equalsIgnoreCase("NULL");
    }

    public Column withName(String newName) {
        return new Column(newName, type, writtenType, notNull, defaultExpression, generatesValue);
    }

    public Column withType(ColumnType newType, String written) {
        return new Column(name, newType, written, notNull, defaultExpression, generatesValue);
    }

    public Column withNotNull(boolean newNotNull) {
        return new Column(name, type, writtenType, newNotNull, defaultExpression, generatesValue);
    }

    public Column withDefault(String expression) {
        return new Column(name, type, writtenType, notNull, expression, generatesValue);
    }
}
