/** Users: the table, its DAO and migrations, password hashing and provisioning. */
package dev.sessionauth.users;
