/**
 * Cursor pages over any tenant's list (newest first, keyset cursors that cannot skip or repeat a row when rows\n * arrive meanwhile): the one way every list endpoint pages, with its limits in one place.
 */
package ai.humane.paging.control;
