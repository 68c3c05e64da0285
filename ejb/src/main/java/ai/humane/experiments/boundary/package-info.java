/** Experiments: CRUD of A/B comparisons of a tenant's engines (T1); results arrive with analysis. */
package ai.humane.experiments.boundary;
