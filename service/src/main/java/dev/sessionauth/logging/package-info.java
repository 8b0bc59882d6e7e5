/** How the service writes its logs. */
package dev.sessionauth.logging;
