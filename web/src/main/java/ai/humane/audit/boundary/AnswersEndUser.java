package ai.humane.audit.boundary;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A write whose answer carries one end user whole, which its EJB records as a read of them under a BAA (O6,
 * {@code EndUserDataReads}): {@link #kind()} is the kind the read names, {@link #endUser()} the path parameter naming
 * the end user. A replay of the stored answer (A2) runs no EJB, so {@code IdempotentReplay} records the same read for
 * it from this mark: by the replaying caller, of the same end user, noted {@code replayed}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AnswersEndUser {

    /** The kind of the read, as the route's EJB records it. */
    String kind();

    /** The path parameter holding the end user's id. */
    String endUser() default "id";
}
