package io.dpnet.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens report.html in a real browser (headless Chromium) and checks the screenshot shows a
 * page with its pictures: what users see, not just what the markup says.
 */
@Tag("browser")
class ReportBrowserTest {
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 3000;

    @Test
    void headlessChromiumRendersTheReportWithItsImages(@TempDir Path dir) throws Exception {
        Path chromium = onPath("chromium");
        if (chromium == null) {
            fail("chromium is not on PATH; this test renders report.html in headless Chromium."
                    + " Install it (Debian package): apt-get update && apt-get install -y chromium");
        }
        Path run = dir.resolve("run");
        FakeRun.write(run, true);
        ReportWriter.write(new Configuration(), run.toString());
        Path screenshot = dir.resolve("screenshot.png");
        Path log = dir.resolve("chromium.log");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createDirectories(dir.resolve("profile")),
                "--screenshot=" + screenshot, "--window-size=" + WIDTH + "," + HEIGHT,
                run.resolve("report.html").toUri().toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish within 120 s; its output:\n" + Files.readString(log));
        }
        assertThat(p.exitValue()).as(Files.readString(log)).isZero();
        BufferedImage shot = ImageIO.read(screenshot.toFile());
        assertThat(shot).as("a PNG screenshot").isNotNull();
        assertThat(shot.getWidth()).isEqualTo(WIDTH);
        assertThat(shot.getHeight()).isEqualTo(HEIGHT);

        Set<Integer> colors = new HashSet<>();
        long text = 0;
        long confusionBlue = 0;
        long chartOrange = 0;
        for (int y = 0; y < shot.getHeight(); y += 2) {
            for (int x = 0; x < shot.getWidth(); x += 2) {
                int rgb = shot.getRGB(x, y) & 0xffffff;
                colors.add(rgb);
                int r = rgb >> 16;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (r < 80 && g < 80 && b < 80) {
                    text++;
                }
                if (b > 120 && r < 40 && g < 100) {
                    confusionBlue++;
                }
                if (r > 220 && g > 100 && g < 160 && b < 60) {
                    chartOrange++;
                }
            }
        }
        assertThat(colors.size()).as("distinct colors: a rendered page, not a blank one").isGreaterThan(200);
        assertThat(text).as("dark (text and digit) pixels").isGreaterThan(2000);
        // Only the embedded PNGs have these colors: the confusion matrix diagonal and the
        // validation curves. Broken data URIs would leave them out.
        assertThat(confusionBlue).as("confusion-matrix blue pixels").isGreaterThan(500);
        assertThat(chartOrange).as("validation-curve orange pixels").isGreaterThan(20);
    }

    private static Path onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(File.pathSeparator)) {
            Path candidate = Path.of(d, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
