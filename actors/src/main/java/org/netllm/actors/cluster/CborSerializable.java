package org.netllm.actors.cluster;

/**
 * Marks a message that may cross nodes: cluster mode binds it to Pekko's Jackson CBOR serializer. Session
 * commands, their replies and the policy protocol carry it, so that any front door can reach any session.
 */
public interface CborSerializable {
}
