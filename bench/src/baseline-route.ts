import { createHash, createSecretKey, randomBytes } from 'node:crypto';
import express, { type Router } from 'express';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import jwt from 'jsonwebtoken';
import { type Connection, type Model, Schema } from 'mongoose';

interface BaselineUser {
  googleSub: string;
  email?: string;
  name?: string;
  lastLoginAt: Date;
}

/** What the baseline needs to verify Google ID tokens and sign its own access tokens. */
export interface BaselineConfig {
  clientId: string;
  jwksUri: string;
  secret: string;
}

/**
 * The least a hand-written Google sign-in route does, as a yardstick for `POST /auth/google`:
 * jose `jwtVerify` on the remote JWKS, one `findOneAndUpdate` upsert of the user (lean), one
 * refresh-token `insertOne`, one jsonwebtoken HS256 sign with a KeyObject. No nonce, no sessions,
 * no rate limit, no linking rules, no error mapping: every check socialkit adds is absent.
 *
 * @example
 * app.use('/baseline', baselineRouter(connection, { clientId, jwksUri, secret }));
 */
export function baselineRouter(connection: Connection, config: BaselineConfig): Router {
  const jwks = createRemoteJWKSet(new URL(config.jwksUri));
  const key = createSecretKey(Buffer.from(config.secret));
  const users = connection.collection('baseline_users');
  const refreshTokens = connection.collection('baseline_refresh_tokens');
  // A mongoose model for the upsert, as an app would write it (`lean` skips hydration).
  const User =
    (connection.models.BaselineUser as Model<BaselineUser> | undefined) ??
    connection.model<BaselineUser>(
      'BaselineUser',
      new Schema<BaselineUser>(
        { googleSub: { type: String, unique: true }, email: String, name: String, lastLoginAt: Date },
        { collection: users.collectionName, autoIndex: false, versionKey: false },
      ),
    );

  const router = express.Router();
  router.post('/google', express.json(), async (req, res, next) => {
    try {
      const { payload } = await jwtVerify(String(req.body?.idToken), jwks, {
        issuer: ['accounts.google.com', 'https://accounts.google.com'],
        audience: config.clientId,
        algorithms: ['RS256'],
      });
      const user = await User.findOneAndUpdate(
        { googleSub: payload.sub },
        { $set: { email: payload.email, name: payload.name, lastLoginAt: new Date() } },
        { upsert: true, returnDocument: 'after' },
      ).lean();
      const refreshToken = randomBytes(32).toString('base64url');
      await refreshTokens.insertOne({
        hash: createHash('sha256').update(refreshToken).digest('base64url'),
        userId: user?._id,
        expiresAt: new Date(Date.now() + 30 * 86_400_000),
      });
      const token = jwt.sign({ sub: String(user?._id) }, key, { algorithm: 'HS256', expiresIn: 900 });
      res.json({ token, refreshToken, user: { id: String(user?._id), email: payload.email } });
    } catch (err) {
      next(err);
    }
  });
  return router;
}

/** Creates the baseline's one index (unique Google subject), as socialkit's `ready()` does its own. */
export async function baselineReady(connection: Connection): Promise<void> {
  await connection.collection('baseline_users').createIndex({ googleSub: 1 }, { unique: true });
}
