/**
 * The public desk (api.md "Public", A1 at 60/min per address): FAQ entries shipped in migration V7 and
 * searched with PostgreSQL full-text search, the waiting list and support requests. Input is checked
 * strictly here as well as at the edge, since these are the only writes anyone may make unauthenticated.
 */
package ai.humane.publicapi.control;
