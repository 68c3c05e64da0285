package ai.humane.sso.control;

import ai.humane.outbound.control.OutboundResponse;
import ai.humane.webhooks.control.Receivers;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The back channel of the authorization code flow (S5): the code and the PKCE verifier go to the provider's token
 * endpoint (through the SSRF guard's pinned client, authenticated with the client secret), and the ID token that
 * comes back is verified with Nimbus: signature by a key of the provider's JWKS (RS256 or ES256 only; a kid we do
 * not hold fetches the JWKS again), iss, aud, exp, iat (one minute of skew) and the flow's nonce. Then the e-mail
 * claims are read; a token without an e-mail is refused. Google's {@code email_verified} counts only where Google is
 * authoritative for the address ({@link #googleSpeaksFor}).
 */
@ApplicationScoped
public class IdTokens {

    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    @Inject
    Receivers receivers;

    @Inject
    OidcMetadata metadata;

    /** What a verified ID token says, with the refresh token the provider issued alongside (nullable). */
    public record Verified(VerifiedIdentity identity, String refreshToken) {

        @Override
        public String toString() {
            return "Verified[" + identity + "]";
        }
    }

    public Verified redeem(OidcProvider provider, String code, String codeVerifier, String nonce, URI redirectUri) {
        OIDCProviderMetadata document = metadata.metadata(provider.issuer());
        OIDCTokenResponse tokens = exchange(provider, document.getTokenEndpointURI(), code, codeVerifier, redirectUri);
        IDTokenClaimsSet claims = validate(provider, tokens.getOIDCTokens().getIDToken(), new Nonce(nonce));
        Object email = claims.getClaim("email");
        if (!(email instanceof String address)) {
            throw SsoRefused.providerAnswerInvalid();
        }
        boolean verified = Boolean.TRUE.equals(claims.getBooleanClaim("email_verified"))
                && (provider.source().tenantBound() || googleSpeaksFor(address, claims.getClaim("hd")));
        VerifiedIdentity identity = new VerifiedIdentity(provider.source(), claims.getSubject().getValue(), address, verified);
        var refresh = tokens.getOIDCTokens().getRefreshToken();
        return new Verified(identity, refresh == null ? null : refresh.getValue());
    }

    private OIDCTokenResponse exchange(OidcProvider provider, URI endpoint, String code, String verifier, URI redirectUri) {
        String form = URLUtils.serializeParameters(Map.of("grant_type", List.of("authorization_code"), "code", List.of(code),
                "redirect_uri", List.of(redirectUri.toString()), "code_verifier", List.of(verifier)));
        String basic = new ClientSecretBasic(new ClientID(provider.clientId()), new Secret(provider.clientSecret()))
                .toHTTPAuthorizationHeader();
        try {
            OutboundResponse answer = receivers.client().post(endpoint.toString(), Map.of("Content-Type",
                    "application/x-www-form-urlencoded", "Accept", "application/json", "Authorization", basic),
                    form.getBytes(StandardCharsets.UTF_8));
            com.nimbusds.oauth2.sdk.http.HTTPResponse http = new com.nimbusds.oauth2.sdk.http.HTTPResponse(answer.status());
            http.setContentType(answer.header("content-type").orElse("application/json"));
            http.setBody(new String(answer.body(), StandardCharsets.UTF_8));
            TokenResponse parsed = OIDCTokenResponseParser.parse(http);
            if (!parsed.indicatesSuccess()) {
                throw SsoRefused.providerError();
            }
            return (OIDCTokenResponse) parsed.toSuccessResponse();
        } catch (IOException | ParseException | ClassCastException e) {
            throw SsoRefused.providerUnreachable();
        }
    }

    private IDTokenClaimsSet validate(OidcProvider provider, JWT idToken, Nonce nonce) {
        return validate(provider, idToken, nonce, metadata.keySource(provider.issuer()));
    }

    /**
     * Whether Google is authoritative for {@code address}, as Google's own guidance for linking by e-mail has it: a
     * Gmail address, or an account of a Google Workspace organisation (its token names the organisation's domain in
     * {@code hd}). A consumer Google account can be made on any address, which Google verified once but does not
     * control (a role address handed on, a domain since let go): its {@code email_verified} links nobody. A tenant's
     * own connection is judged by the tenant's verified domains instead ({@code SsoSignIn}).
     */
    static boolean googleSpeaksFor(String address, Object hostedDomain) {
        String domain = address.substring(address.lastIndexOf('@') + 1).toLowerCase(java.util.Locale.ROOT);
        return domain.equals("gmail.com") || domain.equals("googlemail.com")
                || hostedDomain instanceof String hd && !hd.isBlank();
    }

    /** The ID token's claims once its signature (by a key of {@code keys}), iss, aud, exp, iat and nonce are checked. */
    static IDTokenClaimsSet validate(OidcProvider provider, JWT idToken, Nonce nonce, JWKSource<SecurityContext> keys) {
        IDTokenValidator validator = new IDTokenValidator(new Issuer(provider.issuer()), new ClientID(provider.clientId()),
                new JWSVerificationKeySelector<>(ALGORITHMS, keys), null);
        try {
            return validator.validate(idToken, nonce);
        } catch (BadJOSEException | JOSEException e) {
            throw SsoRefused.providerAnswerInvalid();
        }
    }
}
