package dev.sessionauth.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A horizontal bar chart as a standalone SVG: one bar per figure, its value printed beside it, and
 * an optional dashed line for a target. Small enough to read in a diff, with no script and no
 * external font.
 */
final class BarChart {

    private static final int WIDTH = 760;
    private static final int LABEL_WIDTH = 300;
    private static final int BAR_HEIGHT = 22;
    private static final int GAP = 8;
    private static final int TOP = 54;
    private static final String[] COLOURS = {"#2f5bd3", "#1e8a5a", "#c0392b", "#8e44ad", "#d68910"};

    private record Bar(String label, double value, String text, int series) {
    }

    private final String title;
    private final String unit;
    private final List<Bar> bars = new ArrayList<>();
    private Double target;
    private String targetLabel;

    BarChart(String title, String unit) {
        this.title = title;
        this.unit = unit;
    }

    /** Adds a bar; {@code series} picks its colour, so bars of one store share one. */
    BarChart bar(String label, double value, int series) {
        bars.add(new Bar(label, value, Report.number(value) + " " + unit, series));
        return this;
    }

    BarChart target(double value, String label) {
        this.target = value;
        this.targetLabel = label;
        return this;
    }

    boolean isEmpty() {
        return bars.isEmpty();
    }

    String svg() {
        double max = bars.stream().mapToDouble(Bar::value).max().orElse(1);
        if (target != null) {
            max = Math.max(max, target);
        }
        max = max <= 0 ? 1 : max * 1.18;
        int plot = WIDTH - LABEL_WIDTH - 20;
        int height = TOP + bars.size() * (BAR_HEIGHT + GAP) + 30;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, height, WIDTH, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", WIDTH, height));
        svg.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"24\" font-size=\"15\" font-weight=\"bold\" fill=\"#1d2330\">%s</text>%n",
            escape(title)));
        svg.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"42\" fill=\"#5b6475\">%s</text>%n",
            escape(unit + (target == null ? "" : "; dashed line: " + targetLabel))));
        int y = TOP;
        for (Bar bar : bars) {
            int length = (int) Math.round(plot * bar.value() / max);
            svg.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#1d2330\">%s</text>%n",
                LABEL_WIDTH - 8, y + 15, escape(bar.label())));
            svg.append(String.format(Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>%n",
                LABEL_WIDTH, y, Math.max(1, length), BAR_HEIGHT, COLOURS[bar.series() % COLOURS.length]));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#1d2330\">%s</text>%n",
                LABEL_WIDTH + Math.max(1, length) + 6, y + 15, escape(bar.text())));
            y += BAR_HEIGHT + GAP;
        }
        if (target != null) {
            int x = LABEL_WIDTH + (int) Math.round(plot * target / max);
            svg.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#c0392b\" stroke-dasharray=\"5,4\"/>%n",
                x, TOP - 6, x, y));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
