package io.secai.engine.loading;

import io.secai.api.Client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The clients plugins can ask for, by interface: the host's own (the model client, the token provider) and those
 * that plugin jars provide through {@link io.secai.api.ClientProvider}. Each interface has one client.
 */
public final class ClientRegistry {

    private final Map<Class<? extends Client>, Registration> clients = new LinkedHashMap<>();

    /**
     * A client and who provided it.
     *
     * @param client the instance
     * @param provider {@code SecAI} for the host's own, else the jar or folder name
     * @param loader the class loader to call it with
     */
    record Registration(Client client, String provider, ClassLoader loader) {
    }

    ClientRegistry() {
    }

    /**
     * @param type a client interface
     * @param <T> the client type
     * @return the client registered for it, or empty
     */
    public synchronized <T extends Client> Optional<T> get(Class<T> type) {
        Registration registration = clients.get(type);
        return registration == null ? Optional.empty() : Optional.of(type.cast(registration.client()));
    }

    /** @return the client interfaces that have a client */
    public synchronized Set<Class<? extends Client>> types() {
        return Set.copyOf(clients.keySet());
    }

    /**
     * Registers a host client under every client interface it implements.
     *
     * @param client the host's client
     */
    synchronized void registerHost(Client client) {
        for (Class<? extends Client> type : clientInterfaces(client.getClass())) {
            clients.putIfAbsent(type, new Registration(client, "SecAI", ClientRegistry.class.getClassLoader()));
        }
    }

    /**
     * @param type the interface
     * @return who already provides it, if anyone
     */
    synchronized Optional<String> providerOf(Class<? extends Client> type) {
        return Optional.ofNullable(clients.get(type)).map(Registration::provider);
    }

    synchronized void register(Class<? extends Client> type, Client client, String provider, ClassLoader loader) {
        clients.put(type, new Registration(client, provider, loader));
    }

    synchronized java.util.List<Registration> registrations() {
        return java.util.List.copyOf(new java.util.LinkedHashSet<>(clients.values()));
    }

    private static Set<Class<? extends Client>> clientInterfaces(Class<?> type) {
        Set<Class<? extends Client>> found = new java.util.LinkedHashSet<>();
        collect(type, found);
        return found;
    }

    private static void collect(Class<?> type, Set<Class<? extends Client>> found) {
        if (type == null) {
            return;
        }
        for (Class<?> candidate : type.getInterfaces()) {
            if (Client.class.isAssignableFrom(candidate) && candidate != Client.class) {
                found.add(candidate.asSubclass(Client.class));
            }
            collect(candidate, found);
        }
        collect(type.getSuperclass(), found);
    }

    @Override
    public synchronized String toString() {
        return "ClientRegistry" + clients.keySet().stream().map(Class::getSimpleName).toList();
    }
}
