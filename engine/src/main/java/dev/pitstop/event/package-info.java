/**
 * Live progress for library users and front ends: {@link dev.pitstop.event.MigrationListener} receives
 * {@link dev.pitstop.event.MigrationEvent}s. Kept apart from the result records because events describe a
 * run while it happens; results describe it afterwards.
 */
package dev.pitstop.event;
