package io.secai.engine.loading;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the providers of a service in one plugin's class loader with {@link ServiceLoader}, one at a time, so that a
 * broken entry (a missing class, no public no-argument constructor, a linkage error) becomes a reason and the
 * others still load.
 */
final class ServiceProviders {

    /** ServiceLoader moves past a broken entry after reporting it; this bounds a loader that would not. */
    private static final int MAX_PROVIDER_ERRORS = 100;

    private ServiceProviders() {
    }

    /**
     * One provider found: the instance, or why there is none.
     *
     * @param instance the provider, or null
     * @param failure the reason, or null
     * @param <T> the service type
     */
    record Attempt<T>(T instance, String failure) {
    }

    /**
     * Creates every provider of {@code service} declared in {@code loader}'s jars.
     *
     * @param service the service interface
     * @param loader the plugin's class loader
     * @param <T> the service type
     * @return one attempt per declared provider, in declaration order
     */
    static <T> List<Attempt<T>> instantiate(Class<T> service, ClassLoader loader) {
        List<Attempt<T>> attempts = new ArrayList<>();
        Iterator<ServiceLoader.Provider<T>> providers;
        try {
            providers = ContextClassLoader.call(loader, () -> ServiceLoader.load(service, loader).stream().iterator());
        } catch (Exception | ServiceConfigurationError | LinkageError e) {
            attempts.add(new Attempt<>(null, "its service list could not be read: " + LoadFailures.describe(e)));
            return attempts;
        }
        int errors = 0;
        while (errors < MAX_PROVIDER_ERRORS) {
            ServiceLoader.Provider<T> provider;
            try {
                Optional<ServiceLoader.Provider<T>> next = ContextClassLoader.call(loader,
                        () -> providers.hasNext() ? Optional.of(providers.next()) : Optional.empty());
                if (next.isEmpty()) {
                    break;
                }
                provider = next.get();
            } catch (ServiceConfigurationError e) {
                errors++;
                attempts.add(new Attempt<>(null, LoadFailures.serviceError(e, service)));
                continue;
            } catch (LinkageError e) {
                errors++;
                attempts.add(new Attempt<>(null, "a provider " + LoadFailures.linkage(e)));
                continue;
            } catch (Exception e) {
                attempts.add(new Attempt<>(null, "its providers could not be listed: " + LoadFailures.describe(e)));
                break;
            }
            attempts.add(create(service, provider, loader));
        }
        return attempts;
    }

    private static <T> Attempt<T> create(Class<T> service, ServiceLoader.Provider<T> provider, ClassLoader loader) {
        try {
            return new Attempt<>(ContextClassLoader.call(loader, provider::get), null);
        } catch (ServiceConfigurationError e) {
            return new Attempt<>(null, LoadFailures.serviceError(e, service));
        } catch (LinkageError e) {
            return new Attempt<>(null, provider.type().getName() + " " + LoadFailures.linkage(e));
        } catch (Exception e) {
            return new Attempt<>(null, provider.type().getName() + " could not be created: "
                    + LoadFailures.describe(e));
        }
    }
}
