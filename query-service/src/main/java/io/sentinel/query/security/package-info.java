/**
 * Who calls the API and what they may do (issue 15, decision 013): users with bcrypt password
 * hashes, browser sessions (an HttpOnly SameSite cookie whose token is stored hashed), API keys
 * (shown once, stored hashed, revocable) and a bootstrap key from configuration; the roles viewer,
 * operator and admin; {@link io.sentinel.query.security.AccessRules}, the one table that gives
 * every endpoint its role; and {@link io.sentinel.query.security.AccessFilter}, which applies it
 * (401 without a credential, 403 with too small a role, both problem+json; an unknown path stays
 * 404).
 */
package io.sentinel.query.security;
