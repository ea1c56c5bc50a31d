package org.netllm.server;

import io.netty.handler.codec.http.HttpMethod;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where one task's JSON API lives and what its answers call things, for {@link ApiHandler}: the collection at
 * {@code prefix}, one resource at {@code prefix/{id}}, its action at {@code prefix/{id}/action}. Declared once per
 * task, so that its patterns are compiled once and not per connection. This class is immutable and threadsafe.
 */
public final class ApiRoutes {

    /** What the collection's path with a trailing slash is. */
    public enum TrailingSlash {
        /** The collection, as without it. */
        COLLECTION,
        /** No route: 404. */
        NO_ROUTE
    }

    /** What a request is under these routes, from its method and path alone. */
    public enum Kind {
        /** Not under the prefix: another handler's. */
        ELSEWHERE,
        /** {@code POST prefix}. */
        CREATE,
        /** {@code GET}/{@code HEAD prefix}. */
        LIST,
        /** {@code POST prefix/{id}/action}. */
        ACT,
        /** {@code GET}/{@code HEAD prefix/{id}}. */
        READ,
        /** A route, another method: 405 with {@code allow}. */
        NOT_ALLOWED,
        /** Under the prefix, no route: 404. */
        NOT_FOUND
    }

    /**
     * Where a request lands.
     *
     * @param id    the resource's id for {@link Kind#ACT} and {@link Kind#READ}, else null
     * @param allow the methods the route takes for {@link Kind#NOT_ALLOWED}, else null
     */
    public record Route(Kind kind, String id, String allow) {
        static Route of(Kind kind) {
            return new Route(kind, null, null);
        }
    }

    /** What the answers call things. */
    private record Names(String resource, String list, String api, String readmeSection, String idField,
                         String registry) {
    }

    private final String prefix;
    private final String idPattern;
    private final String action;
    private final TrailingSlash slash;
    private final Names names;
    private final Pattern resourcePath;
    private final Pattern actionPath;

    private ApiRoutes(String prefix, String idPattern, String action, TrailingSlash slash, Names names) {
        this.prefix = prefix;
        this.idPattern = idPattern;
        this.action = action;
        this.slash = slash;
        this.names = names;
        this.resourcePath = Pattern.compile(Pattern.quote(prefix) + "/(" + idPattern + ")");
        this.actionPath = Pattern.compile(Pattern.quote(prefix) + "/(" + idPattern + ")/" + Pattern.quote(action));
    }

    /**
     * An API under {@code prefix} (e.g. {@code /api/vp/sessions}) whose ids in a path match the regular expression
     * {@code idPattern} and whose resources' owners post to {@code prefix/{id}/action} (e.g. {@code samples}).
     */
    public static ApiRoutes under(String prefix, String idPattern, String action) {
        return new ApiRoutes(prefix, idPattern, action, TrailingSlash.NO_ROUTE,
                new Names("resource", "list", "API", "API", "id", "registry"));
    }

    /** What messages call one resource ({@code viewer session}) and the collection ({@code viewer list}). */
    public ApiRoutes naming(String resource, String list) {
        return new ApiRoutes(prefix, idPattern, action, slash, new Names(resource, list, names.api(),
                names.readmeSection(), names.idField(), names.registry()));
    }

    /** What a 404 calls the API ({@code VP API}) and the section of video-server/README.md it points to. */
    public ApiRoutes documentedAs(String api, String readmeSection) {
        return new ApiRoutes(prefix, idPattern, action, slash, new Names(names.resource(), names.list(), api,
                readmeSection, names.idField(), names.registry()));
    }

    /**
     * What a create's answer calls the new id ({@code sessionId}), and who opens resources ({@code session
     * registry}), for the 503 when it does not answer.
     */
    public ApiRoutes opening(String idField, String registry) {
        return new ApiRoutes(prefix, idPattern, action, slash, new Names(names.resource(), names.list(), names.api(),
                names.readmeSection(), idField, registry));
    }

    public ApiRoutes withTrailingSlash(TrailingSlash meaning) {
        return new ApiRoutes(prefix, idPattern, action, meaning, names);
    }

    public String prefix() {
        return prefix;
    }

    /** Where a request with {@code method} on {@code path} (decoded, no query) lands. */
    public Route route(HttpMethod method, String path) {
        if (!path.startsWith(prefix)) {
            return Route.of(Kind.ELSEWHERE);
        }
        boolean reads = method.equals(HttpMethod.GET)
                || method.equals(HttpMethod.HEAD);
        boolean posts = method.equals(HttpMethod.POST);
        if (isCollection(path)) {
            return posts ? Route.of(Kind.CREATE) : reads ? Route.of(Kind.LIST)
                    : new Route(Kind.NOT_ALLOWED, null, "GET, HEAD, POST");
        }
        Matcher act = actionPath.matcher(path);
        if (act.matches()) {
            return posts ? new Route(Kind.ACT, act.group(1), null) : new Route(Kind.NOT_ALLOWED, null, "POST");
        }
        Matcher resource = resourcePath.matcher(path);
        if (resource.matches()) {
            return reads ? new Route(Kind.READ, resource.group(1), null)
                    : new Route(Kind.NOT_ALLOWED, null, "GET, HEAD");
        }
        return Route.of(Kind.NOT_FOUND);
    }

    boolean isCollection(String path) {
        return path.equals(prefix) || slash == TrailingSlash.COLLECTION && path.equals(prefix + "/");
    }

    Pattern resourcePath() {
        return resourcePath;
    }

    Pattern actionPath() {
        return actionPath;
    }

    String resource() {
        return names.resource();
    }

    String idField() {
        return names.idField();
    }

    String notFound(String path) {
        return "no " + names.api() + " resource " + path + "; see video-server/README.md for the "
                + names.readmeSection();
    }

    String listClosed() {
        return "the " + names.list() + " is open to this machine only; from elsewhere send Authorization: Bearer KEY "
                + "with the server's --admin-key";
    }

    String registryLate() {
        return "the " + names.registry() + " did not answer in time; retry";
    }
}
