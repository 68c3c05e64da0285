/** End users: the tenant's own users, whose conversations we analyse (T1: tenant-owned, L3 later). */
package ai.humane.endusers.entity;
