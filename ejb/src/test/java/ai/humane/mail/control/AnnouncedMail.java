package ai.humane.mail.control;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/** What the Outbox told the dispatcher, for the unit tests: only {@link #fire} is used, and counted. */
final class AnnouncedMail implements Event<MailQueued> {

    private final AtomicInteger fired = new AtomicInteger();

    int count() {
        return fired.get();
    }

    @Override
    public void fire(MailQueued event) {
        fired.incrementAndGet();
    }

    @Override
    public <U extends MailQueued> CompletionStage<U> fireAsync(U event) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <U extends MailQueued> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Event<MailQueued> select(Annotation... qualifiers) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <U extends MailQueued> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <U extends MailQueued> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
        throw new UnsupportedOperationException();
    }
}
