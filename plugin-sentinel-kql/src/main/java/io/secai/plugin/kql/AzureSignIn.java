package io.secai.plugin.kql;

import io.secai.api.ServiceException;
import io.secai.api.TokenProvider;
import io.secai.plugin.kql.query.LogAnalytics;

import java.util.Optional;

/** The Azure identity every workspace call signs in with. */
final class AzureSignIn {
    private AzureSignIn() {
    }

    /** @return the identity, or an error that says where to configure one */
    static TokenProvider tokens(Optional<TokenProvider> tokens) {
        return tokens.orElseThrow(() -> new ServiceException(LogAnalytics.SERVICE,
                ServiceException.Kind.UNAVAILABLE,
                "no Azure identity is available to sign in to the workspace (see azure.auth)"));
    }
}
