/**
 * L2: personal data and secrets are masked before a log record is written. {@link ai.humane.logging.Scrubber}
 * knows what to mask; {@link ai.humane.logging.ScrubbingFormatter} applies it to the message, its
 * parameters and every exception message of a record, and leaves the formatter's own fields (time,
 * level, thread) alone, so masking never eats a timestamp. JDK only, so it can sit on any class path.
 */
package ai.humane.logging;
