/** Sessions (S3): signed-in browsers, stored as hashes of their opaque ids, with sliding and absolute expiry. */
package ai.humane.sessions.entity;
