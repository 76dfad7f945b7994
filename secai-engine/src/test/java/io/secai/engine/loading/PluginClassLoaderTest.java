package io.secai.engine.loading;

import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.file.Path;
import java.util.Collections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginClassLoaderTest {

    private static PluginClassLoader loaderWithOldJackson() throws Exception {
        Path jackson = PluginJars.libs().resolve("jackson-core-2.17.2.jar");
        return new PluginClassLoader("test-plugin", new URL[] {jackson.toUri().toURL()},
                PluginClassLoaderTest.class.getClassLoader());
    }

    @Test
    void contractAndLoggingClassesAreTheHostsOwn() throws Exception {
        try (PluginClassLoader loader = loaderWithOldJackson()) {
            assertThat(loader.loadClass("io.secai.api.Plugin")).isSameAs(io.secai.api.Plugin.class);
            assertThat(loader.loadClass("org.slf4j.Logger")).isSameAs(org.slf4j.Logger.class);
            assertThat(loader.loadClass("java.sql.Connection")).isSameAs(java.sql.Connection.class);
        }
    }

    @Test
    void everythingElseComesFromThePluginsJarsFirst() throws Exception {
        try (PluginClassLoader loader = loaderWithOldJackson()) {
            Class<?> pluginsFactory = loader.loadClass("com.fasterxml.jackson.core.JsonFactory");

            assertThat(pluginsFactory).isNotSameAs(com.fasterxml.jackson.core.JsonFactory.class);
            assertThat(pluginsFactory.getClassLoader()).isSameAs(loader);
            assertThat(loader.loadClass("com.fasterxml.jackson.core.json.PackageVersion")
                    .getField("VERSION").get(null).toString()).isEqualTo("2.17.2");
        }
    }

    @Test
    void hostLibrariesThePluginDoesNotBringAreInvisible() throws Exception {
        try (PluginClassLoader loader = loaderWithOldJackson()) {
            assertThatThrownBy(() -> loader.loadClass("com.typesafe.config.Config"))
                    .isInstanceOf(ClassNotFoundException.class);
            assertThat(loader.getResource("reference.conf")).isNull();
            assertThat(Collections.list(loader.getResources("META-INF/services/io.secai.api.Plugin"))).isEmpty();
        }
    }
}
