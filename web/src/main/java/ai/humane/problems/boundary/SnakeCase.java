package ai.humane.problems.boundary;

import jakarta.json.bind.config.PropertyNamingStrategy;

/**
 * Java names to the API's {@code snake_case} ({@code providerUrl} is {@code provider_url}). One function for
 * JSON-B and for the strict body reader, so the fields the reader admits are exactly the ones JSON-B binds.
 */
public final class SnakeCase implements PropertyNamingStrategy {

    public static final SnakeCase STRATEGY = new SnakeCase();

    private SnakeCase() {
    }

    @Override
    public String translateName(String javaName) {
        StringBuilder name = new StringBuilder(javaName.length() + 4);
        for (int i = 0; i < javaName.length(); i++) {
            char c = javaName.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0 && javaName.charAt(i - 1) != '_') {
                    name.append('_');
                }
                name.append(Character.toLowerCase(c));
            } else {
                name.append(c);
            }
        }
        return name.toString();
    }
}
