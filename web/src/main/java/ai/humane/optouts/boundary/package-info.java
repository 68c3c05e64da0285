/**
 * The public unsubscribe endpoint of K4's signed links: {@code GET} and one-click {@code POST} (RFC 8058)
 * at {@code /api/v1/email/unsubscribe?token=}.
 */
package ai.humane.optouts.boundary;
