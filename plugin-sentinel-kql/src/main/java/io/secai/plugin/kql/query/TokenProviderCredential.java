package io.secai.plugin.kql.query;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import io.secai.api.TokenProvider;
import reactor.core.publisher.Mono;

import java.time.ZoneOffset;
import java.util.LinkedHashSet;

/**
 * The host's {@link TokenProvider} as an azure-core {@link TokenCredential}: tokens cross the class-loader boundary
 * as the API's own type, and this plugin's copy of azure-core gets its own type back.
 */
final class TokenProviderCredential implements TokenCredential {
    private final TokenProvider tokens;

    TokenProviderCredential(TokenProvider tokens) {
        this.tokens = tokens;
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        return Mono.fromCallable(() -> getTokenSync(request));
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        io.secai.api.AccessToken token = tokens.token(new LinkedHashSet<>(request.getScopes()));
        return new AccessToken(token.token(), token.expiresAt().atOffset(ZoneOffset.UTC));
    }
}
