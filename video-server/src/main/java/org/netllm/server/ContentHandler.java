package org.netllm.server;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.nio.file.Path;

/**
 * Serves the DASH content directory under {@value #PREFIX}: GET and HEAD, byte ranges (206/416), zero-copy transfer
 * with {@link DefaultFileRegion}. Paths are confined to the directory: a path that normalises outside it is refused
 * with 403; a symbolic link that leads outside it is answered 404 exactly as a missing file is, whether its target
 * exists or not, so that links cannot be used to probe which files exist elsewhere. A path that names a file with a
 * trailing {@code /} is not that file (404). Each request is first put to the server's {@link SegmentSteering}
 * (CMCD in, CMSD out), whose headers the response carries and which hears how long its body took to send.
 */
final class ContentHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    static final String PREFIX = "/video/";

    private final ContentPaths paths;
    private final ServerMetrics metrics;
    private final SegmentLog segments;
    private final SegmentSteering steering;

    ContentHandler(Path root, ServerMetrics metrics, SegmentLog segments, SegmentSteering steering) throws IOException {
        this.paths = new ContentPaths(root);
        this.metrics = metrics;
        this.segments = segments;
        this.steering = steering;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws IOException {
        QueryStringDecoder target = new QueryStringDecoder(request.uri());
        String path = target.path();
        if (!path.startsWith(PREFIX)) {
            ctx.fireChannelRead(request.retain());
            return;
        }
        serve(ctx, request, target, path.substring(PREFIX.length()));
    }

    private void serve(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder target, String relative)
            throws IOException {
        if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            Responses.notAllowed(ctx, request, "GET, HEAD");
            return;
        }
        ContentPaths.Resolution resolved = paths.resolve(relative);
        if (resolved instanceof ContentPaths.Outside) {
            Responses.error(ctx, request, HttpResponseStatus.FORBIDDEN, "path leaves the content directory");
            return;
        }
        if (resolved instanceof ContentPaths.Malformed) {
            Responses.error(ctx, request, HttpResponseStatus.BAD_REQUEST, "malformed path");
            return;
        }
        if (!(resolved instanceof ContentPaths.Found found)) {
            Responses.error(ctx, request, HttpResponseStatus.NOT_FOUND, "no such file");
            return;
        }
        Path real = found.file();
        String name = real.getFileName().toString();
        HttpRequest head = Responses.headOf(request);
        InetAddress client = ctx.channel().remoteAddress() instanceof InetSocketAddress peer
                && peer.getAddress() != null ? peer.getAddress() : InetAddress.getLoopbackAddress();
        // The folder under /video/: "" for the server's video, a title's name for one of its titles.
        int slash = relative.lastIndexOf('/');
        String title = slash < 0 ? "" : relative.substring(0, slash);
        CompletableFuture<SegmentSteering.Answer> answer = steering.steer(new SegmentSteering.ContentRequest(head,
                target.parameters(), title, name, DashContent.segmentOf(name).orElse(null), client,
                System.nanoTime()))
                .toCompletableFuture();
        if (answer.isDone()) {
            answered(ctx, head, real, answer.getNow(null));
            return;
        }
        // A decision is pending (CMSD): the response waits for it, on this channel's event loop.
        answer.whenCompleteAsync((steer, failure) -> answered(ctx, head, real, steer), Responses.eventLoopOf(ctx));
    }

    private void answered(ChannelHandlerContext ctx, HttpRequest request, Path file, SegmentSteering.Answer answer) {
        if (answer instanceof SegmentSteering.Refuse refuse) {
            Responses.error(ctx, request, HttpResponseStatus.BAD_REQUEST, refuse.message());
            return;
        }
        SegmentSteering.Steer steer = answer instanceof SegmentSteering.Steer s
                ? s : new SegmentSteering.Steer(java.util.Map.of(), SegmentSteering.Delivery.IGNORED);
        try {
            sendFile(ctx, request, file, steer);
        } catch (IOException e) {
            steer.delivered().sent(0, System.nanoTime(), System.nanoTime(), false);
            ctx.fireExceptionCaught(e);
        }
    }

    private void sendFile(ChannelHandlerContext ctx, HttpRequest request, Path file, SegmentSteering.Steer steer)
            throws IOException {
        RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r");
        long length = raf.length();
        ByteRange.Request wanted = ByteRange.parse(request.headers().get(HttpHeaderNames.RANGE), length);
        if (wanted instanceof ByteRange.Unsatisfiable) {
            raf.close();
            steer.delivered().sent(0, System.nanoTime(), System.nanoTime(), false);
            var response = Responses.full(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE, Responses.JSON_TYPE,
                    ("{\"error\":\"range outside the file's " + length + " bytes\",\"status\":416}").getBytes());
            response.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + length);
            Responses.send(ctx, request, response);
            return;
        }
        ByteRange range = wanted instanceof ByteRange.Part part ? part.range() : new ByteRange(0, length - 1);
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1,
                wanted instanceof ByteRange.Part ? HttpResponseStatus.PARTIAL_CONTENT : HttpResponseStatus.OK);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, MediaTypes.of(file.getFileName().toString()));
        response.headers().set(HttpHeaderNames.ACCEPT_RANGES, HttpHeaderValues.BYTES);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        steer.headers().forEach((name, value) -> response.headers().set(name, value));
        HttpUtil.setContentLength(response, length == 0 ? 0 : range.length());
        if (wanted instanceof ByteRange.Part) {
            response.headers().set(HttpHeaderNames.CONTENT_RANGE,
                    "bytes " + range.first() + "-" + range.last() + "/" + length);
        }
        boolean keepAlive = Responses.keepAlive(request, response);
        HttpUtil.setKeepAlive(response, keepAlive);
        long started = System.nanoTime();
        ctx.write(response);
        boolean head = request.method().equals(HttpMethod.HEAD);
        if (head || length == 0) {
            raf.close();
            steer.delivered().sent(0, started, started, true);
        } else {
            long bytes = range.length();
            ctx.write(new DefaultFileRegion(raf.getChannel(), range.first(), bytes))
                    .addListener(f -> {
                        if (f.isSuccess()) {
                            metrics.addBytes(bytes);
                        }
                        steer.delivered().sent(bytes, started, System.nanoTime(), f.isSuccess());
                    });
            recordSegment(request, file);
        }
        ChannelFuture last = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        if (!keepAlive) {
            last.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void recordSegment(HttpRequest request, Path file) {
        DashContent.segmentOf(file.getFileName().toString()).ifPresent(segment -> {
            metrics.addMediaSegment();
            String session = request.headers().get(SegmentLog.SESSION_HEADER);
            if (session != null && session.length() <= 64) {
                segments.record(session, request.headers().get(SegmentLog.TOKEN_HEADER), segment);
            }
        });
    }
}
