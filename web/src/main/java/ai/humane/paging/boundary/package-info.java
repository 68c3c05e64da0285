/**
 * The page every list endpoint answers: {@code {data, has_more, next_cursor}}.
 */
package ai.humane.paging.boundary;
