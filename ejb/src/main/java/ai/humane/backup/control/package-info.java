/**
 * Backups and restores (O3): a consistent logical snapshot of every table (COPY through PgJDBC, one
 * REPEATABLE READ transaction, read as a role that bypasses row-level security), encrypted to an OpenPGP public
 * key before a byte is written, kept in a directory and pruned to 7 daily, 4 weekly and 12 monthly; restored into
 * an empty database by migrating it to the backup's version and loading the rows as stored, verified by row
 * counts and SHA-256 before the restore commits.
 */
package ai.humane.backup.control;
