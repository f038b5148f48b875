/**
 * The live stream: {@code /api/stream} server-sent events fed by the event log (LISTEN/NOTIFY on
 * PostgreSQL), with resume from {@code Last-Event-ID}.
 */
package io.sentinel.query.live;
