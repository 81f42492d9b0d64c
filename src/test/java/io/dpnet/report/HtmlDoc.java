package io.dpnet.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The report page parsed into a DOM. The report is well-formed XML by design, so the JDK's own
 * parser reads it strictly: an unescaped {@code <} or {@code &} anywhere fails the parse.
 */
final class HtmlDoc {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private final Document doc;

    private HtmlDoc(Document doc) {
        this.doc = doc;
    }

    static HtmlDoc parse(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        f.setExpandEntityReferences(false);
        return new HtmlDoc(f.newDocumentBuilder().parse(file.toFile()));
    }

    List<Element> all(String xpath) throws Exception {
        NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, doc, XPathConstants.NODESET);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    Element one(String xpath) throws Exception {
        List<Element> found = all(xpath);
        assertThat(found).as(xpath).hasSize(1);
        return found.get(0);
    }

    /** Text of every cell of every body row of table {@code id}. */
    List<List<String>> bodyRows(String tableId) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        for (Element tr : all("//table[@id='" + tableId + "']/tbody/tr")) {
            List<String> cells = new ArrayList<>();
            NodeList tds = tr.getElementsByTagName("td");
            for (int i = 0; i < tds.getLength(); i++) {
                cells.add(tds.item(i).getTextContent());
            }
            rows.add(cells);
        }
        return rows;
    }

    /** The PNG bytes of a {@code data:image/png;base64,} URI. */
    static byte[] dataUriBytes(String src) {
        String prefix = "data:image/png;base64,";
        assertThat(src).startsWith(prefix);
        return Base64.getDecoder().decode(src.substring(prefix.length()));
    }

    static BufferedImage decode(byte[] png) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image).as("decodes as an image").isNotNull();
        return image;
    }
}
