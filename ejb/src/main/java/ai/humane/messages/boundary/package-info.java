/** Messages: storing and listing conversation messages of a tenant's end users (T1). */
package ai.humane.messages.boundary;
