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
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/**
 * Serves the DASH content directory under {@value #PREFIX}: GET and HEAD, byte ranges (206/416), zero-copy transfer
 * with {@link DefaultFileRegion}. Paths are confined to the directory: a path that normalises outside it is refused
 * with 403; a symbolic link that leads outside it is answered 404 exactly as a missing file is, whether its target
 * exists or not, so that links cannot be used to probe which files exist elsewhere. A path that names a file with a
 * trailing {@code /} is not that file (404).
 */
final class ContentHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    static final String PREFIX = "/video/";

    private final ContentPaths paths;
    private final ServerMetrics metrics;
    private final SegmentLog segments;

    ContentHandler(Path root, ServerMetrics metrics, SegmentLog segments) throws IOException {
        this.paths = new ContentPaths(root);
        this.metrics = metrics;
        this.segments = segments;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws IOException {
        String path = new QueryStringDecoder(request.uri()).path();
        if (!path.startsWith(PREFIX)) {
            ctx.fireChannelRead(request.retain());
            return;
        }
        serve(ctx, request, path.substring(PREFIX.length()));
    }

    private void serve(ChannelHandlerContext ctx, FullHttpRequest request, String relative) throws IOException {
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
        sendFile(ctx, request, real);
    }

    private void sendFile(ChannelHandlerContext ctx, FullHttpRequest request, Path file) throws IOException {
        RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r");
        long length = raf.length();
        ByteRange.Request wanted = ByteRange.parse(request.headers().get(HttpHeaderNames.RANGE), length);
        if (wanted instanceof ByteRange.Unsatisfiable) {
            raf.close();
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
        HttpUtil.setContentLength(response, length == 0 ? 0 : range.length());
        if (wanted instanceof ByteRange.Part) {
            response.headers().set(HttpHeaderNames.CONTENT_RANGE,
                    "bytes " + range.first() + "-" + range.last() + "/" + length);
        }
        boolean keepAlive = Responses.keepAlive(request, response);
        HttpUtil.setKeepAlive(response, keepAlive);
        ctx.write(response);
        boolean head = request.method().equals(HttpMethod.HEAD);
        if (head || length == 0) {
            raf.close();
        } else {
            long bytes = range.length();
            ctx.write(new DefaultFileRegion(raf.getChannel(), range.first(), bytes))
                    .addListener(f -> {
                        if (f.isSuccess()) {
                            metrics.addBytes(bytes);
                        }
                    });
            recordSegment(request, file);
        }
        ChannelFuture last = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        if (!keepAlive) {
            last.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void recordSegment(FullHttpRequest request, Path file) {
        DashContent.segmentOf(file.getFileName().toString()).ifPresent(segment -> {
            metrics.addMediaSegment();
            String session = request.headers().get(SegmentLog.SESSION_HEADER);
            if (session != null && session.length() <= 64) {
                segments.record(session, request.headers().get(SegmentLog.TOKEN_HEADER), segment);
            }
        });
    }
}
