package ai.humane.messages.boundary;

import ai.humane.analysis.control.StoredAnalysis;
import ai.humane.edge.boundary.HumaneApi;
import ai.humane.idempotency.boundary.KeptWithout;
import ai.humane.messages.entity.ConversationMessage;
import ai.humane.paging.boundary.PageResponse;
import ai.humane.paging.control.Listing;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.UUID;

/**
 * The conversation of one end user: viewers read, members and up post. A lexicon engine's analysis is in the
 * 201; an LLM engine's says {@code pending} until the dispatcher has it.
 */
@Dependent
@Path(HumaneApi.V1 + "end-users/{endUserId}/messages")
@RolesAllowed("viewer")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MessagesResource {

    @Inject
    Messages messages;

    @POST
    @RolesAllowed("member")
    public Response post(@PathParam("endUserId") UUID endUserId, @Valid @NotNull NewMessage body) {
        Messages.Posted posted = messages.post(endUserId, body.engineId(), body.experimentId(), body.role(), body.content());
        return Response.status(Response.Status.CREATED).entity(view(posted)).build();
    }

    @GET
    public PageResponse<MessageView> list(@PathParam("endUserId") UUID endUserId, @QueryParam("limit") String limit,
                                          @QueryParam("cursor") String cursor) {
        return PageResponse.of(messages.of(endUserId, Listing.limit(limit), cursor), MessagesResource::view);
    }

    private static MessageView view(Messages.Posted posted) {
        ConversationMessage message = posted.message();
        return new MessageView(message.id(), message.endUserId(), message.engineId(), message.experimentId(),
                message.variant(), message.role(), message.content(), message.createdAt().toInstant(),
                posted.analysis() == null ? null : AnalysisView.of(posted.analysis()));
    }

    /** {@code engine_id}, or {@code experiment_id} of a running experiment whose variant picks the engine. */
    public record NewMessage(UUID engineId,
                             UUID experimentId,
                             @NotNull @Pattern(regexp = "user|assistant|system") String role,
                             @NotBlank @Size(max = 32768) String content) {
    }

    /**
     * A message as answered. Its text is kept in {@code conversation_messages} and nowhere else, so the answer kept
     * for an idempotent replay of its POST leaves it out: a replay answers {@code content} null (until 2026-12-06 the
     * text was also kept, whole, for 24 hours in the idempotency store).
     */
    public record MessageView(UUID id, UUID endUserId, UUID engineId, UUID experimentId, String variant, String role,
                              String content, Instant createdAt, AnalysisView analysis) implements KeptWithout {

        @Override
        public Object replay() {
            return new MessageView(id, endUserId, engineId, experimentId, variant, role, null, createdAt, analysis);
        }
    }

    /** Sentiment, emotions, flags and language of one message, and how they were found. */
    public record AnalysisView(String status, String method, UUID engineId, String fallbackReason, Sentiment sentiment,
                               JsonObject emotions, JsonArray flags, String language, Instant analysedAt) {

        static AnalysisView of(StoredAnalysis a) {
            return new AnalysisView(a.status(), a.method(), a.engineId(), a.fallbackReason(),
                    a.score() == null ? null : new Sentiment(a.score(), a.label()), a.emotions(), a.flags(), a.language(),
                    a.analysedAt());
        }
    }

    /** A score in [-1, 1] and its label: positive, negative, neutral or mixed. */
    public record Sentiment(double score, String label) {
    }
}
