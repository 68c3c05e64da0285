-- S6: IdP metadata is refused when it holds what a connection cannot keep: an entityID longer than 500 characters,
-- the issuer of every link the connection makes (sso_identities.issuer, V20; V24 let 1,024 through), or a sign-on
-- URL of its scheme alone. Connections stored before that check still hold it; their sign-ins are now refused
-- (SamlLogins.signingIn, 401 saml-response-refused, where each was a 500 on the link's CHECK), and here each is
-- marked with the reason IdpMetadata gives, so its owner sees it on the connection (metadata_error) and gives the
-- metadata again. New metadata, or a refresh that reads usable metadata, clears the mark as it does any other.
--
-- The owner reads across tenants here only: forced row-level security is lifted for the statement of this
-- migration's transaction and put back before it commits.
ALTER TABLE saml_connections NO FORCE ROW LEVEL SECURITY;
UPDATE saml_connections
   SET metadata_error = CASE WHEN length(idp_entity_id) > 500
                             THEN 'The IdP''s entityID is longer than 500 characters'
                             ELSE 'The single sign-on URL names no host' END
 WHERE length(idp_entity_id) > 500 OR idp_sso_url LIKE '%://';
ALTER TABLE saml_connections FORCE ROW LEVEL SECURITY;
