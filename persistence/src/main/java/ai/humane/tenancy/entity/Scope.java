package ai.humane.tenancy.entity;



/** What an API key may do: {@code read} keys are refused on every mutating request. */
public enum Scope {
    READ("read"), WRITE("read,write");

    private final String column;

    Scope(String column) {
        this.column = column;
    }

    public String column() {
        return column;
    }

    public static Scope fromColumn(String column) {
        return WRITE.column.equals(column) ? WRITE : READ;
    }
}
