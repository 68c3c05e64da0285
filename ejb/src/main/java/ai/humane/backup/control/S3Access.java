package ai.humane.backup.control;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * How to reach an S3-compatible bucket for backups (O3). {@code BACKUP_S3_ENDPOINT} names a provider other than
 * AWS (MinIO, Ceph, R2, …: path-style requests); {@code BACKUP_S3_REGION} defaults to us-east-1; with
 * {@code BACKUP_S3_ACCESS_KEY_ID} and {@code BACKUP_S3_SECRET_ACCESS_KEY} unset, the AWS SDK's default chain
 * applies (an instance or task role). The endpoint comes from the operator's environment, never from a tenant,
 * so it is not an outbound URL the SSRF guard (N1) screens; the backups it carries are already encrypted.
 */
public record S3Access(Optional<URI> endpoint, String region, Optional<String> accessKeyId,
                       Optional<String> secretAccessKey) {

    static S3Access from(Function<String, Optional<String>> value) {
        return new S3Access(value.apply("BACKUP_S3_ENDPOINT").map(URI::create),
                value.apply("BACKUP_S3_REGION").orElse("us-east-1"), value.apply("BACKUP_S3_ACCESS_KEY_ID"),
                value.apply("BACKUP_S3_SECRET_ACCESS_KEY"));
    }

    /** A client for these settings; the caller keeps it as long as the target it serves. */
    S3Client client() {
        if (accessKeyId.isPresent() != secretAccessKey.isPresent()) {
            throw new IllegalStateException("BACKUP_S3_ACCESS_KEY_ID and BACKUP_S3_SECRET_ACCESS_KEY are set together"
                    + " or not at all");
        }
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofMinutes(2)))
                .region(Region.of(region))
                // Integrity is the OpenPGP layer's and the manifest's; S3-compatible stores differ in which of
                // the SDK's newer checksum headers they accept, so they are sent only where S3 requires one.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(accessKeyId.isPresent()
                        ? StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId.get(), secretAccessKey.get()))
                        : DefaultCredentialsProvider.builder().build());
        endpoint.ifPresent(uri -> builder.endpointOverride(uri).forcePathStyle(true));
        return builder.build();
    }

    @Override
    public String toString() {
        return "S3Access[endpoint=" + endpoint.map(URI::toString).orElse("AWS") + ", region=" + region + "]";
    }
}
