package io.secai.testkit.plugin;

import io.secai.api.Client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The clients a test context hands out, found by the exact interface a plugin asks for, as the engine does. */
final class Clients {

    private final Map<Class<? extends Client>, Client> byType = new LinkedHashMap<>();

    <T extends Client> void add(Class<T> type, T client) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(client, () -> "no " + type.getSimpleName() + " given; to offer none, do not add one");
        byType.put(type, client);
    }

    <T extends Client> Optional<T> find(Class<T> type) {
        return Optional.ofNullable(byType.get(type)).map(type::cast);
    }

    Clients copy() {
        Clients copy = new Clients();
        copy.byType.putAll(byType);
        return copy;
    }
}
