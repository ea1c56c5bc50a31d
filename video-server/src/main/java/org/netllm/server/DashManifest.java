package org.netllm.server;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.netllm.errors.InvalidInputException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * What the server needs of a DASH MPD, read with the JDK's XML parser: the video ladder (representation bandwidths,
 * ids 0, 1, 2, ... in document order), the segment duration of the first {@code SegmentTemplate} that gives one, and
 * the highest audio bandwidth. Elements are matched by local name, so a manifest with or without the DASH namespace
 * ({@code urn:mpeg:dash:schema:mpd:2011}) reads the same, whatever the order of attributes. An adaptation set is
 * audio when its {@code contentType} is {@code audio} or its or its representations' {@code mimeType} is
 * {@code audio/...}; its representations are not levels.
 *
 * <p>The parser runs with secure processing on and refuses a DOCTYPE, so a manifest can neither fetch external
 * entities nor expand entities without bound.
 *
 * @param videoBandwidthsBps the video representations' bandwidths, level 0 first
 * @param segmentSeconds     a media segment's duration, {@code duration / timescale}
 * @param audioBandwidthBps  the highest audio representation's bandwidth (0 without audio)
 */
public record DashManifest(List<Long> videoBandwidthsBps, double segmentSeconds, long audioBandwidthBps) {

    public DashManifest {
        videoBandwidthsBps = List.copyOf(videoBandwidthsBps);
    }

    /**
     * Reads a manifest's text.
     *
     * @param where the manifest's path, for messages
     */
    public static DashManifest parse(String mpd, Path where) {
        Element root = document(mpd, where).getDocumentElement();
        List<Long> video = new ArrayList<>();
        long audio = 0;
        for (Element representation : descendants(root, "Representation")) {
            if (insideAudio(representation)) {
                audio = Math.max(audio, number(representation, "bandwidth", where));
                continue;
            }
            long id;
            try {
                id = Long.parseLong(representation.getAttribute("id").strip());
            } catch (NumberFormatException e) {
                id = -1;
            }
            if (id != video.size()) {
                throw new InvalidInputException(where + ": representation ids must be 0, 1, 2, ... in bitrate order "
                        + "(found id '" + representation.getAttribute("id") + "' at position " + video.size() + ")");
            }
            video.add(number(representation, "bandwidth", where));
        }
        if (video.isEmpty()) {
            throw new InvalidInputException(where + ": no <Representation id=... bandwidth=...> found");
        }
        return new DashManifest(video, segmentSeconds(root, where), audio);
    }

    /** The first video SegmentTemplate with a duration; a missing timescale is 1, as ISO/IEC 23009-1 says. */
    private static double segmentSeconds(Element root, Path where) {
        for (Element template : descendants(root, "SegmentTemplate")) {
            if (insideAudio(template) || !template.hasAttribute("duration")) {
                continue;
            }
            long timescale = template.hasAttribute("timescale") ? number(template, "timescale", where) : 1;
            if (timescale == 0) {
                throw new InvalidInputException(where + ": <SegmentTemplate timescale=\"0\"> is not a time scale");
            }
            return number(template, "duration", where) / (double) timescale;
        }
        throw new InvalidInputException(where + ": no <SegmentTemplate timescale=... duration=...> found");
    }

    private static boolean insideAudio(Element element) {
        for (Node n = element; n instanceof Element e; n = n.getParentNode()) {
            if (isAudio(e)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAudio(Element element) {
        return element.getAttribute("contentType").strip().equals("audio")
                || element.getAttribute("mimeType").strip().startsWith("audio/");
    }

    private static long number(Element element, String attribute, Path where) {
        String text = element.getAttribute(attribute).strip();
        try {
            long value = Long.parseLong(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the element
        }
        throw new InvalidInputException(where + ": <" + element.getLocalName() + (element.hasAttribute("id")
                ? " id=\"" + element.getAttribute("id") + "\"" : "") + "> needs a whole, non-negative " + attribute
                + ", got '" + text + "'");
    }

    /** Every element below {@code parent} with this local name, in document order. */
    private static List<Element> descendants(Element parent, String localName) {
        NodeList nodes = parent.getElementsByTagNameNS("*", localName);
        List<Element> elements = new ArrayList<>(nodes.getLength());
        for (int i = 0; i < nodes.getLength(); i++) {
            elements.add((Element) nodes.item(i));
        }
        return elements;
    }

    private static Document document(String mpd, Path where) {
        try {
            DocumentBuilder builder = factory().newDocumentBuilder();
            builder.setErrorHandler(new DefaultHandler()); // fatal errors throw; nothing is printed to stderr
            return builder.parse(new InputSource(new StringReader(mpd)));
        } catch (SAXException e) {
            throw new InvalidInputException(where + " is not a DASH manifest the server can read: " + e.getMessage()
                    + " (a DOCTYPE is refused; write plain MPD XML as make-video.sh does)", e);
        } catch (IOException | ParserConfigurationException e) {
            throw new InvalidInputException("cannot read " + where + ": " + e.getMessage(), e);
        }
    }

    private static DocumentBuilderFactory factory() {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks secure processing", e);
        }
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return factory;
    }
}
