/** Test support: the application under test with a movable clock, and a small HTTP client. */
package dev.sessionauth.testing;
