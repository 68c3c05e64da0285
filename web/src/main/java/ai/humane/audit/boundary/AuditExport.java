package ai.humane.audit.boundary;

import ai.humane.audit.control.AuditFilter;
import ai.humane.audit.entity.AuditEvent;
import ai.humane.problems.control.InvalidField;
import jakarta.json.bind.Jsonb;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * Streams the audit log oldest first, one batch (one short transaction) at a time, so an export of
 * any size holds only one batch in memory. JSON Lines carries each event exactly as the list shows it;
 * CSV is for spreadsheets (see {@link CsvLine}). Every batch is read under the export's place
 * ({@link AuditExportPlaces}), which the stream gives back when it ends. A batch that cannot be read, or whose place
 * went to another export, fails the stream, which the resource cuts ({@code CutOnFailure}): the format has no end
 * marker, so only the transport can say that the export is incomplete.
 */
final class AuditExport implements StreamingOutput {

    static final String JSONL = "application/x-ndjson";
    static final String CSV = "text/csv";

    private final AuditEvents events;
    private final AuditFilter filter;
    private final Format format;
    private final Jsonb jsonb;
    private final UUID place;
    private final Runnable finished;

    /**
     * @param place    the export's place, taken before the answer was built
     * @param finished run once the export has ended, written whole or not (its place is given back)
     */
    AuditExport(AuditEvents events, AuditFilter filter, Format format, Jsonb jsonb, UUID place, Runnable finished) {
        this.events = events;
        this.filter = filter;
        this.format = format;
        this.jsonb = jsonb;
        this.place = place;
        this.finished = finished;
    }

    @Override
    public void write(OutputStream output) throws IOException {
        try {
            Writer out = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
            if (format == Format.CSV) {
                out.write(CsvLine.HEADER);
            }
            long after = 0;
            List<AuditEvent> batch;
            do {
                batch = events.batchAfter(filter, after, place);
                for (AuditEvent event : batch) {
                    out.write(format == Format.CSV ? CsvLine.of(event) : jsonb.toJson(AuditEventView.of(event)) + "\n");
                    after = event.seq();
                }
                out.flush();
            } while (batch.size() == AuditEvents.EXPORT_BATCH);
        } finally {
            finished.run();
        }
    }

    /** The {@code format} query parameter: jsonl (the default) or csv. */
    enum Format {
        JSONL("jsonl", new MediaType("application", "x-ndjson", "UTF-8")),
        CSV("csv", new MediaType("text", "csv", "UTF-8"));

        private final String extension;
        private final MediaType mediaType;

        Format(String extension, MediaType mediaType) {
            this.extension = extension;
            this.mediaType = mediaType;
        }

        static Format parse(String value) {
            if (value == null || value.isEmpty() || "jsonl".equals(value)) {
                return JSONL;
            }
            if ("csv".equals(value)) {
                return CSV;
            }
            throw new InvalidField("format", "must be jsonl or csv");
        }

        String extension() {
            return extension;
        }

        MediaType mediaType() {
            return mediaType;
        }
    }
}
