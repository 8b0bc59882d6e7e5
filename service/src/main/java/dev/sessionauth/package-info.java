/** The sessionauth Dropwizard application and its configuration. */
package dev.sessionauth;
