/** Exception mappers that turn backend failures into JSON errors without details or stack traces. */
package dev.sessionauth.errors;
