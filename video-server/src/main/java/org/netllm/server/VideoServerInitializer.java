package org.netllm.server;

import java.util.List;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Builds each connection's pipeline: the connection cap and timeouts, bounded HTTP decoding, one request at a time,
 * then one handler per responsibility and the error boundary.
 */
final class VideoServerInitializer extends ChannelInitializer<SocketChannel> {

    static final int MAX_INITIAL_LINE = 4096;
    static final int MAX_HEADER_BYTES = 8192;

    private final Path content;
    private final BodyLimits bodyLimits;
    private final HttpLimits limits;
    private final ConnectionLimit connectionLimit;
    private final ClientErrorLog log;
    private final ServerMetrics metrics;
    private final SegmentLog segments;
    private final List<Supplier<? extends ChannelHandler>> apis;
    private final MetricsHandler metricsHandler;
    private final SegmentSteering steering;
    private final HealthHandler health;
    private final List<ApiGate.Api> gated;
    private final CorsPolicy cors;
    private final OpenApiHandler openApi = new OpenApiHandler();

    VideoServerInitializer(Path content, BodyLimits bodyLimits, HttpLimits limits, ConnectionLimit connectionLimit,
                           ClientErrorLog log, ServerMetrics metrics, SegmentLog segments,
                           List<Supplier<? extends ChannelHandler>> apis, MetricsHandler metricsHandler,
                           SegmentSteering steering, HealthHandler health, List<ApiGate.Api> gated,
                           CorsPolicy cors) {
        this.gated = List.copyOf(gated);
        this.cors = cors;
        this.steering = steering;
        this.health = health;
        this.content = content;
        this.bodyLimits = bodyLimits;
        this.limits = limits;
        this.connectionLimit = connectionLimit;
        this.log = log;
        this.metrics = metrics;
        this.segments = segments;
        this.apis = List.copyOf(apis);
        this.metricsHandler = metricsHandler;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        // Reads are asked for by RequestSequencer, one request at a time.
        channel.config().setAutoRead(false);
        ConnectionTimeouts timeouts = new ConnectionTimeouts(limits.requestTimeout(), log);
        try {
            var pipeline = channel.pipeline()
                    .addLast(connectionLimit)
                    .addLast(new IdleStateHandler(true, 0, 0, limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS))
                    .addLast(timeouts)
                    .addLast(new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_BYTES, 8192))
                    .addLast(new RequestSequencer(timeouts, metrics))
                    .addLast(new CorsHandler(cors))
                    .addLast(new ApiGate(gated, bodyLimits, log))
                    .addLast(new BoundedAggregator(bodyLimits))
                    .addLast(new RequestGuard(log, bodyLimits))
                    .addLast(health)
                    .addLast(openApi);
            // Each task's API handler takes its own routes and passes the rest on.
            for (Supplier<? extends ChannelHandler> api : apis) {
                pipeline.addLast(api.get());
            }
            pipeline.addLast(new ContentHandler(content, metrics, segments, steering))
                    .addLast(new WebAssetHandler())
                    .addLast(metricsHandler)
                    .addLast(new ErrorBoundary(log, metrics));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
