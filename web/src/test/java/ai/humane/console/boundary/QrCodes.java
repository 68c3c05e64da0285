package ai.humane.console.boundary;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WrapsDriver;

/** Reads a QR code as a phone would: from the pixels the browser drew, with ZXing's reader. */
final class QrCodes {

    private QrCodes() {
    }

    /** Screenshots taken while the page still lays out may catch the code mid-draw. */
    private static final int TRIES = 20;

    /**
     * The text of the QR code {@code drawn} shows, from a screenshot of it, scrolled into view; up to {@value #TRIES}
     * screenshots 300 ms apart, as one taken while the page was still laying out read as a damaged code
     * (ChecksumException, once in a run of the console tests), and ten in a row found none once in CI. A code that never reads, or reads as other text, still fails the caller.
     */
    static String read(WebElement drawn) {
        ReaderException last = null;
        for (int attempt = 0; attempt < TRIES; attempt++) {
            if (drawn instanceof WrapsDriver wrapped && wrapped.getWrappedDriver() instanceof JavascriptExecutor page) {
                // Whole in the viewport: once in CI (2026-12-07) ten screenshots in a row held no code to find.
                page.executeScript("arguments[0].scrollIntoView({block: 'center'})", drawn);
            }
            try {
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(drawn.getScreenshotAs(OutputType.BYTES)));
                int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
                BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(
                        new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)));
                return new QRCodeReader().decode(bitmap).getText();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (ReaderException e) { // not found, a bad checksum, a bad format
                last = e;
                pause();
            }
        }
        throw new AssertionError("no readable QR code was drawn (" + TRIES + " screenshots of " + drawn.getRect().getDimension()
                + " at " + drawn.getRect().getPoint() + ")", last);
    }

    private static void pause() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
