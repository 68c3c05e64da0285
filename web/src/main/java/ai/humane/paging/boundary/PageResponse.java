package ai.humane.paging.boundary;

import ai.humane.paging.control.Listing;
import java.util.List;
import java.util.function.Function;

/** A page of a list endpoint: {@code {data, has_more, next_cursor}}, newest first. */
public record PageResponse<T>(List<T> data, boolean hasMore, String nextCursor) {

    public static <E, T> PageResponse<T> of(Listing.Page<E> page, Function<E, T> view) {
        return new PageResponse<>(page.items().stream().map(view).toList(), page.nextCursor() != null, page.nextCursor());
    }
}
