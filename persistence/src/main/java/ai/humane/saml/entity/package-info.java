/**
 * A tenant's SAML 2.0 connections and the IdP signing certificates each trusts (S6). The one-time request
 * ids and the replay cache of assertion ids are written by the SAML controls in SQL.
 */
package ai.humane.saml.entity;
