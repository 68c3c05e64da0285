/** Engines: CRUD of a tenant's analysers inside both tenancy walls (T1); the web module adds the resource (viewer reads, member writes: T2). */
package ai.humane.engines.boundary;
