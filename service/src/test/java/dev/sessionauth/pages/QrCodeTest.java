package dev.sessionauth.pages;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The SVG path the enrolment page draws reads back, as a phone's camera would, to the key URI. */
class QrCodeTest {

    private static final int SCALE = 4;

    @Test
    void thePathDecodesToTheKeyUri() throws Exception {
        String keyUri = "otpauth://totp/sessionauth:ada?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=sessionauth"
            + "&algorithm=SHA1&digits=6&period=30";
        QrCode qr = QrCode.of(keyUri);

        int side = qr.size() * SCALE;
        int[] pixels = new int[side * side];
        Arrays.fill(pixels, 0xFFFFFF);
        Matcher square = Pattern.compile("M(\\d+) (\\d+)h1v1h-1z").matcher(qr.path());
        int squares = 0;
        while (square.find()) {
            int x = Integer.parseInt(square.group(1));
            int y = Integer.parseInt(square.group(2));
            for (int dy = 0; dy < SCALE; dy++) {
                for (int dx = 0; dx < SCALE; dx++) {
                    pixels[(y * SCALE + dy) * side + x * SCALE + dx] = 0;
                }
            }
            squares++;
        }

        assertThat(squares).isPositive();
        assertThat(qr.path().replaceAll("M\\d+ \\d+h1v1h-1z", "")).as("nothing but squares").isEmpty();
        String read = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
            new RGBLuminanceSource(side, side, pixels)))).getText();
        assertThat(read).isEqualTo(keyUri);
    }
}
