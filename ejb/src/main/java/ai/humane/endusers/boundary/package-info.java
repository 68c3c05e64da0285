/** End users: CRUD of the tenant's own users, inside both tenancy walls (T1). */
package ai.humane.endusers.boundary;
