-- Accounts (issue 9): verified email addresses, and the single-use tokens
-- that emails carry (email verification, password reset, invitations).
--   column    users.email_verified_at: when the address was proven to belong
--             to the account (a token sent to it came back, Google said so,
--             or an operator made the account)
--   table     account_tokens: SHA-256 hashes of the tokens only; the worker
--             mints each token when it sends the email (as the schema
--             owner), so the raw token exists only in that email
--   indexes   idx_account_tokens_user (a user's open tokens),
--             _invitation (the foreign key), _expires (the purge)
--   functions auth_use_token(): spends a token before anyone is signed in
--   access    spotter_app reads and ends its own tokens; it creates none

ALTER TABLE users ADD COLUMN email_verified_at TIMESTAMPTZ;
-- Google vouched for the address of every account linked to it (sign-in
-- insists on its email_verified claim). Other existing accounts verify
-- theirs the same way new ones do.
UPDATE users SET email_verified_at = COALESCE(updated_at, now()) WHERE google_id IS NOT NULL;

CREATE TABLE account_tokens (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash VARCHAR(64) NOT NULL UNIQUE,
  purpose VARCHAR(20) NOT NULL
    CHECK (purpose IN ('verify_email', 'password_reset', 'invitation')),
  -- The account the token acts on; an invitation's address may have none yet.
  user_id UUID REFERENCES users(id) ON DELETE CASCADE,
  invitation_id UUID REFERENCES trainer_trainees(id) ON DELETE CASCADE,
  -- The address the token was sent to: only that address is verified by it.
  email VARCHAR(255) NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  used_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  CONSTRAINT account_tokens_email_normalized CHECK (email = lower(btrim(email))),
  CONSTRAINT account_tokens_subject CHECK (
    CASE purpose WHEN 'invitation' THEN invitation_id IS NOT NULL ELSE user_id IS NOT NULL END
  )
);
CREATE INDEX idx_account_tokens_user ON account_tokens(user_id, purpose) WHERE used_at IS NULL;
CREATE INDEX idx_account_tokens_invitation ON account_tokens(invitation_id);
CREATE INDEX idx_account_tokens_expires ON account_tokens(expires_at);

-- Verifying an address or resetting a password happens before the request
-- has an identity (the link may open on another device), so RLS hides the
-- token. This spends one at most once: the row lock makes a concurrent
-- second caller wait, then match nothing. With `for_email`, only a token
-- sent to that address is spent (an invitation forwarded to someone else
-- stays usable by the person it was meant for).
-- Also answers who the account is now (its role, whether it is active, its
-- current email), which the caller cannot read before it has an identity.
CREATE FUNCTION auth_use_token(lookup_hash text, lookup_purpose text, for_email text DEFAULT NULL)
RETURNS TABLE (user_id uuid, email text, invitation_id uuid,
               role text, is_active boolean, account_email text)
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  UPDATE account_tokens t SET used_at = now()
   WHERE t.token_hash = lookup_hash AND t.purpose = lookup_purpose
     AND t.used_at IS NULL AND t.expires_at > now()
     AND (for_email IS NULL OR t.email = lower(btrim(for_email)))
  RETURNING t.user_id, t.email::text, t.invitation_id,
    (SELECT u.role::text FROM users u WHERE u.id = t.user_id),
    (SELECT COALESCE(u.is_active, true) FROM users u WHERE u.id = t.user_id),
    (SELECT u.email::text FROM users u WHERE u.id = t.user_id)
$$;
REVOKE ALL ON FUNCTION auth_use_token(text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth_use_token(text, text, text) TO spotter_app;

-- As 0001's pg_temp.open_to_app does (that helper lived only while 0001 ran):
-- forced row-level security, the owner's allow-all policy for its SECURITY
-- DEFINER functions and the worker, then the app role's own policy.
GRANT SELECT, UPDATE ON account_tokens TO spotter_app;
ALTER TABLE account_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE account_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY account_tokens_owner_all ON account_tokens TO CURRENT_USER
  USING (true) WITH CHECK (true);
-- A user sees and spends (ends) only their own tokens, e.g. every open reset
-- link once the password has changed.
CREATE POLICY account_tokens_own ON account_tokens FOR ALL TO spotter_app
  USING (user_id = current_user_id()) WITH CHECK (user_id = current_user_id());
