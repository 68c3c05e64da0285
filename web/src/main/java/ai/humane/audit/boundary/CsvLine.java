package ai.humane.audit.boundary;

import ai.humane.audit.entity.AuditEvent;
import java.util.HexFormat;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One audit event as an RFC 4180 CSV record. A field with a comma, quote or line break is quoted, its
 * quotes doubled. A field that a spreadsheet would run as a formula (starting with =, +, -, @, tab or
 * carriage return) is prefixed with an apostrophe: the export is opened by people, and user-chosen
 * names end up in it. JSON Lines is the exact copy.
 */
final class CsvLine {

    static final String HEADER = "seq,created_at,actor_type,actor_id,action,resource_type,resource_id,"
            + "before,after,client_ip,prev_hash,hash\r\n";

    private CsvLine() {
    }

    static String of(AuditEvent event) {
        return Stream.of(Long.toString(event.seq()), event.createdAt().toInstant().toString(), event.actorType(),
                        event.actorId() == null ? null : event.actorId().toString(), event.action(), event.resourceType(),
                        event.resourceId(), event.before(), event.after(), event.clientIp(),
                        HexFormat.of().formatHex(event.prevHash()), HexFormat.of().formatHex(event.hash()))
                .map(CsvLine::field)
                .collect(Collectors.joining(",", "", "\r\n"));
    }

    static String field(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String safe = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        boolean quote = safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0 || safe.indexOf('\r') >= 0;
        return quote ? '"' + safe.replace("\"", "\"\"") + '"' : safe;
    }
}
