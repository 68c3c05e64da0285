package ai.humane.publicapi.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Searches the FAQ with {@code websearch_to_tsquery}, which accepts any visitor text without a syntax
 * error, ranked by {@code ts_rank} over the question (weight A) and the answer (weight B).
 */
public final class Faq {

    static final int MAX_RESULTS = 10;

    private static final String SEARCH = """
            SELECT f.id, f.question, f.answer, ts_rank(f.search, q) AS rank
              FROM faq_entries f, websearch_to_tsquery('english', ?) q
             WHERE f.search @@ q
             ORDER BY rank DESC, f.id
             LIMIT %d""".formatted(MAX_RESULTS);

    private static final String ALL = "SELECT id, question, answer, 0 FROM faq_entries ORDER BY id";

    public List<FaqEntry> search(Connection db, String query) throws SQLException {
        boolean all = query == null || query.isBlank();
        try (PreparedStatement statement = db.prepareStatement(all ? ALL : SEARCH)) {
            if (!all) {
                statement.setString(1, query);
            }
            List<FaqEntry> entries = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    entries.add(new FaqEntry(rows.getInt(1), rows.getString(2), rows.getString(3), rows.getDouble(4)));
                }
            }
            return entries;
        }
    }
}
