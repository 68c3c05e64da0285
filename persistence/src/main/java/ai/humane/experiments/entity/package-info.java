/** Experiments: A/B comparisons of a tenant's engines (T1: tenant-owned). Results come with analysis. */
package ai.humane.experiments.entity;
