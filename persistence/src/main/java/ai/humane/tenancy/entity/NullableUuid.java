package ai.humane.tenancy.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.UUID;

/**
 * For uuid columns that may be NULL: EclipseLink 4.0.7 on PostgreSQL fails converting a NULL uuid
 * to {@link UUID} (NullPointerException on "jdbcValue"). Through this converter the JDBC value is
 * taken as it comes (a UUID from the driver, or null) and handed on untouched.
 */
@Converter
public class NullableUuid implements AttributeConverter<UUID, Object> {

    @Override
    public Object convertToDatabaseColumn(UUID value) {
        return value;
    }

    @Override
    public UUID convertToEntityAttribute(Object value) {
        if (value == null || value instanceof UUID) {
            return (UUID) value;
        }
        return UUID.fromString(value.toString());
    }
}
