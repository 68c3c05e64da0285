package ai.humane.edge.control;

import ai.humane.json.control.JsonP;
import ai.humane.problems.control.MalformedJson;
import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonLocation;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reads a request body as strict JSON (RFC 8259 and the I-JSON profile, RFC 7493) or refuses it with
 * {@link MalformedJson} naming the value by its JSON Pointer: bytes that are not UTF-8 (never replaced by
 * U+FFFD), a syntax error, anything after the document, a key twice in one object (compared after
 * unescaping, so {@code "na\u006de"} is {@code "name"}), U+0000 or an unpaired surrogate in a string or key
 * (PostgreSQL cannot store either), nesting deeper than {@value #MAX_DEPTH} levels, and numbers no 64-bit
 * double can hold. The streaming parser never recurses, so depth costs no stack before it is refused.
 */
public final class StrictJson {

    public static final int MAX_DEPTH = 64;

    private static final JsonParserFactory PARSERS = JsonP.createParserFactory(Map.of());

    private StrictJson() {
    }

    /** The document in {@code body}, which must be strict JSON. */
    public static JsonValue read(byte[] body) {
        return parse(utf8(body));
    }

    static JsonValue parse(String text) {
        JsonTree tree = new JsonTree(MAX_DEPTH);
        try (JsonParser parser = PARSERS.createParser(new StringReader(text))) {
            while (parser.hasNext()) {
                tree.on(parser.next(), parser);
            }
        } catch (JsonParsingException e) {
            throw new MalformedJson(tree.complete() ? "" : tree.pointer(), tree.complete()
                    ? "has data after the JSON document" + at(e.getLocation()) : "is not valid JSON" + at(e.getLocation()));
        } catch (JsonException | IllegalStateException | NumberFormatException | ArithmeticException e) {
            // Parsson refuses numbers too long to convert and input that ends early with these.
            throw new MalformedJson(tree.pointer(), "is not valid JSON");
        }
        if (!tree.complete()) {
            throw new MalformedJson("", "is not valid JSON (the document ends early)");
        }
        return tree.root();
    }

    /** Decodes strictly; on a bad byte, names the value it sits in by parsing what came before it. */
    private static String utf8(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            String before = out.flip().toString();
            throw new MalformedJson(pointerAtEnd(before), "is not valid UTF-8 (byte " + in.position() + ")");
        }
        return out.flip().toString();
    }

    private static String pointerAtEnd(String prefix) {
        try {
            parse(prefix);
            return "";
        } catch (MalformedJson cut) {
            return cut.errors().get(0).field();
        }
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNumber() < 0 ? ""
                : " (line " + location.getLineNumber() + ", column " + location.getColumnNumber() + ")";
    }
}
