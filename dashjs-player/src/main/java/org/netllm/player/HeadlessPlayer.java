package org.netllm.player;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Plays the NetLLM page in headless Chromium through Selenium, with Debian's chromium and chromedriver (the driver
 * path is given, so Selenium Manager never downloads anything). One browser per instance; close it.
 */
public final class HeadlessPlayer implements AutoCloseable {

    /** The real browser binary ({@code /usr/bin/chromium} is a shell wrapper). */
    public static final Path CHROMIUM = Path.of("/usr/lib/chromium/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /** Which page plays. */
    public enum Page {
        /** The NetLLM player: a custom rule applies the decision API's level for every segment. */
        NETLLM("/player/index.html"),
        /** Stock dash.js configured only with CMCD and CMSD: its own ABR capped by the server's {@code mb}. */
        STOCK("/stock/index.html");

        private final String path;

        Page(String path) {
            this.path = path;
        }

        /** The page's path on the server. */
        public String path() {
            return path;
        }
    }

    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessPlayer(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Whether Debian's chromium and chromedriver are installed ({@code testbed-scripts/install-browser.sh}). */
    public static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** Starts a headless browser with a fresh profile; no name other than 127.0.0.1 resolves in it. */
    public static HeadlessPlayer start() throws IOException {
        if (!available()) {
            throw new IllegalStateException("headless Chromium needs " + CHROMIUM + " and " + CHROMEDRIVER
                    + "; install them with testbed-scripts/install-browser.sh (as root)");
        }
        Path profile = Files.createTempDirectory("netllm-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--autoplay-policy=no-user-gesture-required",
                "--mute-audio", "--user-data-dir=" + profile,
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new HeadlessPlayer(new ChromeDriver(service, options), profile);
    }

    /**
     * Opens {@code server}'s player page and lets it play for {@code duration} (or until the video ends).
     *
     * @param server an IP-literal base URL, e.g. {@code http://127.0.0.1:8080}
     */
    public PlaybackReport play(URI server, Duration duration) throws InterruptedException {
        return play(server, Page.NETLLM, duration);
    }

    /** Opens {@code page} of {@code server} and lets it play for {@code duration} (or until the video ends). */
    public PlaybackReport play(URI server, Page page, Duration duration) throws InterruptedException {
        return play(server, page, duration, null);
    }

    /**
     * The same through a throttled network: Chromium's download rate follows {@code shape} from the moment the page
     * is opened (null: no throttling).
     */
    public PlaybackReport play(URI server, Page page, Duration duration, NetworkShape shape)
            throws InterruptedException {
        long start = System.nanoTime();
        double rate = -1;
        if (shape != null) {
            rate = throttle(shape, 0, rate);
        }
        driver.get(server.resolve(page.path()).toString());
        long end = start + duration.toNanos();
        while (System.nanoTime() < end) {
            Thread.sleep(250);
            if (shape != null) {
                rate = throttle(shape, (System.nanoTime() - start) / 1e9, rate);
            }
            if (Boolean.TRUE.equals(script("return window.netllm && window.netllm.ended === true;"))) {
                break;
            }
        }
        return snapshot();
    }

    /**
     * Opens the player page and plays until {@code mediaSeconds} of video have played (or it ends), waiting at most
     * {@code timeout}: on a busy machine start-up can take a while, and wall time is not play time.
     */
    public PlaybackReport playMedia(URI server, double mediaSeconds, Duration timeout) throws InterruptedException {
        return playMedia(server, Page.NETLLM, mediaSeconds, timeout);
    }

    /** {@link #playMedia(URI, double, Duration)} on another page. */
    public PlaybackReport playMedia(URI server, Page page, double mediaSeconds, Duration timeout)
            throws InterruptedException {
        driver.get(server.resolve(page.path()).toString());
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            Thread.sleep(250);
            Object done = script("const s = window.netllm; return !!s && (s.ended === true"
                    + " || document.getElementById('video').currentTime >= " + mediaSeconds + ");");
            if (Boolean.TRUE.equals(done)) {
                break;
            }
        }
        return snapshot();
    }

    /** Opens {@code page}, waits {@code settle}, then returns what {@code script} (a function body) returns. */
    public Object inspect(URI page, Duration settle, String script) throws InterruptedException {
        driver.get(page.toString());
        Thread.sleep(settle.toMillis());
        return script(script);
    }

    /** Sets the download rate {@code shape} gives for {@code seconds} when it differs from {@code current}. */
    private double throttle(NetworkShape shape, double seconds, double current) {
        double mbps = shape.mbpsAt().applyAsDouble(seconds);
        if (current < 0) {
            // Chromium throttles only with the Network domain enabled.
            driver.executeCdpCommand("Network.enable", Map.of());
        }
        if (mbps != current) {
            // Bytes per second; upload is left unthrottled (requests are small).
            driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", false,
                    "latency", shape.latencyMs(), "downloadThroughput", mbps * 1e6 / 8, "uploadThroughput", -1));
        }
        return mbps;
    }

    /** Opens {@code page} (any page of the server: the player, the 360° viewer). */
    public void open(URI page) {
        driver.get(page.toString());
    }

    /** Runs {@code script} (a function body) on the open page; {@code arguments[i]} are {@code args[i]}. */
    public Object evaluate(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /**
     * Saves a PNG of the open page's element {@code elementId}, in a window wide and tall enough for a dashboard
     * section (1400 × 2000 CSS pixels), for the documentation's pictures.
     */
    public void capture(String elementId, Path png) throws IOException {
        driver.manage().window().setSize(new Dimension(1400, 2000));
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, driver.findElement(By.id(elementId)).getScreenshotAs(OutputType.BYTES));
    }

    /** The page's state now. */
    @SuppressWarnings("unchecked")
    public PlaybackReport snapshot() {
        Map<String, Object> s = (Map<String, Object>) script(
                "const s = window.netllm; if (!s) { return null; }"
                        + " return { sessionId: s.sessionId, chunks: s.chunks.map(c => [c.index, c.level]),"
                        + " decisions: Object.entries(s.decisions).map(e => [Number(e[0]), e[1]]),"
                        + " qoe: s.playerQoe(), stall: s.totalStallMs, time: document.getElementById('video').currentTime,"
                        + " finished: s.finished, errors: s.errors, lost: s.lostSessions };");
        if (s == null) {
            throw new IllegalStateException("the player page did not load (no window.netllm)");
        }
        Map<String, Double> qoe = new TreeMap<>();
        ((Map<String, Object>) s.get("qoe")).forEach((k, v) -> qoe.put(k, ((Number) v).doubleValue()));
        return new PlaybackReport((String) s.get("sessionId"), pairs(s.get("chunks")), pairs(s.get("decisions")), qoe,
                ((Number) s.get("stall")).doubleValue(), ((Number) s.get("time")).doubleValue(),
                Boolean.TRUE.equals(s.get("finished")), new ArrayList<>((List<String>) s.get("errors")),
                new ArrayList<>((List<String>) s.get("lost")));
    }

    private Object script(String js) {
        return ((JavascriptExecutor) driver).executeScript(js);
    }

    @SuppressWarnings("unchecked")
    private static Map<Integer, Integer> pairs(Object list) {
        Map<Integer, Integer> map = new TreeMap<>();
        for (Object pair : (List<Object>) list) {
            List<Object> p = (List<Object>) pair;
            map.put(((Number) p.get(0)).intValue(), ((Number) p.get(1)).intValue());
        }
        return map;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // A leftover temporary profile is harmless.
            }
        }
    }
}
