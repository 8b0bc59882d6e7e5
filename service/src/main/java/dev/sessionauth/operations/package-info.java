/** Operator endpoints on the admin port. */
package dev.sessionauth.operations;
