package dev.sessionauth.pages;

import java.util.Locale;

/**
 * Names a device from its user agent for people ("Chrome on Linux"), so the sessions page reads at
 * a glance; the full user agent stays available beside it. A guess, never a security decision.
 */
final class Devices {

    private Devices() {
    }

    static String describe(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "Unknown device";
        }
        String browser = browser(userAgent);
        String system = system(userAgent);
        if (browser == null) {
            String product = userAgent.strip().split("[/ ]", 2)[0];
            return system == null ? product : product + " on " + system;
        }
        return system == null ? browser : browser + " on " + system;
    }

    private static String browser(String ua) {
        if (ua.contains("Edg/")) {
            return "Edge";
        }
        if (ua.contains("Firefox/")) {
            return "Firefox";
        }
        if (ua.contains("HeadlessChrome/")) {
            return "Headless Chrome";
        }
        if (ua.contains("Chrome/") || ua.contains("Chromium/")) {
            return "Chrome";
        }
        if (ua.contains("Safari/")) {
            return "Safari";
        }
        return null;
    }

    private static String system(String ua) {
        String lower = ua.toLowerCase(Locale.ROOT);
        if (lower.contains("android")) {
            return "Android";
        }
        if (lower.contains("iphone") || lower.contains("ipad")) {
            return "iOS";
        }
        if (lower.contains("windows")) {
            return "Windows";
        }
        if (lower.contains("mac os x") || lower.contains("macintosh")) {
            return "macOS";
        }
        if (lower.contains("linux") || lower.contains("x11")) {
            return "Linux";
        }
        return null;
    }
}
