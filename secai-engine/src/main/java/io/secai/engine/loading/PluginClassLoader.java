package io.secai.engine.loading;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The class loader of one plugin: its own jars first, so that it may bring any version of any library, except for
 * what it must share with the host.
 *
 * <p>Shared, parent-first: the JDK (every package of a module the boot or platform class loader defines, which
 * covers {@code java.*}, the JDK's {@code javax.*}, {@code org.w3c.*} and {@code jdk.*}), SecAI's plugin contract
 * ({@code io.secai.api}, from the host's loader, so that a plugin's {@code Plugin} is the host's {@code Plugin}) and
 * {@code org.slf4j} (so that a plugin logs through the host's logging). Everything else is looked up in the
 * plugin's jars first and in the JDK after; a {@code javax.*} package that is not part of the JDK, such as
 * {@code javax.annotation}, comes from the plugin.
 */
final class PluginClassLoader extends URLClassLoader {

    static {
        registerAsParallelCapable();
    }

    private static final List<String> HOST_PREFIXES = List.of("io.secai.api.", "org.slf4j.");
    private static final List<String> HOST_RESOURCE_PREFIXES = List.of("io/secai/api/", "org/slf4j/");

    /** The packages of the JDK's own modules: what the platform loader (or the boot loader behind it) defines. */
    private static final Set<String> JDK_PACKAGES = ModuleLayer.boot().modules().stream()
            .filter(module -> module.getClassLoader() == null
                    || module.getClassLoader() == ClassLoader.getPlatformClassLoader())
            .map(Module::getDescriptor)
            .flatMap(descriptor -> descriptor.packages().stream())
            .collect(Collectors.toUnmodifiableSet());

    private final ClassLoader host;

    /**
     * @param name the plugin's jar or folder name, shown in class-loading errors
     * @param jars the plugin's class path
     * @param host the loader that defines {@code io.secai.api} and {@code org.slf4j}
     */
    PluginClassLoader(String name, URL[] jars, ClassLoader host) {
        super(name, jars, ClassLoader.getPlatformClassLoader());
        this.host = host;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                if (isHostShared(name)) {
                    loaded = host.loadClass(name);
                } else if (isJdk(name)) {
                    loaded = getParent().loadClass(name);
                } else {
                    try {
                        loaded = findClass(name);
                    } catch (ClassNotFoundException notInPlugin) {
                        loaded = getParent().loadClass(name);
                    }
                }
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    @Override
    public URL getResource(String name) {
        if (isHostSharedResource(name)) {
            return host.getResource(name);
        }
        URL own = findResource(name);
        return own != null ? own : getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (isHostSharedResource(name)) {
            return host.getResources(name);
        }
        List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
        all.addAll(Collections.list(getParent().getResources(name)));
        return Collections.enumeration(all);
    }

    static boolean isHostShared(String className) {
        return HOST_PREFIXES.stream().anyMatch(className::startsWith);
    }

    private static boolean isHostSharedResource(String resource) {
        String path = resource.startsWith("/") ? resource.substring(1) : resource;
        return HOST_RESOURCE_PREFIXES.stream().anyMatch(path::startsWith);
    }

    private static boolean isJdk(String className) {
        if (className.startsWith("java.")) {
            return true;
        }
        int lastDot = className.lastIndexOf('.');
        return lastDot > 0 && JDK_PACKAGES.contains(className.substring(0, lastDot));
    }

    @Override
    public String toString() {
        return "PluginClassLoader[" + getName() + "]";
    }
}
