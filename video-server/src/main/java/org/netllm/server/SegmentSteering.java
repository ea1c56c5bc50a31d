package org.netllm.server;

import io.netty.handler.codec.http.HttpRequest;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * How the server steers players through its content responses (CMCD read from requests, CMSD written on responses):
 * what to add to a response before it is sent, and what the server measured of its delivery. Task-free: the
 * content handler asks it about every request under {@code /video/}; the ABR part decides. Implementations are
 * threadsafe and never block: an answer that needs a decision completes later.
 */
public interface SegmentSteering {

    /** What a content request was answered with. */
    sealed interface Answer permits Steer, Refuse {
    }

    /**
     * Serve the file with these extra response headers; {@code delivered} hears how the body went (once, after its
     * last byte was handed to the socket or the send failed).
     */
    record Steer(Map<String, String> headers, Delivery delivered) implements Answer {

        public Steer {
            headers = Map.copyOf(headers);
        }
    }

    /** Do not serve: answer 400 with this message (strict mode, for tests of players' CMCD). */
    record Refuse(String message) implements Answer {
    }

    /** Hears how a steered response's body was sent. */
    @FunctionalInterface
    interface Delivery {

        Delivery IGNORED = (bytes, startNanos, endNanos, complete) -> { };

        /**
         * @param bytes       body bytes sent
         * @param startNanos  when the response head was written ({@link System#nanoTime})
         * @param endNanos    when the last byte was handed to the socket (or the send failed)
         * @param complete    whether every byte was sent
         */
        void sent(long bytes, long startNanos, long endNanos, boolean complete);
    }

    /**
     * A request under {@code /video/}, as the content handler saw it.
     *
     * @param title the folder under {@code /video/} the file is in: "" for the server's video, else a title's name
     */
    record ContentRequest(HttpRequest head, Map<String, List<String>> query, String title, String fileName,
                          DashContent.Segment segment, InetAddress client, long receivedNanos) {
    }

    /** Whether (and how) to serve one content request; {@code segment} is null for a manifest or init segment. */
    CompletionStage<Answer> steer(ContentRequest request);

    /** No steering: every response as it is. */
    SegmentSteering NONE = request -> CompletableFuture.completedFuture(new Steer(Map.of(), Delivery.IGNORED));
}
