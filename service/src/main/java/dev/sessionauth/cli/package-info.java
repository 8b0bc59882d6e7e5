/** Administrative commands run as {@code java -jar sessionauth.jar <command> config.yml ...}. */
package dev.sessionauth.cli;
