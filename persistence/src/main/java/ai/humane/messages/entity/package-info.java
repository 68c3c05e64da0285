/** Conversation messages of end users (T1: tenant-owned; references stay inside the tenant by composite keys). */
package ai.humane.messages.entity;
