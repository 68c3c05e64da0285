/**
 * What the application tells about itself: health, the OpenAPI contract, security.txt (O5), and the gate in\n * front of Payara's own endpoints (metrics for operators only, N4).
 */
package ai.humane.status.boundary;
