package ai.humane.idempotency.boundary;

import ai.humane.audit.control.RequestReads;
import ai.humane.authentication.boundary.AuthenticatedCaller;
import ai.humane.edge.boundary.EdgeChain;
import ai.humane.edge.boundary.FilterOrder;
import ai.humane.idempotency.control.CarriedOut;
import ai.humane.idempotency.control.Claim;
import ai.humane.idempotency.control.IdempotencyKeys;
import ai.humane.idempotency.control.IdempotencyRecords;
import ai.humane.idempotency.control.IdempotencyScope;
import ai.humane.idempotency.control.StoredResponse;
import ai.humane.problems.control.InvalidField;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.Providers;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.util.Set;

/**
 * Runs after the rate limit and the body limit (the body is already buffered, at most 1 MiB). Only
 * authenticated writes are covered: the key is scoped to a tenant and a credential. A replay's stored answer is
 * sent by {@link IdempotentReplay}, after the route's gates, not here. Answers of 400 and
 * up are not kept, so a corrected request may reuse the key. An answer that hands out a secret, or carries an
 * end user's message text ({@link KeptWithout}), is kept without it, or not at all, never whole. The reads of
 * end-user data the request recorded ({@link RequestReads}, noted on the request's thread from the claim on) are
 * kept with the answer, in the same statement, for the replay to record again (O6).
 */
@Dependent
@PreMatching
@Priority(FilterOrder.IDEMPOTENCY)
@Provider
public class IdempotencyFilter implements ContainerRequestFilter, ContainerResponseFilter, WriterInterceptor {

    public static final String HEADER = "Idempotency-Key";
    private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final String CLAIMED = IdempotencyFilter.class.getName() + ".claimed";
    private static final String STATUS = IdempotencyFilter.class.getName() + ".status";
    /** The stored answer a replay gets, kept for {@link IdempotentReplay}. */
    static final String REPLAY = IdempotencyFilter.class.getName() + ".replay";
    private static final int MAX_KEY = 255;

    @Inject
    SecurityContext security;

    @Inject
    IdempotencyKeys keys;

    @Context
    Providers providers;

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        CarriedOut.served(); // whatever a request before left on this thread
        RequestReads.forget();
        if (EdgeChain.off()) {
            return;
        }
        String key = request.getHeaderString(HEADER);
        if (key == null || !MUTATING.contains(request.getMethod())) {
            return;
        }
        var caller = AuthenticatedCaller.of(request, security);
        if (caller.isEmpty()) {
            return;
        }
        if (key.isEmpty() || key.length() > MAX_KEY || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new InvalidField("Idempotency-Key", "must be 1 to 255 visible ASCII characters");
        }
        byte[] body = request.hasEntity() ? request.getEntityStream().readAllBytes() : new byte[0];
        request.setEntityStream(new ByteArrayInputStream(body));
        IdempotencyScope scope = new IdempotencyScope(caller.get().tenantId(), caller.get().getName(), key);
        URI target = request.getUriInfo().getRequestUri();
        byte[] fingerprint = IdempotencyRecords.fingerprint(request.getMethod(), target.getRawPath(),
                target.getRawQuery(), body);
        Claim claim = keys.claim(scope, fingerprint);
        if (claim instanceof Claim.Replay replay) {
            request.setProperty(REPLAY, replay.response()); // answered once the route's gates let it through
        } else {
            request.setProperty(CLAIMED, claim);
            CarriedOut.serving((Claim.Claimed) claim);
            RequestReads.noting();
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        CarriedOut.served();
        if (EdgeChain.off()) {
            return;
        }
        if (!(request.getProperty(CLAIMED) instanceof Claim.Claimed claimed)) {
            return;
        }
        if (response.getStatus() >= 400) {
            request.removeProperty(CLAIMED);
            RequestReads.forget();
            keys.release(claimed);
        } else if (!response.hasEntity()) {
            request.removeProperty(CLAIMED);
            keys.complete(claimed, new StoredResponse(response.getStatus(), null, location(response), new byte[0],
                    RequestReads.noted()));
        } else {
            request.setProperty(STATUS, response.getStatus());
        }
    }

    /**
     * Keeps a copy of the bytes as they go out, then stores them with the status, the headers and the reads noted
     * until the last byte (an answer written from the database would note its reads while it is written).
     */
    @Override
    public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
        if (EdgeChain.off()) {
            context.proceed();
            return;
        }
        if (!(context.getProperty(CLAIMED) instanceof Claim.Claimed claimed)) {
            context.proceed();
            return;
        }
        context.removeProperty(CLAIMED);
        if (context.getEntity() instanceof KeptWithout kept) {
            context.proceed();
            Object replay = kept.replay();
            if (replay == null) {
                RequestReads.forget();
                keys.release(claimed);
            } else {
                keys.complete(claimed, stored(context, serialized(replay, context)));
            }
            return;
        }
        var copy = new TeeStream(context.getOutputStream());
        context.setOutputStream(copy);
        context.proceed();
        keys.complete(claimed, stored(context, copy.copy()));
    }

    private static StoredResponse stored(WriterInterceptorContext context, byte[] body) {
        Object type = context.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE);
        Object location = context.getHeaders().getFirst(HttpHeaders.LOCATION);
        return new StoredResponse((Integer) context.getProperty(STATUS),
                type == null ? context.getMediaType().toString() : type.toString(),
                location == null ? null : location.toString(), body, RequestReads.noted());
    }

    /** The replay body as the same writer would have written it (the API's JSON settings). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private byte[] serialized(Object body, WriterInterceptorContext context) throws IOException {
        MessageBodyWriter writer = providers.getMessageBodyWriter(body.getClass(), body.getClass(),
                context.getAnnotations(), context.getMediaType());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.writeTo(body, body.getClass(), body.getClass(), context.getAnnotations(), context.getMediaType(),
                new MultivaluedHashMap<>(), out);
        return out.toByteArray();
    }

    private static String location(ContainerResponseContext response) {
        return response.getLocation() == null ? null : response.getLocation().toString();
    }
}
