package org.netllm.cli.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a failover run showed, from every player request's outcome: requests answered and how, 5xx and unanswered
 * counts, whether every session live at the kill went on, and how long the sessions of the killed node took to get
 * answers from their new home.
 *
 * @param requests          every request made
 * @param serverErrors      answered 5xx
 * @param clientErrors      answered 4xx
 * @param unanswered        no answer at all (connection lost or timed out)
 * @param decisionsBy       decisions by who answered
 * @param liveAtKill        sessions that had a decision before the kill and had not finished
 * @param wentOn            of those, sessions that got a decision after the kill
 * @param movedSessions     sessions the front doors answered by themselves meanwhile (their node was the dead one)
 * @param failoverMs        per moved session: kill to its first answer from a session actor again (its new home)
 * @param policyAgain       of the sessions live at the kill, those the policy answered again after it
 * @param policyBackMs      kill to the last of those first policy answers (empty: none came)
 * @param membershipMs      kill to the survivors' first "member unreachable", "member downed", "member removed"
 *                          line for the killed node, by event (absent: not seen)
 */
record FailoverReport(long requests, long serverErrors, long clientErrors, long unanswered,
                      Map<String, Long> decisionsBy, int liveAtKill, int wentOn, int movedSessions,
                      List<Double> failoverMs, int policyAgain, OptionalLong policyBackMs, Map<String, Long> membershipMs) {

    /** Sessions' outcomes around a kill at {@code killNanos}. */
    static FailoverReport of(Collection<PlayerOutcome> outcomes, long killNanos, Map<String, Long> membershipNanos) {
        long serverErrors = 0;
        long clientErrors = 0;
        long unanswered = 0;
        Map<String, Long> by = new TreeMap<>();
        Map<Integer, List<PlayerOutcome>> bySession = new HashMap<>();
        for (PlayerOutcome o : outcomes) {
            if (o.status() == PlayerOutcome.UNANSWERED) {
                unanswered++;
            } else if (o.status() >= 500) {
                serverErrors++;
            } else if (o.status() >= 400) {
                clientErrors++;
            }
            if (o.decision()) {
                by.merge(o.decidedBy(), 1L, Long::sum);
            }
            bySession.computeIfAbsent(o.session(), s -> new ArrayList<>()).add(o);
        }
        int live = 0;
        int wentOn = 0;
        int moved = 0;
        List<Double> failover = new ArrayList<>();
        long policyBack = -1;
        int policyAgain = 0;
        for (List<PlayerOutcome> session : bySession.values()) {
            session.sort(java.util.Comparator.comparingLong(PlayerOutcome::atNanos));
            boolean before = session.stream().anyMatch(o -> o.decision() && o.atNanos() < killNanos);
            // A finished session's last answer is a 200 without a decision (creation answers 201).
            boolean finishedBefore = session.stream().anyMatch(o -> o.atNanos() < killNanos && o.status() == 200
                    && !o.decision());
            List<PlayerOutcome> after = session.stream().filter(o -> o.atNanos() >= killNanos).toList();
            if (before && !finishedBefore && !after.isEmpty()) {
                live++;
                if (after.stream().anyMatch(PlayerOutcome::decision)) {
                    wentOn++;
                }
                OptionalLong firstPolicy = after.stream().filter(o -> o.decidedBy().equals("policy"))
                        .mapToLong(PlayerOutcome::atNanos).findFirst();
                if (firstPolicy.isPresent()) {
                    policyAgain++;
                    policyBack = Math.max(policyBack, firstPolicy.getAsLong() - killNanos);
                }
            }
            int unreachableAt = -1;
            for (int i = 0; i < after.size(); i++) {
                if (after.get(i).decidedBy().equals(FRONT_DOOR_FALLBACK)) {
                    unreachableAt = i;
                    break;
                }
            }
            if (unreachableAt >= 0) {
                moved++;
                after.stream().skip(unreachableAt).filter(o -> o.decision()
                                && !o.decidedBy().equals(FRONT_DOOR_FALLBACK)).findFirst()
                        .ifPresent(o -> failover.add((o.atNanos() - killNanos) / 1e6));
            }
        }
        failover.sort(Double::compare);
        return new FailoverReport(outcomes.size(), serverErrors, clientErrors, unanswered, by, live, wentOn, moved,
                failover, policyAgain, policyBack < 0 ? OptionalLong.empty() : OptionalLong.of(policyBack / 1_000_000),
                membership(membershipNanos, killNanos));
    }

    private static Map<String, Long> membership(Map<String, Long> nanos, long killNanos) {
        Map<String, Long> ms = new java.util.LinkedHashMap<>();
        nanos.forEach((event, at) -> ms.put(event, (at - killNanos) / 1_000_000));
        return ms;
    }

    /** The decidedBy of an answer the front door made itself because the session's node did not answer. */
    static final String FRONT_DOOR_FALLBACK = "fallback_unreachable";

    List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "requests %d: %d answered 5xx, %d answered 4xx, %d unanswered",
                requests, serverErrors, clientErrors, unanswered));
        out.add("decisions by " + decisionsBy);
        out.add(String.format(Locale.ROOT, "sessions live at the kill %d, of which went on with decisions %d",
                liveAtKill, wentOn));
        out.add(String.format(Locale.ROOT, "sessions of the killed node (answered by their front door meanwhile) %d;"
                        + " kill -> first answer from their new home: %s",
                movedSessions, failoverMs.isEmpty() ? "none" : String.format(Locale.ROOT,
                        "min %.0f ms, median %.0f ms, max %.0f ms", failoverMs.get(0),
                        failoverMs.get(failoverMs.size() / 2), failoverMs.get(failoverMs.size() - 1))));
        out.add("kill -> the survivors saw the node " + (membershipMs.isEmpty() ? "(nothing)" : membershipMs.entrySet()
                .stream().map(e -> e.getKey() + " " + e.getValue() + " ms").collect(Collectors.joining(", "))));
        out.add(String.format(Locale.ROOT, "sessions live at the kill answered by the policy again %d of %d; kill -> "
                + "the last of them: %s", policyAgain, liveAtKill,
                policyBackMs.isPresent() ? policyBackMs.getAsLong() + " ms" : "none"));
        return out;
    }
}
