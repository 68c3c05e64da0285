package ai.humane.sso.boundary;

import ai.humane.accounts.control.SignInStep;
import ai.humane.sso.control.FirstSignInRace;
import ai.humane.sso.control.IdTokens;
import ai.humane.sso.control.OidcMetadata;
import ai.humane.sso.control.OidcProvider;
import ai.humane.sso.control.SsoRefused;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;

/**
 * The OIDC authorization code flow with PKCE (S5), both legs. No transaction of its own: the flow is begun and
 * taken in transactions of {@link OidcFlows} (so a taken state stays taken whatever follows), the provider is
 * called with no database connection held, and {@link SsoSignIn} runs the sign-in in its own: once more, in another,
 * if it lost the race of a first sign-in ({@link FirstSignInRace}), with the ID token verified once.
 */
@ApplicationScoped
public class OidcSignIn {

    @Inject
    OidcProviders providers;

    @Inject
    OidcFlows flows;

    @Inject
    IdTokens idTokens;

    @Inject
    SsoSignIn signIn;

    @Inject
    OidcMetadata metadata;

    /** Begins a flow for {@code browser} (the flow cookie's value): the provider's authorization URL to send it to. */
    public URI begin(String providerKey, String browser, URI redirectUri) {
        OidcProvider provider = providers.provider(providerKey);
        URI endpoint = metadata.metadata(provider.issuer()).getAuthorizationEndpointURI();
        String state = OidcFlows.random();
        String nonce = OidcFlows.random();
        String verifier = OidcFlows.random();
        flows.begin(provider.key(), state, browser, nonce, verifier);
        return new AuthenticationRequest.Builder(new ResponseType(ResponseType.Value.CODE), new Scope("openid", "email", "profile"),
                new ClientID(provider.clientId()), redirectUri).endpointURI(endpoint).state(new State(state))
                .nonce(new Nonce(nonce)).codeChallenge(new CodeVerifier(verifier), CodeChallengeMethod.S256)
                .build().toURI();
    }

    /**
     * Finishes the flow {@code state} names, begun by {@code browser} for the provider the URL names; the code is
     * redeemed and the ID token verified before {@link SsoSignIn} sees anyone.
     */
    public SignInStep finish(String providerKey, String state, String code, String browser, URI redirectUri,
                                String clientIp, String userAgent) {
        OidcFlows.Flow flow = flows.take(state, browser);
        if (!flow.provider().equals(providerKey)) {
            throw SsoRefused.flowNotRecognised();
        }
        if (code == null || code.isEmpty() || code.length() > 2048) {
            throw SsoRefused.providerError();
        }
        OidcProvider provider = providers.provider(providerKey);
        IdTokens.Verified verified = idTokens.redeem(provider, code, flow.codeVerifier(), flow.nonce(), redirectUri);
        return FirstSignInRace.retriedOnce(
                () -> signIn.signIn(verified.identity(), verified.refreshToken(), clientIp, userAgent));
    }
}
