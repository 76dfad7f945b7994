package io.secai.api;

import java.util.Set;

/**
 * Access tokens from the identity the user signed in with (Entra ID). A plugin adapts it to its own SDK's credential
 * type, so no SDK type crosses the class-loader boundary.
 *
 * @since 1.0
 */
public interface TokenProvider extends Client {

    /**
     * An access token for the given scopes, cached and refreshed by the host.
     *
     * @param scopes for example {@code https://api.loganalytics.io/.default}
     * @return the token
     * @throws ServiceException of kind {@link ServiceException.Kind#UNAVAILABLE} when no identity is signed in,
     *     saying why
     */
    AccessToken token(Set<String> scopes);
}
