/** Tenancy (T1), web side: the shapes every tenant-scoped list and JSON column share. */
package ai.humane.tenancy.boundary;
