package org.netllm.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP port of a node that serves no player (a policy-only cluster node): {@code /metrics} from its registry,
 * {@code /healthz} and {@code /readyz}; anything else is 404 naming these. GET and HEAD only, no bodies. Start with
 * {@link #start}, stop with {@link #close}.
 */
public final class OperationsServer implements AutoCloseable {

    static final String NOT_FOUND = "nothing at this path; this node serves only /metrics, /healthz and /readyz";
    /** Nothing here takes a body: a small limit keeps each connection small. */
    private static final int MAX_BODY_BYTES = 1024;

    private final EventLoopGroup group;
    private final Channel channel;
    private final Readiness readiness;

    private OperationsServer(EventLoopGroup group, Channel channel, Readiness readiness) {
        this.group = group;
        this.channel = channel;
        this.readiness = readiness;
    }

    /** Listens on {@code bind:port} (0: any free port). */
    public static OperationsServer start(InetAddress bind, int port, PrometheusRegistry registry, Readiness readiness)
            throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        MetricsHandler metrics = new MetricsHandler(registry);
        HealthHandler health = new HealthHandler(readiness);
        ClientErrorLog log = ClientErrorLog.toSlf4j();
        ServerMetrics serverMetrics = new ServerMetrics();
        try {
            Channel channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(VideoServerInitializer.MAX_INITIAL_LINE,
                                            VideoServerInitializer.MAX_HEADER_BYTES, 8192))
                                    .addLast(new HttpObjectAggregator(MAX_BODY_BYTES))
                                    .addLast(health)
                                    .addLast(metrics)
                                    .addLast(new ErrorBoundary(log, serverMetrics, NOT_FOUND));
                        }
                    })
                    .bind(new InetSocketAddress(bind, port)).sync().channel();
            return new OperationsServer(group, channel, readiness);
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** The base URL, as an IP literal. */
    public URI uri() {
        InetSocketAddress address = (InetSocketAddress) channel.localAddress();
        String host = address.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort());
    }

    /** What {@code /readyz} answers from. */
    public Readiness readiness() {
        return readiness;
    }

    @Override
    public void close() {
        readiness.closing();
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
