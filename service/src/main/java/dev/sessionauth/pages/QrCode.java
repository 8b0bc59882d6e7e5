package dev.sessionauth.pages;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Map;

/**
 * A QR code as an SVG path, for a page to draw inline: no image request, no script, nothing the
 * content security policy must allow. ZXing encodes; this only turns its modules into squares.
 *
 * @param size the side in modules, the quiet zone included
 * @param path the SVG path data of the dark modules, one {@code M x y h1 v1 h-1 z} square each
 */
public record QrCode(int size, String path) {

    /** The QR code of {@code text}, medium error correction, with the standard four-module quiet zone. */
    public static QrCode of(String text) {
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4));
        } catch (WriterException e) {
            throw new IllegalArgumentException("too long for a QR code: " + text.length() + " characters", e);
        }
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                if (matrix.get(x, y)) {
                    path.append('M').append(x).append(' ').append(y).append("h1v1h-1z");
                }
            }
        }
        return new QrCode(matrix.getWidth(), path.toString());
    }
}
