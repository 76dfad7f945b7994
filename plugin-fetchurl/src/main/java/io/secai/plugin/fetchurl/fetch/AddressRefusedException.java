package io.secai.plugin.fetchurl.fetch;

import java.net.UnknownHostException;

/**
 * Thrown inside the HTTP client when a connection would reach an address that is not allowed. It extends
 * {@link UnknownHostException} because that is what the client's DNS hook may throw.
 */
final class AddressRefusedException extends UnknownHostException {
    private static final long serialVersionUID = 1L;

    AddressRefusedException(String message) {
        super(message);
    }
}
