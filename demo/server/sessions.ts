import { InvalidTokenError } from '@socialkit/express';
import express, { type RequestHandler, type Router } from 'express';
import { type Connection, type Model, Schema } from 'mongoose';

interface RevokedAccessToken {
  jti: string;
  expiresAt: Date;
}

const revokedSchema = new Schema<RevokedAccessToken>({
  jti: { type: String, required: true, unique: true },
  // The entry is only needed until the token would have expired anyway.
  expiresAt: { type: Date, required: true, expires: 0 },
});

function revokedModel(connection: Connection): Model<RevokedAccessToken> {
  return (
    (connection.models.RevokedAccessToken as Model<RevokedAccessToken> | undefined) ??
    connection.model('RevokedAccessToken', revokedSchema)
  );
}

/** What the demo adds to socialkit's stateless access tokens so "Sign out" takes effect at once. */
export interface AccessTokenRevocation {
  /** `DELETE /session`: revokes the caller's access token (the web app calls it before `signOut()`). */
  router: Router;
  /** Runs after `requireAuth()`: refuses revoked tokens with 401 `invalid_token`. */
  rejectRevoked: RequestHandler;
}

/**
 * Access tokens are JWTs that stay valid until `exp`; logout only revokes the refresh token. The
 * demo keeps a small deny-list of signed-out token ids (`jti`) so an old token stops working.
 *
 * @example
 * const revocation = accessTokenRevocation(connection, auth.requireAuth());
 * app.use('/api', revocation.router);
 * app.use('/api/notes', auth.requireAuth(), revocation.rejectRevoked);
 */
export function accessTokenRevocation(connection: Connection, guard: RequestHandler): AccessTokenRevocation {
  const Revoked = revokedModel(connection);

  const rejectRevoked: RequestHandler = async (req, res, next) => {
    const jti = req.auth?.claims.jti;
    if (jti && (await Revoked.exists({ jti }))) {
      res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
      next(new InvalidTokenError('The access token was revoked by signing out.'));
      return;
    }
    next();
  };

  const router = express.Router();
  router.delete('/session', guard, rejectRevoked, async (req, res) => {
    const claims = req.auth?.claims;
    if (claims?.jti) {
      await Revoked.updateOne(
        { jti: claims.jti },
        { $setOnInsert: { expiresAt: new Date(claims.exp * 1000) } },
        { upsert: true },
      );
    }
    res.status(204).end();
  });

  return { router, rejectRevoked };
}
