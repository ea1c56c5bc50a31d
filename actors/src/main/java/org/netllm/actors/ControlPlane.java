package org.netllm.actors;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * The actor system of a live server, task-free: its guardian only spawns what it is asked to (Pekko's
 * {@link SpawnProtocol}), so each task registers its own {@link SessionRegistry} beside the others.
 */
public final class ControlPlane implements AutoCloseable {

    private static final Duration SPAWN_TIMEOUT = Duration.ofSeconds(10);

    private final ActorSystem<SpawnProtocol.Command> system;

    private ControlPlane(ActorSystem<SpawnProtocol.Command> system) {
        this.system = system;
    }

    /**
     * Pekko's own JVM shutdown hook stays off: the owner stops the system with {@link #close} when it is done (a
     * server after its drain), so a SIGTERM does not stop the actors while requests in flight still need them, and
     * Pekko does not warn that it could not add its hook during the JVM's shutdown. {@link #close} still runs the
     * coordinated shutdown (a cluster node leaves the cluster).
     */
    private static final Config OWNER_STOPS = ConfigFactory.parseString(
            "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off");

    /** Starts an actor system named {@code name}. */
    public static ControlPlane start(String name) {
        return start(name, ConfigFactory.load());
    }

    /** Starts an actor system named {@code name} with this configuration (a cluster node's, for one). */
    public static ControlPlane start(String name, Config config) {
        return new ControlPlane(ActorSystem.create(SpawnProtocol.create(), name, OWNER_STOPS.withFallback(config)));
    }

    /** The actor system, for extensions that need it (Cluster Sharding, the Receptionist). */
    public ActorSystem<?> system() {
        return system;
    }

    /** Spawns a top-level actor (a task's session registry) and waits for its reference. */
    public <T> ActorRef<T> spawn(Behavior<T> behavior, String name) {
        try {
            return AskPattern.<SpawnProtocol.Command, ActorRef<T>>ask(system,
                            replyTo -> new SpawnProtocol.Spawn<>(behavior, name, Props.empty(), replyTo),
                            SPAWN_TIMEOUT, system.scheduler())
                    .toCompletableFuture().get(SPAWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while spawning " + name, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the actor system did not spawn " + name, e);
        }
    }

    /** The scheduler asks to actors of this system use for their timeouts. */
    public Scheduler scheduler() {
        return system.scheduler();
    }

    /** Stops every actor. */
    @Override
    public void close() {
        system.terminate();
    }

    /** Waits until the system has stopped. */
    public void awaitTermination(Duration timeout) throws TimeoutException, InterruptedException {
        try {
            system.getWhenTerminated().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the actor system failed while stopping", e);
        }
    }
}
