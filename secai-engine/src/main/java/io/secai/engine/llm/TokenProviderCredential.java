package io.secai.engine.llm;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import io.secai.api.TokenProvider;
import reactor.core.publisher.Mono;

import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Set;

/**
 * Lets azure-core ask SecAI's token provider for Entra ID tokens, so that the identity the user signed in with
 * reaches Azure OpenAI without an azure-identity type crossing into the model client.
 */
final class TokenProviderCredential implements TokenCredential {

    private final TokenProvider provider;

    TokenProviderCredential(TokenProvider provider) {
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        return Mono.fromCallable(() -> getTokenSync(request));
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        io.secai.api.AccessToken token = provider.token(Set.copyOf(request.getScopes()));
        return new AccessToken(token.token(), token.expiresAt().atOffset(ZoneOffset.UTC));
    }
}
