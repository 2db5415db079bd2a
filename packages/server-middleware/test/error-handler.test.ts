import express from 'express';
import mongoose from 'mongoose';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { InvalidTokenError, socialAuthErrorHandler } from '../src/index';

/** An app with the usual parsers and a few routes that fail, ending in the package's handler. */
function appWithHandler() {
  const reported: unknown[] = [];
  const app = express();
  app.use(express.json({ limit: '1kb' }));
  app.post('/echo', (req, res) => res.json(req.body));
  app.get('/files/:name', (req, res) => res.json({ name: req.params.name }));
  app.get('/boom', () => {
    throw new Error('ENOENT: no such file /home/app/secret-config.json');
  });
  app.get('/ours', (_req, _res, next) => next(new InvalidTokenError('The token was rejected.')));
  app.get('/notes', (_req, _res, next) =>
    next(new mongoose.mongo.MongoNetworkError('connect ECONNREFUSED 10.0.0.5:27017')),
  );
  app.use(socialAuthErrorHandler({ onError: (err) => reported.push(err) }));
  return { app, reported };
}

/** The contract's error body and nothing else: no stack, path, or the error's own message. */
function expectContractError(res: request.Response, status: number, code: string) {
  expect({ status: res.status, body: res.body }).toEqual({
    status,
    body: { error: { code, message: expect.any(String) } },
  });
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.text).not.toMatch(
    /\bat \S+ \(|node_modules|\/home\/|ENOENT|secret-config|SyntaxError|Unexpected token/,
  );
}

describe('socialAuthErrorHandler()', () => {
  it('answers malformed JSON with 400 invalid_request', async () => {
    const { app, reported } = appWithHandler();
    const res = await request(app).post('/echo').set('Content-Type', 'application/json').send('{"a":');
    expectContractError(res, 400, 'invalid_request');
    expect(reported).toHaveLength(1);
  });

  it('answers a body over the parser limit with 413 payload_too_large', async () => {
    const { app } = appWithHandler();
    const res = await request(app)
      .post('/echo')
      .send({ a: 'x'.repeat(4096) });
    expectContractError(res, 413, 'payload_too_large');
  });

  it('answers an undecodable path such as /%E0 with 400 invalid_request', async () => {
    const { app } = appWithHandler();
    expectContractError(await request(app).get('/files/%E0'), 400, 'invalid_request');
  });

  it('answers a thrown route with 500 internal_error and hands the cause to onError only', async () => {
    const { app, reported } = appWithHandler();
    const res = await request(app).get('/boom');
    expectContractError(res, 500, 'internal_error');
    expect(reported).toHaveLength(1);
    expect((reported[0] as Error).cause).toBeInstanceOf(Error);
    expect(String((reported[0] as { cause: Error }).cause.message)).toContain('secret-config');
  });

  it("answers a MongoDB outage in the app's own route with 503 store_unavailable, cause to onError only", async () => {
    const { app, reported } = appWithHandler();
    const res = await request(app).get('/notes');
    expectContractError(res, 503, 'store_unavailable');
    expect(res.text).not.toMatch(/ECONNREFUSED|27017/);
    expect((reported[0] as Error).cause).toBeInstanceOf(mongoose.mongo.MongoNetworkError);
  });

  it("keeps the package's own errors, code and status", async () => {
    const { app } = appWithHandler();
    expectContractError(await request(app).get('/ours'), 401, 'invalid_token');
  });
});

describe('the router answers with the same handler', () => {
  it('answers an undecodable provider id with 400 in the contract format', async () => {
    const { startHarness } = await import('./support/harness');
    const h = await startHarness();
    try {
      const { app } = h.app();
      expectContractError(await request(app).post('/auth/%E0').send({}), 400, 'invalid_request');
      expectContractError(await request(app).get('/auth/callback/%E0'), 400, 'invalid_request');
    } finally {
      await h.close();
    }
  });
});
