package io.secai.web.pages;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The page's files, read once from the jar's {@code web/} folder. Only the files listed here are served, so no
 * request path can reach anything else on the class path.
 */
public final class Assets {

    private static final Map<String, String> TYPES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "login.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "login.js", "text/javascript; charset=utf-8",
            "style.css", "text/css; charset=utf-8");

    private final Map<String, byte[]> files;

    private Assets(Map<String, byte[]> files) {
        this.files = Map.copyOf(files);
    }

    /**
     * Reads every asset from the class path.
     *
     * @return the assets
     * @throws IllegalStateException when one is missing from the jar
     */
    public static Assets load() {
        Map<String, byte[]> files = new HashMap<>();
        for (String name : TYPES.keySet()) {
            try (InputStream in = Assets.class.getResourceAsStream("/web/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("the web frontend's jar lacks web/" + name);
                }
                files.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read web/" + name + " from the jar", e);
            }
        }
        return new Assets(files);
    }

    /**
     * Answers with one asset, or 404.
     *
     * @param ctx the request
     * @param name the file name
     */
    public void serve(Context ctx, String name) {
        Optional<byte[]> body = Optional.ofNullable(files.get(name));
        if (body.isEmpty()) {
            ctx.status(HttpStatus.NOT_FOUND).result("Not found");
            return;
        }
        ctx.contentType(TYPES.get(name)).result(body.get());
    }
}
