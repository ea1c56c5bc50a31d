package org.netllm.server;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Supplier;

/** Builds each connection's pipeline: bounded HTTP decoding, then one handler per responsibility. */
final class VideoServerInitializer extends ChannelInitializer<SocketChannel> {

    static final int MAX_INITIAL_LINE = 4096;
    static final int MAX_HEADER_BYTES = 8192;

    private final Path content;
    private final int maxBodyBytes;
    private final ServerMetrics metrics;
    private final SegmentLog segments;
    private final Supplier<DecisionApiHandler> api;
    private final MetricsHandler metricsHandler;

    VideoServerInitializer(Path content, int maxBodyBytes, ServerMetrics metrics, SegmentLog segments,
                           Supplier<DecisionApiHandler> api, MetricsHandler metricsHandler) {
        this.content = content;
        this.maxBodyBytes = maxBodyBytes;
        this.metrics = metrics;
        this.segments = segments;
        this.api = api;
        this.metricsHandler = metricsHandler;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        try {
            channel.pipeline()
                    .addLast(new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_BYTES, 8192))
                    .addLast(new BoundedAggregator(maxBodyBytes))
                    .addLast(new RequestGuard())
                    .addLast(api.get())
                    .addLast(new ContentHandler(content, metrics, segments))
                    .addLast(new WebAssetHandler())
                    .addLast(metricsHandler)
                    .addLast(new NotFoundHandler());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
